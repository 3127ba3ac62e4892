import fs from 'node:fs';
import path from 'node:path';
import { parseExactJson } from '../api/json.ts';
import {
  accountToCanonical,
  productToCanonical,
  salesOrderToCanonical,
  toPerson,
  trimDecimal,
} from './to-canonical.ts';

/** Rows the simulator returned for `ROW_QUERIES` (recorded by simulator.test.ts), parsed as the client will. */
const rows = parseExactJson(
  fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'rows.simulator.json'), 'utf8'),
) as Record<string, { value: Record<string, unknown>[] }>;
const row = (table: string, i: number) => rows[table]!.value[i]!;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('Dataverse rows → canonical records', () => {
  it('an account written from QuickBooks: a customer, its mirror key and connection, address, primary contact, currency', () => {
    expect(value(accountToCanonical(row('account', 0)))).toStrictEqual({
      type: 'customer',
      id: id(1),
      version: '1000068',
      updatedAt: '2026-11-02T09:30:00Z',
      mirrorOf: { object: 'accounts', key: '80000001-1271891747' },
      assignedTo: 'acme-desktop',
      name: 'Acme',
      fullName: 'Acme',
      companyName: 'Acme',
      isActive: true,
      phone: '555-0100',
      email: 'ap@acme.example',
      currency: 'USD',
      contact: { firstName: 'Wile', lastName: 'Coyote', title: 'Buyer', email: 'wile@acme.example' },
      billing: {
        street: '1 Main St\nSuite 200',
        city: 'Springfield',
        state: 'IL',
        postalCode: '62701',
        country: 'USA',
      },
    });
  });

  it('an inactive Vendor account: an inactive vendor with its address', () => {
    expect(value(accountToCanonical(row('account', 1)))).toMatchObject({
      type: 'vendor',
      isActive: false,
      address: { street: '9 Desert Rd', city: 'Tucson', state: 'AZ' },
      mirrorOf: { object: 'accounts', key: '80000002-1271891748' },
    });
  });

  it('a contact row on its own is a person', () => {
    expect(value(toPerson(row('contact', 0)))).toStrictEqual({
      firstName: 'Wile',
      lastName: 'Coyote',
      title: 'Buyer',
      email: 'wile@acme.example',
    });
  });

  it('products: a service stays a service; one made in Dynamics (Draft, no QuickBooks key) becomes the setting’s kind', () => {
    expect(value(productToCanonical(row('product', 0), { productItemType: 'NonInventory' }))).toMatchObject({
      itemType: 'Service',
      price: '150.00',
      mirrorOf: { object: 'products', key: '80000010-1271891750' },
      isActive: true,
    });
    expect(value(productToCanonical(row('product', 1), { productItemType: 'NonInventory' }))).toStrictEqual({
      type: 'item',
      id: id(6),
      version: '1000069',
      updatedAt: '2026-11-02T09:30:00Z',
      assignedTo: null,
      name: 'Widget',
      fullName: 'Widget',
      itemType: 'NonInventory',
      sku: 'W-1',
      price: '19.99',
      isActive: true,
    });
  });

  it('a sales order → the invoice QuickBooks makes of it: lines to the cent (1.5 × 10.33 = 15.495 → 15.50)', () => {
    expect(value(salesOrderToCanonical(row('salesorder', 0), 'active'))).toStrictEqual({
      type: 'invoice',
      id: id(7),
      version: '1000074',
      updatedAt: '2026-11-02T09:30:00Z',
      assignedTo: null,
      number: 'ORD-01001-XXXXXX',
      customerId: id(1),
      txnDate: '2026-11-02',
      total: '55.48',
      balance: '55.48',
      memo: 'Acme spring order',
      currency: 'USD',
      lines: [
        { id: id(8), itemId: id(6), quantity: '2', rate: '19.99', amount: '39.98' },
        { id: id(9), description: 'Rush delivery', quantity: '1.5', rate: '10.33', amount: '15.50' },
      ],
    });
  });

  it('an order waits for the trigger: not yet while Active if the trigger is submission; never again once invoiced', () => {
    expect(value(salesOrderToCanonical(row('salesorder', 0)))).toBeUndefined();
    expect(value(salesOrderToCanonical({ ...row('salesorder', 0), statecode: 1 }))).toMatchObject({ total: '55.48' });
    expect(value(salesOrderToCanonical({ ...row('salesorder', 0), statecode: 4 }))).toBeUndefined();
  });

  it('a cancelled order is the deletion of its invoice; a row without what it needs is a failure naming the column', () => {
    const order = row('salesorder', 0);
    expect(value(salesOrderToCanonical({ ...order, statecode: 2 }))).toEqual({
      type: 'deletion',
      recordType: 'invoice',
      id: order.salesorderid,
      deletedAt: order.modifiedon,
    });
    const { _customerid_value: _dropped, ...noCustomer } = row('salesorder', 0);
    expect(salesOrderToCanonical(noCustomer)).toMatchObject({
      ok: false,
      error: {
        code: 'dyn_row_unreadable',
        message: `The salesorder row ${String(noCustomer.salesorderid)} could not be read: _customerid_value: Invalid input: expected string, received undefined.`,
      },
    });
    expect(accountToCanonical({ ...row('account', 0), accountid: 'nope' })).toMatchObject({
      ok: false,
      error: { message: 'The account row nope could not be read: accountid: a GUID.' },
    });
  });

  it('trims only the padding zeros', () => {
    expect(['1250.5000', '29.9850', '150', '0.0000', '-3.1000'].map((v) => trimDecimal(v, 2))).toEqual([
      '1250.50',
      '29.985',
      '150.00',
      '0.00',
      '-3.10',
    ]);
    expect(trimDecimal('2.00000', 0)).toBe('2');
  });
});
