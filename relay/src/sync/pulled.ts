/**
 * @module
 * Reports for writes a pull target sends itself. Their system's session settles them (see the
 * target's delivery kind) without reaching the reporter, so the engine of the flow queues the
 * failure log of each write that failed since its log was last queued, and turns it Resolved once
 * the write went through — once each, also when several relays share the store (the log row,
 * updated after the write, is the mark).
 */
import { identitiesRepo } from '../store/identities.ts';
import type { Store } from '../store/index.ts';
import { outboxRepo } from '../store/outbox.ts';
import type { Reporter } from './adapters.ts';
import { logItem } from './settle.ts';
import { toOutbox } from './ingest.ts';

export interface PulledDeps {
  readonly store: Store;
  readonly reporter: Reporter;
  /** The pull target's connection. */
  readonly targetConnectionId: string;
  readonly now: () => number;
}

/** Queues the logs of failed pulled writes; returns how many. */
export async function reportPulled(deps: PulledDeps, limit = 500): Promise<number> {
  let reported = 0;
  for (const item of await outboxRepo(deps.store.db, deps.now).failedUnlogged(deps.targetConnectionId, limit)) {
    await deps.store.transaction(async (tx) => {
      const outbox = outboxRepo(tx.db, deps.now);
      const log = await logItem(
        deps,
        identitiesRepo(tx.db, deps.now),
        item,
        'Failed',
        item.errorCode ?? 'write_failed',
        item.errorMessage ?? 'The write failed.',
      );
      // A code of review (a likely duplicate) asks a person to decide, not to replay.
      const status = item.errorCode?.startsWith('review_') ? 'Needs Review' : 'Failed';
      const shown = deps.reporter.outboundStatusWrite?.({ type: item.sourceType, id: item.sourceId }, status);
      const flow = {
        id: item.flowId,
        sourceConnectionId: item.connectionId,
        targetConnectionId: item.targetConnectionId,
      };
      await outbox.enqueue([log, ...(shown ? [toOutbox(shown, flow, item.runId, deps.reporter.connectionId)] : [])]);
    });
    reported++;
  }
  // A write that failed and then went through (replayed, or its cause fixed): its log turns Resolved.
  for (const item of await outboxRepo(deps.store.db, deps.now).doneSinceLogged(deps.targetConnectionId, limit)) {
    await deps.store.transaction(async (tx) => {
      const log = await logItem(deps, identitiesRepo(tx.db, deps.now), item, 'Resolved', 'resolved', 'Written.');
      await outboxRepo(tx.db, deps.now).enqueue([log]);
    });
    reported++;
  }
  return reported;
}
