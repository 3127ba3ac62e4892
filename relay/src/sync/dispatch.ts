/**
 * @module
 * Outbox → target. Claims ready writes (lowest reference rank first, one object at a time, under
 * a lease), sends them as one batch, and settles each: confirmed writes are recorded in the id map and audit
 * trail; transient failures are retried later with capped exponential backoff; permanent ones are
 * marked failed and reported to the target as a failure log with the reason in words. A write that
 * is re-sent after a crash is an upsert by external ID, so it never creates a duplicate.
 */
import { uuidv7 } from '../lib/ids.ts';
import type { Logger } from '../lib/logger.ts';
import type { Store } from '../store/index.ts';
import { auditRepo, type AuditEntry } from '../store/audit.ts';
import { fieldStatesRepo } from '../store/field-states.ts';
import { identitiesRepo, type IdentityKey } from '../store/identities.ts';
import type { Db } from '../store/db.ts';
import { LOGGED_WRITE, outboxRepo, type OutboxBatch, type OutboxItem } from '../store/outbox.ts';
import { outboxSpanRepo } from '../store/outbox-span.ts';
import { runsRepo } from '../store/runs.ts';
import type { Reporter, TargetAdapter, TargetWrite, WriteOutcome } from './adapters.ts';
import { toOutbox } from './ingest.ts';
import { showHistory, showOutbound } from './outbound-status.ts';
import { isRecordRank } from './ranks.ts';
import { spanLimits, writeInGroups } from './write-groups.ts';

export interface DispatchDeps {
  readonly store: Store;
  readonly target: TargetAdapter;
  readonly reporter: Reporter;
  readonly log: Logger;
  readonly worker: string;
  readonly now: () => number;
  /** Delay before retry `attempt` (1-based) of a transient failure. */
  readonly backoff: (attempt: number) => number;
  /** Transient failures give up after this many attempts (then: failed, replayable). */
  readonly maxAttempts: number;
  /** Keeps a connection's rank back for now (see the engine: large batches gather while the source is receiving). */
  readonly hold?: (tx: Db, connectionId: string, rank: number) => Promise<boolean>;
  /** Adds to a claim the closing of the runs whose last writes it holds (see `closing.ts`). */
  readonly closeAhead?: (batch: OutboxBatch, leaseMs: number) => Promise<OutboxBatch>;
  /** The flow's direction, as runs and the audit trail record it (`<source>_to_<target>`). */
  readonly direction: string;
  /** The connection the target writes to: the ids it gives records are kept as its identities. */
  readonly targetConnectionId: string;
}

type Identities = ReturnType<typeof identitiesRepo>;

/** The identity, in the target connection, of the record a write is about. */
const targetKey = (deps: Pick<DispatchDeps, 'targetConnectionId'>, object: string, externalId: string) => ({
  connectionId: deps.targetConnectionId,
  object,
  key: externalId,
});

export interface DispatchResult {
  readonly sent: number;
  readonly created: number;
  readonly updated: number;
  readonly retrying: number;
  readonly failed: number;
  /** Set when the target refused all calls (API allowance used up) until then. */
  readonly pausedUntil?: number;
}

/** Rows read from the store at a time, and settled per transaction. */
const PAGE = 2000;

/**
 * One round: claims up to `limit` writes of one connection, rank and object and sends them — a
 * small batch at once, a large one (see the target's `largeBatchFrom`) streamed page by page from
 * the store so the relay never holds it whole. A small batch takes in the connection's other small
 * ready writes, rank after rank, when the target packs several objects into one call
 * (`writeGroups`, see `store/outbox-span.ts`). The batch's lease is kept alive while it is sent.
 * @example const r = await dispatch(deps, { limit: 200_000 });
 */
export async function dispatch(
  deps: DispatchDeps,
  {
    limit = 200_000,
    leaseMs = 5 * 60_000,
    connectionId,
  }: { limit?: number; leaseMs?: number; connectionId?: string } = {},
): Promise<DispatchResult> {
  const outbox = outboxRepo(deps.store.db, deps.now);
  let batch = await outbox.claimBatch(deps.worker, {
    limit,
    leaseMs,
    targetConnectionId: deps.targetConnectionId,
    ...(connectionId === undefined ? {} : { connectionId }),
    ...(deps.hold ? { hold: deps.hold } : {}),
  });
  const result = {
    sent: 0,
    created: 0,
    updated: 0,
    retrying: 0,
    failed: 0,
    pausedUntil: undefined as number | undefined,
  };
  if (!batch) return result;
  const large = deps.target.writeLarge && batch.count >= (deps.target.largeBatchFrom ?? Infinity);
  if (!large && batch.operation === 'upsert' && deps.target.writeGroups) {
    batch = await outboxSpanRepo(deps.store.db, deps.now).extend(batch, spanLimits(deps, limit, leaseMs));
    if (deps.closeAhead) batch = await deps.closeAhead(batch, leaseMs);
  }
  const claimed = batch;
  const heartbeat = setInterval(() => {
    outbox
      .extendLease(claimed.token, leaseMs)
      .catch((error: unknown) => deps.log.warn('lease heartbeat failed', { err: error }));
  }, leaseMs / 3);
  try {
    await (batch.operation === 'remove' ? sendRemovals : large ? sendLarge : sendSmall)(deps, batch, result);
  } finally {
    clearInterval(heartbeat);
  }
  return result;
}

type Tally = { sent: number; created: number; updated: number; retrying: number; failed: number; pausedUntil?: number };

/** The batch's rows, a page at a time (settled rows drop out of the lease as they go). */
async function* leasedPages(deps: DispatchDeps, batch: OutboxBatch, fields = true): AsyncGenerator<OutboxItem[]> {
  const outbox = outboxRepo(deps.store.db, deps.now);
  for (let page = await outbox.leased(batch.token, '', PAGE, { fields }); page.length;) {
    yield page;
    page = await outbox.leased(batch.token, page.at(-1)!.id, PAGE, { fields });
  }
}

/**
 * The writes outbox rows stand for; fields set only on creation are left out once the record
 * exists: one written before under this key, or the target's own record it is addressed to by its
 * id (the record read from there, of the kind it came from, before any write by that id). One
 * lookup per object for the lot.
 */
async function toWrites(deps: DispatchDeps, ids: Identities, items: readonly OutboxItem[]): Promise<TargetWrite[]> {
  const once = items.filter((i) => i.createOnly.length > 0);
  const known = async (object: (i: OutboxItem) => string) => {
    const found = new Map<string, Map<string, string>>();
    for (const o of new Set(once.map(object))) {
      const keys = once.filter((i) => object(i) === o).map((i) => i.externalId);
      found.set(o, await ids.localIds(deps.targetConnectionId, o, keys));
    }
    return found;
  };
  const written = await known((i) => i.object);
  const read = await known((i) => i.sourceType);
  const exists = (i: OutboxItem) =>
    written.get(i.object)?.has(i.externalId) === true || read.get(i.sourceType)?.get(i.externalId) === i.externalId;
  return items.map((i) => ({
    object: i.object,
    externalIdField: i.externalIdField,
    externalId: i.externalId,
    fields:
      i.createOnly.length > 0 && exists(i)
        ? Object.fromEntries(Object.entries(i.fields).filter(([k]) => !i.createOnly.includes(k)))
        : i.fields,
    rank: i.rank,
    slot: i.slot,
    source: { type: i.sourceType, id: i.sourceId },
  }));
}

const thrown = (error: unknown): WriteOutcome => ({
  ok: false,
  error: { code: 'target_exception', message: error instanceof Error ? error.message : String(error), retryable: true },
});

async function sendSmall(deps: DispatchDeps, batch: OutboxBatch, result: Tally): Promise<void> {
  const ids = identitiesRepo(deps.store.db, deps.now);
  const items: OutboxItem[] = [];
  for await (const page of leasedPages(deps, batch)) items.push(...page);
  const writes = await toWrites(deps, ids, items);
  let outcomes: (WriteOutcome | undefined)[];
  try {
    outcomes = await writeInGroups(deps.target, writes);
  } catch (error) {
    // A bug or an unexpected transport failure: keep the writes, retry the batch later.
    deps.log.error('target write threw', { err: error, object: batch.object, count: items.length });
    outcomes = items.map(() => thrown(error));
  }
  // Writes the target did not send (one before them failed for a passing reason) go back in line untried.
  const unsent = items.filter((_, n) => !outcomes[n]);
  if (unsent.length)
    await outboxSpanRepo(deps.store.db, deps.now).release(
      batch.token,
      unsent.map((i) => i.id),
    );
  const sent = items.filter((_, n) => outcomes[n]);
  const sentOutcomes = outcomes.filter((o): o is WriteOutcome => o !== undefined);
  result.sent += sent.length;
  for (let i = 0; i < sent.length; i += PAGE) {
    await settle(deps, sent.slice(i, i + PAGE), sentOutcomes.slice(i, i + PAGE), result);
  }
}

/**
 * Removes target records the source no longer has. Only what the id map says the target holds is
 * deleted; a record never confirmed there has nothing to remove.
 */
async function sendRemovals(deps: DispatchDeps, batch: OutboxBatch, result: Tally): Promise<void> {
  const ids = identitiesRepo(deps.store.db, deps.now);
  for await (const page of leasedPages(deps, batch, false)) {
    const local = await Promise.all(page.map((i) => ids.localId(targetKey(deps, i.object, i.externalId))));
    const present = local.filter((id): id is string => id !== undefined);
    let removed: WriteOutcome[];
    try {
      removed = present.length ? await deps.target.remove(batch.object, present) : [];
    } catch (error) {
      deps.log.error('target remove threw', { err: error, object: batch.object, count: present.length });
      removed = present.map(() => thrown(error));
    }
    let next = 0;
    const outcomes = local.map((id): WriteOutcome =>
      id === undefined ? { ok: true, targetId: '', created: false } : removed[next++]!,
    );
    result.sent += page.length;
    await settle(deps, page, outcomes, result);
  }
}

async function sendLarge(deps: DispatchDeps, batch: OutboxBatch, result: Tally): Promise<void> {
  const ids = identitiesRepo(deps.store.db, deps.now);
  /** The generation of each row as last read for sending: a confirmation settles that one. */
  const sent = new Map<string, number>();
  let outcomeOf: (externalId: string) => WriteOutcome;
  try {
    outcomeOf = await deps.target.writeLarge!(batch.object, batch.externalIdField, {
      count: batch.count,
      async *pages() {
        for await (const page of leasedPages(deps, batch)) {
          for (const item of page) sent.set(item.id, item.generation);
          yield await toWrites(deps, ids, page);
        }
      },
    });
  } catch (error) {
    deps.log.error('target write threw', { err: error, object: batch.object, count: batch.count });
    outcomeOf = () => thrown(error);
  }
  // Settling needs a row's fields only when it failed (its failure log links the record's Account).
  const outbox = outboxRepo(deps.store.db, deps.now);
  for await (const page of leasedPages(deps, batch, false)) {
    const outcomes = page.map((item) =>
      sent.has(item.id) ? outcomeOf(item.externalId) : thrown(new Error('not sent with its batch')),
    );
    const items: OutboxItem[] = [];
    for (const [n, item] of page.entries()) {
      const full = outcomes[n]!.ok ? item : ((await outbox.get(item.id)) ?? item);
      items.push({ ...full, generation: sent.get(item.id) ?? item.generation });
    }
    result.sent += items.length;
    await settle(deps, items, outcomes, result);
  }
}

async function settle(
  deps: DispatchDeps,
  items: readonly OutboxItem[],
  outcomes: readonly WriteOutcome[],
  result: Tally,
): Promise<void> {
  const t = deps.now();
  await deps.store.transaction(async (repos) => {
    const outbox = outboxRepo(repos.db, deps.now);
    const ids = identitiesRepo(repos.db, deps.now);
    const runs = runsRepo(repos.db, deps.now);
    const audit: AuditEntry[] = [];
    /** The sources of the records written: what of theirs was on its way here has landed. */
    const landed: IdentityKey[] = [];
    const counts = new Map<string, { created: number; updated: number; failed: number }>();
    const count = (runId: string | null, rank: number, what: 'created' | 'updated' | 'failed') => {
      if (!runId || !isRecordRank(rank)) return;
      const c = counts.get(runId) ?? { created: 0, updated: 0, failed: 0 };
      c[what]++;
      counts.set(runId, c);
    };
    // Refused whole for a passing reason (the target unavailable, a transport failure): that is the
    // target's trouble, not any record's, so no record is logged as Retrying (one that finally fails is).
    const first = outcomes[0];
    const refusedWhole =
      first !== undefined &&
      !first.ok &&
      first.error.retryable === true &&
      outcomes.every((o) => !o.ok && o.error.code === first.error.code);
    for (const [n, item] of items.entries()) {
      const outcome = outcomes[n];
      if (!outcome) throw new Error(`target returned ${outcomes.length} outcomes for ${items.length} writes`);
      const entry = {
        id: uuidv7(),
        at: t,
        runId: item.runId,
        connectionId: item.connectionId,
        direction: deps.direction,
        flowId: item.flowId,
        sourceType: item.sourceType,
        sourceId: item.sourceId,
        targetObject: item.object,
        targetExternalId: item.externalId,
        operation: item.operation === 'remove' ? ('delete' as const) : ('upsert' as const),
        contentHash: item.contentHash,
      };
      if (outcome.ok && item.operation === 'remove') {
        await outbox.settle(item, { ok: true });
        await ids.forget(targetKey(deps, item.object, item.externalId));
        audit.push({
          ...entry,
          targetId: outcome.targetId || null,
          outcome: 'succeeded',
          errorCode: null,
          errorMessage: null,
        });
        continue;
      }
      if (outcome.ok) {
        await outbox.settle(item, { ok: true });
        const from = { connectionId: item.connectionId, object: item.sourceType, key: item.sourceId };
        // A slot (a roll-up onto a record, a status) is part of a record another write makes or
        // made: it is not an identity of its own. Noted under its key, it would make a record
        // made on the target side look like a mirror of the source's (its key is the source's id).
        if (!item.slot) {
          await ids.noteWritten(
            targetKey(deps, item.object, item.externalId),
            outcome.targetId,
            item.contentHash,
            from,
          );
          landed.push(from);
        }
        if (!item.slot && outcome.targetId && deps.target.readsBack?.(item.object)) {
          const read = { connectionId: deps.targetConnectionId, object: item.sourceType, key: outcome.targetId };
          await ids.noteWritten(read, outcome.targetId, null, from);
          if (outcome.version) await ids.noteVersion(read, outcome.version);
        }
        audit.push({
          ...entry,
          targetId: outcome.targetId,
          outcome: 'succeeded',
          errorCode: null,
          errorMessage: null,
          ...(item.changes ? { changes: item.changes } : {}),
        });
        await showOutbound(deps, outbox, item, 'Synced', outcome.targetId);
        await showHistory(deps, outbox, item, outcome.events);
        if (outcome.created) result.created++;
        else result.updated++;
        count(item.runId, item.rank, outcome.created ? 'created' : 'updated');
        if (item.attempts > 0 && isRecordRank(item.rank) && item.errorCode) {
          // Only a record whose failure was logged is told resolved.
          const log = await logItem(deps, ids, item, 'Resolved', item.errorCode, 'Written after a retry or replay.');
          if (await outbox.findByTarget(log.connectionId, log.object, log.externalId, log.slot)) {
            await outbox.enqueue([log]);
          }
        }
        continue;
      }
      const attempt = item.attempts + 1;
      const paused = outcome.pausedUntil;
      if (paused) result.pausedUntil = Math.max(result.pausedUntil ?? 0, paused);
      const retryAt =
        paused ?? (outcome.error.retryable && attempt < deps.maxAttempts ? t + deps.backoff(attempt) : undefined);
      await outbox.settle(item, { ok: false, code: outcome.error.code, message: outcome.error.message, retryAt });
      audit.push({
        ...entry,
        targetId: null,
        outcome: retryAt === undefined ? 'failed' : 'retrying',
        errorCode: outcome.error.code,
        errorMessage: outcome.error.message,
      });
      if (retryAt === undefined) {
        result.failed++;
        count(item.runId, item.rank, 'failed');
        // A code of review (a likely duplicate) asks a person to decide, not to replay.
        await showOutbound(deps, outbox, item, outcome.error.code.startsWith('review_') ? 'Needs Review' : 'Failed');
      } else result.retrying++;
      // Every failure of a record the user cares about reaches the target's failure log, in words.
      if (isRecordRank(item.rank) && (retryAt === undefined || (attempt === 1 && !refusedWhole))) {
        await outbox.enqueue([
          await logItem(
            deps,
            ids,
            { ...item, attempts: attempt },
            retryAt === undefined ? 'Failed' : 'Retrying',
            outcome.error.code,
            outcome.error.message,
          ),
        ]);
      }
    }
    await fieldStatesRepo(repos.db, deps.now).landedAll(landed, deps.targetConnectionId);
    await auditRepo(repos.db).add(audit);
    for (const [runId, c] of counts) await runs.add(runId, c);
  });
}

/**
 * The record a failed write belongs to (its Account, say), when the target already has it. Only a
 * record known to exist is linked, so the log itself can never fail on a missing parent.
 */
async function ownerIdOf(
  deps: Pick<DispatchDeps, 'reporter' | 'targetConnectionId'>,
  ids: Identities,
  item: OutboxItem,
): Promise<string | undefined> {
  const owner = deps.reporter.ownerOf({ object: item.object, externalId: item.externalId, fields: item.fields });
  return owner ? ids.localId(targetKey(deps, owner.object, owner.externalId)) : undefined;
}

/**
 * The failure log of a write, as an outbox row. A write out of the reporter's own system (from the
 * CRM into QuickBooks) is reported under the connection it goes to, and links its source record.
 */
export async function logItem(
  deps: Pick<DispatchDeps, 'reporter' | 'targetConnectionId' | 'now'>,
  ids: Identities,
  item: OutboxItem,
  status: 'Failed' | 'Retrying' | 'Resolved',
  code: string,
  message: string,
) {
  const own = item.connectionId === deps.reporter.connectionId;
  const accountId = own ? undefined : await ownerIdOf(deps, ids, item);
  const write = deps.reporter.failureLogWrite({
    ...(accountId ? { accountId } : {}),
    ...(own ? { record: { type: item.sourceType, id: item.sourceId } } : {}),
    key: `${item.connectionId}:${item.object}:${item.externalId}${item.slot ? `:${item.slot}` : ''}`,
    connectionKey: own ? item.targetConnectionId : item.connectionId,
    ...(own ? { outbound: true } : {}),
    runKey: item.runId,
    sourceType: item.sourceType,
    sourceId: item.sourceId,
    targetObject: item.object,
    targetExternalId: item.externalId,
    status,
    errorCode: code,
    errorMessage: message,
    attempts: item.attempts,
    attemptedAt: deps.now(),
    ...(status === 'Failed' && item.review ? { review: item.review } : {}),
  });
  // The log's row names the write it is about, so a replay finds it by the log's key alone.
  return toOutbox(
    { ...write, source: { type: LOGGED_WRITE, id: item.id } },
    { id: item.flowId, sourceConnectionId: item.connectionId, targetConnectionId: item.targetConnectionId },
    item.runId,
    deps.reporter.connectionId,
  );
}
