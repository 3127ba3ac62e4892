/**
 * Upgrading a running relay: a store as the release before this one left it (migrations 1–9, rows
 * written in that schema's own columns) migrates in place. Connections, cursors, the id map, the
 * outbox, runs and quarantined pages carry over; a write the target already confirmed is not sent
 * again; the next session goes on from the cursors.
 */
import { testBackends } from '../../../test/qbwc/support/stores.ts';
import type { Store } from './index.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { outboxRepo } from './outbox.ts';
import { idMapRepo } from './id-map.ts';
import { runsRepo } from './runs.ts';

const T = 1_790_000_000_000;

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'a store of the previous release, on %s',
  (_n, backend) => {
    let store: Store;
    beforeEach(async () => {
      store = await backend.open({ applyMigrations: false, now: () => T });
      await migrate(
        store.db,
        MIGRATIONS.filter((m) => m.version <= 9),
      );
      const q = (sql: string, params: unknown[] = []) => store.db.query(sql, params as never[]);
      // What stop 19's relay wrote, in its columns.
      await q(
        `INSERT INTO connections (id, edition, qbwc_username, password_hash, owner_id, file_id, company_identity,
         company_name, country, health_status, created_at, updated_at)
       VALUES ('c1', 'desktop', 'acme', 'scrypt$h', '{O}', '{F}', 'fileid:{f}', 'Acme', 'US', 'ok', $1, $1)`,
        [T],
      );
      await q(`INSERT INTO cursors (connection_id, object_type, from_modified, boundary, updated_at)
             VALUES ('c1', 'Invoice', '2026-11-02T09:00:00-08:00', '[["T-1","17"]]', ${T})`);
      await q(`INSERT INTO id_map (connection_id, sobject, external_id, target_id, created_at, updated_at)
             VALUES ('c1', 'Account', 'c1:C-1', '001000000000001AAA', ${T}, ${T})`);
      await q(
        `INSERT INTO outbox (id, connection_id, rank, sobject, external_id_field, external_id, slot, payload, source_type,
         source_id, content_hash, generation, status, attempts, next_attempt_at, run_id, created_at, updated_at)
       VALUES ('ob1', 'c1', 30, 'Account', 'QuickBooks_Customer_Id__c', 'c1:C-1', '', '{"Name":"Acme"}', 'customer',
         'C-1', 'h1', 1, 'done', 1, $1, 'c1:S1', $1, $1)`,
        [T],
      );
      await q(`INSERT INTO sync_runs (id, connection_id, direction, started_at, finished_at, records_read, outcome, summary)
             VALUES ('c1:S1', 'c1', 'qb_to_sf', ${T}, ${T}, 3, 'succeeded', 'Read 3')`);
    });
    afterEach(() => store.close());

    it('migrates in place, keeps every row, and sends nothing again', async () => {
      const report = await migrate(store.db);
      expect(report.applied).toEqual(MIGRATIONS.filter((m) => m.version > 9).map((m) => m.version));

      expect(await store.connections.byId('c1')).toMatchObject({
        qbwcUsername: 'acme',
        company: { identity: 'fileid:{f}', companyName: 'Acme', homeCurrency: null },
      });
      expect(await store.cursors.get('c1', 'Invoice')).toMatchObject({
        fromModified: '2026-11-02T09:00:00-08:00',
        boundary: [['T-1', '17']],
      });
      expect(await idMapRepo(store.db).get('c1', 'Account', 'c1:C-1')).toBe('001000000000001AAA');
      expect(await runsRepo(store.db).get('c1:S1')).toMatchObject({ deliveryId: 'S1', direction: 'qb_to_sf', read: 3 });

      // The same write again, as the next session would map it: Salesforce already has it.
      const outbox = outboxRepo(store.db, () => T + 1);
      await outbox.enqueue([
        {
          id: 'ob2',
          connectionId: 'c1',
          rank: 30,
          object: 'Account',
          externalIdField: 'QuickBooks_Customer_Id__c',
          externalId: 'c1:C-1',
          fields: { Name: 'Acme' },
          sourceType: 'customer',
          sourceId: 'C-1',
          contentHash: 'h1',
          runId: 'c1:S2',
        },
      ]);
      expect(await outbox.findByTarget('c1', 'Account', 'c1:C-1')).toMatchObject({ id: 'ob1', status: 'done' });
      expect(await outbox.claimBatch('w', { limit: 10, leaseMs: 1000 })).toBeUndefined();
    });
  },
);
