import { testBackends } from '../../../test/qbwc/support/stores.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
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
      // A store of the schema before migration 10, with a company recorded then.
      const old = await backend.open({ applyMigrations: false });
      try {
        await migrate(
          old.db,
          MIGRATIONS.filter((m) => m.version < 10),
        );
        await old.db.query(
          `INSERT INTO connections (id, edition, qbwc_username, password_hash, owner_id, file_id, company_identity, country,
             created_at, updated_at)
           VALUES ('c1', 'desktop', 'maple', 'h', '{O}', '{F}', 'fileid:{f}', 'CA', 1, 1)`,
        );
        const report = await migrate(old.db);
        expect(report.applied[0]).toBe(10);
        const before = await old.connections.byId('c1');
        expect(before?.company).toMatchObject({ identity: 'fileid:{f}', country: 'CA', homeCurrency: null });
        await old.connections.recordCompany('c1', company);
        expect((await old.connections.byId('c1'))?.company?.homeCurrency).toBe('CAD');
      } finally {
        await old.close();
      }
    });
  },
);
