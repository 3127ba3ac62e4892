/**
 * The shipped default field mappings over real sockets (org simulator with the package's records
 * installed, Web Connector sessions against the company file), both ways: as shipped they change
 * nothing; an admin who turns one off stops its field being written into Salesforce (QuickBooks →
 * Salesforce) and being read from it (Salesforce → QuickBooks); one who points it at another field
 * of the object (`Main_Phone__c`, the customer's own) moves the value there; a change that cannot
 * apply (a field missing, a type that does not fit, a fixed row) is said in words on the
 * connection, and the shipped mapping is used. Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import type { MetadataValue } from '../simulators/salesforce/custom-metadata.ts';
import type { FieldDef } from '../metadata/package-metadata.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { customerOrg, type MappingRecords } from './support/customer-org.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = { seed: 43, customers: 3, vendors: 0, items: 1, invoices: 0, bills: 0, payments: 0 };

/** The shipped Account_Phone record, as the package installs it. */
const PHONE: Record<string, MetadataValue> = {
  Salesforce_Object__c: 'Account',
  Salesforce_Field__c: 'Phone',
  QuickBooks_Object__c: 'Customer',
  QuickBooks_Field_Kind__c: 'Standard',
  QuickBooks_Field__c: 'Phone',
  Direction__c: 'Both',
  Transform__c: 'Copy',
  Active__c: true,
};

/** The customer's own phone field on Account. */
const mainPhone: readonly [string, FieldDef] = [
  'Account',
  { name: 'Main_Phone__c', type: 'Phone', custom: true, required: false, length: 40 },
];
/** The customer's own title field on Contact. */
const position: readonly [string, FieldDef] = [
  'Contact',
  { name: 'Position__c', type: 'Text', custom: true, required: false, length: 80 },
];
/** A field of theirs that holds no phone number. */
const rank: readonly [string, FieldDef] = [
  'Account',
  { name: 'Rank__c', type: 'Number', custom: true, required: false, precision: 18, scale: 0 },
];

describe.each(testBackends().map((b) => [b.name, b] as const))('shipped field mappings, on %s', (_n, backend) => {
  let r: InProcessRelay | undefined;
  let store: Store | undefined;
  let t = Date.parse('2026-12-01T15:00:00Z');
  const now = () => t;

  async function start(mappings: MappingRecords) {
    store = backend.name === 'embedded' ? undefined : await backend.open({ now });
    r = await startInProcessRelay(COMPANY, {
      ...(store ? { store } : {}),
      now,
      org: customerOrg([mainPhone, rank, position], mappings),
    });
    return r;
  }
  afterEach(async () => {
    await r?.close();
    await store?.close();
    r = undefined;
  });

  const driver = () => reverseDriver(r!, { advance: (ms) => (t += ms) });
  const customers = () => r!.company.list('customer').filter((c) => !c.parent && c.phone);
  const accountOf = (listId: string) =>
    r!.sim.org.records('Account').find((a) => String(a.QuickBooks_Customer_Id__c).endsWith(`:${listId}`))!;
  const connection = () => r!.sim.org.records('QuickBooks_Connection__c')[0]!;
  const newAccount = (fields: Readonly<Record<string, unknown>>) =>
    r!.sim.org.store.insert(r!.sim.org.objectOrThrow('Account'), { QuickBooks_Sync_Enabled__c: true, ...fields });
  const customerNamed = (name: string) => r!.company.list('customer').find((c) => c.name === name);

  it('as shipped, writes the standard fields as ever and says nothing on the connection', async () => {
    await start({});
    await driver().session();
    const [first] = customers();
    expect(first).toBeDefined();
    expect(accountOf(first!.listId)).toMatchObject({ Name: first!.name, Phone: first!.phone });
    expect(connection()).not.toHaveProperty('Field_Mapping_Problems__c', expect.anything());
  });

  it("turned off, writes no phone into Salesforce and sends none of the Account's to QuickBooks", async () => {
    await start({ Account_Phone: { ...PHONE, Active__c: false } });
    await driver().session();
    const [first] = customers();
    const account = accountOf(first!.listId);
    expect(account.Name).toBe(first!.name);
    expect(account.Phone ?? null).toBeNull();
    expect(connection().Field_Mapping_Problems__c).toBe('');

    newAccount({ Name: 'Off Phone Ltd', Phone: '(415) 555-0101', BillingCity: 'Oakland' });
    await driver().readOrg();
    await driver().session();
    const added = customerNamed('Off Phone Ltd');
    expect(added).toMatchObject({ billAddress: { city: 'Oakland' } });
    expect(added?.phone).toBeUndefined();
  });

  it('moved to Main_Phone__c, writes the phone there and reads it from there', async () => {
    await start({ Account_Phone: { ...PHONE, Salesforce_Field__c: 'Main_Phone__c' } });
    await driver().session();
    const [first] = customers();
    const account = accountOf(first!.listId);
    expect(account.Main_Phone__c).toBe(first!.phone);
    expect(account.Phone ?? null).toBeNull();
    expect(connection().Field_Mapping_Problems__c).toBe('');

    newAccount({ Name: 'Main Phone Ltd', Phone: '(415) 555-0000', Main_Phone__c: '(415) 555-0202' });
    await driver().readOrg();
    await driver().session();
    expect(customerNamed('Main Phone Ltd')?.phone).toBe('(415) 555-0202');
  });

  it("moved to Contact's Position__c, writes the title there and reads the contacts' from there", async () => {
    await start({
      Contact_Title: {
        ...PHONE,
        Salesforce_Object__c: 'Contact',
        Salesforce_Field__c: 'Position__c',
        QuickBooks_Field__c: 'JobTitle',
      },
    });
    const [first] = customers();
    r!.company.edit('customer', first!.listId, { firstName: 'Ada', lastName: 'Quintero', jobTitle: 'Owner' });
    await driver().session();
    const contact = r!.sim.org.records('Contact').find((c) => c.LastName === 'Quintero')!;
    expect(contact).toMatchObject({ Position__c: 'Owner' });
    expect(contact.Title ?? null).toBeNull();
    expect(connection().Field_Mapping_Problems__c).toBe('');

    const account = newAccount({ Name: 'Position Ltd' });
    const contactFor = (fields: Readonly<Record<string, unknown>>) =>
      driver().insert('Contact', { AccountId: account.Id, ...fields });
    contactFor({ FirstName: 'Bo', LastName: 'Lind', Title: 'Not this', Position__c: 'Buyer' });
    contactFor({ FirstName: 'Cy', LastName: 'Moss', Title: 'Nor this', Position__c: 'Clerk' });
    await driver().readOrg();
    await driver().session();
    const added = customerNamed('Position Ltd');
    expect(added).toMatchObject({ lastName: 'Lind', jobTitle: 'Buyer' });
    expect(added?.contacts?.map((c) => c.jobTitle)).toEqual(['Clerk']);
  });

  it('says on the connection why a change cannot apply, and uses the shipped mapping', async () => {
    await start({
      Account_Phone: { ...PHONE, Salesforce_Field__c: 'Rank__c' },
      Account_Fax: { ...PHONE, Salesforce_Field__c: 'Fax_Line__c', QuickBooks_Field__c: 'Fax' },
      Account_Name: { ...PHONE, Salesforce_Field__c: 'Name', QuickBooks_Field__c: 'Name', Active__c: false },
    });
    await driver().session();
    const [first] = customers();
    expect(accountOf(first!.listId)).toMatchObject({ Name: first!.name, Phone: first!.phone });
    expect(String(connection().Field_Mapping_Problems__c).split('\n')).toEqual([
      'Account_Fax: it is a shipped mapping, of which only Active and Salesforce Field can change: Account.Fax is used, as shipped',
      'Account_Name: Salesforce needs an Account Name to create the record, so this mapping can be neither turned off nor moved: it is used as shipped',
      "Account_Phone: Account.Rank__c is a double field, which cannot hold Account.Phone's value (Account.Phone is used)",
    ]);

    newAccount({ Name: 'Shipped Phone Ltd', Phone: '(415) 555-0303' });
    await driver().readOrg();
    await driver().session();
    expect(customerNamed('Shipped Phone Ltd')?.phone).toBe('(415) 555-0303');
  });
});
