/**
 * @module
 * What a push target's settled write shows on the CRM record it came from, for the kinds whose
 * QuickBooks record comes back as no mirror (an order's journal entry): `Synced` with the record
 * the write made, or `Failed` / `Needs Review`. The status is a write of its own into the CRM,
 * queued with the settling (see `dispatch.ts`).
 */
import type { OutboxItem, outboxRepo } from '../store/outbox.ts';
import type { Reporter } from './adapters.ts';
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
