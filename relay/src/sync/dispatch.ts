/**
 * @module
 * Outbox → target. Claims ready writes (lowest reference rank first, one object at a time, under
 * a lease), sends them as one batch, and settles each (`settle.ts`). A write that is re-sent after
 * a crash is an upsert by external ID, so it never creates a duplicate.
 */
import type { Logger } from '../lib/logger.ts';
import type { Store } from '../store/index.ts';
import { identitiesRepo } from '../store/identities.ts';
import type { Db } from '../store/db.ts';
import { outboxRepo, type OutboxBatch, type OutboxItem } from '../store/outbox.ts';
import { outboxSpanRepo } from '../store/outbox-span.ts';
import type { Reporter, TargetAdapter, TargetWrite, WriteOutcome } from './adapters.ts';
import { settle, targetKey, type Tally } from './settle.ts';
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
