/**
 * Salesforce → QuickBooks Online over real sockets, and back: an Account, a product and a won deal
 * made in the org reach the connected company; when QuickBooks Online tells of them (webhooks, then
 * Change Data Capture), they come back as the same records — the Account gains its QuickBooks
 * customer id, no second Account, product or Opportunity is made — and nothing goes to QuickBooks
 * again (no echo).
 */
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import { saveRecord } from './support/org-save.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

type Row = Record<string, unknown>;

describe('Salesforce → QuickBooks Online, and its copies back, over sockets', () => {
  let r: QboRelay;
  let connection: string;

  const save = (object: string, body: Row, id?: string) => saveRecord(r.org, object, body, id);
  const company = () => r.qbo.company(DEFAULT_REALM);
  const writesToQbo = () => r.qbo.requests.filter((q) => q.method === 'POST' && !q.path.includes('/query')).length;
  const accountsNamed = (name: string) => r.org.org.records('Account').filter((a) => a.Name === name);

  beforeAll(async () => {
    r = await startQboRelay();
    await r.connect();
    await r.settle();
    const [row] = await r.relay.runtime.store.db.query<{ id: string }>('SELECT connection_id AS id FROM qbo_companies');
    connection = row!.id;
  });
  afterAll(() => r.close());

  it('an Account made in the org becomes one customer; told back by QuickBooks, it is the same Account', async () => {
    const account = save('Account', { Name: 'Northwind Traders', Phone: '555-0100', QuickBooks_Sync_Enabled__c: true });
    await r.settle({ force: true });
    const customers = company()
      .list('Customer')
      .filter((c) => c.DisplayName === 'Northwind Traders');
    expect(customers).toHaveLength(1);
    // The webhook of the create and the CDC after it are read: the customer comes back to its Account.
    await r.settle({ force: true });
    expect(accountsNamed('Northwind Traders')).toHaveLength(1);
    expect(accountsNamed('Northwind Traders')[0]).toMatchObject({
      Id: account,
      QuickBooks_Customer_Id__c: `${connection}:${String(customers[0]!.Id)}`,
    });
    // The relay knows the customer at the SyncToken its own write left it.
    const [known] = await r.relay.runtime.store.db.query<{ version: string }>(
      "SELECT version FROM identities WHERE connection_id = $1 AND object = 'customer' AND record_key = $2",
      [connection, String(customers[0]!.Id)],
    );
    expect(known?.version).toBe(String(company().get('Customer', String(customers[0]!.Id))!.SyncToken));
  });

  it('a product and a won deal of it: one item, one invoice, and the Opportunity knows its invoice', async () => {
    const book = String(r.org.org.find('Pricebook2', 'IsStandard', true)!.Id);
    const product = save('Product2', { Name: 'Onboarding', IsActive: true });
    const entry = save('PricebookEntry', { Pricebook2Id: book, Product2Id: product, UnitPrice: 1250, IsActive: true });
    const account = accountsNamed('Northwind Traders')[0]!.Id as string;
    const deal = save('Opportunity', {
      Name: 'Northwind onboarding',
      AccountId: account,
      StageName: 'Prospecting',
      CloseDate: '2026-12-01',
      Pricebook2Id: book,
    });
    save('OpportunityLineItem', {
      OpportunityId: deal,
      PricebookEntryId: entry,
      Quantity: 2,
      UnitPrice: 1250,
    });
    save('Opportunity', { StageName: 'Closed Won' }, deal);
    await r.settle({ force: true });
    await r.settle({ force: true });
    expect(
      company()
        .list('Item')
        .filter((i) => i.Name === 'Onboarding'),
    ).toHaveLength(1);
    const invoices = company().list('Invoice');
    expect(invoices).toHaveLength(1);
    expect(String(invoices[0]!.TotalAmt)).toBe('2500');
    expect(r.org.org.records('Product2').filter((p) => p.Name === 'Onboarding')).toHaveLength(1);
    expect(r.org.org.records('Product2').find((p) => p.Id === product)).toMatchObject({
      QuickBooks_Item_Id__c: expect.stringContaining(`${connection}:`),
    });
    expect(r.org.org.records('Opportunity').filter((o) => o.Name === 'Northwind onboarding')).toHaveLength(1);
    expect(r.org.org.records('Opportunity').find((o) => o.Id === deal)).toMatchObject({
      QuickBooks_Invoice_Id__c: `${connection}:${String(invoices[0]!.Id)}`,
    });
  });

  it('nothing goes back to QuickBooks Online once its copies have come home', async () => {
    const before = writesToQbo();
    await r.settle({ force: true });
    r.qbo.clock.advance(2 * 3_600_000);
    await r.settle({ force: true });
    expect(writesToQbo()).toBe(before);
    expect(accountsNamed('Northwind Traders')).toHaveLength(1);
  });
});
