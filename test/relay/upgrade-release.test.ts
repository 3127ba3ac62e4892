/**
 * Upgrading a running relay, end to end: a store written by the previous release (migrations 1–13;
 * its rows in test/fixtures/stores/release-stop-20.json, dumped from that release's relay after four
 * sessions against these simulators, see its `about`) migrates in place, and today's relay goes on
 * from it against the org and the company that release left. The writes left pending reach the org
 * once; the next Web Connector session asks only for what changed since and knows what it reads
 * again by the hashes the old relay stored; edits made in QuickBooks after the upgrade reach the org
 * exactly once, and a line taken off an invoice is removed by the ids the old relay recorded.
 * One exception, named where it is asserted: the two writes naming the standard price book that the
 * overlap reads again go out once more (same values), since today's mapping hashes a placeholder.
 */
import fs from 'node:fs';
import { migrate } from '../../relay/src/store/migrate.ts';
import { MIGRATIONS } from '../../relay/src/store/migrations/index.ts';
import type { Store } from '../../relay/src/store/index.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import type { SalesforceSimulator } from '../simulators/salesforce/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';

type Row = Record<string, unknown>;
type Edit = { advanceSeconds: number } | { kind: 'customer'; listId: string; changes: { phone: string } };

interface Fixture {
  readonly migrations: number;
  readonly user: string;
  readonly password: string;
  readonly company: CompanyOptions;
  readonly edits: readonly Edit[];
  readonly tables: Readonly<Record<string, readonly Row[]>>;
  readonly org: Readonly<Record<string, readonly Row[]>>;
}

const FIXTURE = JSON.parse(
  fs.readFileSync(new URL('../fixtures/stores/release-stop-20.json', import.meta.url), 'utf8'),
) as Fixture;
const [OLD] = FIXTURE.tables.connections as [Row];
const CONNECTION_ID = String(OLD.id);

/** Objects the relay mirrors records into, each with the external id its writes upsert on. */
const DATA_OBJECTS: Readonly<Record<string, string>> = {
  Account: 'QuickBooks_Customer_Id__c',
  Contact: 'QuickBooks_Contact_Id__c',
  Opportunity: 'QuickBooks_Invoice_Id__c',
  OpportunityLineItem: 'QuickBooks_Line_Id__c',
  Product2: 'QuickBooks_Item_Id__c',
  QuickBooks_GL_Account__c: 'QuickBooks_Account_Id__c',
  QuickBooks_Invoice__c: 'QuickBooks_Invoice_Id__c',
  QuickBooks_Invoice_Line__c: 'QuickBooks_Line_Id__c',
  QuickBooks_Bill__c: 'QuickBooks_Bill_Id__c',
  QuickBooks_Payment__c: 'QuickBooks_Payment_Id__c',
  PricebookEntry: 'QuickBooks_Item_Id__c',
};

/** The store as the previous release left it: its migrations, then its rows. */
async function previousReleaseStore(store: Store): Promise<void> {
  await migrate(
    store.db,
    MIGRATIONS.filter((m) => m.version <= FIXTURE.migrations),
  );
  for (const [table, rows] of Object.entries(FIXTURE.tables)) {
    for (const row of rows) {
      const columns = Object.keys(row);
      await store.db.query(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        Object.values(row) as never[],
      );
    }
  }
}

/** The org as the previous release left it; record ids come out as they were (the simulator numbers them in order). */
function previousReleaseOrg(sim: SalesforceSimulator): void {
  for (const [object, records] of Object.entries(FIXTURE.org)) {
    const o = sim.org.objectOrThrow(object);
    const standing = new Set(sim.org.store.all(o).map((r) => r.Id));
    for (const { Id, ...fields } of records) {
      if (standing.has(String(Id))) continue; // the standard price book every org has
      const saved = sim.org.store.insert(o, fields);
      if (saved.Id !== Id) throw new Error(`${object} ${String(Id)} came back as ${saved.Id}`);
    }
  }
}

/** Each data object's external ids in the org, sorted (a duplicate shows twice). */
const dataKeys = (sim: SalesforceSimulator) =>
  Object.fromEntries(
    Object.entries(DATA_OBJECTS).map(([object, field]) => [
      object,
      sim.org
        .records(object)
        .map((r) => String(r[field]))
        .sort(),
    ]),
  );

/** How often each data record in the org was saved, by object and external id. */
const saves = (sim: SalesforceSimulator) =>
  Object.fromEntries(
    Object.entries(DATA_OBJECTS).flatMap(([object, field]) =>
      sim.org.records(object).map((rec) => [`${object} ${String(rec[field])}`, sim.org.store.writeCount(rec.Id)]),
    ),
  );

/** The records saved since `before` was taken, each with how many more saves. */
const savedSince = (sim: SalesforceSimulator, before: Readonly<Record<string, number>>) =>
  Object.fromEntries(
    Object.entries(saves(sim)).flatMap(([k, n]) => (n === (before[k] ?? 0) ? [] : [[k, n - (before[k] ?? 0)]])),
  );

const keysOf = (records: readonly Row[] | undefined, field: string) =>
  (records ?? []).map((r) => String(r[field])).sort();

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'a store of the previous release, on %s',
  (_n, backend) => {
    let store: Store;
    let r: InProcessRelay;
    let applied: readonly number[];
    beforeAll(async () => {
      store = await backend.open({ applyMigrations: false });
      await previousReleaseStore(store);
      applied = (await migrate(store.db)).applied;
      r = await startInProcessRelay(FIXTURE.company, {
        store,
        qbwcPassword: FIXTURE.password,
        org: previousReleaseOrg,
      });
      // The company as the bookkeeper left it: generated from the same seed, then the same edits.
      for (const edit of FIXTURE.edits) {
        if ('advanceSeconds' in edit) r.company.advanceClock(edit.advanceSeconds);
        else r.company.edit(edit.kind, edit.listId, edit.changes);
      }
    });
    afterAll(async () => {
      await r.close();
      await store.close();
    });

    it('migrates in place and goes on: pending writes sent once, the next session incremental, later edits mirrored once', async () => {
      expect(applied).toEqual(MIGRATIONS.filter((m) => m.version > FIXTURE.migrations).map((m) => m.version));
      expect(FIXTURE.user).toBe('acme');
      const orgKeys = dataKeys(r.sim);
      expect(orgKeys).toEqual(
        Object.fromEntries(Object.entries(DATA_OBJECTS).map(([o, f]) => [o, keysOf(FIXTURE.org[o], f)])),
      );

      // The writes the org was down for when the old relay stopped go out once (the last edited
      // customer's Account and Contact), and the run they belong to is closed.
      const edited = FIXTURE.edits.findLast((e) => 'kind' in e) as { listId: string; changes: { phone: string } };
      const editedKey = `${CONNECTION_ID}:${edited.listId}`;
      expect(r.sim.org.find('Account', 'QuickBooks_Customer_Id__c', editedKey)?.Phone).not.toBe(edited.changes.phone);
      const preloaded = saves(r.sim);
      await r.settle();
      expect(savedSince(r.sim, preloaded)).toEqual({
        [`Account ${editedKey}`]: 1,
        [`Contact ${editedKey}:primary`]: 1,
      });
      expect(r.sim.org.find('Account', 'QuickBooks_Customer_Id__c', editedKey)?.Phone).toBe(edited.changes.phone);
      const db = r.relay.runtime.store.db;
      // QuickBooks' runs (the org's own reads, into QuickBooks, are runs of their own flow).
      const runs = await db.query<{ id: string; outcome: string; flow_id: string }>(
        "SELECT id, outcome, flow_id FROM sync_runs WHERE direction = 'qb_to_sf' ORDER BY id",
      );
      expect(runs.map((x) => x.id)).toEqual(FIXTURE.tables.sync_runs!.map((x) => String(x.id)).sort());
      expect(runs.filter((x) => x.outcome === 'running' || x.flow_id !== `flow-${CONNECTION_ID}`)).toEqual([]);

      // The same connection, with the company file it recorded (the file identity check passes below).
      expect(await r.relay.runtime.store.connections.list()).toEqual([
        expect.objectContaining({
          id: CONNECTION_ID,
          qbwcUsername: 'acme',
          fileId: OLD.file_id,
          company: expect.objectContaining({ identity: OLD.company_identity, companyName: OLD.company_name }),
        }),
      ]);

      // The next session asks QuickBooks only for what changed since the old relay's cursors.
      const oldSessions = new Set(FIXTURE.tables.qbwc_sessions!.map((x) => String(x.id)));
      const settled = saves(r.sim);
      const session = await r.webConnector();
      expect(session.status).toBe('completed');
      await r.settle();
      const pages = (await r.relay.runtime.store.inbox.list(CONNECTION_ID)).filter(
        (p) => p.sessionId && !oldSessions.has(p.sessionId) && p.cursor?.from,
      );
      expect(Object.fromEntries(pages.map((p) => [p.cursor!.type, p.cursor!.from]))).toEqual(
        Object.fromEntries(FIXTURE.tables.cursors!.map((c) => [c.object_type, c.from_modified])),
      );
      // What that overlap reads again is recognised by the hashes the previous release stored.
      // This release writes more of two kinds of record: an invoice's department, class and
      // exchange rate (its mirror and its Opportunity), and a customer's class from its roll-up
      // (its most recent invoice's) instead of from the customer's own write. So the overlap's
      // invoices and customers are written once more (an Account twice: its own write and its
      // roll-up), and nothing else: not even the writes naming the standard price book, which
      // today's mapping names as the earlier writes did (the connection's own entries tell it the
      // org's id). A session after it sends nothing at all.
      const again = savedSince(r.sim, settled);
      expect(Object.keys(again).length).toBeGreaterThan(0);
      expect(
        Object.entries(again).filter(([k, n]) =>
          k.startsWith('Account ') ? n > 2 : !/^(Opportunity|QuickBooks_Invoice__c) /.test(k) || n > 1,
        ),
      ).toEqual([]);
      const rewritten = saves(r.sim);
      expect((await r.webConnector()).status).toBe('completed');
      await r.settle();
      expect(savedSince(r.sim, rewritten)).toEqual({});
      const summary = /^Nothing changed: read (\d+) records, all unchanged\.$/.exec(
        String(r.sim.org.records('QuickBooks_Connection__c')[0]!.Last_Run_Summary__c),
      );
      expect(summary).not.toBeNull();
      expect(Number(summary![1])).toBeGreaterThan(2); // the overlap read some records again
      expect(dataKeys(r.sim)).toEqual(orgKeys);

      // The audit trail the old relay wrote is all there, each row naming the company's flow.
      const audit = await db.query<{ id: string; flow_id: string | null }>('SELECT id, flow_id FROM audit_log');
      const oldAudit = new Set(FIXTURE.tables.audit_log!.map((a) => String(a.id)));
      const kept = audit.filter((a) => oldAudit.has(a.id));
      expect(kept).toHaveLength(oldAudit.size);
      expect(new Set(kept.map((a) => a.flow_id))).toEqual(new Set([`flow-${CONNECTION_ID}`]));

      // An edit made in QuickBooks after the upgrade reaches the org once.
      r.company.advanceClock(3600);
      const customer = r.company.list('customer')[1]!;
      r.company.edit('customer', customer.listId, { phone: '555-0177' });
      const beforeEdit = saves(r.sim);
      expect((await r.webConnector()).status).toBe('completed');
      await r.settle();
      const key = `${CONNECTION_ID}:${customer.listId}`;
      expect(savedSince(r.sim, beforeEdit)).toEqual({ [`Account ${key}`]: 1, [`Contact ${key}:primary`]: 1 });
      expect(r.sim.org.find('Account', 'QuickBooks_Customer_Id__c', key)?.Phone).toBe('555-0177');
      expect(dataKeys(r.sim)).toEqual(orgKeys);

      // A line taken off an invoice after the upgrade: its mirrors go, found by the ids the old relay
      // recorded (the id map, now identities; only what the target is known to hold is removed).
      r.company.advanceClock(3600);
      const invoice = r.company.list('invoice').find((i) => i.lines.length > 1)!;
      const dropped = `${CONNECTION_ID}:${invoice.txnId}:${invoice.lines.at(-1)!.txnLineId}`;
      expect(r.sim.org.find('QuickBooks_Invoice_Line__c', 'QuickBooks_Line_Id__c', dropped)).toBeDefined();
      r.company.edit('invoice', invoice.txnId, { lines: invoice.lines.slice(0, -1) });
      expect((await r.webConnector()).status).toBe('completed');
      await r.settle();
      const gone = (keys: Record<string, string[]>) => ({
        QuickBooks_Invoice_Line__c: keys.QuickBooks_Invoice_Line__c!.filter((k) => k !== dropped),
        OpportunityLineItem: keys.OpportunityLineItem!.filter((k) => k !== dropped),
      });
      expect(dataKeys(r.sim)).toEqual({ ...orgKeys, ...gone(orgKeys) });
      expect(orgKeys.OpportunityLineItem).toContain(dropped);
    });
  },
);
