/**
 * Field mappings both ways, over real sockets (org simulator, Web Connector sessions against the
 * company file, which defines the public data extension "Sales Region" for customers): the
 * customer's own Account picklist `Region__c` mapped to it with `East=E;West=W;*=U` and the
 * default "Unassigned". An edit in Salesforce reaches QuickBooks as a DataExtMod alone (no
 * CustomerMod), a value the map lacks as the `*` pair's U, a cleared one as a DataExtDel; what
 * comes back is not written again either way (counts asserted); a QuickBooks value the map lacks
 * takes the default in Salesforce. A mapping to a data extension the company lacks sends nothing
 * (the session read the company's definitions first), is said on the connection, and the Account
 * itself still syncs. Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import type { RunReport } from '../simulators/qbd/webconnector/client.ts';
import type { MetadataValue } from '../simulators/salesforce/custom-metadata.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { customerOrg, type MappingRecords, regionPicklist } from './support/customer-org.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = {
  seed: 43,
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

const customerField = regionPicklist(['East', 'West', 'Unassigned', 'North']);

describe.each(testBackends().map((b) => [b.name, b] as const))('field mappings to QuickBooks, on %s', (_n, backend) => {
  let r: InProcessRelay | undefined;
  let store: Store | undefined;
  let t = Date.parse('2026-12-01T15:00:00Z');
  const now = () => t;

  async function start(mappings: MappingRecords) {
    store = backend.name === 'embedded' ? undefined : await backend.open({ now });
    r = await startInProcessRelay(COMPANY, {
      ...(store ? { store } : {}),
      now,
      org: customerOrg([customerField], mappings),
    });
    return r;
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
  /** The writes a session asked QuickBooks for, by request type, in order (data extensions too). */
  const sentIn = (report: RunReport) =>
    report.requests.flatMap((xml) => [...xml.matchAll(/<(\w+(?:Add|Mod|Del))Rq /g)].map((m) => m[1]!));
  /** The Account's fields a session changed, besides its timestamps. */
  const changedOn = (before: Record<string, unknown>, after: Record<string, unknown>) =>
    Object.keys(after).filter(
      (k) =>
        !['LastModifiedDate', 'SystemModstamp'].includes(k) && JSON.stringify(after[k]) !== JSON.stringify(before[k]),
    );
  /**
   * An edit in Salesforce (of an Account sent to QuickBooks), read by the relay, then the next Web
   * Connector session: the writes it sent, and what it wrote back onto the Account.
   */
  async function editInSalesforce(listId: string, fields: Record<string, unknown>) {
    driver().update('Account', String(accountOf(listId).Id), { QuickBooks_Sync_Enabled__c: true, ...fields });
    await driver().readOrg();
    const edited = { ...accountOf(listId) };
    const sent = sentIn(await driver().session());
    return { sent, writtenBack: changedOn(edited, accountOf(listId)) };
  }
  /** Another read of the org and another session: what they wrote on each side. */
  async function echoRound(listId: string) {
    const before = { ...accountOf(listId) };
    await driver().readOrg();
    const sent = sentIn(await driver().session());
    await driver().readOrg();
    return { sent, writtenBack: changedOn(before, accountOf(listId)) };
  }
  const NOTHING = { sent: [], writtenBack: [] };
  /** A write into QuickBooks notes its time on the Account, and nothing else. */
  const SYNCED = ['QuickBooks_Last_Synced_At__c'];

  it('sends an Account edit as a DataExtMod through the value map, an unmapped value as the * pair, a cleared one as a DataExtDel, and nothing back', async () => {
    await start({ Account_Region: REGION });
    await driver().session();
    await driver().readOrg();
    const [first] = r!.company.list('customer').filter((c) => !c.parent);
    const id = first!.listId;
    const editSequence = first!.editSequence;

    expect(await editInSalesforce(id, { Region__c: 'West' })).toEqual({ sent: ['DataExtMod'], writtenBack: SYNCED });
    expect(regionIn(id)).toBe('W');
    expect(await echoRound(id)).toEqual(NOTHING);
    expect(accountOf(id).Region__c).toBe('West');

    // Not in the map: the * pair's U; read back, the Account keeps North.
    expect(await editInSalesforce(id, { Region__c: 'North' })).toEqual({ sent: ['DataExtMod'], writtenBack: SYNCED });
    expect(regionIn(id)).toBe('U');
    expect(await echoRound(id)).toEqual(NOTHING);
    expect(accountOf(id).Region__c).toBe('North');

    expect(await editInSalesforce(id, { Region__c: null })).toEqual({ sent: ['DataExtDel'], writtenBack: SYNCED });
    expect(regionIn(id)).toBeUndefined();
    expect(await echoRound(id)).toEqual(NOTHING);
    // No CustomerMod was sent; the data extension writes modified the customer, as QuickBooks does.
    expect(r!.company.list('customer').find((c) => c.listId === id)!.editSequence).not.toBe(editSequence);
    expect(driver().outboundLogs()).toEqual([]);
  });

  it("keeps a rep's unmapped choice made right after a session wrote the previous one, before its read-back was taken in", async () => {
    await start({ Account_Region: REGION });
    await driver().session();
    await driver().readOrg();
    const [first] = r!.company.list('customer').filter((c) => !c.parent);
    const id = first!.listId;
    const account = String(accountOf(id).Id);

    driver().update('Account', account, { QuickBooks_Sync_Enabled__c: true, Region__c: 'East' });
    await driver().readOrg();
    t += 15 * 60_000;
    await r!.webConnector(); // writes E and reads the customer back
    driver().update('Account', account, { Region__c: 'North' });
    await driver().readOrg();
    for (let n = 0; n < 3; n++) {
      await driver().session();
      await driver().readOrg();
      expect(accountOf(id).Region__c).toBe('North');
      expect(regionIn(id)).toBe('U');
    }
    expect(await echoRound(id)).toEqual(NOTHING);
  });

  it('writes a QuickBooks value the map lacks as the default, and sends nothing back for it', async () => {
    await start({ Account_Region: REGION });
    const [first] = r!.company.list('customer').filter((c) => !c.parent);
    const id = first!.listId;
    r!.company.edit('customer', id, { dataExt: [{ ownerId: '0', name: 'Sales Region', value: 'Pacific' }] });
    await driver().session();
    expect(accountOf(id).Region__c).toBe('Unassigned');

    // The Account sent to QuickBooks: the default stands for Pacific, which QuickBooks keeps.
    expect(await editInSalesforce(id, { Phone: '(206) 555-0101' })).toEqual({
      sent: ['CustomerMod'],
      writtenBack: SYNCED,
    });
    expect(regionIn(id)).toBe('Pacific');
    expect(await echoRound(id)).toEqual(NOTHING);
  });

  it('sends no value for a data extension the company file lacks, says so on the connection, and the Account itself still syncs', async () => {
    await start({ Account_Territory: { ...REGION, QuickBooks_Field__c: 'Territory' } });
    await driver().session();
    await driver().readOrg();
    const [first] = r!.company.list('customer').filter((c) => !c.parent);
    const id = first!.listId;

    const edit = await editInSalesforce(id, { Region__c: 'East', Phone: '(206) 555-0102' });
    // The session read the company's custom fields first (field-mappings-definitions.test.ts).
    expect(edit.sent).toEqual(['CustomerMod']);
    expect(r!.company.list('customer').find((c) => c.listId === id)!.phone).toBe('(206) 555-0102');
    expect(driver().outboundLogs()).toEqual([]);
    expect(r!.sim.org.records('QuickBooks_Connection__c')[0]!.Field_Mapping_Problems__c).toBe(
      'Account_Territory: the company file has no custom field "Territory"',
    );
  });
});
