import { startInProcessRelay, type InProcessRelay } from './in-process.ts';

describe('"Sync with QuickBooks" through a real Web Connector session', () => {
  let r: InProcessRelay;
  beforeAll(async () => {
    r = await startInProcessRelay({ seed: 3, customers: 12, vendors: 3, items: 5, invoices: 30 });
    const first = await r.webConnector();
    if (first.status !== 'completed') throw new Error(`first Web Connector run: ${first.status} ${first.message}`);
    await r.settle();
  });
  afterAll(async () => {
    await r.close();
  });

  it('waits for the next session, which re-reads that customer and its transactions, then completes in words', async () => {
    const account = r.sim.org.records('Account').find((a) => a.QuickBooks_Type__c === 'Customer')!;
    const customerId = String(account.QuickBooks_Customer_Id__c).split(':')[1]!;
    const o = r.sim.org.objectOrThrow('QuickBooks_Sync_Request__c');
    const id = r.sim.org.store.insert(o, { Scope__c: 'Account', Account__c: account.Id, Status__c: 'Requested' }).Id;
    const request = () => r.sim.org.records('QuickBooks_Sync_Request__c').find((x) => x.Id === id)!;

    await r.relay.runtime.tick({ pollNow: true });
    await r.settle();
    expect(request()).toMatchObject({ Status__c: 'Waiting for QuickBooks' });
    expect(String(request().Result__c)).toMatch(/next QuickBooks Web Connector run \(it runs every 15 minutes\)/);

    const report = await r.webConnector();
    expect(report.status).toBe('completed');
    // The session asked QuickBooks for exactly that customer, its invoices and its payments.
    const targeted = report.requests.find((x) => x.includes('<CustomerQueryRq requestID="targeted-'))!;
    expect(targeted).toContain(`<ListID>${customerId}</ListID>`);
    const filtered = (rq: string) =>
      new RegExp(`<${rq}Rq[^>]*>\\s*<EntityFilter>\\s*<ListID>${customerId}</ListID>`).test(targeted);
    expect([filtered('InvoiceQuery'), filtered('ReceivePaymentQuery')]).toEqual([true, true]);
    await r.settle();
    expect(request()).toMatchObject({ Status__c: 'Completed' });
    expect(String(request().Result__c)).toMatch(/^Up to date with QuickBooks: /);
    expect(request().Completed_At__c).toBeTruthy();
  });
});
