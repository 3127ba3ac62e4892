/**
 * @module
 * Routes a decoded REST request (below `/services/data/vXX.X`) to its resource handler. Composite
 * and Graph call back into it for their subrequests, inside their transaction.
 */
import { createBulk } from './bulk.ts';
import { handleCollections } from './collections.ts';
import { handleComposite, handleGraph } from './composite.ts';
import { notFound, type SimResponse } from './errors.ts';
import type { SimOrg } from './org.ts';
import { handleQuery } from './query.ts';
import type { SimRequest } from './request.ts';
import { handleLimits, handleSObjects } from './sobjects.ts';
import type { Tx } from './store.ts';

export interface Router {
  dispatch(req: SimRequest, tx?: Tx): SimResponse;
  close(): void;
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** @example const router = createRouter(org, { startDelayMs: 20, rowsPerTick: 2000 }); */
export function createRouter(org: SimOrg, bulkOptions: { startDelayMs: number; rowsPerTick: number }): Router {
  const bulk = createBulk(org, bulkOptions);
  const dispatch = (o: SimOrg, req: SimRequest, tx?: Tx): SimResponse => {
    const p = req.path.replace(/\/$/, '') || '/';
    if (under(p, '/sobjects')) return handleSObjects(o, req, tx);
    if (under(p, '/composite/sobjects')) return handleCollections(o, req, tx);
    if (p === '/composite/graph' && req.method === 'POST') return handleGraph(o, req, dispatch);
    if (p === '/composite' && req.method === 'POST') return handleComposite(o, req, dispatch);
    if (under(p, '/query') && req.method === 'GET') return handleQuery(o, req);
    if (under(p, '/jobs/ingest')) return bulk.handle(req);
    if (p === '/limits' && req.method === 'GET') return handleLimits(o);
    throw notFound();
  };
  return { dispatch: (req, tx) => dispatch(org, req, tx), close: () => bulk.close() };
}
