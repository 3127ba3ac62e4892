/** Migration 23: flows made before orders joined the model carry them; a narrower flow keeps its list. */
import { testBackends } from '../../../test/qbwc/support/stores.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { topologyRepo } from './topology.ts';

const BEFORE = ['account', 'item', 'customer', 'vendor', 'invoice', 'bill', 'payment', 'journalEntry'];

describe.each(testBackends().map((b) => [b.name, b] as const))('flows of an earlier release, on %s', (_n, backend) => {
  it('take orders, unless they were made narrower', async () => {
    const store = await backend.open({ applyMigrations: false });
    try {
      await migrate(
        store.db,
        MIGRATIONS.filter((m) => m.version <= 22),
      );
      const topology = topologyRepo(store.db);
      for (const id of ['qbo-1', 'sf', 'qbo-2'])
        await topology.ensureConnection({
          id,
          system: id.startsWith('qbo') ? 'qbo' : 'salesforce',
          label: id,
          settings: {},
        });
      const wide = await topology.ensureLink('qbo-1', 'sf');
      const narrow = await topology.ensureLink('qbo-2', 'sf');
      await topology.ensureFlow({
        linkId: wide,
        sourceConnectionId: 'sf',
        targetConnectionId: 'qbo-1',
        objects: BEFORE,
      });
      await topology.ensureFlow({
        linkId: narrow,
        sourceConnectionId: 'sf',
        targetConnectionId: 'qbo-2',
        objects: ['customer'],
      });
      await migrate(store.db, MIGRATIONS);
      const flows = await topology.flowsFrom('sf');
      expect(flows.find((f) => f.targetConnectionId === 'qbo-1')?.objects).toEqual([...BEFORE, 'order']);
      expect(flows.find((f) => f.targetConnectionId === 'qbo-2')?.objects).toEqual(['customer']);
    } finally {
      await store.close();
    }
  });
});
