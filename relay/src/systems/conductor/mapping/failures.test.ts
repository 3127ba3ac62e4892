import { toCanonical as qbdToCanonical } from '../../qbd/mapping.ts';
import type { InvoiceRecord } from '../../qbd/qbxml/record-types.ts';
import { toCanonical } from './index.ts';

const ctx = { homeCurrency: 'USD' };
const system = { updatedAt: '2026-03-10T14:22:07-05:00', revisionNumber: '5' };
const invoice = {
  id: '1A2B-1',
  ...system,
  customer: { id: '80000002-1', fullName: 'Acme Ltd' },
  transactionDate: '2026-03-10',
  refNumber: '1042',
  subtotal: '10.00',
  currency: null,
  lines: [{ id: 'L1', item: { id: '80000040-1', fullName: 'Labor' }, amount: '10.00' }],
  lineGroups: [],
};

describe('Conductor records that cannot be mirrored', () => {
  it('fails a currency without an ISO 4217 code', () => {
    const customer = {
      id: '80000002-1',
      ...system,
      name: 'Acme',
      fullName: 'Acme',
      currency: { fullName: 'Doubloon' },
    };
    const result = toCanonical('customers', customer, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'cdt_unknown_currency', retryable: false } });
    expect(!result.ok && result.error.message).toContain("QuickBooks currency 'Doubloon' on customer Acme");
  });

  it('fails an invoice whose customer has no id', () => {
    const result = toCanonical('invoices', { ...invoice, customer: { id: null, fullName: 'Acme Ltd' } }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'cdt_missing_reference' } });
    expect(!result.ok && result.error.message).toBe(
      'The customer on invoice 1042 has no QuickBooks ID; it cannot be mirrored',
    );
  });

  it('keeps a line whose item has no id as the Web Connector path does: a line without an item id', () => {
    const conductor = { ...invoice, lines: [{ id: 'L1', item: { id: null, fullName: 'Labor' }, amount: '10.00' }] };
    const qbd: InvoiceRecord = {
      kind: 'invoice',
      txnId: '1A2B-1',
      timeCreated: system.updatedAt,
      timeModified: system.updatedAt,
      editSequence: '5',
      txnDate: '2026-03-10',
      refNumber: '1042',
      customer: { listId: '80000002-1', fullName: 'Acme Ltd' },
      subtotal: '10.00',
      linkedTxns: [],
      lines: [{ txnLineId: 'L1', item: { fullName: 'Labor' }, amount: '10.00' }],
    };
    const result = toCanonical('invoices', conductor, ctx);
    expect(result).toEqual(qbdToCanonical(qbd, ctx));
    expect(result).toMatchObject({ ok: true, value: { lines: [{ id: 'L1', amount: '10.00' }] } });
    expect(result.ok && result.value && 'lines' in result.value && result.value.lines[0]).not.toHaveProperty('itemId');
  });

  it('fails a record without its id, naming the record kind and the field', () => {
    const { id: _id, ...withoutId } = invoice;
    expect(toCanonical('invoices', withoutId, ctx)).toEqual({
      ok: false,
      error: {
        code: 'cdt_record_unreadable',
        message:
          'The Conductor invoice (without an id) could not be read: id: Invalid input: expected string, received undefined.',
        retryable: false,
      },
    });
  });

  it('fails an amount sent as a binary float, naming the record and the field', () => {
    const result = toCanonical('invoices', { ...invoice, subtotal: 10.1 }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'cdt_record_unreadable' } });
    expect(!result.ok && result.error.message).toMatch(/^The Conductor invoice 1A2B-1 could not be read: subtotal: /);
  });
});
