/**
 * Two customers (or vendors) merged in QuickBooks Online, told by webhook in either format, a week
 * after the first sync: the Account of the one merged away is deactivated (never deleted) and what
 * it owed — its invoices, their Opportunities, its payments, a vendor's bills — now belongs to the
 * Account of the one kept.
 * Intuit reports the merge only as the kept customer's `Merge` with the other's id; the moved
 * transactions are not reported as changed (the simulator does not), so the relay asks for them.
 */
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

const WEEK = 7 * 86_400_000;

describe.each(['legacy', 'cloudevents'] as const)('QuickBooks Online merged customers (%s webhooks)', (format) => {
  let r: QboRelay;
  beforeEach(async () => {
    r = await startQboRelay({ webhookFormat: format });
  });
  afterEach(() => r.close());

  it("re-points the merged-away customer's invoices, Opportunities and payments to the kept Account", async () => {
    const co = r.qbo.company(DEFAULT_REALM);
    const kept = String(co.create('Customer', { DisplayName: 'Initech' }).Id);
    const gone = String(co.create('Customer', { DisplayName: 'Initech Inc' }).Id);
    const line = (amount: string) => ({
      DetailType: 'SalesItemLineDetail',
      Amount: amount,
      SalesItemLineDetail: { ItemRef: { value: '1' } },
    });
    const owed = co.create('Invoice', { CustomerRef: { value: gone }, DocNumber: '2001', Line: [line('40.10')] });
    co.create('Invoice', { CustomerRef: { value: kept }, DocNumber: '2002', Line: [line('9.90')] });
    co.create('Payment', {
      CustomerRef: { value: gone },
      TotalAmt: '10.00',
      Line: [{ Amount: '10.00', LinkedTxn: [{ TxnId: String(owed.Id), TxnType: 'Invoice' }] }],
    });
    // The seeding falls outside every Change Data Capture window the relay reads from now on.
    r.qbo.clock.advance(3_600_000);
    expect((await r.connect()).status).toBe(200);
    await r.settle();
    r.qbo.clock.advance(86_400_000);
    await r.settle({ force: true });
    const account = (name: string) => r.org.org.records('Account').find((a) => a.Name === name)!;
    const invoice = (doc: string) =>
      r.org.org.records('QuickBooks_Invoice__c').find((i) => i.Name?.toString().includes(doc))!;
    expect(invoice('2001').Account__c).toBe(account('Initech Inc').Id);
    const writes = () => r.qbo.requests.filter((q) => q.method === 'POST' && !q.path.includes('/query')).length;
    const writesBefore = writes();

    r.qbo.clock.advance(WEEK);
    await r.settle();
    // Change Data Capture has just run: what follows arrives by webhook alone.
    const cdcCalls = () => r.qbo.requests.filter((q) => q.path === '/cdc').length;
    const cdcBefore = cdcCalls();
    co.merge('Customer', gone, kept);
    await r.settle();
    expect(cdcCalls()).toBe(cdcBefore);

    const keptId = account('Initech').Id;
    expect(account('Initech Inc').QuickBooks_Active__c).toBe(false);
    expect(r.org.org.records('Account')).toHaveLength(2);
    expect(invoice('2001').Account__c).toBe(keptId);
    expect(invoice('2002').Account__c).toBe(keptId);
    const opportunity = r.org.org.records('Opportunity').find((o) => o.Id === invoice('2001').Opportunity__c)!;
    expect(opportunity.AccountId).toBe(keptId);
    expect(r.org.org.records('QuickBooks_Payment__c').map((p) => p.Account__c)).toEqual([keptId]);
    expect(writes()).toBe(writesBefore);
  });

  it("re-points the merged-away vendor's bills to the kept vendor's Account", async () => {
    const co = r.qbo.company(DEFAULT_REALM);
    const kept = String(co.create('Vendor', { DisplayName: 'Paper Co' }).Id);
    const gone = String(co.create('Vendor', { DisplayName: 'Paper Company' }).Id);
    const expenses = co.list('Account').find((a) => a.Name === 'Miscellaneous')!.Id;
    co.create('Bill', {
      VendorRef: { value: gone },
      DocNumber: 'B-7',
      Line: [
        {
          DetailType: 'AccountBasedExpenseLineDetail',
          Amount: '75.25',
          AccountBasedExpenseLineDetail: { AccountRef: { value: String(expenses) } },
        },
      ],
    });
    r.qbo.clock.advance(3_600_000);
    expect((await r.connect()).status).toBe(200);
    await r.settle();
    r.qbo.clock.advance(WEEK);
    await r.settle();
    const account = (name: string) => r.org.org.records('Account').find((a) => a.Name === name)!;
    const bills = () => r.org.org.records('QuickBooks_Bill__c');
    expect(bills().map((b) => b.Account__c)).toEqual([account('Paper Company').Id]);

    co.merge('Vendor', gone, kept);
    await r.settle();
    expect(account('Paper Company').QuickBooks_Active__c).toBe(false);
    expect(bills().map((b) => b.Account__c)).toEqual([account('Paper Co').Id]);
  });
});
