/**
 * Field mappings as data, over real sockets (org simulator, Web Connector sessions against the
 * company file): a custom Account picklist the customer deployed (`Region__c`, not the package's)
 * mapped by a `QuickBooks_Field_Mapping__mdt` record to a Desktop customer's data extension, with a
 * value map and a default for unmapped values — QuickBooks → Salesforce. Mappings that cannot apply
 * (a field missing, a type that does not fit, a value the picklist lacks) are ignored and said in
 * words on the connection's health, and every record still syncs. Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import type { MetadataValue } from '../simulators/salesforce/custom-metadata.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { customerOrg, type MappingRecords, regionPicklist } from './support/customer-org.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = { seed: 41, customers: 3, vendors: 0, items: 1, invoices: 0, bills: 0, payments: 0 };
const TYPE = 'QuickBooks_Field_Mapping__mdt';

const REGION: Record<string, MetadataValue> = {
  Salesforce_Object__c: 'Account',
  Salesforce_Field__c: 'Region__c',
  QuickBooks_Object__c: 'Customer',
  QuickBooks_Field_Kind__c: 'Data Extension',
  QuickBooks_Field__c: 'Sales Region',
  Direction__c: 'Both',
  Transform__c: 'Value Map',
  Value_Map__c: 'East=E;West=W',
  Default_Value__c: 'Unassigned',
  Active__c: true,
};

/** The org as the customer has it: their own Region__c picklist on Account, and their mappings. */
const customerField = regionPicklist(['East', 'West', 'Unassigned']);

describe.each(testBackends().map((b) => [b.name, b] as const))('field mappings, on %s', (_n, backend) => {
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
  const connection = () => r!.sim.org.records('QuickBooks_Connection__c')[0]!;
  /** Gives a customer a value in the company's public data extension `name`. */
  const setExt = (listId: string, name: string, value: string) =>
    r!.company.edit('customer', listId, { dataExt: [{ ownerId: '0', name, value }] });

  it("writes a customer's data extension into the Account picklist through the value map, an unmapped value taking the default", async () => {
    await start({ Account_Region: REGION });
    const [east, west, other] = r!.company.list('customer').filter((c) => !c.parent);
    setExt(east!.listId, 'Sales Region', 'E');
    setExt(west!.listId, 'Sales Region', 'W');
    setExt(other!.listId, 'Sales Region', 'Pacific');
    await driver().session();

    expect(accountOf(east!.listId).Region__c).toBe('East');
    expect(accountOf(west!.listId).Region__c).toBe('West');
    expect(accountOf(other!.listId).Region__c).toBe('Unassigned');
    expect(connection().Field_Mapping_Problems__c).toBe('');

    // A change in QuickBooks flows at the next session; nothing else about the Account changes.
    setExt(west!.listId, 'Sales Region', 'E');
    await driver().session();
    expect(accountOf(west!.listId).Region__c).toBe('East');
    expect(accountOf(west!.listId).Name).toBe(west!.name);
  });

  it('ignores mappings that cannot apply, says why on the connection, and syncs every record', async () => {
    await start({
      Account_Region: REGION,
      Missing_Field: { ...REGION, Salesforce_Field__c: 'Territory__c' },
      Wrong_Type: { ...REGION, Salesforce_Field__c: 'QuickBooks_Sync_Enabled__c', Transform__c: 'Copy' },
      Unknown_Value: { ...REGION, Value_Map__c: 'East=E;North=N' },
    });
    const [first] = r!.company.list('customer').filter((c) => !c.parent);
    setExt(first!.listId, 'Sales Region', 'W');
    await driver().session();

    expect(accountOf(first!.listId).Region__c).toBe('West');
    expect(r!.sim.org.records('Account')).toHaveLength(r!.company.list('customer').length);
    expect(String(connection().Field_Mapping_Problems__c).split('\n')).toEqual([
      'Missing_Field: Account.Territory__c does not exist in this org',
      'Unknown_Value: Account.Region__c has no picklist value "North"',
      'Wrong_Type: Account.QuickBooks_Sync_Enabled__c is a boolean field, which Copy cannot write',
    ]);
    expect(r!.sim.org.records('QuickBooks_Sync_Log__c')).toEqual([]);
  });

  it('with no mapping, writes no mapped field, reading the mappings once (the shipped defaults apply to every record)', async () => {
    await start({});
    await driver().session();
    const soql = r!.sim.org.calls.filter((c) => JSON.stringify(c).includes(TYPE));
    expect(soql).toHaveLength(1);
    expect(connection()).not.toHaveProperty('Field_Mapping_Problems__c', expect.anything());
    expect(r!.sim.org.records('Account').every((a) => a.Region__c === undefined || a.Region__c === null)).toBe(true);
  });
});
