import { testBackends } from '../../../test/qbwc/support/stores.ts';
import { migrate } from './migrate.ts';
import type { CompanyIdentity } from './connections.ts';
import type { Store } from './index.ts';

const company: CompanyIdentity = {
  identity: 'fileid:{f}',
  companyName: 'Maple Ltd',
  filePath: 'C:\\maple.qbw',
  productName: 'QuickBooks Premier 2024 (Canada)',
  country: 'CA',
  qbxmlVersions: ['13.0'],
  homeCurrency: 'CAD',
};

describe.each(testBackends().map((b) => [b.name, b] as const))(
  "the connection's home currency (migration 10) on %s",
  (_name, backend) => {
    let store: Store;
    beforeEach(async () => {
      store = await backend.open();
      await store.connections.upsert({
        id: 'c1',
        qbwcUsername: 'maple',
        passwordHash: 'h',
        ownerId: '{O}',
        fileId: '{F}',
      });
    });
    afterEach(async () => {
      await store.close();
    });

    it('is recorded with the company and read again each session', async () => {
      await store.connections.recordCompany('c1', company);
      expect((await store.connections.byId('c1'))?.company?.homeCurrency).toBe('CAD');
      await store.connections.recordCompany('c1', { ...company, homeCurrency: 'USD' });
      expect((await store.connections.byId('c1'))?.company?.homeCurrency).toBe('USD');
    });

    it('is added to connections recorded before it, empty until their next session', async () => {
      // Back to the schema before migration 10, with a company recorded then.
      await store.db.exec('ALTER TABLE connections DROP COLUMN home_currency');
      await store.db.query('DELETE FROM schema_migrations WHERE version = 10');
      await store.db.query("UPDATE connections SET company_identity = 'fileid:{f}', country = 'CA' WHERE id = 'c1'");
      const report = await migrate(store.db);
      expect(report.applied).toEqual([10]);
      const before = await store.connections.byId('c1');
      expect(before?.company).toMatchObject({ identity: 'fileid:{f}', country: 'CA', homeCurrency: null });
      await store.connections.recordCompany('c1', company);
      expect((await store.connections.byId('c1'))?.company?.homeCurrency).toBe('CAD');
    });
  },
);
