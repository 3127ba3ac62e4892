import fs from 'node:fs';
import path from 'node:path';
import { startDataverseSimulator, type DataverseSimulator } from '../../../../../test/simulators/dynamics/index.ts';
import { connect, type Api } from '../../../../../test/simulators/dynamics/test-client.ts';
import type { Customer, Invoice, Item, Vendor } from '../../../sync/model.ts';
import { provision } from '../provision/run.ts';
import type { DynamicsMappingContext } from './context.ts';
import { invoiceWrites } from './invoices.ts';
import { parseExactJson } from '../api/json.ts';
import { partyWrites } from './parties.ts';
import { itemWrites } from './products.ts';
import { ROW_QUERIES } from './rows.ts';
import { bind, rowPath, type DataverseWrite } from './writes.ts';

const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'rows.simulator.json');
const START = Date.UTC(2026, 10, 2, 9, 30, 0);

const ctx: DynamicsMappingContext = {
  connection: 'acme-desktop',
  unitGroupId: '0a000000-0000-4000-8000-000000000001',
  unitId: '0a000000-0000-4000-8000-000000000002',
  priceListId: '0a000000-0000-4000-8000-000000000003',
  currencyIds: { USD: '0a000000-0000-4000-8000-000000000004' },
};

const customer: Customer = {
  type: 'customer',
  id: '80000001-1271891747',
  updatedAt: '2026-11-01T10:00:00Z',
  name: 'Acme',
  fullName: 'Acme',
  companyName: 'Acme Corporation',
  isActive: true,
  billing: { street: '1 Main St\nSuite 200', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'USA' },
  phone: '555-0100',
  email: 'ap@acme.example',
  currency: 'USD',
  contact: { firstName: 'Wile', lastName: 'Coyote', email: 'wile@acme.example', title: 'Buyer' },
};
const vendor: Vendor = {
  type: 'vendor',
  id: '80000002-1271891748',
  updatedAt: '2026-11-01T10:00:00Z',
  name: 'Roadrunner Supply',
  isActive: false,
  address: { street: '9 Desert Rd', city: 'Tucson', state: 'AZ' },
};
const service: Item = {
  type: 'item',
  id: '80000010-1271891750',
  updatedAt: '2026-11-01T10:00:00Z',
  name: 'Consulting',
  fullName: 'Consulting',
  itemType: 'Service',
  description: 'Hourly consulting',
  price: '150.00',
  isActive: true,
};

/** Sends a write as the Web API client will: an upsert, then its state. */
async function send(api: Api, w: DataverseWrite): Promise<void> {
  const at = rowPath(w.table, w.address);
  const json = { 'content-type': 'application/json' };
  if (Object.keys(w.row).length > 0) {
    let res = await api('PATCH', at, JSON.stringify(w.row), { ...json, 'If-None-Match': '*' });
    if (res.status === 412) {
      const row = Object.fromEntries(Object.entries(w.row).filter(([k]) => !w.createOnly?.includes(k)));
      res = await api('PATCH', at, JSON.stringify(row), { ...json, 'If-Match': '*' });
    }
    if (res.status !== 204) throw new Error(`${w.table} ${at}: ${res.status} ${res.text}`);
  }
  if (w.state) {
    const res = await api('PATCH', at, JSON.stringify(w.state), { ...json, 'If-Match': '*' });
    if (res.status !== 204) throw new Error(`${w.table} state: ${res.status} ${res.text}`);
  }
}

async function sendAll(api: Api, writes: { ok: boolean; value?: DataverseWrite[] }) {
  if (!writes.ok || !writes.value) throw new Error('not mapped');
  for (const w of writes.value) await send(api, w);
}

/** The environment Ledgerbridge sets up: its columns and keys, unit group, unit, price list, currency. */
async function prepared(sim: DataverseSimulator, api: Api): Promise<void> {
  const done = await provision(
    async (r) => {
      const res = await api(r.method, r.path, r.body, r.headers ?? {});
      return { status: res.status, body: res.body };
    },
    { webhook: { url: 'http://127.0.0.1:9/dynamics/webhooks', key: 'k' } },
  );
  if (!done.ok) throw new Error(done.error.message);
  const t = (name: string) => sim.env.table(name);
  t('transactioncurrency').insert({
    transactioncurrencyid: ctx.currencyIds!.USD!,
    currencyname: 'US Dollar (Ledgerbridge)',
    isocurrencycode: 'USD',
    currencysymbol: '$',
  });
  t('uomschedule').insert({ uomscheduleid: ctx.unitGroupId, name: 'Ledgerbridge', baseuomname: 'Each' });
  t('uom').insert({
    uomid: ctx.unitId,
    name: 'Each',
    uomscheduleid: { table: 'uomschedule', id: ctx.unitGroupId },
    quantity: '1.0000000000',
  });
  t('pricelevel').insert({
    pricelevelid: ctx.priceListId,
    name: 'Ledgerbridge',
    transactioncurrencyid: { table: 'transactioncurrency', id: ctx.currencyIds!.USD! },
  });
}

/**
 * Every GUID renamed in order of first appearance, the environment's address fixed, the random
 * part of an autonumber masked: the same each run.
 */
function normalized(text: string, sim: DataverseSimulator): string {
  const names = new Map<string, string>();
  return text
    .replaceAll(sim.url, 'https://contoso.crm.dynamics.com')
    .replace(/"(ORD-\d+-)[A-Z0-9]+"/g, '"$1XXXXXX"')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (g) => {
      if (!names.has(g)) names.set(g, `00000000-0000-4000-8000-${String(names.size + 1).padStart(12, '0')}`);
      return names.get(g)!;
    });
}

let sim: DataverseSimulator;
let api: Api;
beforeEach(async () => {
  sim = await startDataverseSimulator({ startAt: START });
  api = connect(sim);
  await prepared(sim, api);
});
afterEach(() => sim.close());

describe('canonical records written into the Dataverse simulator', () => {
  it('customers, vendors and items land as the recorded rows; an order entered in Dynamics reads back as recorded', async () => {
    await sendAll(api, partyWrites(customer, ctx));
    await sendAll(api, partyWrites(vendor, ctx));
    await sendAll(api, itemWrites(service, ctx));
    await sendAll(api, partyWrites(customer, ctx)); // a second sync of the same customer changes nothing
    // A salesperson adds a product in Dynamics and takes an order with it and a write-in line.
    const widget = await api(
      'POST',
      'products',
      {
        name: 'Widget',
        productnumber: 'W-1',
        quantitydecimal: 2,
        producttypecode: 1,
        price: 19.99,
        'defaultuomscheduleid@odata.bind': `/uomschedules(${ctx.unitGroupId})`,
        'defaultuomid@odata.bind': `/uoms(${ctx.unitId})`,
      },
      { Prefer: 'return=representation' },
    );
    const order = await api(
      'POST',
      'salesorders',
      {
        name: 'Acme spring order',
        'customerid_account@odata.bind': bind('account', { connection: ctx.connection, quickbooksId: customer.id }),
        'pricelevelid@odata.bind': `/pricelevels(${ctx.priceListId})`,
        'transactioncurrencyid@odata.bind': `/transactioncurrencies(${ctx.currencyIds!.USD!})`,
        submitdate: '2026-11-02T09:00:00Z',
      },
      { Prefer: 'return=representation' },
    );
    expect(order.status).toBe(201);
    const lines = [
      {
        'productid@odata.bind': `/products(${String(widget.body.productid)})`,
        'uomid@odata.bind': `/uoms(${ctx.unitId})`,
        quantity: 2,
        priceperunit: 19.99,
        ispriceoverridden: true,
        lineitemnumber: 1,
      },
      {
        isproductoverridden: true,
        productdescription: 'Rush delivery',
        quantity: 1.5,
        priceperunit: 10.33,
        ispriceoverridden: true,
        lineitemnumber: 2,
      },
    ];
    for (const line of lines) {
      const res = await api('POST', 'salesorderdetails', {
        ...line,
        'salesorderid@odata.bind': `/salesorders(${String(order.body.salesorderid)})`,
      });
      expect(res.status).toBe(204);
    }

    const texts: string[] = [];
    for (const [table, query] of Object.entries(ROW_QUERIES)) {
      const res = await api('GET', query);
      expect(res.status).toBe(200);
      texts.push(`"${table}": ${res.text}`);
    }
    const recorded = `{\n${texts.join(',\n')}\n}\n`;
    const live = normalized(recorded, sim);
    if (process.env.RECORD_DYNAMICS_FIXTURES === '1') fs.writeFileSync(FIXTURE, live);
    expect(live).toBe(fs.readFileSync(FIXTURE, 'utf8'));

    const rows = parseExactJson(recorded) as Record<string, { value: Record<string, unknown>[] }>;
    expect(rows.account!.value.map((a) => [a.name, a.customertypecode, a.statecode])).toEqual([
      ['Acme', 3, 0],
      ['Roadrunner Supply', 11, 1],
    ]);
    expect(rows.product!.value.map((p) => [p.name, p.price, p.statecode])).toEqual([
      ['Consulting', '150.0000', 0],
      ['Widget', '19.9900', 2],
    ]);
  });

  it('an invoice for the order: exact lines under it, Paid when paid, and the order Invoiced', async () => {
    await sendAll(api, partyWrites(customer, ctx));
    await sendAll(api, itemWrites(service, ctx));
    const order = await api(
      'POST',
      'salesorders',
      {
        name: 'Acme order',
        'customerid_account@odata.bind': bind('account', { connection: ctx.connection, quickbooksId: customer.id }),
        'pricelevelid@odata.bind': `/pricelevels(${ctx.priceListId})`,
      },
      { Prefer: 'return=representation' },
    );
    const orderId = String(order.body.salesorderid);
    const invoice: Invoice = {
      type: 'invoice',
      id: '1A2B-1271891800',
      number: '1042',
      updatedAt: '2026-11-03T10:00:00Z',
      customerId: customer.id,
      txnDate: '2026-11-03',
      dueDate: '2026-12-03',
      total: '327.99',
      balance: '327.99',
      lines: [
        { id: '1A2C-1', itemId: service.id, quantity: '2', rate: '150.00', amount: '300.00' },
        { id: '1A2C-2', description: 'Rush delivery', quantity: '1.5', rate: '18.66', amount: '27.99' },
      ],
    };
    await sendAll(api, invoiceWrites(invoice, ctx, orderId));
    await sendAll(api, invoiceWrites(invoice, ctx, orderId)); // again: nothing duplicated
    const read = async () =>
      (
        await api(
          'GET',
          'invoices?$select=name,totalamount,statecode,statuscode,_salesorderid_value&$expand=invoice_details($select=quantity,priceperunit,extendedamount,productdescription;$orderby=lineitemnumber)',
        )
      ).body.value;
    const [open] = await read();
    expect(open).toMatchObject({
      name: 'Invoice 1042',
      totalamount: 327.99,
      statecode: 0,
      _salesorderid_value: orderId,
    });
    expect(open.invoice_details.map((d: { extendedamount: number }) => d.extendedamount)).toEqual([300, 27.99]);
    const order2 = (await api('GET', `salesorders(${orderId})?$select=statecode,statuscode`)).body;
    expect([order2.statecode, order2.statuscode]).toEqual([4, 100003]);

    await sendAll(api, invoiceWrites({ ...invoice, balance: '0.00', isPaid: true }, ctx, orderId));
    const [paid] = await read();
    expect([paid.statecode, paid.statuscode]).toEqual([2, 100001]);
    expect(paid.invoice_details).toHaveLength(2);
  });
});
