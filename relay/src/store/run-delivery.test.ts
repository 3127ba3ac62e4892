import { testBackends } from '../../../test/qbwc/support/stores.ts';
import type { Store } from './index.ts';
import { migrate } from './migrate.ts';
import { runsRepo } from './runs.ts';

describe.each(testBackends().map((b) => [b.name, b] as const))('a run’s delivery, on %s', (_n, backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(() => store.close());

  it('is recorded when the run starts', async () => {
    const runs = runsRepo(store.db);
    await runs.start('acme:S1', 'acme', 'qb_to_sf', 'S1');
    await runs.start('acme:manual', 'acme', 'qb_to_sf', null);
    expect([(await runs.get('acme:S1'))?.deliveryId, (await runs.get('acme:manual'))?.deliveryId]).toEqual([
      'S1',
      null,
    ]);
  });

  it('is read off the id of runs recorded before migration 12', async () => {
    const runs = runsRepo(store.db);
    await runs.start('acme:7f3e-session', 'acme', 'qb_to_sf');
    await runs.start('other-run', 'acme', 'qb_to_sf');
    await store.db.exec('ALTER TABLE sync_runs DROP COLUMN delivery_id');
    await store.db.query('DELETE FROM schema_migrations WHERE version = 12');
    expect((await migrate(store.db)).applied).toEqual([12]);
    expect([(await runs.get('acme:7f3e-session'))?.deliveryId, (await runs.get('other-run'))?.deliveryId]).toEqual([
      '7f3e-session',
      null,
    ]);
  });
});
