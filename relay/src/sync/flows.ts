/**
 * @module
 * Which flow a source connection's records travel in. The single-CRM set-up the environment
 * describes (every QuickBooks connection into the one configured org) is {@link flowsInto}: a
 * source connection without a flow into the target gets a link and a flow the first time it has
 * something to send, so a company added later (a second Web Connector user) syncs without a
 * restart.
 */
import type { Store } from '../store/index.ts';
import { topologyRepo, type Flow, type NewConnectionRow } from '../store/topology.ts';
import { SYNC_ORDER } from './model.ts';

/** Finds the flow a source connection's records travel in. */
export type FlowResolver = (sourceConnectionId: string) => Promise<Flow>;

/**
 * @example const flowFor = flowsInto(store, { id: 'salesforce', system: 'salesforce', label: 'Acme org', settings: {} });
 */
export function flowsInto(
  store: Pick<Store, 'db'>,
  target: NewConnectionRow,
  now: () => number = Date.now,
  /** The target is the books of the link (records from a CRM into QuickBooks), not the CRM. */
  { targetIsBooks = false }: { targetIsBooks?: boolean } = {},
): FlowResolver {
  const topology = topologyRepo(store.db, now);
  const known = new Map<string, Flow>();
  let ensured: Promise<void> | undefined;
  return async (sourceConnectionId) => {
    const cached = known.get(sourceConnectionId);
    if (cached) return cached;
    ensured ??= topology.connection(target.id).then((row) => (row ? undefined : topology.ensureConnection(target)));
    await ensured;
    const existing = (await topology.flowsFrom(sourceConnectionId)).find((f) => f.targetConnectionId === target.id);
    const flow =
      existing ??
      (await topology.ensureFlow({
        linkId: targetIsBooks
          ? await topology.ensureLink(target.id, sourceConnectionId)
          : await topology.ensureLink(sourceConnectionId, target.id),
        sourceConnectionId,
        targetConnectionId: target.id,
        objects: SYNC_ORDER,
      }));
    known.set(sourceConnectionId, flow);
    return flow;
  };
}
