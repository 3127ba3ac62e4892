/**
 * @module
 * What a push target's settled write shows on the CRM record it came from, for the kinds whose
 * QuickBooks record comes back as no mirror (an order's journal entry): `Synced` with the record
 * the write made, or `Failed` / `Needs Review`; and each posting the write made (a reversal, a new
 * entry) as the record's history. Both are writes of their own into the CRM, queued with the
 * settling (see `dispatch.ts`).
 */
import type { OutboxItem, outboxRepo } from '../store/outbox.ts';
import type { Reporter, WriteEvent } from './adapters.ts';
import { toOutbox } from './ingest.ts';
import { isRecordRank } from './ranks.ts';

/**
 * A write out of the reporter's own system (from the CRM into QuickBooks), of a kind the reporter
 * shows as it is settled: its status on the record it came from — `Synced` with the record it
 * made, or why not. Other kinds show theirs when their mirror comes back.
 * @example await showOutbound(deps, outbox, item, 'Synced', '31') // the Order: Synced, its entry's key
 */
export async function showOutbound(
  deps: { readonly reporter: Reporter; readonly targetConnectionId: string },
  outbox: ReturnType<typeof outboxRepo>,
  item: OutboxItem,
  status: 'Synced' | 'Failed' | 'Needs Review',
  targetId?: string,
): Promise<void> {
  const { reporter } = deps;
  if (item.connectionId !== reporter.connectionId || item.slot || !isRecordRank(item.rank)) return;
  if (!reporter.confirms?.(item.sourceType)) return;
  const record = { type: item.sourceType, id: item.sourceId };
  const written = targetId === undefined ? undefined : { connectionKey: deps.targetConnectionId, targetId };
  const shown = reporter.outboundStatusWrite?.(record, status, written);
  if (!shown) return;
  const flow = { id: item.flowId, sourceConnectionId: item.connectionId, targetConnectionId: item.targetConnectionId };
  await outbox.enqueue([toOutbox(shown, flow, item.runId, reporter.connectionId)]);
}

/**
 * The postings a confirmed write out of the reporter's own system made, each as a history record
 * of the record it came from, under a key of the posting itself (its connection, object and id):
 * a write confirmed again (a replay answered by its request id) updates the same records.
 * @example await showHistory(deps, outbox, item, outcome.events) // the Order: "Journal entry 31 reversed by 32"
 */
export async function showHistory(
  deps: { readonly reporter: Reporter; readonly now: () => number },
  outbox: ReturnType<typeof outboxRepo>,
  item: OutboxItem,
  events: readonly WriteEvent[] | undefined,
): Promise<void> {
  const { reporter } = deps;
  if (!events?.length || item.connectionId !== reporter.connectionId || item.slot) return;
  const record = { type: item.sourceType, id: item.sourceId };
  const flow = { id: item.flowId, sourceConnectionId: item.connectionId, targetConnectionId: item.targetConnectionId };
  // One moment for all a write posted: the write was confirmed once.
  const at = deps.now();
  const writes = events.flatMap((event) => {
    const key = `${item.targetConnectionId}:${item.object}:${event.targetId}`;
    const w = reporter.historyWrite({
      key,
      connectionKey: item.targetConnectionId,
      runKey: item.runId,
      record,
      event,
      at,
    });
    return w ? [toOutbox(w, flow, item.runId, reporter.connectionId)] : [];
  });
  if (writes.length) await outbox.enqueue(writes);
}
