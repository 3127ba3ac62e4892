/**
 * @module
 * Settling what a target answered for a page of writes, in one transaction: confirmed writes are
 * recorded in the identities (and what of their entity's fields was on its way has landed) and
 * the audit trail; transient failures are retried later with capped exponential backoff;
 * permanent ones are marked failed and reported to the target as a failure log with the reason in
 * words. Run counts move with them.
 */
import { uuidv7 } from '../lib/ids.ts';
import { auditRepo, type AuditEntry } from '../store/audit.ts';
import { fieldStatesRepo } from '../store/field-states.ts';
import { identitiesRepo, type IdentityKey } from '../store/identities.ts';
import { LOGGED_WRITE, outboxRepo, type OutboxItem } from '../store/outbox.ts';
import { runsRepo } from '../store/runs.ts';
import type { WriteOutcome } from './adapters.ts';
import type { DispatchDeps } from './dispatch.ts';
import { toOutbox } from './ingest.ts';
import { showHistory, showOutbound } from './outbound-status.ts';
import { isRecordRank } from './ranks.ts';

/** What a round did, as it goes. */
export type Tally = {
  sent: number;
  created: number;
  updated: number;
  retrying: number;
  failed: number;
  pausedUntil?: number;
};

type Identities = ReturnType<typeof identitiesRepo>;

/** The identity, in the target connection, of the record a write is about. */
export const targetKey = (deps: Pick<DispatchDeps, 'targetConnectionId'>, object: string, externalId: string) => ({
  connectionId: deps.targetConnectionId,
  object,
  key: externalId,
});

/** Settles a page of sent writes by what the target answered for each. */
export async function settle(
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
