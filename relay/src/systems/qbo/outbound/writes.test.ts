import { heldHash } from '../../../sync/hash.ts';
import type { Customer, Invoice, Item, Vendor } from '../../../sync/model.ts';
import { rankOf } from '../../../sync/ranks.ts';
import { BY_ID, heldOf, qboWritesFor } from './writes.ts';

const at = '2026-11-30T10:00:00.000Z';
const customer: Customer = {
  type: 'customer',
  id: '001000000000001AAA',
  updatedAt: at,
  name: 'Acme',
  fullName: 'Acme',
  companyName: 'Acme Inc',
  isActive: true,
};
const item: Item = {
  type: 'item',
  id: '01t000000000001AAA',
  updatedAt: at,
  name: 'Setup',
  fullName: 'Setup',
  itemType: 'Service',
  isActive: true,
};
const invoice: Invoice = {
  type: 'invoice',
  id: '006000000000001AAA',
  updatedAt: at,
  customerId: customer.id,
  txnDate: '2026-11-30',
  total: '10.00',
  balance: '10.00',
  lines: [{ id: 'l1', itemId: item.id, quantity: '1', rate: '10.00', amount: '10.00' }],
};

describe('writes into QuickBooks Online', () => {
  it('one write per customer, item and invoice, by the source id, with create-only fields as Desktop', () => {
    const [c] = qboWritesFor(customer);
    expect(c).toMatchObject({
      object: 'Customer',
      externalIdField: '',
      externalId: customer.id,
      createOnly: ['CompanyName'],
      rank: rankOf('customer'),
      source: { type: 'customer', id: customer.id },
    });
    const [i] = qboWritesFor(item);
    expect(i).toMatchObject({ object: 'Item', createOnly: ['Type'], rank: rankOf('item') });
    const [inv] = qboWritesFor(invoice);
    expect(inv).toMatchObject({ object: 'Invoice', rank: rankOf('invoice') });
    expect(inv).not.toHaveProperty('createOnly');
    const vendor: Vendor = { type: 'vendor', id: 'v', updatedAt: at, name: 'V', isActive: true };
    expect(qboWritesFor(vendor)).toEqual([]);
  });

  it('items and customers rank before the invoices naming them, a job after its parent', () => {
    const job = qboWritesFor({
      ...customer,
      id: 'job',
      name: 'Phase 2',
      fullName: 'Acme:Phase 2',
      parentId: customer.id,
    });
    expect(job[0]!.rank).toBe(rankOf('customer', 1));
    expect(rankOf('item')).toBeLessThan(rankOf('customer'));
    expect(job[0]!.rank).toBeLessThan(qboWritesFor(invoice)[0]!.rank);
  });

  it('a record QuickBooks already holds for the entity is written by its QuickBooks Id', () => {
    const [w] = qboWritesFor(customer, { localId: '58' });
    expect(w).toMatchObject({ externalIdField: BY_ID, externalId: '58' });
  });

  it('heldOf: the hash of what a write would set, less create-only fields; none for an invoice', () => {
    const held = heldOf(customer);
    expect(held).toBe(heldHash(qboWritesFor(customer)));
    // A different company name is create-only: an existing customer keeps its own, so it holds the same.
    expect(heldOf({ ...customer, companyName: 'Other' })).toBe(held);
    expect(heldOf({ ...customer, phone: '555' })).not.toBe(held);
    expect(heldOf(item)).toBe(heldHash(qboWritesFor(item)));
    expect(heldOf(invoice)).toBeUndefined();
  });
});
