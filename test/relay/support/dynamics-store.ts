/**
 * @module
 * A fresh store on a test backend with Dynamics connections in it, as the Dynamics system's store,
 * feed, route and target tests start from.
 */
import type { Store } from '../../../relay/src/store/index.ts';
import { topologyRepo } from '../../../relay/src/store/topology.ts';
import type { TestBackend } from '../../qbwc/support/stores.ts';

/** @example store = await dynamicsStore(backend, ['dyn-a', 'dyn-b'], { now }); */
export async function dynamicsStore(
  backend: TestBackend,
  ids: readonly string[] = ['dynamics'],
  opts: { now?: () => number; storeNow?: () => number } = {},
): Promise<Store> {
  const store = await backend.open((opts.storeNow ?? opts.now) ? { now: opts.storeNow ?? opts.now } : {});
  for (const id of ids)
    await topologyRepo(store.db, opts.now).ensureConnection({ id, system: 'dynamics', label: id, settings: {} });
  return store;
}
