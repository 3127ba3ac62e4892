/**
 * @module
 * Outbox → target. Claims ready writes (lowest reference rank first, under a lease), sends them in
 * batches per object, and settles each: confirmed writes are recorded in the id map and audit
 * trail; transient failures are retried later with capped exponential backoff; permanent ones are
 * marked failed and reported to the target as a failure log with the reason in words. A write that
 * is re-sent after a crash is an upsert by external ID, so it never creates a duplicate.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../lib/logger.ts';
import type { Store } from '../store/index.ts';
import { auditRepo, type AuditEntry } from '../store/audit.ts';
import { idMapRepo } from '../store/id-map.ts';
import { outboxRepo, type OutboxItem } from '../store/outbox.ts';
import { runsRepo } from '../store/runs.ts';
import type { TargetAdapter, TargetWrite, WriteOutcome } from './adapters.ts';
import { toOutbox } from './ingest.ts';
import { isRecordRank } from './ranks.ts';

export interface DispatchDeps {
  readonly store: Store;
  readonly target: TargetAdapter;
  readonly log: Logger;
  readonly worker: string;
  readonly now: () => number;
  /** Delay before retry `attempt` (1-based) of a transient failure. */
  readonly backoff: (attempt: number) => number;
  /** Transient failures give up after this many attempts (then: failed, replayable). */
  readonly maxAttempts: number;
}

export interface DispatchResult {
  readonly sent: number;
  readonly created: number;
  readonly updated: number;
  readonly retrying: number;
  readonly failed: number;
  /** Set when the target refused all calls (API allowance used up) until then. */
  readonly pausedUntil?: number;
}

const key = (i: OutboxItem) => `${i.sobject}\u0000${i.externalIdField}`;

/**
 * One round: claims up to `limit` writes of one rank and sends them.
 * @example const r = await dispatch(deps, { limit: 10_000 });
 */
export async function dispatch(
  deps: DispatchDeps,
  {
    limit = 10_000,
    leaseMs = 10 * 60_000,
    connectionId,
  }: { limit?: number; leaseMs?: number; connectionId?: string } = {},
): Promise<DispatchResult> {
  const outbox = outboxRepo(deps.store.db, deps.now);
  const claimed = await outbox.claim(deps.worker, limit, leaseMs, connectionId);
  const result = {
    sent: 0,
    created: 0,
    updated: 0,
    retrying: 0,
    failed: 0,
    pausedUntil: undefined as number | undefined,
  };
  const groups = new Map<string, OutboxItem[]>();
  for (const item of claimed) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  const idMap = idMapRepo(deps.store.db, deps.now);
  for (const items of groups.values()) {
    const first = items[0]!;
    const writes: TargetWrite[] = [];
    for (const i of items) {
      const exists =
        i.createOnly.length > 0 && (await idMap.get(i.connectionId, i.sobject, i.externalId)) !== undefined;
      const fields = exists
        ? Object.fromEntries(Object.entries(i.fields).filter(([k]) => !i.createOnly.includes(k)))
        : i.fields;
      writes.push({
        object: i.sobject,
        externalIdField: i.externalIdField,
        externalId: i.externalId,
        fields,
        rank: i.rank,
        slot: i.slot,
        source: { type: i.sourceType, id: i.sourceId },
      });
    }
    let outcomes: WriteOutcome[];
    try {
      outcomes = await deps.target.write(first.sobject, first.externalIdField, writes);
    } catch (error) {
      // A bug or an unexpected transport failure: keep the writes, retry the batch later.
      deps.log.error('target write threw', { err: error, object: first.sobject, count: items.length });
      const message = error instanceof Error ? error.message : String(error);
      outcomes = items.map(() => ({ ok: false, error: { code: 'target_exception', message, retryable: true } }));
    }
    result.sent += items.length;
    await settle(deps, items, outcomes, result);
  }
  return result;
}

async function settle(
  deps: DispatchDeps,
  items: readonly OutboxItem[],
  outcomes: readonly WriteOutcome[],
  result: { created: number; updated: number; retrying: number; failed: number; pausedUntil?: number },
): Promise<void> {
  const t = deps.now();
  await deps.store.transaction(async (repos) => {
    const outbox = outboxRepo(repos.db, deps.now);
    const idMap = idMapRepo(repos.db, deps.now);
    const runs = runsRepo(repos.db, deps.now);
    const audit: AuditEntry[] = [];
    for (const [n, item] of items.entries()) {
      const outcome = outcomes[n];
      if (!outcome) throw new Error(`target returned ${outcomes.length} outcomes for ${items.length} writes`);
      const entry = {
        id: randomUUID(),
        at: t,
        runId: item.runId,
        connectionId: item.connectionId,
        direction: 'qb_to_sf' as const,
        sourceType: item.sourceType,
        sourceId: item.sourceId,
        targetObject: item.sobject,
        targetExternalId: item.externalId,
        operation: 'upsert' as const,
        contentHash: item.contentHash,
      };
      if (outcome.ok) {
        await outbox.settle(item, { ok: true });
        await idMap.put(item.connectionId, item.sobject, item.externalId, outcome.targetId);
        audit.push({ ...entry, targetId: outcome.targetId, outcome: 'succeeded', errorCode: null, errorMessage: null });
        if (outcome.created) result.created++;
        else result.updated++;
        if (item.runId && isRecordRank(item.rank))
          await runs.add(item.runId, outcome.created ? { created: 1 } : { updated: 1 });
        if (item.attempts > 0 && isRecordRank(item.rank) && item.errorCode) {
          await outbox.enqueue([
            await logItem(deps, idMap, item, 'Resolved', item.errorCode, 'Written after a retry or replay.'),
          ]);
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
        if (item.runId && isRecordRank(item.rank)) await runs.add(item.runId, { failed: 1 });
      } else result.retrying++;
      // Every failure of a record the user cares about reaches the target's failure log, in words.
      if (isRecordRank(item.rank) && (retryAt === undefined || attempt === 1)) {
        await outbox.enqueue([
          await logItem(
            deps,
            idMap,
            { ...item, attempts: attempt },
            retryAt === undefined ? 'Failed' : 'Retrying',
            outcome.error.code,
            outcome.error.message,
          ),
        ]);
      }
    }
    await auditRepo(repos.db).add(audit);
  });
}

/**
 * The Account a failed write belongs to, when the target already has it: the write's own Account,
 * or the customer or vendor it references. Only an Account known to exist is linked, so the log
 * itself can never fail on a missing parent.
 */
async function accountOf(idMap: ReturnType<typeof idMapRepo>, item: OutboxItem): Promise<string | undefined> {
  if (item.sobject === 'Account') return idMap.get(item.connectionId, 'Account', item.externalId);
  const ref = (item.fields.Account__r ?? item.fields.Account) as Record<string, unknown> | undefined;
  const ext = ref?.QuickBooks_Customer_Id__c ?? ref?.QuickBooks_Vendor_Id__c;
  return typeof ext === 'string' ? idMap.get(item.connectionId, 'Account', ext) : undefined;
}

async function logItem(
  deps: DispatchDeps,
  idMap: ReturnType<typeof idMapRepo>,
  item: OutboxItem,
  status: 'Failed' | 'Retrying' | 'Resolved',
  code: string,
  message: string,
) {
  const accountId = await accountOf(idMap, item);
  const write = deps.target.failureLogWrite({
    ...(accountId ? { accountId } : {}),
    key: `${item.connectionId}:${item.sobject}:${item.externalId}${item.slot ? `:${item.slot}` : ''}`,
    connectionKey: item.connectionId,
    runKey: item.runId,
    sourceType: item.sourceType,
    sourceId: item.sourceId,
    targetObject: item.sobject,
    targetExternalId: item.externalId,
    status,
    errorCode: code,
    errorMessage: message,
    attempts: item.attempts,
  });
  return toOutbox(write, item.connectionId, item.runId);
}
