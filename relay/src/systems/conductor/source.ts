/**
 * @module
 * QuickBooks Desktop through Conductor as a sync source: a page the feed stored
 * (`mapping/pages.ts`) → canonical records and deletions, the same records the Web Connector path
 * gives for the same company data, in the company's home currency (the connection's setting). The
 * relay reads Conductor itself (push delivery): a read of the feed (`conductor_reads`) is the
 * delivery its runs count. Lists carry what QuickBooks holds of them as a write would set it
 * (`withHeld`, the Web Connector path's), so our own writes coming back are not echoed.
 */
import { withHeld } from '../../lib/qb-writes.ts';
import type { Db } from '../../store/db.ts';
import { topologyRepo } from '../../store/topology.ts';
import type { SourceAdapter } from '../../sync/adapters.ts';
import { settingsOf } from './connections.ts';
import { decodePage } from './mapping/pages.ts';
import { conductorReadsRepo } from './reads.ts';

/** @example const source = createConductorSource(store.db, Date.now); */
export function createConductorSource(db: Db, now: () => number = Date.now): SourceAdapter {
  return {
    system: 'conductor',
    serves: 'conductor',
    delivery: 'push',
    name: 'QuickBooks Desktop (Conductor)',
    edition: 'Desktop',
    receiving: (tx, connectionId) => conductorReadsRepo(tx, now).anyOpen(connectionId),
    deliveryOpen: (tx, connectionId, readId) => conductorReadsRepo(tx, now).isOpen(connectionId, readId),
    async context(connectionId) {
      const c = await topologyRepo(db, now).connection(connectionId);
      return { homeCurrency: (c && settingsOf(c)?.homeCurrency) ?? 'USD' };
    },
    decode(payload, _kind, ctx) {
      const page = decodePage(payload, ctx);
      return page.ok ? { ok: true, value: { ...page.value, records: page.value.records.map(withHeld) } } : page;
    },
  };
}
