import type { Customer, Invoice, Item } from '../../../sync/model.ts';
import type { DynamicsMappingContext } from './context.ts';
import { deletionWrites } from './deletions.ts';
import { INVOICE_STATE, invoiceWrites, lineAmounts } from './invoices.ts';
import { partyWrites } from './parties.ts';
import { itemWrites } from './products.ts';
import { linkColumns, rowPath, type DataverseWrite } from './writes.ts';

const ctx: DynamicsMappingContext = {
  connection: 'acme',
  unitGroupId: 'ug',
  unitId: 'u',
  priceListId: 'pl',
  currencyIds: { USD: 'usd' },
};
const customer: Customer = {
  type: 'customer',
  id: '800-1',
  updatedAt: '2026-11-01T10:00:00Z',
  name: 'Job 1',
  fullName: 'Acme:Job 1',
  isActive: false,
  billing: { street: 'a\nb\nc\nd', city: 'Springfield' },
  currency: 'EUR',
  contact: { lastName: 'Coyote' },
};

function mapped(r: { ok: boolean; value?: DataverseWrite[]; error?: { message: string } }): DataverseWrite[] {
  if (!r.ok || !r.value) throw new Error(r.error?.message);
  return r.value;
}
const body = (w: DataverseWrite) => JSON.parse(JSON.stringify(w.row)) as Record<string, unknown>;

describe('canonical → Dataverse writes', () => {
  it('a customer: its account by key (full name, Customer, address lines, deactivated), its contact under it, then the primary contact', () => {
    const [account, contact, primary] = mapped(partyWrites(customer, ctx));
    expect(account).toMatchObject({ table: 'account', state: { statecode: 1, statuscode: 2 } });
    expect(rowPath(account!.table, account!.address)).toBe(
      "accounts(lb_quickbooksconnection='acme',lb_quickbooksid='800-1')",
    );
    expect(body(account!)).toEqual({
      lb_quickbooksconnection: 'acme',
      lb_quickbooksid: '800-1',
      lb_syncstatus: 100000002,
      name: 'Acme:Job 1',
      customertypecode: 3,
      address1_line1: 'a',
      address1_line2: 'b',
      address1_line3: 'c, d',
      address1_city: 'Springfield',
      address1_stateorprovince: null,
      address1_postalcode: null,
      address1_country: null,
      telephone1: null,
      emailaddress1: null,
    }); // EUR is not a currency the environment has: no currency bind
    expect(body(contact!)).toMatchObject({
      lastname: 'Coyote',
      firstname: null,
      'parentcustomerid_account@odata.bind': "/accounts(lb_quickbooksconnection='acme',lb_quickbooksid='800-1')",
    });
    expect(contact!.state).toEqual({ statecode: 1, statuscode: 2 });
    expect(primary!.row).toEqual({
      'primarycontactid@odata.bind': "/contacts(lb_quickbooksconnection='acme',lb_quickbooksid='800-1')",
    });
  });

  it('a vendor is a Vendor account; a key value Dataverse cannot address is refused', () => {
    const vendor = {
      type: 'vendor',
      id: 'V1',
      updatedAt: '',
      name: 'Supply',
      isActive: true,
      currency: 'USD',
    } as const;
    const [account] = mapped(partyWrites(vendor, ctx));
    expect(body(account!)).toMatchObject({
      customertypecode: 11,
      'transactioncurrencyid@odata.bind': '/transactioncurrencies(usd)',
    });
    expect(partyWrites({ ...vendor, id: 'A&B' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'dyn_key_unaddressable' },
    });
    expect(linkColumns('acme:desktop', '1').ok).toBe(false);
    expect(rowPath('account', { connection: "o'brien", quickbooksId: '1' })).toContain("'o''brien'");
  });

  it('an item: a product in the unit group with its exact price, Active, and its price list item at a derived id', () => {
    const item: Item = {
      type: 'item',
      id: 'I-1',
      updatedAt: '',
      name: 'Bolt',
      fullName: 'Hardware:Bolt',
      itemType: 'Inventory',
      price: '0.12345',
      isActive: true,
    };
    const [product, price] = mapped(itemWrites(item, ctx));
    expect(JSON.stringify(product!.row)).toContain('"price":0.12345');
    expect(body(product!)).toMatchObject({
      name: 'Bolt',
      productnumber: 'I-1',
      producttypecode: 1,
      'defaultuomscheduleid@odata.bind': '/uomschedules(ug)',
      'defaultuomid@odata.bind': '/uoms(u)',
    });
    expect(product!.state).toEqual({ statecode: 0, statuscode: 1 });
    expect(price!.address).toEqual(mapped(itemWrites(item, ctx))[1]!.address);
    expect(price!.address).not.toEqual(mapped(itemWrites({ ...item, id: 'I-2' }, ctx))[1]!.address);
    expect(JSON.stringify(price!.row)).toContain('"amount":0.12345');
    expect(mapped(itemWrites({ ...item, price: undefined, isActive: false }, ctx))).toEqual([
      expect.objectContaining({ table: 'product', state: { statecode: 1, statuscode: 2 } }),
    ]);
  });

  it('keeps quantity × rate only when it is exactly the amount', () => {
    expect(lineAmounts({ id: '1', quantity: '3', rate: '2.50', amount: '7.50' })).toEqual({
      quantity: '3',
      price: '2.50',
    });
    expect(lineAmounts({ id: '1', quantity: '1.5', rate: '19.99', amount: '29.99' })).toEqual({
      quantity: '1',
      price: '29.99',
    });
    expect(lineAmounts({ id: '1', quantity: '1', rate: '9.99999', amount: '10.00' })).toEqual({
      quantity: '1',
      price: '10.00',
    });
    expect(lineAmounts({ id: '1', amount: '-5.00' })).toEqual({ quantity: '1', price: '-5.00' });
  });

  it('an invoice: header, lines (parent only on create), then its state, then the order Invoiced; voided is Canceled', () => {
    const invoice: Invoice = {
      type: 'invoice',
      id: 'T-1',
      updatedAt: '',
      customerId: '800-1',
      txnDate: '2026-11-03',
      total: '10.00',
      balance: '0.00',
      isPaid: true,
      lines: [{ id: 'L1', itemId: 'I-1', quantity: '2', rate: '5.00', amount: '10.00' }],
    };
    const writes = mapped(invoiceWrites(invoice, ctx, 'so-1'));
    expect(writes.map((w) => [w.table, w.state ?? null])).toEqual([
      ['invoice', null],
      ['invoicedetail', null],
      ['invoice', INVOICE_STATE.paid],
      ['salesorder', { statecode: 4, statuscode: 100003 }],
    ]);
    expect(body(writes[0]!)).toMatchObject({ name: 'Invoice T-1', 'salesorderid@odata.bind': '/salesorders(so-1)' });
    expect(writes[1]!.createOnly).toEqual(['invoiceid@odata.bind']);
    expect(JSON.stringify(writes[1]!.row)).toContain('"quantity":2,"priceperunit":5.00');
    const voided = mapped(invoiceWrites({ ...invoice, isPaid: false, isVoided: true }, ctx));
    expect(voided.map((w) => w.table)).toEqual(['invoice', 'invoicedetail', 'invoice']);
    expect(voided[2]!.state).toEqual(INVOICE_STATE.canceled);
  });

  it('a deletion deactivates, never deletes: the account and contact Inactive, a product Retired, an invoice Canceled', () => {
    const gone = (recordType: 'customer' | 'item' | 'invoice' | 'payment') =>
      mapped(deletionWrites({ type: 'deletion', recordType, id: '800-1', deletedAt: '' }, ctx)).map((w) => [
        rowPath(w.table, w.address),
        w.row,
        w.state,
      ]);
    const key = "(lb_quickbooksconnection='acme',lb_quickbooksid='800-1')";
    expect(gone('customer')).toEqual([
      [`accounts${key}`, {}, { statecode: 1, statuscode: 2 }],
      [`contacts${key}`, {}, { statecode: 1, statuscode: 2 }],
    ]);
    expect(gone('item')).toEqual([[`products${key}`, {}, { statecode: 1, statuscode: 2 }]]);
    expect(gone('invoice')).toEqual([[`invoices${key}`, {}, INVOICE_STATE.canceled]]);
    expect(gone('payment')).toEqual([]);
  });
});
