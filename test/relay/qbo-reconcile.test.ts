/**
 * `ledgerbridge reconcile` over real sockets, QuickBooks Online ⇄ Salesforce: the relay reads the
 * company's figures through Intuit's API at once (no session to wait for) and compares them with
 * the org's mirrors. A clean pair agrees; a payment's mirror deleted in the org, an invoice's amount
 * edited there and a payment whose webhook Intuit never sent are each found with their reason, and
 * `--repair` fetches them again by id and sends what differs, after which the pair agrees.
 */
import { runReconcile } from '../../relay/src/reconcile/command.ts';
import { DEFAULT_REALM, type SimCompany } from '../simulators/qbo/index.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

function seed(co: SimCompany) {
  const acme = co.create('Customer', { DisplayName: 'Acme Corp' });
  const globex = co.create('Customer', { DisplayName: 'Globex' });
  const design = co.create('Item', {
    Name: 'Design',
    Type: 'Service',
    IncomeAccountRef: { value: '1' },
    UnitPrice: 150,
  });
  const line = (amount: string) => ({
    DetailType: 'SalesItemLineDetail',
    Amount: amount,
    SalesItemLineDetail: { ItemRef: { value: String(design.Id) }, Qty: 1, UnitPrice: amount },
  });
  const inv1 = co.create('Invoice', {
    CustomerRef: { value: String(acme.Id) },
    DocNumber: '1001',
    TxnDate: '2026-11-02',
    DueDate: '2026-12-02',
    Line: [line('300.10')],
  });
  const inv2 = co.create('Invoice', {
    CustomerRef: { value: String(globex.Id) },
    DocNumber: '1002',
    Line: [line('150.20')],
  });
  const paid = co.create('Payment', {
    CustomerRef: { value: String(acme.Id) },
    TotalAmt: '100.05',
    Line: [{ Amount: '100.05', LinkedTxn: [{ TxnId: String(inv1.Id), TxnType: 'Invoice' }] }],
  });
  return { acme, globex, inv1, inv2, paid };
}

describe('ledgerbridge reconcile, QuickBooks Online ⇄ Salesforce', () => {
  let r: QboRelay;
  let ids: ReturnType<typeof seed>;

  /** The command, with the relay's rounds running while it waits. */
  async function reconcile(args: string[] = []): Promise<{ status: number; text: string }> {
    let text = '';
    let done = false;
    const command = runReconcile(args, r.config, (s) => (text += s), { store: r.relay.runtime.store, pollMs: 20 });
    void command.finally(() => (done = true));
    for (let i = 0; i < 200 && !done; i++) {
      await r.relay.runtime.tick();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { status: await command, text };
  }

  beforeAll(async () => {
    r = await startQboRelay({ startAt: Date.UTC(2026, 10, 20, 12) });
    ids = seed(r.qbo.company(DEFAULT_REALM));
    await r.connect();
    await r.settle();
  });
  afterAll(() => r.close());

  it('reads the company through the API at once and finds a clean pair in agreement', async () => {
    const before = r.qbo.requests.length;
    const { status, text } = await reconcile();
    expect(text).toMatch(/asked the relay to read QuickBooks Online's figures now/);
    expect(text).toMatch(/invoices\s+2\s+2/);
    expect(text).toMatch(/In agreement: every record and total matches to the cent\./);
    expect(status).toBe(0);
    // Customers, invoices and payments: a query page each.
    expect(r.qbo.requests.slice(before).filter((q) => q.path.endsWith('/query'))).toHaveLength(3);
    expect(String(r.org.org.records('QuickBooks_Connection__c')[0]!.Reconciliation_Result__c)).toMatch(/^In agreement/);
  });

  it('finds a deleted mirror, an edited amount and a payment never told of; --repair fetches them again', async () => {
    const org = r.org.org;
    const payment = org.records('QuickBooks_Payment__c')[0]!;
    org.store.remove(org.objectOrThrow('QuickBooks_Payment__c'), String(payment.Id));
    const invoice = org
      .records('QuickBooks_Invoice__c')
      .find((i) => String(i.QuickBooks_Invoice_Id__c).endsWith(`:${ids.inv1.Id}`))!;
    org.store.update(org.objectOrThrow('QuickBooks_Invoice__c'), String(invoice.Id), { Total_Amount__c: 30.01 });
    r.qbo.webhooks.withhold(1);
    const late = r.qbo.company(DEFAULT_REALM).create('Payment', {
      CustomerRef: { value: String(ids.globex.Id) },
      TotalAmt: '50.00',
      PaymentRefNum: 'LATE-1',
      Line: [{ Amount: '50.00', LinkedTxn: [{ TxnId: String(ids.inv2.Id), TxnType: 'Invoice' }] }],
    });
    await r.settle();

    const found = await reconcile(['--repair']);
    expect(found.status).toBe(1);
    const lines = found.text.split('\n');
    // Intuit numbers each entity on its own: a difference is found by its object and id.
    const at = (object: string, key: unknown) =>
      lines.findIndex((l) => l.startsWith(`- ${object} `) && l.includes(`(${key})`));
    const why = (object: string, key: unknown) => lines[at(object, key) + 1] ?? '';
    expect(why('payment', ids.paid.Id)).toMatch(/Deleted in Salesforce after the relay wrote it/);
    expect(lines[at('invoice', ids.inv1.Id)]).toMatch(
      /amount: QuickBooks Online 300\.10, Salesforce 30\.01 \(off by -270\.09\)/,
    );
    expect(found.text).toMatch(/Repair: 3 record\(s\) are read again from QuickBooks Online/);
    expect(why('invoice', ids.inv1.Id)).toMatch(/Changed in Salesforce after the relay wrote it/);
    expect(why('payment', late.Id)).toMatch(/QuickBooks Online has it, but it never reached the relay/);

    await r.settle();
    const again = await reconcile();
    expect(again.text).toMatch(/In agreement/);
    expect(again.status).toBe(0);
    const mirrors = (id: unknown) =>
      org.records('QuickBooks_Payment__c').filter((p) => String(p.QuickBooks_Payment_Id__c).endsWith(`:${id}`));
    expect([mirrors(ids.paid.Id).length, mirrors(late.Id).length]).toEqual([1, 1]);
  });
});
