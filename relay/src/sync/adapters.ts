/**
 * @module
 * The ports of the sync engine. A source turns what it stored in the inbox into canonical
 * records; a target turns canonical records into writes and performs them; a reporter turns the
 * engine's runs, connection health and failures into writes for the people who read them. Each
 * port says how its system is reached — its delivery kind: `push` (the relay calls the system:
 * Salesforce, Dynamics, QuickBooks Online) or `pull` (the system calls the relay: the Web
 * Connector delivers QuickBooks Desktop's pages, and asks for the writes waiting for it).
 * QuickBooks Desktop is the first source (`systems/qbd`), Salesforce the first target and
 * reporter (`systems/salesforce`); the engine never knows which system it talks to.
 */
import type { RelayError, Result } from '../lib/result.ts';
import type { Db } from '../store/db.ts';
import type { BooksFieldDefinition } from './books-fields.ts';
import type { FieldPolicy } from './field-policy.ts';
import type { CanonicalRecord, Deletion, RecordType } from './model.ts';
import type { Rollup } from './rollups.ts';

/** A record the source could not turn into a canonical one, with the reason. */
export interface SourceFailure {
  readonly sourceType: string;
  readonly sourceId: string;
  readonly error: RelayError;
}

/** Per-connection facts the source's decoding needs. */
export interface SourceContext {
  /** ISO 4217 code of the company's home currency: the currency of records that name none. */
  readonly homeCurrency: string;
}

/** How a system is reached: `push`, the relay calls it; `pull`, it calls the relay. */
export type DeliveryKind = 'push' | 'pull';

export interface SourceAdapter {
  /** Short code of the source system in run and audit directions (`<source>_to_<target>`). */
  readonly system: string;
  /** The source as people name it ("QuickBooks Desktop"). */
  readonly name: string;
  /** The connections it reads: their `system` in the store (the inbox rows it decodes are theirs). */
  readonly serves: string;
  /**
   * `pull`: payloads arrive in deliveries the system opens (a Web Connector session), and records
   * of a delivery still open are gathered before they are sent; `push`: the relay fetches them.
   */
  readonly delivery: DeliveryKind;
  /** What kind of connection it is, as health reports name it. */
  readonly edition: string;
  /** Whether the source is still delivering for the connection (a live Web Connector session). */
  receiving(db: Db, connectionId: string, now: number): Promise<boolean>;
  /** Whether one delivery (the one a run counts) is still open at `now` (a session idled out is not). */
  deliveryOpen(db: Db, connectionId: string, deliveryId: string, now: number): Promise<boolean>;
  /** Reads what decoding a connection's payloads needs (from what the source recorded of the company). */
  context(connectionId: string): Promise<SourceContext>;
  /**
   * Whether a stored payload is records read back after the relay's own writes into them (a
   * session's write phase); none are when absent.
   */
  readBack?(item: { readonly requestKind: string; readonly requestId: string }): boolean;
  /** Decodes one stored payload (a qbXML response, a webhook batch, ...). */
  decode(
    payload: string,
    kind: string,
    ctx: SourceContext,
  ): Result<{ records: (CanonicalRecord | Deletion)[]; failures: SourceFailure[] }>;
}

/** One write the target owes, ready for the outbox. */
export interface TargetWrite {
  readonly object: string;
  readonly externalIdField: string;
  readonly externalId: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly createOnly?: readonly string[];
  /** What it changes, per field, as far as the relay knows (the audit trail keeps both values). */
  readonly changes?: Readonly<Record<string, readonly [unknown, unknown]>>;
  /** Reference order: lower ranks are written first. */
  readonly rank: number;
  readonly slot?: string;
  /** `remove`: the record no longer exists in the source and the target deletes its copy (lines, say). */
  readonly operation?: 'upsert' | 'remove';
  readonly source: { readonly type: string; readonly id: string };
}

/** A target record a source record's mirror wrote before. */
export interface WrittenTarget {
  readonly object: string;
  readonly externalIdField: string;
  readonly externalId: string;
}

/** An open transaction (invoice, bill) as last mirrored, whose status depends on the day. */
export interface DueTransaction {
  readonly type: string;
  readonly id: string;
  readonly total: string;
  readonly balance: string;
  /** `YYYY-MM-DD`. */
  readonly dueDate: string;
}

/** The target's own record of an entity, by the id the target gave it. */
export interface KnownRecord {
  readonly localId: string;
  /** A person must settle a field of it changed on both sides (see `field-policy.ts`): the target shows it. */
  readonly underReview?: boolean;
}

/** A write the relay queued before (what the outbox holds of it). */
export interface RecalledWrite {
  readonly externalId: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Per-connection facts the target's mapping needs. */
export interface TargetContext {
  readonly connectionKey: string;
  /** `YYYY-MM-DD`, the company's calendar day (in its own time zone). */
  readonly today: string;
}

/**
 * A record a write posted in the target on its way to the one that stands for its source record,
 * or that one itself, when the target keeps a trail instead of editing (a journal entry reversed,
 * never changed, and another booked): `book`, a posting; `reverse`, one undoing `replaces`.
 */
export interface WriteEvent {
  readonly operation: 'book' | 'reverse';
  /** The target's id of the record posted. */
  readonly targetId: string;
  /** The target's id of the posting it reverses or takes the place of. */
  readonly replaces?: string;
  /** Why: the source record changed, or was cancelled (absent for a first posting). */
  readonly reason?: 'changed' | 'cancelled';
}

/** Outcome of one write, tied to the outbox row it came from. */
export type WriteOutcome =
  | {
      readonly ok: true;
      readonly targetId: string;
      readonly created: boolean;
      /** The record's version as the write left it (a SyncToken), when the target answers with one. */
      readonly version?: string;
      /** What it posted, in order, for the source record's history; absent when it posted nothing. */
      readonly events?: readonly WriteEvent[];
    }
  | {
      readonly ok: false;
      readonly error: RelayError;
      /** The target refuses all calls until then (API allowance used up). */
      readonly pausedUntil?: number;
    };

export interface FailureLog {
  readonly key: string;
  readonly connectionKey: string;
  readonly runKey: string | null;
  readonly sourceType: string;
  readonly sourceId: string;
  readonly targetObject: string;
  readonly targetExternalId: string;
  readonly status: 'Failed' | 'Retrying' | 'Replayed' | 'Resolved';
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly attempts: number;
  /**
   * When the write this log is about was last tried (epoch ms); absent when the log is not about
   * an attempt (a replay being queued), so the last attempt's time stays as it was.
   */
  readonly attemptedAt?: number;
  /** The target's id of the Account the record belongs to, when it exists there. */
  readonly accountId?: string;
  /** The write went out of the reporter's own system (into QuickBooks), not into it. */
  readonly outbound?: boolean;
  /** Going out of the reporter's system: the record it came from there (its kind and id), which the log links. */
  readonly record?: { readonly type: string; readonly id: string };
  /** A log that asks a person to decide (`review_` codes): what there is to decide, for them to see side by side. */
  readonly review?: ReviewDetails;
  /** The decision this log was resolved by, in the reporter's words (see `ReviewDecision`). */
  readonly decided?: ReviewDecision;
}

/**
 * What a review log shows: a field changed on both sides with each side's value (`conflict`), or
 * the books' record of the same name another record already mirrors (`match`).
 */
export type ReviewDetails =
  | {
      readonly kind: 'conflict';
      readonly field: string;
      /** Each side's value, as people read it. */
      readonly books: string;
      readonly crm: string;
    }
  | {
      readonly kind: 'match';
      /** The candidate in the books: its key there (connection-scoped) and its name. */
      readonly candidateKey: string;
      readonly candidateName: string;
    };

/** What a person decided on a review: keep one side's value (conflict); link, create anew or skip (match). */
export type ReviewDecision = 'keep_books' | 'keep_crm' | 'link' | 'create' | 'skip';

/**
 * Where a record of the CRM stands on its way into QuickBooks. `Synced` is written by the mirror
 * coming back, or — for a kind QuickBooks sends no mirror of (an order's journal entry) — when a
 * push target confirms the write, with the record QuickBooks made.
 */
/** Where a record going out stands; `Not Synced`: a review skipped, nothing sent. */
export type OutboundStatus = 'Queued' | 'Failed' | 'Needs Review' | 'Synced' | 'Not Synced';

/** The record a confirmed write made or changed in QuickBooks: its connection and Id there. */
export interface WrittenRecord {
  readonly connectionKey: string;
  readonly targetId: string;
}

/** A posting a confirmed write made, as the source record's history shows it. */
export interface HistoryEntry {
  /** Stable: the same posting reported again updates one record. */
  readonly key: string;
  /** The connection the posting was made in (QuickBooks). */
  readonly connectionKey: string;
  readonly runKey: string | null;
  /** The reporter's own record the write came from (its kind and id). */
  readonly record: { readonly type: string; readonly id: string };
  readonly event: WriteEvent;
  /** When the write that posted it was confirmed (epoch ms). */
  readonly at: number;
}

export interface RunReport {
  readonly key: string;
  readonly connectionKey: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly read: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly outcome: 'running' | 'succeeded' | 'completed_with_failures' | 'failed';
  readonly summary: string;
  /** The run's records went out of the reporter's own system (into QuickBooks), not into it. */
  readonly outbound?: boolean;
}

export interface ConnectionReport {
  readonly connectionKey: string;
  readonly edition: string;
  readonly status: 'Healthy' | 'Degraded' | 'Offline' | 'Needs Reauthorization' | 'Paused';
  readonly companyName?: string;
  readonly lastContactAt?: number;
  readonly lastSuccessAt?: number;
  readonly lastError?: string;
  /** What the last finished run did, in words (runs in which nothing changed are reported only here). */
  readonly lastRunSummary?: string;
  readonly pending: number;
  readonly failed: number;
  /** The other direction, when the CRM's records flow into this connection: its writes waiting and failed. */
  readonly toBooks?: { readonly pending: number; readonly failed: number };
  readonly relayUrl?: string;
  /** The company's time zone (IANA name or UTC offset): its calendar decides what is overdue. */
  readonly timeZone?: string;
  /** The custom fields the company defines, as last read from it (none read yet: undefined). */
  readonly customFields?: readonly BooksFieldDefinition[];
}

/** Writes of one object by one external-ID field. */
export interface WriteGroup {
  readonly object: string;
  readonly externalIdField: string;
  readonly writes: readonly TargetWrite[];
}

/** Writes of one object too many to hold in memory: the target reads them page by page, possibly more than once. */
export interface LargeBatch {
  readonly count: number;
  pages(): AsyncIterable<readonly TargetWrite[]>;
}

export interface TargetAdapter {
  /** The connection (one org, one environment) this target writes to. */
  readonly connectionId: string;
  /** Short code of the target system in run and audit directions (`<source>_to_<target>`). */
  readonly system: string;
  /** The target as people name it, and what its pause means ("the org's daily API allowance used up"). */
  readonly name: string;
  readonly pauseCause: string;
  /** `push`: the engine sends its writes; `pull`: they wait in the outbox until the system's session leases them. */
  readonly delivery: DeliveryKind;
  /** What kind of connection it is, as health reports name it, when its connection is reported (QuickBooks). */
  readonly edition?: string;
  /**
   * The context mapping needs: pure, so records are mapped with the target out of reach. What only
   * the target knows (an id of its own, say) is looked up as writes are sent.
   */
  context(connectionKey: string, today: string): TargetContext;
  /**
   * Reads what mapping these records needs of the target's own configuration (an org's field
   * mappings, for records with custom values), before they are mapped; the target keeps it, and
   * mapping stays pure.
   */
  prepare?(records: readonly (CanonicalRecord | Deletion)[]): Promise<void>;
  /**
   * Objects whose last writes the mapping learns from (whether a product is still active, say):
   * before the engine first maps a connection's records, it hands {@link recall} the last write the
   * outbox holds for each of the connection's records of each of these objects.
   */
  readonly recalls?: readonly string[];
  recall?(connectionKey: string, object: string, written: readonly RecalledWrite[]): void;
  /**
   * `known`: the record the target already holds for this one's entity (a flow from the target
   * created the source record): the writes go to that record instead of one found by external ID.
   */
  writesFor(record: CanonicalRecord, ctx: TargetContext, known?: KnownRecord): TargetWrite[];
  deletionWritesFor(deletion: Deletion, ctx: TargetContext): TargetWrite[];
  /**
   * What becomes of a target record an edited source record no longer writes (an invoice line
   * removed in QuickBooks): a `remove` write, or nothing when the target keeps it (a contact).
   */
  retiredWrite(target: WrittenTarget, source: TargetWrite['source']): TargetWrite | undefined;
  /** Balance roll-ups of a customer. */
  rollupWrites(customerId: string, totals: Rollup, ctx: TargetContext): TargetWrite[];
  /** The status of a transaction a passing company day changed (it fell due), with no change in the source. */
  statusWrites(t: DueTransaction, ctx: TargetContext): TargetWrite[];
  /** Performs writes of one object by one external-ID field; one outcome per write, in order. */
  write(object: string, externalIdField: string, writes: readonly TargetWrite[]): Promise<WriteOutcome[]>;
  /**
   * Performs writes of several objects, group after group in the order given (a group's writes may
   * name records of an earlier group), in as few calls as fit. One outcome per write of each group;
   * `undefined` for a write not sent because one before it failed for a passing reason (it goes
   * back in line, untried). Targets without it get one {@link write} per group.
   */
  writeGroups?(groups: readonly WriteGroup[]): Promise<(WriteOutcome | undefined)[][]>;
  /**
   * With {@link writeGroups}: measures out `calls` of the target's calls for groups told one after
   * another, in the order they would be sent. The measure says how many of `n` more writes of the
   * next group still fit, and counts them in (`all`: the group is in whole, fitting or not).
   */
  measureCalls?(calls: number): (object: string, externalIdField: string, n: number, all?: boolean) => number;
  /** Deletes records of one object by the target's ids; one outcome per id, in order (already gone counts as done). */
  remove(object: string, targetIds: readonly string[]): Promise<WriteOutcome[]>;
  /**
   * Whether the target's own system reads back what is written to `object`, as the kind of the
   * record it came from and by the id the write was answered with (QuickBooks Online's source reads
   * a customer the relay made as any other). A confirmed write then links that record to the
   * entity, so its copy coming back is the record the CRM made, not a new one, at the version the
   * write left it.
   */
  readsBack?(object: string): boolean;
  /**
   * Books: the names of the custom fields the company has turned on for records of a kind, as
   * field mappings name them (undefined: it does not say, or cannot now). A mapping naming
   * another is said on the connection and ignored.
   */
  customFields?(recordType: RecordType): Promise<readonly string[] | undefined>;
  /** Batches of at least this many writes go to {@link writeLarge} (when the target has it). */
  readonly largeBatchFrom?: number;
  /** Performs a large batch of writes of one object by one external-ID field; outcomes by external ID. */
  writeLarge?(
    object: string,
    externalIdField: string,
    batch: LargeBatch,
  ): Promise<(externalId: string) => WriteOutcome>;
}

/** A reconciliation's outcome, as the CRM shows it on the connection's record. */
export interface ReconciliationReport {
  readonly connectionKey: string;
  /** When the comparison was made. */
  readonly at: number;
  readonly differences: number;
  /** In words: "In agreement as of …", or how many differences and of what kind. */
  readonly summary: string;
}

/**
 * Where the engine's reports go: runs, the health of each connection and failures with their
 * reasons in words, as writes (sent through the outbox to the target that carries them, ranked by
 * the engine's report ranks: see `ranks.ts`).
 */
export interface Reporter {
  /** The connection its reports are written to (the CRM that shows them). */
  readonly connectionId: string;
  /**
   * The target record a write belongs to (a customer's Account), when the write names one: a
   * failure log links it once the target has it.
   */
  ownerOf(
    write: Pick<TargetWrite, 'object' | 'externalId' | 'fields'>,
  ): { readonly object: string; readonly externalId: string } | undefined;
  failureLogWrite(log: FailureLog): TargetWrite;
  /**
   * The state of a record of the reporter's own system on its way into QuickBooks (queued, failed,
   * waiting for review; synced, with `written`: what a confirmed write made there), on the record
   * itself; undefined for a kind that shows none (or whose `Synced` its mirror brings back).
   */
  outboundStatusWrite?(
    record: { readonly type: string; readonly id: string },
    status: OutboundStatus,
    written?: WrittenRecord,
  ): TargetWrite | undefined;
  /**
   * A posting a confirmed write made (see {@link WriteEvent}) as a record of the reporter's system,
   * linked to the record the write came from; undefined where no history is kept of that kind.
   */
  historyWrite(entry: HistoryEntry): TargetWrite | undefined;
  /**
   * Whether the reporter shows a kind's writes into a push target as they are settled (`Synced`
   * with the record made, `Failed`): a kind no mirror comes back for (an order's journal entry).
   */
  confirms?(type: string): boolean;
  /**
   * A run and a connection's health as records of the reporter's system; undefined where it keeps
   * neither (Dynamics shows failures alone, in its sync log).
   */
  runWrite(run: RunReport): TargetWrite | undefined;
  connectionWrite(report: ConnectionReport): TargetWrite | undefined;
  /** The last reconciliation of a connection with the CRM, on that connection's record; undefined where none is kept. */
  reconciliationWrite?(report: ReconciliationReport): TargetWrite | undefined;
  /**
   * Who owns each field of the records kept on both sides, and what a conflict does, as the CRM's
   * package says (see `field-policy.ts`); undefined or empty: every field flows whole from the side
   * that changed.
   */
  fieldPolicy?(): Promise<FieldPolicy | undefined>;
}
