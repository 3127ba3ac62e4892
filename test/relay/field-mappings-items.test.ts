/**
 * Field mappings on Product2 and Contact, over real sockets (org simulator, Web Connector sessions against the
 * company file): a custom Product2 text field the customer deployed (`Brand__c`) mapped by a
 * `QuickBooks_Field_Mapping__mdt` record to a Desktop item's data extension — QuickBooks →
 * Salesforce, through the same transforms as Account's (default when empty). One that cannot
 * apply (a field missing) is ignored, and one towards QuickBooks (not applied yet) sends nothing;
 * both are said on the connection's health, and every item still syncs. Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import type { MetadataValue } from '../simulators/salesforce/custom-metadata.ts';
import type { FieldDef } from '../metadata/package-metadata.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { customerOrg, type MappingRecords } from './support/customer-org.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = { seed: 43, customers: 3, vendors: 0, items: 3, invoices: 0, bills: 0, payments: 0 };

const BRAND: Record<string, MetadataValue> = {
  Salesforce_Object__c: 'Product2',
  Salesforce_Field__c: 'Brand__c',
  QuickBooks_Object__c: 'Item',
  QuickBooks_Field_Kind__c: 'Data Extension',
  QuickBooks_Field__c: 'Brand',
  Direction__c: 'QuickBooks to Salesforce',
  Transform__c: 'Default When Empty',
  Default_Value__c: 'Generic',
  Active__c: true,
};

/** A customer's data extension written on its primary Contact (the Contact's own custom field). */
const LOYALTY: Record<string, MetadataValue> = {
  ...BRAND,
  Salesforce_Object__c: 'Contact',
  Salesforce_Field__c: 'Loyalty_Tier__c',
  QuickBooks_Object__c: 'Customer',
  QuickBooks_Field__c: 'Loyalty Tier',
  Transform__c: 'Copy',
  Default_Value__c: null,
};
const loyaltyField: readonly [string, FieldDef] = [
  'Contact',
  { name: 'Loyalty_Tier__c', type: 'Text', custom: true, required: false, length: 40 },
];

const brandField: readonly [string, FieldDef] = [
  'Product2',
  { name: 'Brand__c', type: 'Text', custom: true, required: false, length: 80 },
];

describe.each(testBackends().map((b) => [b.name, b] as const))('field mappings on Product2, on %s', (_n, backend) => {
  let r: InProcessRelay | undefined;
  let store: Store | undefined;
  let t = Date.parse('2026-12-01T15:00:00Z');
  const now = () => t;

  async function start(mappings: MappingRecords) {
    store = backend.name === 'embedded' ? undefined : await backend.open({ now });
    r = await startInProcessRelay(COMPANY, {
      ...(store ? { store } : {}),
      now,
      org: customerOrg([brandField, loyaltyField], mappings),
    });
    return r;
  }
  afterEach(async () => {
    await r?.close();
    await store?.close();
    r = undefined;
  });

  const driver = () => reverseDriver(r!, { advance: (ms) => (t += ms) });
  const productOf = (listId: string) =>
    r!.sim.org.records('Product2').find((p) => String(p.QuickBooks_Item_Id__c).endsWith(`:${listId}`))!;
  const connection = () => r!.sim.org.records('QuickBooks_Connection__c')[0]!;
  const setExt = (listId: string, name: string, value: string) =>
    r!.company.edit('item', listId, { dataExt: [{ ownerId: '0', name, value }] });

  it("writes an item's data extension into the Product2 text field, an item without one taking the default", async () => {
    await start({ Product_Brand: BRAND });
    const [acme, bolt, plain] = r!.company.list('item');
    setExt(acme!.listId, 'Brand', 'Acme');
    setExt(bolt!.listId, 'Brand', 'Bolt');
    await driver().session();

    expect(productOf(acme!.listId).Brand__c).toBe('Acme');
    expect(productOf(bolt!.listId).Brand__c).toBe('Bolt');
    expect(productOf(plain!.listId).Brand__c).toBe('Generic');
    expect(connection().Field_Mapping_Problems__c).toBe('');

    setExt(bolt!.listId, 'Brand', 'Acme');
    await driver().session();
    expect(productOf(bolt!.listId).Brand__c).toBe('Acme');
    expect(productOf(bolt!.listId).Name).toBe(bolt!.fullName);
  });

  it("writes a customer's data extension on its primary Contact's field, the Account untouched", async () => {
    await start({ Contact_Loyalty: LOYALTY });
    const customer = r!.company.list('customer').find((c) => !c.parent && c.lastName)!;
    r!.company.edit('customer', customer.listId, { dataExt: [{ ownerId: '0', name: 'Loyalty Tier', value: 'Gold' }] });
    await driver().session();

    const contact = r!.sim.org
      .records('Contact')
      .find((c) => String(c.QuickBooks_Contact_Id__c).endsWith(`:${customer.listId}:primary`))!;
    expect(contact.Loyalty_Tier__c).toBe('Gold');
    expect(r!.sim.org.records('Account').some((a) => 'Loyalty_Tier__c' in a)).toBe(false);
    expect(connection().Field_Mapping_Problems__c).toBe('');
  });

  it('ignores a Product2 mapping that cannot apply, says why on the connection, and syncs every item', async () => {
    await start({
      Product_Brand: BRAND,
      Missing_Field: { ...BRAND, Salesforce_Field__c: 'Maker__c' },
      To_Books: { ...BRAND, Direction__c: 'Salesforce to QuickBooks' },
      Contact_To_Books: { ...LOYALTY, Direction__c: 'Salesforce to QuickBooks' },
    });
    const [first] = r!.company.list('item');
    setExt(first!.listId, 'Brand', 'Acme');
    await driver().session();

    expect(productOf(first!.listId).Brand__c).toBe('Acme');
    expect(r!.sim.org.records('Product2')).toHaveLength(r!.company.list('item').length);
    expect(String(connection().Field_Mapping_Problems__c).split('\n')).toEqual([
      "Contact_To_Books: Contact to a Desktop customer's data extension is not applied yet (QuickBooks to Salesforce is)",
      'Missing_Field: Product2.Maker__c does not exist in this org',
      "To_Books: Product2 to a Desktop item's data extension is not applied yet (QuickBooks to Salesforce is)",
    ]);
    expect(r!.company.list('item').every((i) => !(i.dataExt ?? []).some((d) => d.value === 'Generic'))).toBe(true);
  });
});
