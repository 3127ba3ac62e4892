/**
 * Upgrading a running relay: a store as an earlier release left it (migrations 1–9, rows written
 * in that schema's own columns, and the rows migrations 10–13 added) migrates in place.
 * Connections, cursors, the id map and record state (now identities), the outbox, runs, the
 * org's pause and stored pages carry over, each company gets its link and flow into the org; a
 * write the target already confirmed is not sent again; the next session goes on from the cursors.
 */
import { testBackends } from '../../../test/qbwc/support/stores.ts';
import type { Store } from './index.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { outboxRepo } from './outbox.ts';
import { identitiesRepo } from './identities.ts';
import { recordStateRepo } from './record-state.ts';
import { rankOf, SECOND_WRITE_RANK } from '../sync/ranks.ts';
import { runsRepo } from './runs.ts';
import { topologyRepo } from './topology.ts';

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
      // Writes failed and waiting for a replay, in the old bands: a contact (40), a vendor (30), a bill (51), a roll-up (70).
      for (const [id, rank, object, sourceType, slot] of [
        ['ob-contact', 40, 'Contact', 'customer', ''],
        ['ob-vendor', 30, 'Account', 'vendor', ''],
        ['ob-bill', 51, 'QuickBooks_Bill__c', 'bill', ''],
        ['ob-rollup', 70, 'Account', 'customer', 'rollup'],
      ] as const) {
        await q(
          `INSERT INTO outbox (id, connection_id, rank, sobject, external_id_field, external_id, slot, payload, source_type,
           source_id, content_hash, generation, status, attempts, next_attempt_at, run_id, created_at, updated_at)
         VALUES ($1, 'c1', $2, $3, 'X__c', $1, $4, '{}', $5, $1, 'h', 1, 'failed', 8, $6, 'c1:S1', $6, $6)`,
          [id, rank, object, slot, sourceType, T],
        );
      }
      // A failure log about the failed contact, keyed as earlier releases keyed it.
      await q(
        `INSERT INTO outbox (id, connection_id, rank, sobject, external_id_field, external_id, slot, payload, source_type,
         source_id, content_hash, generation, status, attempts, next_attempt_at, run_id, created_at, updated_at)
       VALUES ('ob-log', 'c1', 90, 'QuickBooks_Sync_Log__c', 'Log_Key__c', 'c1:Contact:ob-contact', '', '{}', 'syncLog',
         'c1:Contact:ob-contact', 'h', 1, 'done', 1, $1, 'c1:S1', $1, $1)`,
        [T],
      );
      await q(`INSERT INTO sync_runs (id, connection_id, direction, started_at, finished_at, records_read, outcome, summary)
             VALUES ('c1:S1', 'c1', 'qb_to_sf', ${T}, ${T}, 3, 'succeeded', 'Read 3')`);
      await q(`INSERT INTO record_state (connection_id, record_type, source_id, source_version, content_hash, deleted,
               party_id, total, balance, due_date, updated_at, targets)
             VALUES ('c1', 'customer', 'C-1', '17', 'state-hash', 0, NULL, NULL, NULL, NULL, ${T},
               '[{"object":"Account","externalIdField":"QuickBooks_Customer_Id__c","externalId":"c1:C-1"}]')`);
      await q(`UPDATE connections SET target_paused_at = ${T - 60_000}, target_paused_until = ${T + 60_000}`);
      await q(`INSERT INTO inbox (id, connection_id, session_id, request_kind, request_id, received_at, payload, status)
             VALUES ('in1', 'c1', 'S1', 'InvoiceQuery', 'r1', ${T}, '<QBXML/>', 'pending')`);
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
      const ids = identitiesRepo(store.db);
      const account = { connectionId: 'salesforce', object: 'Account', key: 'c1:C-1' };
      const customer = { connectionId: 'c1', object: 'customer', key: 'C-1' };
      expect(await ids.localId(account)).toBe('001000000000001AAA');
      expect(await ids.get(customer)).toMatchObject({ version: '17', contentHash: 'state-hash' });
      expect(await recordStateRepo(store.db).get('c1', 'customer', 'C-1')).toMatchObject({
        flowId: 'flow-c1',
        targets: [{ object: 'Account', externalId: 'c1:C-1' }],
      });
      // The org is a connection of its own, with the pause every company row carried; each company flows into it.
      const topology = topologyRepo(store.db);
      expect(await topology.connection('salesforce')).toMatchObject({
        system: 'salesforce',
        pause: { since: T - 60_000, until: T + 60_000 },
      });
      expect(await topology.connection('c1')).toMatchObject({ system: 'qbd', label: 'Acme', pause: null });
      expect(await topology.flowsFrom('c1')).toEqual([
        expect.objectContaining({
          id: 'flow-c1',
          targetConnectionId: 'salesforce',
          objects: expect.arrayContaining(['invoice']),
        }),
      ]);
      expect(await store.inbox.list('c1')).toEqual([expect.objectContaining({ id: 'in1', status: 'pending' })]);
      // Waiting writes now rank by the model: contacts after their party's Accounts, vendors in their own band, a
      // bill in the bills' band, roll-ups after every record; the confirmed write keeps its rank.
      const rankOfRow = async (id: string) => (await outboxRepo(store.db).get(id))?.rank;
      expect(await rankOfRow('ob-contact')).toBe(rankOf('customer', 6));
      expect(await rankOfRow('ob-vendor')).toBe(rankOf('vendor'));
      expect(await rankOfRow('ob-bill')).toBe(rankOf('bill'));
      expect(await rankOfRow('ob-rollup')).toBe(SECOND_WRITE_RANK);
      expect(await rankOfRow('ob1')).toBe(30);
      // The failure log now names the write it is about; the Account is one entity with its customer.
      expect((await outboxRepo(store.db).failureLog('c1:Contact:ob-contact'))?.write?.id).toBe('ob-contact');
      expect((await ids.get(account))?.entityId).toBe((await ids.get(customer))?.entityId);
      expect(await runsRepo(store.db).get('c1:S1')).toMatchObject({ deliveryId: 'S1', direction: 'qb_to_sf', read: 3 });

      // The same write again, as the next session would map it: Salesforce already has it.
      const outbox = outboxRepo(store.db, () => T + 1);
      await outbox.enqueue([
        {
          id: 'ob2',
          connectionId: 'c1',
          flowId: 'flow-c1',
          targetConnectionId: 'salesforce',
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
