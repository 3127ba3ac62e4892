import fs from 'node:fs';
import path from 'node:path';
import { parseJson } from '../api/json.ts';
import type { ConductorJson } from '../api/types.ts';
import { toCanonical } from './index.ts';

const ctx = { homeCurrency: 'USD' };
/** Read as the API client reads Conductor's answers: numbers that are not integers kept as their text. */
const fixture = (name: string) =>
  parseJson(fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', name), 'utf8')) as ConductorJson;

const street = 'Conductor Labs Inc.\n540 Market St.\nSuite 100';
const hq = { street, city: 'San Francisco', state: 'CA', postalCode: '94110', country: 'United States' };

describe('Conductor → canonical mapping of the spec fixtures', () => {
  it('maps the customer (a job) to the whole canonical customer', () => {
    expect(toCanonical('customers', fixture('customer.retrieve.200.from-openapi-examples.json'), ctx)).toStrictEqual({
      ok: true,
      value: {
        type: 'customer',
        id: '80000001-1234567890',
        version: '1721172183',
        updatedAt: '2025-02-01T12:34:56+00:00',
        name: 'Website Redesign Project',
        fullName: 'ABC Corporation:Website Redesign Project',
        parentId: '80000001-1234567890',
        companyName: 'Acme Corporation',
        isActive: true,
        billing: hq,
        shipping: hq,
        phone: '+1-555-123-4567',
        fax: '+1-555-555-1212',
        email: 'customer@example.com',
        terms: 'Net 30',
        className: 'Consulting',
        salesRep: 'Jane Doe',
        balance: '1000.00',
        currency: 'USD',
        contact: {
          salutation: 'Dr.',
          firstName: 'John',
          lastName: 'Doe',
          title: 'Purchasing Manager',
          email: 'customer@example.com',
          phone: '+1-555-123-4567',
          mobile: '+1-555-987-6543',
        },
        contacts: [{ salutation: 'Dr.', firstName: 'John', lastName: 'Doe', title: 'Purchasing Manager' }],
      },
    });
  });

  it('maps the listed invoice, its line group included, to the whole canonical invoice', () => {
    const page = fixture('invoices.list.200.from-openapi-examples.json') as { data: ConductorJson[] };
    const line = {
      id: '456DEF-1234567890',
      itemId: '80000001-1234567890',
      description: 'High-quality widget with custom engraving',
      quantity: '5',
      amount: '1000.00', // its rate is dropped: the line also carries a percentage rate
    };
    expect(toCanonical('invoices', page.data[0]!, ctx)).toStrictEqual({
      ok: true,
      value: {
        type: 'invoice',
        id: '123ABC-1234567890',
        version: '1721172183',
        updatedAt: '2025-02-01T12:34:56+00:00',
        number: 'INV-1234',
        customerId: '80000001-1234567890',
        txnDate: '2024-10-01',
        dueDate: '2024-10-31',
        total: '1010.00',
        balance: '100.00',
        isPaid: false,
        currency: 'USD',
        terms: 'Net 30',
        salesRep: 'Jane Doe',
        memo: 'Customer requested rush delivery',
        className: 'Construction',
        exchangeRate: '1.2345',
        lines: [
          line,
          {
            id: '456DEF-1234567890',
            itemId: '80000001-1234567890',
            description: 'Standard widget bulk package',
            quantity: '5',
            amount: '1000.00',
          },
          line,
        ],
      },
    });
  });

  it('maps an account, its type as qbXML spells it, and an inventory item', () => {
    const account = {
      id: '80000010-1',
      updatedAt: '2026-03-01T10:00:00-05:00',
      revisionNumber: '7',
      name: 'Checking',
      fullName: 'Checking',
      isActive: true,
      accountType: 'other_current_asset',
      accountNumber: null,
      balance: '10.5',
      totalBalance: '12.5',
    };
    expect(toCanonical('accounts', account, ctx)).toStrictEqual({
      ok: true,
      value: {
        type: 'account',
        id: '80000010-1',
        version: '7',
        updatedAt: '2026-03-01T10:00:00-05:00',
        name: 'Checking',
        fullName: 'Checking',
        accountType: 'OtherCurrentAsset',
        balance: '12.50',
        isActive: true,
      },
    });
    const item = {
      ...account,
      name: 'Widget',
      fullName: 'Parts:Widget',
      salesDescription: '',
      purchaseDescription: 'Widget, bought',
      salesPrice: '4',
    };
    expect(toCanonical('inventory-items', item, ctx)).toStrictEqual({
      ok: true,
      value: {
        type: 'item',
        id: '80000010-1',
        version: '7',
        updatedAt: '2026-03-01T10:00:00-05:00',
        name: 'Widget',
        fullName: 'Parts:Widget',
        itemType: 'Inventory',
        description: 'Widget, bought',
        price: '4.00',
        isActive: true,
      },
    });
  });

  it('maps a bill, its open amount the balance', () => {
    const bill = {
      id: '9-1',
      updatedAt: '2026-03-02T09:00:00-05:00',
      revisionNumber: '3',
      vendor: { id: '80000020-1', fullName: 'Lumber Co' },
      transactionDate: '2026-03-01',
      dueDate: null,
      refNumber: 'B-7',
      amountDue: '250',
      openAmount: '50.00',
      isPaid: false,
      currency: null,
      memo: '',
    };
    expect(toCanonical('bills', bill, ctx)).toStrictEqual({
      ok: true,
      value: {
        type: 'bill',
        id: '9-1',
        version: '3',
        updatedAt: '2026-03-02T09:00:00-05:00',
        number: 'B-7',
        vendorId: '80000020-1',
        txnDate: '2026-03-01',
        total: '250.00',
        balance: '50.00',
        isPaid: false,
        currency: 'USD',
      },
    });
  });

  it('maps deletions of mirrored types, and none of the others', () => {
    const at = '2026-03-03T08:00:00-05:00';
    const list = { id: '80000030-1', objectType: 'qbd_deleted_list_object', createdAt: at, deletedAt: at };
    expect(toCanonical('deleted-list-objects', { ...list, listType: 'item_service', fullName: 'Labor' }, ctx)).toEqual({
      ok: true,
      value: { type: 'deletion', recordType: 'item', id: '80000030-1', deletedAt: at, name: 'Labor' },
    });
    expect(toCanonical('deleted-list-objects', { ...list, listType: 'customer' }, ctx)).toEqual({
      ok: true,
      value: { type: 'deletion', recordType: 'customer', id: '80000030-1', deletedAt: at },
    });
    expect(toCanonical('deleted-list-objects', { ...list, listType: 'class' }, ctx)).toEqual({
      ok: true,
      value: undefined,
    });
    const txn = { id: '5-1', objectType: 'qbd_deleted_transaction', createdAt: at, deletedAt: at, refNumber: '12' };
    expect(toCanonical('deleted-transactions', { ...txn, transactionType: 'receive_payment' }, ctx)).toEqual({
      ok: true,
      value: { type: 'deletion', recordType: 'payment', id: '5-1', deletedAt: at, name: '12' },
    });
    expect(toCanonical('deleted-transactions', { ...txn, transactionType: 'estimate' }, ctx)).toEqual({
      ok: true,
      value: undefined,
    });
  });
});
