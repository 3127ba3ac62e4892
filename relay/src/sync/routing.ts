/**
 * @module
 * Which flow carries a record its own system assigns to a connection (a CRM Account naming its
 * QuickBooks company, and the deals and orders of that Account): the flow into that connection;
 * an unassigned one, the oldest flow out of its connection (into the company connected first); a
 * record assigned to a connection no flow goes into, none — the oldest flow reports it, in words,
 * once. `partners` are the targets of the flows out of the record's connection, oldest first. Records that carry no assignment travel in every flow.
 */
import { relayError } from '../lib/result.ts';
import type { Flow } from '../store/topology.ts';
import type { SourceFailure } from './adapters.ts';
import type { CanonicalRecord, Deletion } from './model.ts';

export type Route = 'carried' | 'elsewhere' | SourceFailure;

/**
 * @example routeOf(account, flow, ['qbo-east', 'qbo-west']) // 'carried' when flow goes to its company
 */
export function routeOf(record: CanonicalRecord | Deletion, flow: Flow, partners: readonly string[]): Route {
  if (record.type === 'deletion' || record.assignedTo === undefined) return 'carried';
  const first = partners[0] ?? flow.targetConnectionId;
  const to = record.assignedTo ?? first;
  if (partners.includes(to) || to === flow.targetConnectionId)
    return to === flow.targetConnectionId ? 'carried' : 'elsewhere';
  if (flow.targetConnectionId !== first) return 'elsewhere';
  return {
    sourceType: record.type,
    sourceId: record.id,
    error: relayError(
      'assigned_connection_unlinked',
      `This record names the connection "${to}", which is not linked to its own, so it goes nowhere. Choose a connected company on it (on its Account), then replay.`,
    ),
  };
}
