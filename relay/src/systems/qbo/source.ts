/**
 * @module
 * QuickBooks Online as a sync source: a stored page of Intuit's records (`mapping/pages.ts`, put in
 * the inbox by the feed) → canonical records and deletions, in the company's home currency. The
 * relay reads Online itself (push delivery): a read of the feed is the delivery its runs count.
 */
import type { Db } from '../../store/db.ts';
import type { SourceAdapter } from '../../sync/adapters.ts';
import { decodePage } from './mapping/pages.ts';
import { heldOf } from './outbound/writes.ts';
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
    decode(payload, _kind, ctx) {
      const page = decodePage(payload, ctx);
      if (!page.ok) return page;
      // What QuickBooks holds as a write into it would set it: a CRM edit that would write exactly
      // this is our own mirror come back, not a change.
      const records = page.value.records.map((r) => {
        const held = r.type === 'deletion' ? undefined : heldOf(r);
        return held ? { ...r, held } : r;
      });
      return { ok: true, value: { records, failures: page.value.failures } };
    },
  };
}
