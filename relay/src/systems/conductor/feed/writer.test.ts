/**
 * A Conductor read's pages in the inbox, on each store backend: taken in the order they were read
 * (customers before the invoices that name them), though stored in the same instant.
 */
import { testBackends } from '../../../../../test/qbwc/support/stores.ts';
import { topologyRepo } from '../../../store/topology.ts';
import { storePage } from './writer.ts';

const AT = Date.UTC(2026, 10, 2, 9, 30);

describe.each(testBackends().map((b) => [b.name, b] as const))('Conductor pages stored on %s', (_name, backend) => {
  it('are taken in the order read, though stored in the same instant', async () => {
    const store = await backend.open({ now: () => AT });
    try {
      await topologyRepo(store.db, () => AT).ensureConnection({
        id: 'cdt',
        system: 'conductor',
        label: 'cdt',
        settings: {},
      });
      const target = { store, connectionId: 'cdt', readId: 'read-1', now: () => AT, counts: {} };
      for (let n = 0; n < 20; n++) {
        await storePage(target, { resource: n < 10 ? 'customers' : 'invoices', records: [{ id: `r${n}` }] });
      }
      const ids = (await store.inbox.list('cdt')).map(
        (i) => (JSON.parse(i.payload) as { records: { id: string }[] }).records[0]!.id,
      );
      expect(ids).toEqual(Array.from({ length: 20 }, (_, n) => `r${n}`));
    } finally {
      await store.close();
    }
  });
});
