/** Writes: the shapes Conductor returns, revision numbers, QuickBooks' refusals, payments, void, delete, deletions. */
import fs from 'node:fs';
import path from 'node:path';
import { DELETION_WINDOW_MS, type ConductorSimulator, type SimCompany } from './index.ts';
import { otherListId } from './other-lists.ts';
import { started, type Api } from './test-client.ts';

const SPEC = path.join(import.meta.dirname, 'spec');
const fixture = (file: string) => JSON.parse(fs.readFileSync(path.join(SPEC, file), 'utf8'));

describe('Conductor simulator: writes', () => {
  let sim: ConductorSimulator;
  let api: Api;
  let co: SimCompany;
  beforeEach(async () => ({ sim, api, co } = await started()));
  afterEach(() => sim.close());

  it('a customer and an invoice carry every field of the documented shapes, in order, unset ones null', async () => {
    const cust = await api('POST', '/customers', { name: 'Acme', email: 'ap@acme.test' });
    expect(cust.status).toBe(200);
    expect(Object.keys(cust.body)).toEqual(Object.keys(fixture('customer.retrieve.200.from-openapi-examples.json')));
    expect(cust.body).toMatchObject({
      objectType: 'qbd_customer',
      name: 'Acme',
      fullName: 'Acme',
      isActive: true,
      sublevel: 0,
    });
    expect(cust.body).toMatchObject({ balance: '0.00', class: null, alternateShippingAddresses: [], customFields: [] });
    expect(cust.body.id).toMatch(/^[0-9A-F]{8}-\d{10}$/);
    expect(cust.body.revisionNumber).toMatch(/^\d+$/);
    expect(cust.body.createdAt).toBe('2026-03-10T09:00:00-05:00');
    const item = await api('POST', '/service-items', {
      name: 'Consulting',
      salesOrPurchaseDetails: { price: '150.00' },
    });
    const inv = await api('POST', '/invoices', {
      customerId: cust.body.id,
      transactionDate: '2026-03-10',
      refNumber: 'INV-1',
      lines: [
        { itemId: item.body.id, quantity: 3, rate: '150.00' },
        { itemId: item.body.id, description: 'Travel', amount: '42.10' },
      ],
    });
    expect(inv.status).toBe(200);
    const documented = fixture('invoices.list.200.from-openapi-examples.json').data[0];
    expect(Object.keys(inv.body)).toEqual(Object.keys(documented));
    expect(Object.keys(inv.body.lines[0])).toEqual(Object.keys(documented.lines[0]));
    expect(inv.body.id).toMatch(/^[0-9A-F]+-\d{10}$/);
    expect(inv.body.customer).toEqual({ id: cust.body.id, fullName: 'Acme' });
    expect(inv.body.lines.map((l: { amount: string }) => l.amount)).toEqual(['450.00', '42.10']);
    expect(inv.body).toMatchObject({
      subtotal: '492.10',
      balanceRemaining: '492.10',
      appliedAmount: '0.00',
      isPaid: false,
    });
    const listed = await api('GET', '/invoices');
    expect(Object.keys(listed.body)).toEqual(Object.keys(fixture('invoices.list.200.from-openapi-examples.json')));
  });

  it('an update must send the current revisionNumber; a stale one gets QuickBooks 3200 through Conductor', async () => {
    const c = co.create('customers', { name: 'Edited' });
    const noRev = await api('POST', `/customers/${c.id}`, { companyName: 'X' });
    expect(noRev.status).toBe(400);
    const ok = await api('POST', `/customers/${c.id}`, { revisionNumber: c.revisionNumber, companyName: 'Edited Ltd' });
    expect(ok.status).toBe(200);
    expect(ok.body.companyName).toBe('Edited Ltd');
    expect(ok.body.revisionNumber).not.toBe(c.revisionNumber);
    const stale = await api('POST', `/customers/${c.id}`, { revisionNumber: c.revisionNumber, companyName: 'Lost' });
    expect(stale.status).toBe(502);
    expect(stale.body.error).toMatchObject({
      type: 'INTEGRATION_ERROR',
      code: 'QBD_REQUEST_ERROR',
      integrationCode: '3200',
    });
    expect(stale.body.error.message).toBe(
      `QBD Request Error (3200): The provided revision number (edit sequence) "${c.revisionNumber}" is out-of-date.`,
    );
    expect(co.get('customers', String(c.id))!.companyName).toBe('Edited Ltd');
  });

  it('refuses what QuickBooks refuses: a missing reference, a name in use (customers and vendors share one list), too long, unknown keys, numbers for amounts', async () => {
    co.create('customers', { name: 'Shared Name' });
    const dup = await api('POST', '/vendors', { name: 'shared name' });
    expect(dup.status).toBe(502);
    expect(dup.body.error.integrationCode).toBe('3100');
    const ref = await api('POST', '/invoices', { customerId: '80000999-1234567890', transactionDate: '2026-03-10' });
    expect(ref.status).toBe(502);
    expect(ref.body.error.integrationCode).toBe('3140');
    for (const body of [
      { name: 'x'.repeat(42) },
      { name: 'Fine', favouriteColour: 'blue' },
      { companyName: 'No name' },
      { name: 'Fine', creditLimit: 100 },
    ]) {
      const res = await api('POST', '/customers', body);
      expect(res.status).toBe(400);
      expect(res.body.error.type).toBe('INVALID_REQUEST_ERROR');
    }
    expect(co.list('customers')).toHaveLength(1);
  });

  it('terms, classes and payment methods are named by id from the company file’s lists; another id is QuickBooks 3140', async () => {
    const net30 = otherListId('terms', 'Net 30');
    const east = otherListId('class', 'East');
    const cust = await api('POST', '/customers', { name: 'Acme', termsId: net30, classId: east });
    expect(cust.body).toMatchObject({
      terms: { id: net30, fullName: 'Net 30' },
      class: { id: east, fullName: 'East' },
    });
    const inv = await api('POST', '/invoices', {
      customerId: cust.body.id,
      transactionDate: '2026-03-10',
      termsId: net30,
      classId: east,
      lines: [{ description: 'Consulting', amount: '10.00' }],
    });
    expect(inv.body).toMatchObject({ terms: { fullName: 'Net 30' }, class: { fullName: 'East' } });
    const check = otherListId('paymentMethod', 'Check');
    const paid = await api('POST', '/receive-payments', {
      customerId: cust.body.id,
      transactionDate: '2026-03-11',
      totalAmount: '10.00',
      paymentMethodId: check,
    });
    expect(paid.body.paymentMethod).toEqual({ id: check, fullName: 'Check' });
    const vendor = await api('POST', '/vendors', { name: 'Paper Co', termsId: otherListId('terms', 'Net 15') });
    expect(vendor.body.terms).toMatchObject({ fullName: 'Net 15' });
    const unknown = await api('POST', '/customers', { name: 'Globex', termsId: east });
    expect(unknown.status).toBe(502);
    expect(unknown.body.error).toMatchObject({ integrationCode: '3140' });
    expect(unknown.body.error.message).toContain('QuickBooks Terms');
    const notText = await api('POST', '/customers', { name: 'Globex', classId: 7 });
    expect(notText.status).toBe(400);
  });

  it('a payment applied to an invoice lowers its balance, links both and changes the invoice revision', async () => {
    const cust = co.create('customers', { name: 'Payer' }).id as string;
    const inv = co.create('invoices', {
      customerId: cust,
      transactionDate: '2026-03-01',
      lines: [{ amount: '100.00' }],
    });
    sim.clock.advance(2000);
    const pay = await api('POST', '/receive-payments', {
      customerId: cust,
      transactionDate: '2026-03-10',
      totalAmount: '120.00',
      applyToTransactions: [{ transactionId: inv.id, paymentAmount: '100.00' }],
    });
    expect(pay.status).toBe(200);
    expect(pay.body).toMatchObject({
      objectType: 'qbd_receive_payment',
      totalAmount: '120.00',
      unusedPayment: '20.00',
    });
    expect(pay.body.appliedToTransactions[0]).toMatchObject({
      transactionId: inv.id,
      amount: '100.00',
      balanceRemaining: '0.00',
    });
    const after = (await api('GET', `/invoices/${inv.id}?includeLinkedTransactions=true`)).body;
    expect(after).toMatchObject({ balanceRemaining: '0.00', appliedAmount: '-100.00', isPaid: true });
    expect(after.linkedTransactions[0]).toMatchObject({ id: pay.body.id, transactionType: 'receive_payment' });
    expect(after.revisionNumber).not.toBe(inv.revisionNumber);
    expect((await api('GET', `/invoices/${inv.id}`)).body.linkedTransactions).toEqual([]);
    const over = await api('POST', '/receive-payments', {
      customerId: cust,
      transactionDate: '2026-03-10',
      totalAmount: '5.00',
      applyToTransactions: [{ transactionId: inv.id, paymentAmount: '5.00' }],
    });
    expect(over.status).toBe(502);
    expect((await api('DELETE', `/receive-payments/${pay.body.id}`)).body).toEqual({
      id: pay.body.id,
      objectType: 'qbd_receive_payment',
      deleted: true,
    });
    expect(co.get('invoices', String(inv.id))!.balanceRemaining).toBe('100.00');
  });

  it('void keeps the transaction with zero amounts and VOID: in the memo', async () => {
    const v = co.create('vendors', { name: 'Supplier' }).id as string;
    const acct = co.create('accounts', { name: 'Supplies', accountType: 'expense' }).id as string;
    const bill = co.create('bills', {
      vendorId: v,
      transactionDate: '2026-03-02',
      memo: 'March',
      expenseLines: [{ accountId: acct, amount: '80.00' }],
    });
    expect(bill).toMatchObject({ amountDue: '80.00', openAmount: '80.00' });
    const res = await api('POST', `/bills/${bill.id}/void`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ amountDue: '0.00', memo: 'VOID: March' });
    expect(res.body.expenseLines[0].amount).toBe('0.00');
    expect((await api('GET', '/bills')).body.data).toHaveLength(1);
  });

  it('deleted-list-objects and deleted-transactions: typed, grouped, unpaginated, the last 90 days only', async () => {
    const cust = co.create('customers', { name: 'Old' }).id as string;
    const inv = co.create('invoices', { customerId: cust, transactionDate: '2026-03-01', refNumber: 'R-1' })
      .id as string;
    co.delete('invoices', inv);
    sim.clock.advance(10 * 86_400_000);
    const inv2 = co.create('invoices', { customerId: cust, transactionDate: '2026-03-11' }).id as string;
    co.delete('invoices', inv2);
    co.delete('customers', cust);
    const txns = await api('GET', '/deleted-transactions?transactionTypes=invoice');
    expect(Object.keys(txns.body)).toEqual(['objectType', 'url', 'data']);
    expect(txns.body.data.map((d: { id: string }) => d.id)).toEqual([inv, inv2]);
    expect(txns.body.data[0]).toMatchObject({
      objectType: 'qbd_deleted_transaction',
      transactionType: 'invoice',
      refNumber: 'R-1',
    });
    const lists = await api('GET', '/deleted-list-objects?objectTypes=vendor,customer');
    expect(lists.body.data).toEqual([
      expect.objectContaining({ id: cust, objectType: 'qbd_deleted_list_object', listType: 'customer' }),
    ]);
    sim.clock.advance(DELETION_WINDOW_MS - 10 * 86_400_000 + 1000); // the first deletion is now 90 days + 1 s old
    const later = await api('GET', '/deleted-transactions?transactionTypes=invoice&deletedAfter=2026-01-01');
    expect(later.body.data.map((d: { id: string }) => d.id)).toEqual([inv2]);
    expect((await api('GET', '/deleted-transactions')).status).toBe(400);
    expect((await api('GET', '/deleted-transactions?transactionTypes=nonsense')).status).toBe(400);
    expect((await api('GET', '/deleted-transactions?transactionTypes=invoice&limit=10')).status).toBe(400);
    const gone = await api('GET', `/invoices/${inv}`);
    expect(gone.status).toBe(502);
    expect(gone.body.error.message).toContain('could not be found in QuickBooks');
  });
});
