/** An order as its journal entries (pure): balanced postings, per-line income accounts, department and class, reversals. */
import type { Order } from '../../../sync/model.ts';
import { balanced, postingBody, reversalBody, reversedBy, sides } from './journal-entries.ts';
import { journalFields, versionOf, type BookedFields } from './journal-fields.ts';
import { format } from '../../../lib/money.ts';

const order = (extra: Partial<Order> = {}): Order => ({
  type: 'order',
  id: '801000000000001AAA',
  updatedAt: '2026-12-01T10:00:00.000Z',
  number: '00000100',
  customerId: '001000000000001AAA',
  txnDate: '2026-12-01',
  status: 'activated',
  department: 'West',
  className: 'Retail:Online',
  lines: [
    { id: '802A', itemId: '01tA', productName: 'Design', quantity: '2', rate: '150.00', amount: '300.00' },
    { id: '802B', itemId: '01tB', productName: 'Hosting', quantity: '3', rate: '0.033', amount: '0.10' },
  ],
  ...extra,
});
const booked = (o: Order) => journalFields(o) as BookedFields;
const refs = { customer: '58', receivable: '2', income: ['1', '9'], department: '4', class: '7' };
const detail = (l: unknown) => (l as { JournalEntryLineDetail: Record<string, unknown> }).JournalEntryLineDetail;

describe('journal entries of an order', () => {
  it('debits the receivable with the customer, credits each line’s income account, all in the department and class', () => {
    const body = postingBody(booked(order()), refs);
    if (!body.ok) throw new Error(body.error.message);
    const lines = body.value.Line as Record<string, unknown>[];
    expect(lines.map((l) => [detail(l).PostingType, detail(l).AccountRef, l.Amount])).toEqual([
      ['Debit', { value: '2' }, '300.10'],
      ['Credit', { value: '1' }, '300.00'],
      ['Credit', { value: '9' }, '0.10'],
    ]);
    expect(detail(lines[0]).Entity).toEqual({ Type: 'Customer', EntityRef: { value: '58' } });
    for (const l of lines) expect(detail(l)).toMatchObject({ DepartmentRef: { value: '4' }, ClassRef: { value: '7' } });
    expect(body.value).toMatchObject({ TxnDate: '2026-12-01', DocNumber: '00000100' });
    const { debits, credits } = sides(body.value);
    expect([format(debits), format(credits)]).toEqual(['300.10', '300.10']);
  });

  it('books a reduction as a debit and leaves out lines worth nothing; an order worth nothing is refused', () => {
    const o = order({
      lines: [
        { id: '1', itemId: '01tA', amount: '100.00' },
        { id: '2', itemId: '01tB', amount: '-25.50' },
        { id: '3', itemId: '01tB', amount: '0.00' },
      ],
    });
    const body = postingBody(booked(o), { ...refs, income: ['1', '9', '9'] });
    if (!body.ok) throw new Error(body.error.message);
    expect(
      (body.value.Line as unknown[]).map((l) => [detail(l).PostingType, (l as { Amount: string }).Amount]),
    ).toEqual([
      ['Debit', '74.50'],
      ['Credit', '100.00'],
      ['Debit', '25.50'],
    ]);
    expect(balanced(body.value)).toBe(true);
    const empty = postingBody(booked(order({ lines: [{ id: '1', itemId: '01tA', amount: '0' }] })), {
      ...refs,
      income: ['1'],
    });
    expect(empty).toMatchObject({ ok: false, error: { code: 'qbo_order_nothing_to_book' } });
  });

  it('a reversal swaps every posted line, keeps its accounts, customer, department and class, and names the entry', () => {
    const posted = postingBody(booked(order()), refs);
    if (!posted.ok) throw new Error(posted.error.message);
    const entry = { ...posted.value, Id: '31', SyncToken: '0' };
    const reversal = reversalBody(entry, 'Salesforce Order 00000100', 'cancelled');
    const swapped = (reversal.Line as unknown[]).map((l) => [detail(l).PostingType, (l as { Amount: string }).Amount]);
    expect(swapped).toEqual([
      ['Credit', '300.10'],
      ['Debit', '300.00'],
      ['Debit', '0.10'],
    ]);
    expect(detail((reversal.Line as unknown[])[0])).toMatchObject({
      Entity: { Type: 'Customer', EntityRef: { value: '58' } },
      AccountRef: { value: '2' },
      DepartmentRef: { value: '4' },
      ClassRef: { value: '7' },
    });
    expect(reversal.TxnDate).toBeUndefined(); // dated the day it is posted
    expect(reversal.DocNumber).toBe('R-00000100');
    expect(reversedBy(reversal)).toBe('31');
    expect(reversedBy(entry)).toBeUndefined();
    expect(balanced(reversal)).toBe(true);
  });

  it('a cancelled order books nothing; a change of what it books is a new version', () => {
    expect(journalFields(order({ status: 'cancelled' }))).toEqual({
      Status: 'cancelled',
      OrderId: '801000000000001AAA',
      OrderNumber: '00000100',
    });
    const v = versionOf(booked(order()));
    expect(versionOf(booked(order({ updatedAt: '2026-12-02T00:00:00Z' })))).toBe(v);
    expect(versionOf(booked(order({ department: 'East' })))).not.toBe(v);
  });
});
