/**
 * @module
 * QuickBooks Online as a sync source: a stored page of Intuit's records (`mapping/pages.ts`, put in
 * the inbox by the feed) → canonical records and deletions, in the company's home currency. The
 * relay reads Online itself (push delivery): a read of the feed is the delivery its runs count.
 */
import type { Db } from '../../store/db.ts';
import type { SourceAdapter } from '../../sync/adapters.ts';
import { decodePage } from './mapping/pages.ts';
import { qboCompaniesRepo } from './store/companies.ts';
import { qboFetchesRepo } from './store/fetches.ts';

/** @example const source = createQboSource(store.db); */
export function createQboSource(db: Db): SourceAdapter {
  return {
    system: 'qbo',
    serves: 'qbo',
    delivery: 'push',
    name: 'QuickBooks Online',
    edition: 'Online',
    receiving: (tx, connectionId) => qboFetchesRepo(tx).anyOpen(connectionId),
    deliveryOpen: (tx, connectionId, fetchId) => qboFetchesRepo(tx).isOpen(connectionId, fetchId),
    async context(connectionId) {
      const company = await qboCompaniesRepo(db).byConnection(connectionId);
      return { homeCurrency: company?.homeCurrency ?? 'USD' };
    },
    decode: (payload, _kind, ctx) => decodePage(payload, ctx),
  };
}
