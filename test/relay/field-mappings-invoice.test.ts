/**
 * Field mappings toward QuickBooks, over real sockets (org simulator, Web Connector sessions
 * against the company file): a custom Opportunity text field the customer deployed
 * (`PO_Reference__c`, not the package's) mapped by a `QuickBooks_Field_Mapping__mdt` record to a
 * Desktop invoice's standard `Other` field, truncated to its 29 characters with a warning (never
 * the text). A later edit of the field reaches the invoice as an InvoiceMod; what QuickBooks holds
 * does not echo back, nor send another Mod. A mapping naming a standard field the relay cannot
 * write is ignored and said in words on the connection, and the deal is still invoiced. Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import type { MetadataValue } from '../simulators/salesforce/custom-metadata.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import type { FieldDef } from '../metadata/package-metadata.ts';
import { customerOrg, type MappingRecords } from './support/customer-org.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = { seed: 43, customers: 2, vendors: 0, items: 1, invoices: 1, bills: 0, payments: 0 };

const PO_REFERENCE: Record<string, MetadataValue> = {
  Salesforce_Object__c: 'Opportunity',
  Salesforce_Field__c: 'PO_Reference__c',
  QuickBooks_Object__c: 'Invoice',
  QuickBooks_Field_Kind__c: 'Standard',
  QuickBooks_Field__c: 'Other',
  Direction__c: 'Salesforce to QuickBooks',
  Transform__c: 'Truncate',
  Active__c: true,
};

/** 40 characters: QuickBooks keeps the first 29 in an invoice's Other. */
const LONG_REFERENCE = 'PO-2026-0042 / Northwind East / Dock 7B!';

/** The org as the customer has it: their own PO_Reference__c text field on Opportunity, and their mappings. */
const customerField: readonly [string, FieldDef] = [
  'Opportunity',
  {
    name: 'PO_Reference__c',
    type: 'Text',
    length: 80,
    custom: true,
    required: false,
  },
];

describe.each(testBackends().map((b) => [b.name, b] as const))('field mappings into invoices, on %s', (_n, backend) => {
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
    await driver().session(); // the first sync: QuickBooks' records into the org
  }
  afterEach(async () => {
    await r?.close();
    await store?.close();
    r = undefined;
  });

  const driver = () => reverseDriver(r!, { advance: (ms) => (t += ms) });
  const connection = () => r!.sim.org.records('QuickBooks_Connection__c')[0]!;
  const invoiceOf = (customerName: string) => {
    const customer = r!.company.list('customer').find((c) => c.name === customerName)!;
    return r!.company.list('invoice').find((i) => i.customer.listId === customer.listId)!;
  };
  /** A won deal of one product for a new Account, its PO reference `reference`. */
  function wonDeal(account: string, reference: string) {
    const ins = driver().insert;
    const book = String(r!.sim.org.find('Pricebook2', 'IsStandard', true)!.Id);
    const product = ins('Product2', { Name: `${account} setup`, IsActive: true, QuickBooks_Item_Type__c: 'Service' });
    const entry = ins('PricebookEntry', { Pricebook2Id: book, Product2Id: product.Id, UnitPrice: 150, IsActive: true });
    const buyer = ins('Account', { Name: account });
    const deal = ins('Opportunity', {
      Name: `${account} onboarding`,
      AccountId: buyer.Id,
      StageName: 'Closed Won',
      CloseDate: '2026-11-30',
      Pricebook2Id: book,
      PO_Reference__c: reference,
    });
    ins('OpportunityLineItem', {
      OpportunityId: deal.Id,
      PricebookEntryId: entry.Id,
      Product2Id: product.Id,
      Quantity: 1,
      UnitPrice: 150,
    });
    return String(deal.Id);
  }

  it("writes a won deal's PO reference into its invoice's Other, cut to 29 with a warning; an edit goes as an InvoiceMod, and nothing echoes", async () => {
    await start({ Deal_PO_Reference: PO_REFERENCE });
    const deal = wonDeal('Northwind Traders', LONG_REFERENCE);

    await driver().readOrg();
    const added = await driver().session();
    expect(driver().changesIn(added)).toEqual(['ItemServiceAdd', 'CustomerAdd', 'InvoiceAdd']);
    expect(invoiceOf('Northwind Traders').other).toBe(LONG_REFERENCE.slice(0, 29));
    expect(connection().Field_Mapping_Problems__c).toBe('');
    // Each read of the deal that cuts the value says so (it is read again once it names its invoice).
    const cut = r!.logs.filter((l) => l.includes('a mapped value cut to fit its QuickBooks field'));
    expect(cut.length).toBeGreaterThan(0);
    for (const line of cut) {
      expect(JSON.parse(line)).toMatchObject({
        level: 'warn',
        mapping: 'Deal_PO_Reference',
        field: 'Other',
        record: deal,
        length: 40,
        limit: 29,
      });
    }
    expect(r!.logs.join('\n')).not.toContain('Northwind East');

    // The deal learns its invoice; reading it back changes nothing on either side.
    await driver().readOrg();
    expect(driver().changesIn(await driver().session())).toEqual([]);
    expect(driver().record('Opportunity', deal).PO_Reference__c).toBe(LONG_REFERENCE);

    // The rep corrects the reference: it reaches the invoice, and only that field changes.
    const before = invoiceOf('Northwind Traders');
    driver().update('Opportunity', deal, { PO_Reference__c: 'PO-7' });
    await driver().readOrg();
    const modded = await driver().session();
    expect(driver().changesIn(modded)).toEqual(['InvoiceMod']);
    const after = invoiceOf('Northwind Traders');
    expect(after).toMatchObject({ other: 'PO-7', subtotal: before.subtotal, txnId: before.txnId });
    expect(after.lines).toEqual(before.lines);

    // What QuickBooks now holds comes back: no change to the deal, no second Mod.
    await driver().readOrg();
    expect(driver().changesIn(await driver().session())).toEqual([]);
    await driver().readOrg();
    expect(driver().changesIn(await driver().session())).toEqual([]);
    expect(driver().record('Opportunity', deal).PO_Reference__c).toBe('PO-7');
    expect(r!.sim.org.records('QuickBooks_Sync_Log__c')).toEqual([]);
  });

  it("leaves an invoice entered in QuickBooks as it is: its won deal's mapped field is not sent, and nothing is added", async () => {
    await start({ Deal_PO_Reference: PO_REFERENCE });
    const [entered] = r!.company.list('invoice');
    const mirror = r!.sim.org
      .records('Opportunity')
      .find((o) => String(o.QuickBooks_Invoice_Id__c).endsWith(`:${entered!.txnId}`))!;
    driver().update('Opportunity', String(mirror.Id), { StageName: 'Closed Won', PO_Reference__c: 'PO-M' });

    await driver().readOrg();
    expect(driver().changesIn(await driver().session())).toEqual([]);
    expect(r!.company.list('invoice')).toEqual([entered]);
    expect(r!.sim.org.records('QuickBooks_Sync_Log__c')).toEqual([]);
  });

  it('ignores a mapping to a standard field the relay cannot write, says why on the connection, and still invoices the deal', async () => {
    await start({ Deal_Ship_Via: { ...PO_REFERENCE, QuickBooks_Field__c: 'Ship Via' } });
    wonDeal('Contoso Ltd', 'PO-9');

    await driver().readOrg();
    expect(driver().changesIn(await driver().session())).toEqual(['ItemServiceAdd', 'CustomerAdd', 'InvoiceAdd']);
    expect(invoiceOf('Contoso Ltd').other).toBeUndefined();
    expect(connection().Field_Mapping_Problems__c).toBe(
      'Deal_Ship_Via: "Ship Via" is not a standard field of a QuickBooks invoice the relay can write (Other is)',
    );
    expect(r!.sim.org.records('QuickBooks_Sync_Log__c')).toEqual([]);
  });
});
