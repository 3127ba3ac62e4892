import { invoiceFields } from './fields.ts';
import { holds, refKey, refsOf, resolved, updateBody } from './bodies.ts';
import type { Invoice } from '../../../sync/model.ts';

const invoice: Invoice = {
  type: 'invoice',
  id: '006A',
  updatedAt: '2026-11-30T10:00:00.000Z',
  customerId: '001A',
  txnDate: '2026-11-30',
  total: '30.00',
  balance: '30.00',
  lines: [
    { id: 'l1', itemId: '01tA', description: 'One', quantity: '1', rate: '10.00', amount: '10.00' },
    { id: 'l2', itemId: '01tB', description: 'Two', quantity: '2', rate: '10.00', amount: '20.00' },
  ],
};
const fields = invoiceFields(invoice) as unknown as Record<string, unknown>;
const refs = new Map([
  [refKey('customer', '001A'), '58'],
  [refKey('item', '01tA'), '3'],
  [refKey('item', '01tB'), '4'],
]);

describe('bodies sent to QuickBooks Online', () => {
  it('names what an invoice refers to, and resolves each to its QuickBooks Id', () => {
    expect(refsOf('Invoice', fields)).toEqual([
      ['customer', '001A'],
      ['item', '01tA'],
      ['item', '01tB'],
    ]);
    const body = resolved('Invoice', fields, refs);
    expect(body.ok && body.value).toMatchObject({
      CustomerRef: { value: '58' },
      Line: [
        { Amount: '10.00', SalesItemLineDetail: { ItemRef: { value: '3' }, Qty: '1', UnitPrice: '10.00' } },
        { Amount: '20.00', SalesItemLineDetail: { ItemRef: { value: '4' } } },
      ],
    });
  });

  it('a customer or item not in QuickBooks yet stops the invoice, with what to do', () => {
    const noCustomer = resolved('Invoice', fields, new Map([...refs].filter(([k]) => !k.startsWith('customer'))));
    expect(!noCustomer.ok && noCustomer.error).toMatchObject({ code: 'qbo_customer_missing', retryable: true });
    const noItem = resolved('Invoice', fields, new Map([...refs].filter(([k]) => k !== refKey('item', '01tB'))));
    expect(!noItem.ok && noItem.error.code).toBe('qbo_item_missing');
    expect(!noItem.ok && noItem.error.message).toContain('Create or map the item');
    const job = resolved('Customer', { DisplayName: 'Job', ParentRef: { sourceId: '001P' }, Job: true }, refs);
    expect(!job.ok && job.error.code).toBe('qbo_customer_missing');
  });

  it('a sparse update: Id, the SyncToken read, no create-only fields, lines with the Ids they replace', () => {
    const body = resolved('Invoice', fields, refs);
    if (!body.ok) throw new Error('not resolved');
    const current = {
      Id: '130',
      SyncToken: '4',
      Line: [
        { Id: '1', DetailType: 'SalesItemLineDetail' },
        { Id: '2', DetailType: 'SalesItemLineDetail' },
        { DetailType: 'SubTotalLineDetail', Amount: '30.00' },
      ],
    };
    const update = updateBody('Invoice', body.value, current);
    expect(update).toMatchObject({ Id: '130', SyncToken: '4', sparse: true });
    expect((update.Line as { Id?: string }[]).map((l) => l.Id)).toEqual(['1', '2']);
    const more = updateBody('Invoice', { ...body.value, Line: [...(body.value.Line as object[]), {}] }, current);
    expect((more.Line as { Id?: string }[]).map((l) => l.Id)).toEqual(['1', '2', undefined]);
    const customer = updateBody('Customer', { DisplayName: 'Acme', CompanyName: 'Acme Inc', Active: true }, current);
    expect(customer).toEqual({ DisplayName: 'Acme', Active: true, Id: '130', SyncToken: '4', sparse: true });
  });

  it('holds: every value a write sets is already there (amounts as decimals, extra keys ignored)', () => {
    const held = {
      DisplayName: 'Acme',
      BillAddr: { Id: '9', Line1: '1 Main', City: 'X' },
      Balance: '0',
      Line: [
        { Id: '1', Amount: '10', SalesItemLineDetail: { ItemRef: { value: '3', name: 'One' }, Qty: '1' } },
        { DetailType: 'SubTotalLineDetail', Amount: '10' },
      ],
    };
    expect(holds(held, { DisplayName: 'Acme', BillAddr: { Line1: '1 Main' } })).toBe(true);
    expect(holds(held, { DisplayName: 'Acme', BillAddr: { Line1: '2 Main' } })).toBe(false);
    expect(holds(held, { Line: [{ Amount: '10.00', SalesItemLineDetail: { ItemRef: { value: '3' } } }] })).toBe(true);
    expect(holds(held, { Line: [{ Amount: '10.01' }] })).toBe(false);
    expect(holds(held, { Line: [{ Amount: '10' }, { Amount: '5' }] })).toBe(false);
    expect(holds({ Active: false }, { Active: true })).toBe(false);
  });
});
