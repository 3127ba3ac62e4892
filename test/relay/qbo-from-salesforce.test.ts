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

  it('"Push to QuickBooks" on a won deal: sent within moments, Completed once the invoice is in; a deal not won is refused', async () => {
    const book = String(r.org.org.find('Pricebook2', 'IsStandard', true)!.Id);
    const product = r.org.org.records('Product2').find((p) => p.Name === 'Onboarding')!.Id as string;
    const entry = r.org.org.records('PricebookEntry').find((e) => e.Product2Id === product)!.Id as string;
    const account = accountsNamed('Northwind Traders')[0]!.Id as string;
    const deal = (name: string, stage: string) =>
      save('Opportunity', {
        Name: name,
        AccountId: account,
        StageName: stage,
        CloseDate: '2026-12-02',
        Pricebook2Id: book,
      });
    const won = deal('Northwind training', 'Prospecting');
    save('OpportunityLineItem', { OpportunityId: won, PricebookEntryId: entry, Quantity: 1, UnitPrice: 1250 });
    save('Opportunity', { StageName: 'Closed Won' }, won);
    const open = deal('Northwind renewal', 'Negotiation/Review');
    const push = (opportunity: string) =>
      save('QuickBooks_Sync_Request__c', {
        Scope__c: 'Opportunity',
        Opportunity__c: opportunity,
        Status__c: 'Requested',
      });
    const request = (id: string) => r.org.org.records('QuickBooks_Sync_Request__c').find((x) => x.Id === id)!;
    const invoices = company().list('Invoice').length;
    const pushed = push(won);
    const refused = push(open);

    // One round: the deal is read and the request answered; the invoice is sent the same round.
    await r.relay.runtime.tick({ pollNow: true });
    expect(request(pushed).Picked_Up_At__c).toBeTruthy();
    expect(request(pushed).Result__c).toBe(
      'Sending “Northwind training” to QuickBooks now: it is there within moments.',
    );
    expect(company().list('Invoice')).toHaveLength(invoices + 1);
    expect(request(refused)).toMatchObject({ Status__c: 'Failed' });
    expect(request(refused).Result__c).toBe(
      '“Northwind renewal” is at Negotiation/Review: only won deals (Closed Won) go to QuickBooks. Mark it Closed Won, then push it again.',
    );
    await r.settle({ force: true });
    await r.settle({ force: true });
    expect(request(pushed)).toMatchObject({ Status__c: 'Completed', Completed_At__c: expect.any(String) });
    const invoice = company()
      .list('Invoice')
      .find((i) => String(i.TotalAmt) === '1250')!;
    expect(r.org.org.records('Opportunity').find((o) => o.Id === won)).toMatchObject({
      QuickBooks_Invoice_Id__c: `${connection}:${String(invoice.Id)}`,
    });
    expect(company().list('Invoice')).toHaveLength(invoices + 1);
  });
});
