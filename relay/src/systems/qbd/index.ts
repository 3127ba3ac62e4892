/**
 * @module
 * QuickBooks Desktop, as the registry sees it: the Web Connector user the environment names is
 * ensured at start-up (with sessions a stopped relay left ended), the Web Connector's SOAP
 * endpoint is its route, and stored qbXML pages are its source. Writes into Desktop are pulled:
 * the Web Connector leases them in its next session, after its reads (`session/write-phase.ts`).
 */
import type { System } from '../registry.ts';
import { qbwcRoutes } from './routes.ts';
import { reconciliationsRepo } from '../../store/reconciliations.ts';
import { qbdResync } from './resync.ts';
import { prepareQbwc } from './setup.ts';
import { createQbdSource } from './source.ts';
import { createQbdTarget } from './target.ts';

export const qbd: System = {
  name: 'qbd',
  title: 'QuickBooks Desktop',
  side: 'books',
  reconcile: {
    figures: 'next-session',
    // The next session reads their customers again, with their invoices and payments.
    reread: async ({ store, now }, connectionId, records, reconciliationId) => {
      const customers = [...new Set(records.flatMap((r) => (r.customerKey ? [r.customerKey] : [])))];
      await reconciliationsRepo(store.db, now).addRepairs(connectionId, reconciliationId, customers);
    },
  },
  resync: qbdResync,
  prepare: ({ store, config, log }) => prepareQbwc(store, config, log),
  routes: (ctx) => qbwcRoutes(ctx),
  source: ({ store }) => createQbdSource({ connections: store.connections }),
  // The company file the environment names takes the CRM's records (companies added with
  // `ledgerbridge qwc` flow into the CRM only, for now).
  async attach(connection, { store, config }) {
    const company = await store.connections.byId(connection.id);
    if (!company || !config.qbwc.username || company.qbwcUsername !== config.qbwc.username) return undefined;
    return { target: createQbdTarget(connection.id, { wonDealsAs: config.qbwc.wonDealsAs }) };
  },
};
