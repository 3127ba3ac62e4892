/**
 * The field policy applied to a mapped field, over real sockets (org simulator, Web Connector
 * sessions against the company file, which defines the public data extension "Sales Region" for
 * customers): the customer's own Account picklist `Region__c` mapped to it both ways
 * (`East=E;West=W;*=U`), and a `QuickBooks_Field_Policy__mdt` record naming `Account.Region__c`.
 * QuickBooks owns it: an edit in Salesforce is not sent; Salesforce owns it: an edit in QuickBooks
 * does not overwrite the Account; both edited under Flag for Review: the Account is Needs Review
 * with the field named, neither value copied, no echo; without a record: the last change wins, as
 * for a standard field without one. Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import type { MetadataValue } from '../simulators/salesforce/custom-metadata.ts';
import type { SalesforceSimulator } from '../simulators/salesforce/index.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { customerOrg, regionPicklist } from './support/customer-org.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = {
  seed: 47,
  customers: 2,
  vendors: 0,
  items: 1,
  invoices: 0,
  bills: 0,
  payments: 0,
  dataExtDefs: [{ ownerId: '0', name: 'Sales Region', type: 'STR255TYPE', assignTo: ['Customer'] }],
};

const REGION: Record<string, MetadataValue> = {
  Salesforce_Object__c: 'Account',
  Salesforce_Field__c: 'Region__c',
  QuickBooks_Object__c: 'Customer',
  QuickBooks_Field_Kind__c: 'Data Extension',
  QuickBooks_Field__c: 'Sales Region',
  Direction__c: 'Both',
  Transform__c: 'Value Map',
  Value_Map__c: 'East=E;West=W;*=U',
  Default_Value__c: 'Unassigned',
  Active__c: true,
};

const regionField = regionPicklist(['East', 'West', 'Unassigned', 'North']);

/** A policy record for the mapped field, as an admin adds it. */
const regionPolicy = (owner: string, onConflict: string): Record<string, MetadataValue> => ({
  MasterLabel: 'Account Region',
  Object__c: 'Account',
  Field__c: 'Region__c',
  Owner__c: owner,
  On_Conflict__c: onConflict,
});

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'the field policy of a mapped field, on %s',
  (_n, backend) => {
    let r: InProcessRelay | undefined;
    let store: Store | undefined;
    let t = Date.parse('2026-12-01T15:00:00Z');
    // A clock that moves on each reading, as a real one does between a session's read and its write's
    // read-back (a data extension's edit leaves the customer's EditSequence as it was, so only the
    // order received tells the two apart).
    const now = () => (t += 1);

    async function start(policy?: Record<string, MetadataValue>) {
      store = backend.name === 'embedded' ? undefined : await backend.open({ now });
      const org = customerOrg([regionField], { Account_Region: REGION });
      r = await startInProcessRelay(COMPANY, {
        ...(store ? { store } : {}),
        now,
        org: (sim: SalesforceSimulator) => {
          org(sim);
          if (policy) sim.org.setCustomMetadata('QuickBooks_Field_Policy__mdt', 'Account_Region', policy);
        },
      });
      await driver().session(); // the first sync: QuickBooks' customers into the org
      // An Account sent to QuickBooks (the policy decides between the two records of one entity).
      driver().insert('Account', { Name: 'Delta Freight', Region__c: 'East', QuickBooks_Sync_Enabled__c: true });
      await settle();
      const listId = r.company.list('customer').find((c) => c.name === 'Delta Freight')!.listId;
      expect(regionIn(listId)).toBe('E');
      await later();
      return listId;
    }
    afterEach(async () => {
      await r?.close();
      await store?.close();
      r = undefined;
    });

    const driver = () => reverseDriver(r!, { advance: (ms) => (t += ms) });
    const accountOf = (listId: string) =>
      r!.sim.org.records('Account').find((a) => String(a.QuickBooks_Customer_Id__c).endsWith(`:${listId}`))!;
    const regionIn = (listId: string) =>
      r!.company
        .list('customer')
        .find((c) => c.listId === listId)!
        .dataExt?.find((d) => d.name === 'Sales Region')?.value;
    const editInBooks = (listId: string, value: string) =>
      r!.company.edit('customer', listId, { dataExt: [{ ownerId: '0', name: 'Sales Region', value }] });
    const editInSalesforce = (listId: string, region: string) =>
      driver().update('Account', String(accountOf(listId).Id), { QuickBooks_Sync_Enabled__c: true, Region__c: region });
    /**
     * Until nothing more moves: the org read, a session, the org read again (a moment apart: the
     * org stamps changes to the millisecond).
     */
    const settle = async () => {
      for (let i = 0; i < 2; i++) {
        await driver().readOrg();
        await later();
        await driver().session();
        await later();
      }
      await driver().readOrg();
    };
    /** A moment later (the org stamps changes to the millisecond), and a second on the relay's clock. */
    const later = () => ((t += 1_000), new Promise((resolve) => setTimeout(resolve, 5)));
    /** Writes into the Account that change none of its fields (the org's stamps aside): echoes. */
    function echoesInto(listId: string): string[] {
      const org = r!.sim.org;
      const id = String(accountOf(listId).Id);
      const update = org.store.update.bind(org.store);
      const stamps = new Set(['LastModifiedDate', 'SystemModstamp', 'QuickBooks_Last_Synced_At__c']);
      const echoes: string[] = [];
      org.store.update = (object, recordId, fields, tx) => {
        const before = org.store.get(object, recordId) as Readonly<Record<string, unknown>> | undefined;
        const changed = Object.entries(fields).filter(
          ([f, v]) => !stamps.has(f) && JSON.stringify(before?.[f] ?? null) !== JSON.stringify(v ?? null),
        );
        if (object.name === 'Account' && recordId === id && changed.length === 0)
          echoes.push(Object.keys(fields).join());
        return update(object, recordId, fields, tx);
      };
      return echoes;
    }
    /** A person's decision on a log, as the Needs Review component sets it. */
    const decide = (log: Record<string, unknown>, decision: string) => {
      t += 60_000;
      driver().update('QuickBooks_Sync_Log__c', String(log.Id), {
        Review_Decision__c: decision,
        Decided_At__c: new Date(t).toISOString(),
      });
    };
    const logOf = (log: Record<string, unknown>) =>
      r!.sim.org.records('QuickBooks_Sync_Log__c').find((l) => l.Log_Key__c === log.Log_Key__c)!;
    const reviewLogs = () =>
      r!.sim.org.records('QuickBooks_Sync_Log__c').filter((l) => l.Error_Code__c === 'review_field_conflict');

    it('sends no Salesforce edit of a mapped field QuickBooks owns, and brings QuickBooks’ changes of it over', async () => {
      const id = await start(regionPolicy('QuickBooks', 'Keep QuickBooks'));
      const echoes = echoesInto(id);
      editInSalesforce(id, 'West');
      await settle();
      expect(regionIn(id)).toBe('E');
      expect(echoes).toEqual([]);

      editInBooks(id, 'W');
      await settle();
      expect(accountOf(id).Region__c).toBe('West');
      expect(regionIn(id)).toBe('W');
    });

    it('does not overwrite the Account with a QuickBooks edit of a mapped field Salesforce owns, and sends Salesforce’s', async () => {
      const id = await start(regionPolicy('Salesforce', 'Keep Salesforce'));
      editInSalesforce(id, 'East');
      await settle();
      expect(regionIn(id)).toBe('E');
      await later();

      editInBooks(id, 'W');
      await settle();
      expect(accountOf(id).Region__c).toBe('East');

      await later();
      editInSalesforce(id, 'West');
      await settle();
      expect(regionIn(id)).toBe('W');
      expect(accountOf(id).Region__c).toBe('West');
    });

    it('flags a mapped field changed on both sides for review, naming it, copies neither, and writes nothing more', async () => {
      const id = await start(regionPolicy('Most Recent', 'Flag for Review'));
      const echoes = echoesInto(id);
      editInBooks(id, 'W');
      editInSalesforce(id, 'North');
      await settle();

      expect(regionIn(id)).toBe('W');
      expect(accountOf(id)).toMatchObject({ Region__c: 'North', QuickBooks_Sync_Status__c: 'Needs Review' });
      const [log] = reviewLogs();
      expect(log).toMatchObject({ Review_Kind__c: 'Conflict', Field__c: 'Account Region', Status__c: 'Failed' });
      expect(String(log!.Error_Message__c)).toMatch(/^Account Region was changed on both sides/);
      // The Account shows the review by its status; nothing else is written into it again.
      expect(echoes).toEqual([]);
      const [conflict] = await r!.relay.runtime.store.db.query<{ outcome: string; changes: string }>(
        "SELECT outcome, changes FROM audit_log WHERE operation = 'conflict'",
      );
      expect(conflict!.outcome).toBe('needs_review');
      expect(Object.values(JSON.parse(conflict!.changes) as Record<string, unknown>)[0]).toEqual(
        expect.arrayContaining(['W', 'U']),
      );
      // Nothing comes back: another round changes nothing on either side.
      const report = await driver().session();
      expect(driver().changesIn(report)).toEqual([]);

      // A person keeps QuickBooks' value on the Needs Review page: written to Salesforce, nothing to QuickBooks.
      decide(log!, 'Keep QuickBooks');
      await settle();
      expect(logOf(log!)).toMatchObject({ Status__c: 'Resolved', Review_Decision__c: 'Keep QuickBooks' });
      expect([regionIn(id), accountOf(id).Region__c]).toEqual(['W', 'West']);
      expect(accountOf(id).QuickBooks_Sync_Status__c).not.toBe('Needs Review');
      const again = await driver().session();
      expect(driver().changesIn(again)).toEqual([]);
      expect(echoes).toEqual([]);
    });

    it("sends Salesforce's value of a flagged mapped field to QuickBooks when a person keeps it", async () => {
      const id = await start(regionPolicy('Most Recent', 'Flag for Review'));
      const echoes = echoesInto(id);
      editInBooks(id, 'W');
      editInSalesforce(id, 'North');
      await settle();
      const [log] = reviewLogs();
      expect(log).toBeDefined();
      decide(log!, 'Keep Salesforce');
      await settle();
      expect(logOf(log!)).toMatchObject({ Status__c: 'Resolved', Review_Decision__c: 'Keep Salesforce' });
      // North is not in the map: QuickBooks gets the * pair's U, and the Account keeps North.
      expect([regionIn(id), accountOf(id).Region__c]).toEqual(['U', 'North']);
      const again = await driver().session();
      expect(driver().changesIn(again)).toEqual([]);
      expect(accountOf(id).Region__c).toBe('North');
      expect(echoes).toEqual([]);
    });

    it('without a policy record, a mapped field takes the last change from either side', async () => {
      const id = await start();
      editInBooks(id, 'W');
      await settle();
      expect(accountOf(id).Region__c).toBe('West');
      await later();
      editInSalesforce(id, 'East');
      await settle();
      expect(regionIn(id)).toBe('E');
      expect(accountOf(id).Region__c).toBe('East');
      expect(reviewLogs()).toEqual([]);
    });
  },
);
