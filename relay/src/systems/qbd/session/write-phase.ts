/**
 * @module
 * The writes a Web Connector session sends after its reads. Writes into QuickBooks Desktop wait in
 * the outbox with pull delivery; a session leases them a batch at a time (one kind, lowest rank
 * first: customers and items before the invoices naming them) and sends each batch in up to three
 * requests, each one message set with `continueOnError` (a batch of customers carrying data
 * extensions first asks for the company's definitions of them, `data-ext-defs.ts`, once per batch):
 *   1. lookup: the records the batch is linked to, or may match (a name; our GUID on an invoice),
 *      so nothing is added twice — also after a relay killed between sending a batch and storing
 *      its answer;
 *   2. write: a Mod (with the EditSequence just read) or an Add for each row QuickBooks does not
 *      already hold, its requestID the row's id, then the customer's data extensions that differ
 *      (`write-data-ext.ts`; a customer whose only change is one sends those alone); a stale
 *      EditSequence (3200) goes round again (looked up afresh) within the session;
 *   3. read back: the records written, stored in the inbox like any page read, so the flow from
 *      QuickBooks mirrors their ids back onto the records they came from.
 * Each answer settles its rows, notes the identities they were written under and stores the
 * session's next step in one transaction (the caller's).
 */
import { err, ok, relayError, type RelayError, type Result } from '../../../lib/result.ts';
import type { Logger } from '../../../lib/logger.ts';
import type { Repos, Store } from '../../../store/index.ts';
import type { Db } from '../../../store/db.ts';
import { outboxRepo, type OutboxItem } from '../../../store/outbox.ts';
import { outboxSpanRepo } from '../../../store/outbox-span.ts';
import { withoutCreateOnly } from '../../../sync/hash.ts';
import { parseQbxmlResponse } from '../qbxml/parse.ts';
import { buildQbxml, buildQbxmlResult } from '../qbxml/requests.ts';
import type { QbxmlWrite } from '../qbxml/request-types.ts';
import type { PlannedRequest } from '../planner.ts';
import { newId } from './tickets.ts';
import { decide, notSendable, verdictOf, type Decision, type WriteVerdict } from './write-decisions.ts';
import { definitionsFirst, definitionsOf, storeDefinitions } from './data-ext-defs.ts';
import { DATA_EXT_FACTS_FIELD, dataExtRefusal, dataExtWrites, isDataExtAnswerOf } from './write-data-ext.ts';
import { WRITE_KINDS_BY_OBJECT, type Held, type WriteKind, type WriteSettings } from './write-kinds.ts';
import { writeRecords } from './write-records.ts';

/** Request kinds of the write phase, as sessions record them. */
export const WRITE_KINDS = {
  definitions: 'WriteDefinitions',
  lookup: 'WriteLookup',
  write: 'Write',
  readBack: 'WriteReadBack',
} as const;
const KINDS = new Set<string>(Object.values(WRITE_KINDS));
export const isWriteKind = (kind: string) => KINDS.has(kind);
/** The requestId of a stored read-back page (the records a batch wrote, read again). */
export const READ_BACK_ID = 'read-back';

/** The write phase's part of a session's plan (JSON). */
export interface WritingState {
  /** The outbox lease of the batch being sent, and the kind of its writes (their outbox object). */
  readonly token: string;
  readonly object: string;
  readonly stage: 'definitions' | 'lookup' | 'write' | 'readBack';
  /** The company's data extension definitions were read for this batch (its customers carry values for them). */
  readonly defined?: true;
  readonly decisions: Readonly<Record<string, Decision>>;
  /** Ids to read back once the batch is written. */
  readonly readBack: readonly string[];
}

export interface WritePhaseOptions {
  readonly store: Store;
  readonly log: Logger;
  readonly now: () => number;
  /** How long a session holds a batch (a session cut short leaves it to the next one after this). */
  readonly leaseMs?: number;
  readonly batchSize?: number;
  /** The income account new items post their sales to (by full name). */
  readonly incomeAccount?: string;
}

/** The session a phase step belongs to. */
export interface SessionRef {
  readonly id: string;
  readonly connectionId: string;
  readonly homeCurrency: string;
}

/** Leases of the write phase are owned by `qbwc:<session id>`. */
const LEASE_OWNER = 'qbwc:';
/** The company file is busy: what could not be saved now goes again after this. */
const BUSY_RETRY_MS = 5 * 60_000;
/** A write of a record QuickBooks changed since it was read waits this long (past this session's end). */
const WAIT_MS = 60_000;

const changedSinceRead = (what: string) =>
  relayError(
    'qbd_changed_since_read',
    `QuickBooks changed ${what} since the relay last read it: that change is read first, and this write goes at the next session.`,
  );

const kindOf = (w: WritingState): WriteKind => {
  const kind = WRITE_KINDS_BY_OBJECT.get(w.object);
  if (!kind) throw new Error(`no write kind for outbox object ${w.object}`);
  return kind;
};

/** Per field a Mod sets, QuickBooks' value before and the value written, where they differ. */
function overwritten(held: object, written: Readonly<Record<string, unknown>>): Record<string, [unknown, unknown]> {
  const before = held as Readonly<Record<string, unknown>>;
  const out: Record<string, [unknown, unknown]> = {};
  for (const [field, value] of Object.entries(written))
    if (field !== DATA_EXT_FACTS_FIELD && JSON.stringify(before[field] ?? null) !== JSON.stringify(value ?? null))
      out[field] = [before[field] ?? null, value];
  return out;
}

/** After a batch's writes: read back what was written, or take the next batch. */
const afterWrites = (w: WritingState, readBack: ReadonlySet<string>): WritingState | undefined =>
  readBack.size ? { ...w, stage: 'readBack', decisions: {}, readBack: [...readBack] } : undefined;

async function rowsOf(db: Db, now: () => number, token: string): Promise<OutboxItem[]> {
  const outbox = outboxRepo(db, now);
  const rows: OutboxItem[] = [];
  for (let page = await outbox.leased(token, '', 1000); page.length;) {
    rows.push(...page);
    page = await outbox.leased(token, page.at(-1)!.id, 1000);
  }
  return rows;
}

/** @example const writes = createWritePhase({ store, log, now }); const step = await writes.next(session, plan.writing); */
export function createWritePhase(o: WritePhaseOptions) {
  const leaseMs = o.leaseMs ?? 60 * 60_000;
  const batchSize = o.batchSize ?? 1000;
  const settingsOf = (s: SessionRef): WriteSettings => ({
    homeCurrency: s.homeCurrency,
    incomeAccount: o.incomeAccount ?? 'Services',
  });
  const request = (kind: string, xml: string): PlannedRequest => ({ kind, id: newId(), xml });

  /** Settles a batch's rows by what the lookup found; the next state of the batch. */
  async function applyLookup(
    db: Db,
    s: SessionRef,
    w: WritingState,
    rows: readonly OutboxItem[],
    found: readonly Held[],
  ): Promise<WritingState | undefined> {
    const kind = kindOf(w);
    const records = writeRecords(db, o.now, s.connectionId);
    const outbox = outboxRepo(db, o.now);
    const links = await records.linksOf(rows);
    const byKey = new Map(found.flatMap((h) => (h.key ? [[h.key, h.id] as const] : [])));
    const mirrored = new Set<string>();
    for (const row of rows) {
      const key = links.has(row.id) ? undefined : kind.keyOf(row);
      const id = key === undefined ? undefined : byKey.get(key);
      if (id && (await records.mirroredElsewhere(row, id))) mirrored.add(row.id);
    }
    const decisions = decide(kind, rows, links, found, mirrored, await records.seenOf(rows));
    const readBack = new Set(w.readBack);
    const pending: Record<string, Decision> = {};
    for (const row of rows) {
      const d = decisions.get(row.id)!;
      if (d.action === 'held') {
        await outbox.settle(row, { ok: true });
        await records.link(row, d.id, null);
        await records.record(row, { operation: 'skip_unchanged', id: d.id });
        // Found by its name or GUID: read back, so the link reaches the record it came from.
        if (!links.has(row.id)) readBack.add(d.id);
      } else if (d.action === 'wait') {
        const e = changedSinceRead(kind.describe(row));
        await outbox.settle(row, { ok: false, code: e.code, message: e.message, retryAt: o.now() + WAIT_MS });
        await records.record(row, { error: e, retrying: true });
      } else if (d.action === 'refuse') {
        const review = d.candidate && {
          kind: 'match' as const,
          candidateKey: `${s.connectionId}:${d.candidate.id}`,
          candidateName: d.candidate.name,
        };
        await outbox.settle(row, {
          ok: false,
          code: d.error.code,
          message: d.error.message,
          retryAt: undefined,
          ...(review ? { review } : {}),
        });
        await records.record(row, { error: d.error, retrying: false });
      } else pending[row.id] = d;
    }
    return Object.keys(pending).length
      ? { ...w, stage: 'write', decisions: pending, readBack: [...readBack] }
      : afterWrites(w, readBack);
  }

  /**
   * Refuses, before anything is asked of QuickBooks, the rows it could not take as written (a name
   * too long, characters outside Latin-1): their lookup could not even be sent. The rest, to look up.
   */
  async function refuseUnsendable(s: SessionRef, kind: WriteKind, rows: readonly OutboxItem[]): Promise<OutboxItem[]> {
    const records = writeRecords(o.store.db, o.now, s.connectionId);
    const outbox = outboxRepo(o.store.db, o.now);
    const refs = await records.refsOf(kind, rows);
    const rest: OutboxItem[] = [];
    for (const row of rows) {
      const planned = kind.add(row, refs, settingsOf(s));
      const built = planned?.ok ? buildQbxmlResult([planned.value], { onError: 'continueOnError' }) : undefined;
      if (built && !built.ok) {
        const e = notSendable(built.error);
        await outbox.settle(row, { ok: false, code: e.code, message: e.message, retryAt: undefined });
        await records.record(row, { error: e, retrying: false });
      } else rest.push(row);
    }
    return rest;
  }

  /** The write of each decided row that can be sent; the others are settled now, with the reason. */
  async function sendable(s: SessionRef, rows: readonly OutboxItem[], w: WritingState): Promise<QbxmlWrite[]> {
    const db = o.store.db;
    const kind = kindOf(w);
    const records = writeRecords(db, o.now, s.connectionId);
    const outbox = outboxRepo(db, o.now);
    const refs = await records.refsOf(kind, rows);
    const defs = await definitionsOf(db, o.now, s.connectionId);
    const writes: QbxmlWrite[] = [];
    const refuse = async (row: OutboxItem, e: RelayError) => {
      await outbox.settle(row, { ok: false, code: e.code, message: e.message, retryAt: undefined });
      await records.record(row, { error: e, retrying: false });
    };
    for (const row of rows) {
      const d = w.decisions[row.id];
      if (!d || (d.action !== 'add' && d.action !== 'mod')) continue;
      const planned =
        d.action === 'add' ? kind.add(row, refs, settingsOf(s)) : ok(kind.mod(row, d.held, settingsOf(s)));
      if (planned && !planned.ok) {
        await refuse(row, planned.error);
        continue;
      }
      const write = planned?.value;
      const record = d.action === 'add' ? { fullName: String(row.fields.name ?? '') } : { listId: d.held.id };
      const extras = dataExtWrites(row, record, d.action === 'mod' ? d.held.dataExt : undefined, defs);
      if (!write && !extras.length) {
        // Nothing to send: an inactive product never in QuickBooks, a kind not changed once there.
        await outbox.settle(row, { ok: true });
        if (d.action === 'mod') await records.link(row, d.held.id, null);
        await records.record(row, { operation: 'skip_unchanged', id: d.action === 'mod' ? d.held.id : '' });
        continue;
      }
      const own = write ? [write, ...extras] : extras;
      const built = buildQbxmlResult(own, { onError: 'continueOnError' });
      if (built.ok) writes.push(...own);
      else await refuse(row, notSendable(built.error));
    }
    return writes;
  }

  return {
    /** A new session of the company: writes an earlier one left leased mid-batch go in line again. */
    async reclaim(connectionId: string): Promise<void> {
      const n = await outboxRepo(o.store.db, o.now).releaseLeasesOf(connectionId, LEASE_OWNER);
      if (n)
        o.log.info('writes an ended session left unanswered go again, looked up first', {
          connection: connectionId,
          writes: n,
        });
    },

    /** Whether writes wait for the company (a session that read everything goes on to them). */
    waiting: (connectionId: string, db: Db = o.store.db) => outboxRepo(db, o.now).readyFor(connectionId),

    /** The next request of the phase, with the state it leaves; no request when nothing is left to send. */
    async next(
      s: SessionRef,
      writing: WritingState | undefined,
    ): Promise<{ writing?: WritingState; request?: PlannedRequest }> {
      let w = writing;
      for (let guard = 0; guard < 10_000; guard++) {
        if (!w) {
          const batch = await outboxRepo(o.store.db, o.now).claimBatch(`${LEASE_OWNER}${s.id}`, {
            limit: batchSize,
            leaseMs,
            targetConnectionId: s.connectionId,
          });
          if (!batch) return {};
          w = { token: batch.token, object: batch.object, stage: 'lookup', decisions: {}, readBack: [] };
        }
        const kind = kindOf(w);
        if (w.stage === 'readBack') {
          const xml = buildQbxml([kind.readBack([...w.readBack])], { onError: 'continueOnError' });
          return { writing: w, request: request(WRITE_KINDS.readBack, xml) };
        }
        const rows = await rowsOf(o.store.db, o.now, w.token);
        if (w.stage === 'lookup' && rows.length) {
          const records = writeRecords(o.store.db, o.now, s.connectionId);
          const sendable = await refuseUnsendable(s, kind, rows);
          if (sendable.length === 0) {
            w = undefined;
            continue;
          }
          const defsXml = w.defined ? undefined : definitionsFirst(kind.object, sendable);
          if (defsXml)
            return { writing: { ...w, stage: 'definitions' }, request: request(WRITE_KINDS.definitions, defsXml) };
          const queries = kind.lookups(sendable, await records.linksOf(sendable), await records.refsOf(kind, sendable));
          if (queries.length) {
            const xml = buildQbxml(queries, { onError: 'continueOnError' });
            return { writing: w, request: request(WRITE_KINDS.lookup, xml) };
          }
          // Nothing to look up (no invoice's customer is in QuickBooks yet): as if nothing was found.
          const current = w;
          w = await o.store.transaction((tx) => applyLookup(tx.db, s, current, rows, []));
          continue;
        }
        if (w.stage === 'write') {
          const writes = await sendable(s, rows, w);
          if (writes.length) {
            return {
              writing: w,
              request: request(WRITE_KINDS.write, buildQbxml(writes, { onError: 'continueOnError' })),
            };
          }
        }
        w = w.readBack.length ? { ...w, stage: 'readBack' } : undefined;
      }
      throw new Error('write phase did not settle');
    },

    /**
     * Applies QuickBooks' answer to the phase's request, inside the caller's transaction (which also
     * stores the session's next step). Refused when the answer cannot be read at all: the batch's
     * rows then go to the next session, looked up again.
     */
    async receive(
      tx: Repos,
      s: SessionRef,
      w: WritingState,
      response: string,
    ): Promise<Result<WritingState | undefined>> {
      const parsed = parseQbxmlResponse(response);
      if (!parsed.ok) return err(parsed.error);
      const kind = kindOf(w);
      if (w.stage === 'definitions') {
        const stored = await storeDefinitions(tx.db, o.now, s.connectionId, response, o.log);
        return stored.ok ? ok({ ...w, stage: 'lookup', defined: true }) : stored;
      }
      if (w.stage === 'readBack') {
        const requestKind = kind.readBack([]).type;
        await tx.inbox.add({
          id: newId(),
          connectionId: s.connectionId,
          sessionId: s.id,
          requestKind,
          requestId: READ_BACK_ID,
          payload: response,
        });
        return ok(undefined);
      }
      const rows = await rowsOf(tx.db, o.now, w.token);
      if (w.stage === 'lookup') {
        const found = parsed.value.responses.flatMap((rs) =>
          rs.records.flatMap((r) => kind.held(r, settingsOf(s)) ?? []),
        );
        return ok(await applyLookup(tx.db, s, w, rows, found));
      }
      const outbox = outboxRepo(tx.db, o.now);
      const records = writeRecords(tx.db, o.now, s.connectionId);
      const answers = new Map(parsed.value.responses.map((rs) => [rs.requestId, rs]));
      const readBack = new Set(w.readBack);
      const again: string[] = [];
      for (const row of rows) {
        const d = w.decisions[row.id];
        if (!d) continue;
        const rs = answers.get(row.id);
        const extras = parsed.value.responses.filter((a) => isDataExtAnswerOf(row.id, a.requestId));
        // Only its data extensions sent: the customer itself is as QuickBooks holds it. No answer
        // at all (the set stopped): looked up again.
        const v: WriteVerdict = rs
          ? verdictOf(kind, rs, row)
          : d.action === 'mod' && extras.length
            ? { kind: 'written', id: d.held.id, editSequence: d.held.editSequence }
            : { kind: 'again' };
        const extRefused = v.kind === 'written' ? dataExtRefusal(extras, kind.describe(row)) : undefined;
        if (v.kind === 'written' && extRefused) {
          await outbox.settle(row, {
            ok: false,
            code: extRefused.code,
            message: extRefused.message,
            retryAt: undefined,
          });
          await records.link(row, v.id, v.editSequence);
          await records.record(row, { error: extRefused, retrying: false });
          readBack.add(v.id);
        } else if (v.kind === 'written') {
          await outbox.settle(row, { ok: true });
          await records.link(row, v.id, v.editSequence);
          await records.record(
            row,
            d.action === 'mod'
              ? {
                  operation: 'update',
                  id: v.id,
                  changes: overwritten(d.held.fields, withoutCreateOnly(row.fields, row.createOnly)),
                }
              : { operation: 'create', id: v.id },
          );
          readBack.add(v.id);
        } else if (v.kind === 'again') again.push(row.id);
        else {
          const retryAt = v.kind === 'later' ? o.now() + BUSY_RETRY_MS : undefined;
          await outbox.settle(row, { ok: false, code: v.error.code, message: v.error.message, retryAt });
          await records.record(row, { error: v.error, retrying: retryAt !== undefined });
        }
      }
      if (again.length) {
        o.log.info('QuickBooks records to look up again (edited meanwhile)', { session: s.id, writes: again.length });
        await outboxSpanRepo(tx.db, o.now).release(w.token, again);
      }
      return ok(afterWrites(w, readBack));
    },
  };
}

/** A reason for the bookkeeper when QuickBooks' answer to a write cannot be read. */
export const unreadableWriteAnswer = (detail: string) =>
  relayError(
    'qbd_write_answer_unreadable',
    `The relay could not read QuickBooks' answer to its changes (${detail}); they are looked up again at the next update, so none is made twice.`,
  );

export type WritePhase = ReturnType<typeof createWritePhase>;
