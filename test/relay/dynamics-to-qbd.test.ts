/**
 * Dynamics 365 Sales → QuickBooks Desktop over real sockets, a salesperson's way: a product added
 * and published in Dynamics becomes a QuickBooks item at the next Web Connector session (matched to
 * an existing item of the same name rather than doubled); a submitted sales order becomes a
 * QuickBooks invoice, which comes back as a Dynamics invoice linked to the order, the order moved
 * to Invoiced; a payment received in QuickBooks marks that invoice Paid. Dataverse's webhooks reach
 * the relay; nothing is duplicated and nothing the relay wrote comes back as a change.
 */
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import { connect, type Api } from '../simulators/dynamics/test-client.ts';
import { SALESPERSON_APP, startDynamicsRelay, type DynamicsRelay } from './support/dynamics-relay.ts';

const COMPANY: CompanyOptions = { seed: 15, customers: 3, vendors: 0, items: 2, invoices: 0, bills: 0, payments: 0 };

type Row = Readonly<Record<string, unknown>>;
const ref = (v: unknown) => (v && typeof v === 'object' ? (v as { id: string }).id : undefined);

const qbxml = (inner: string) =>
  `<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">${inner}</QBXMLMsgsRq></QBXML>`;

describe('Dynamics 365 Sales → QuickBooks Desktop', () => {
  let r: DynamicsRelay;
  let api: Api;
  const rows = (table: string): Row[] => [...r.dataverse.env.table(table).rows()];
  const one = (table: string, where: (row: Row) => boolean) => rows(table).find(where);
  /** A Web Connector session, then everything it brought written into Dynamics and read back. */
  const session = async () => {
    await r.settle();
    await r.webConnector();
    await r.settle();
  };

  beforeAll(async () => {
    r = await startDynamicsRelay(COMPANY);
    api = connect(r.dataverse, SALESPERSON_APP);
    await session(); // the first sync: customers and items into Dynamics
  });
  afterAll(() => r.close());

  const setup = () => ({
    unitGroup: String(one('uomschedule', (u) => u.name === 'Ledgerbridge')!.uomscheduleid),
    unit: String(one('uom', (u) => u.name === 'Each')!.uomid),
    priceList: String(one('pricelevel', (p) => p.name === 'Ledgerbridge')!.pricelevelid),
  });

  /** A product a salesperson adds in Dynamics and publishes (new products are Draft). */
  async function addProduct(name: string): Promise<string> {
    const { unitGroup, unit } = setup();
    const made = await api(
      'POST',
      'products',
      {
        name,
        productnumber: name.toUpperCase().replace(/\W+/g, '-'),
        producttypecode: 3,
        quantitydecimal: 2,
        price: 95,
        'defaultuomscheduleid@odata.bind': `/uomschedules(${unitGroup})`,
        'defaultuomid@odata.bind': `/uoms(${unit})`,
      },
      { Prefer: 'return=representation' },
    );
    expect(made.status).toBe(201);
    const id = String(made.body.productid);
    expect((await api('PATCH', `products(${id})`, { statecode: 0, statuscode: 1 })).status).toBe(204);
    return id;
  }

  it('a product published in Dynamics becomes a QuickBooks item, its QuickBooks id back on it', async () => {
    const items = r.company.list('item').length;
    const workshop = await addProduct('Onsite workshop');
    await session(); // the item goes to QuickBooks
    await session(); // its mirror comes back
    expect(r.company.list('item')).toHaveLength(items + 1);
    const made = r.company.list('item').find((i) => i.name === 'Onsite workshop');
    expect(made).toMatchObject({ itemType: 'Service', salesPrice: '95.00' });
    expect(one('product', (p) => p.productid === workshop)).toMatchObject({ lb_quickbooksid: made!.listId });
    expect(rows('product').filter((p) => p.name === 'Onsite workshop')).toHaveLength(1);
  });

  it('a product named like an item Dynamics already mirrors is not added twice: Needs Review, in words', async () => {
    const existing = r.company.list('item')[0]!;
    const items = r.company.list('item').length;
    const twin = await addProduct(existing.name);
    await session();
    expect(r.company.list('item')).toHaveLength(items);
    expect(one('product', (p) => p.productid === twin)).toMatchObject({ lb_syncstatus: 100000004 }); // Needs Review
    const [log] = rows('lb_synclog').filter((l) => l.lb_errorcode === 'review_record_mirrored');
    expect(String(log!.lb_errormessage)).toContain(`QuickBooks already has "${existing.name}"`);
  });

  it('a submitted sales order becomes a QuickBooks invoice, back as a Dynamics invoice; the order is Invoiced', async () => {
    const { unit, priceList } = setup();
    const customer = r.company.list('customer').find((c) => c.isActive && !c.parent)!;
    const account = one('account', (a) => a.lb_quickbooksid === customer.listId)!;
    const product = one('product', (p) => p.name === 'Onsite workshop')!;
    const usd = String(one('transactioncurrency', (c) => c.isocurrencycode === 'USD')!.transactioncurrencyid);
    const order = await api(
      'POST',
      'salesorders',
      {
        name: 'Spring workshops',
        'customerid_account@odata.bind': `/accounts(${String(account.accountid)})`,
        'pricelevelid@odata.bind': `/pricelevels(${priceList})`,
        'transactioncurrencyid@odata.bind': `/transactioncurrencies(${usd})`,
      },
      { Prefer: 'return=representation' },
    );
    expect(order.status).toBe(201);
    const orderId = String(order.body.salesorderid);
    const design = one('product', (p) => p.lb_quickbooksid === r.company.list('item')[0]!.listId)!;
    const lines = [
      { 'productid@odata.bind': `/products(${String(product.productid)})`, quantity: 2, priceperunit: 95 },
      { 'productid@odata.bind': `/products(${String(design.productid)})`, quantity: 1.5, priceperunit: 10.33 },
    ];
    for (const line of lines) {
      const res = await api('POST', 'salesorderdetails', {
        ...line,
        'uomid@odata.bind': `/uoms(${unit})`,
        ispriceoverridden: true,
        'salesorderid@odata.bind': `/salesorders(${orderId})`,
      });
      expect(res.status).toBe(204);
    }
    const invoices = r.company.list('invoice').length;
    await session();
    expect(r.company.list('invoice')).toHaveLength(invoices); // still being written: not yet

    expect((await api('PATCH', `salesorders(${orderId})`, { statecode: 1, statuscode: 3 })).status).toBe(204);
    await session(); // the order goes to QuickBooks
    await session(); // the invoice comes back

    const made = r.company.list('invoice');
    expect(made).toHaveLength(invoices + 1);
    const invoice = made.at(-1)!;
    expect(invoice.customer.listId).toBe(customer.listId);
    expect(invoice.lines.map((l) => l.amount)).toEqual(['190.00', '15.50']); // 1.5 × 10.33 = 15.495, to the cent
    const mirrored = one('invoice', (i) => i.lb_quickbooksid === invoice.txnId)!;
    expect(mirrored).toMatchObject({ statecode: 0 });
    expect(ref(mirrored.salesorderid)).toBe(orderId);
    expect(ref(mirrored.customerid)).toBe(account.accountid);
    expect(one('salesorder', (o) => o.salesorderid === orderId)).toMatchObject({
      statecode: 4,
      statuscode: 100003,
    });
    await session(); // nothing more: the Invoiced order is no new invoice
    expect(r.company.list('invoice')).toHaveLength(invoices + 1);
  });

  it('a payment received in QuickBooks marks the Dynamics invoice Paid', async () => {
    const invoice = r.company.list('invoice').at(-1)!;
    const response = r.company.process(
      qbxml(
        `<ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><ListID>${invoice.customer.listId!}</ListID></CustomerRef>` +
          `<TotalAmount>205.50</TotalAmount><AppliedToTxnAdd><TxnID>${invoice.txnId}</TxnID>` +
          `<PaymentAmount>205.50</PaymentAmount></AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>`,
      ),
    );
    expect(response).toContain('statusCode="0"');
    await session();
    expect(one('invoice', (i) => i.lb_quickbooksid === invoice.txnId)).toMatchObject({
      statecode: 2,
      statuscode: 100001,
    });
  });

  it('an order cancelled before the Web Connector ran is taken back: no QuickBooks invoice is made of it', async () => {
    const { unit, priceList } = setup();
    const customer = r.company.list('customer').find((c) => c.isActive && !c.parent)!;
    const account = one('account', (a) => a.lb_quickbooksid === customer.listId)!;
    const product = one('product', (p) => p.name === 'Onsite workshop')!;
    const order = await api(
      'POST',
      'salesorders',
      {
        name: 'Autumn workshops',
        'customerid_account@odata.bind': `/accounts(${String(account.accountid)})`,
        'pricelevelid@odata.bind': `/pricelevels(${priceList})`,
      },
      { Prefer: 'return=representation' },
    );
    const orderId = String(order.body.salesorderid);
    const line = await api('POST', 'salesorderdetails', {
      'productid@odata.bind': `/products(${String(product.productid)})`,
      quantity: 3,
      priceperunit: 95,
      ispriceoverridden: true,
      'uomid@odata.bind': `/uoms(${unit})`,
      'salesorderid@odata.bind': `/salesorders(${orderId})`,
    });
    expect(line.status).toBe(204);
    expect((await api('PATCH', `salesorders(${orderId})`, { statecode: 1, statuscode: 3 })).status).toBe(204);
    await r.settle(); // read: its invoice waits for the Web Connector
    expect(one('salesorder', (o) => o.salesorderid === orderId)!.lb_syncstatus).toBe(100000001); // Queued
    expect((await api('PATCH', `salesorders(${orderId})`, { statecode: 2, statuscode: 4 })).status).toBe(204);
    const invoices = r.company.list('invoice').length;
    await session();
    await session();
    expect(r.company.list('invoice')).toHaveLength(invoices);
    expect(one('salesorder', (o) => o.salesorderid === orderId)).toMatchObject({ statecode: 2, statuscode: 4 });
  });

  it("an account's phone changed twice in Dynamics, a session apart, reaches QuickBooks both times", async () => {
    const customer = r.company.list('customer').find((c) => !c.parent)!;
    const account = one('account', (a) => a.lb_quickbooksid === customer.listId)!;
    const phone = () => r.company.list('customer').find((c) => c.listId === customer.listId)!.phone;
    for (const next of ['555-0201', '555-0202']) {
      expect((await api('PATCH', `accounts(${String(account.accountid)})`, { telephone1: next })).status).toBe(204);
      await session();
      expect(phone()).toBe(next);
      expect(one('account', (a) => a.accountid === account.accountid)!.telephone1).toBe(next);
    }
  });

  it("an account deactivated in Dynamics takes its active customer's state again at its next change in QuickBooks", async () => {
    const customer = r.company.list('customer').find((c) => !c.parent && c.isActive)!;
    const account = one('account', (a) => a.lb_quickbooksid === customer.listId)!;
    const id = String(account.accountid);
    expect((await api('PATCH', `accounts(${id})`, { statecode: 1, statuscode: 2 })).status).toBe(204);
    await session();
    r.company.edit('customer', customer.listId, { phone: '555-0230' });
    await session();
    expect(one('account', (a) => a.accountid === id)).toMatchObject({ statecode: 0, statuscode: 1 });
  });

  it('nothing doubled: one account per customer, one product per item, one invoice per order', () => {
    const keys = (table: string) =>
      rows(table).map((x) => `${String(x.lb_quickbooksconnection)}|${String(x.lb_quickbooksid)}`);
    for (const table of ['account', 'product', 'invoice']) expect(new Set(keys(table)).size).toBe(keys(table).length);
    expect(rows('account')).toHaveLength(r.company.list('customer').length);
    expect(rows('product')).toHaveLength(r.company.list('item').length + 1); // the twin waits for review
    expect(rows('lb_synclog').map((l) => l.lb_errorcode)).toEqual(['review_record_mirrored']);
  });
});
