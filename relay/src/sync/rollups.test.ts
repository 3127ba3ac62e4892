import { computeAging } from '../../../force-app/main/default/lwc/agingBuckets/agingBuckets.ts';
import { rollup } from './rollups.ts';

/** Invoices as the relay's record state holds them and as the Account panel reads them. */
const INVOICES = [
  { balance: '100.10', dueDate: '2026-03-09' }, // due yesterday: overdue
  { balance: '200.20', dueDate: '2026-03-10' }, // due today: not yet
  { balance: '300.30', dueDate: '2025-11-30' }, // over 90 days
  { balance: '-50.00', dueDate: '2026-01-01' }, // a credit: neither open nor overdue
  { balance: '0.00', dueDate: '2026-01-01' }, // paid
  { balance: '40.04', dueDate: null }, // no due date: current
];
const cents = (m: string) => Math.round(Number(m) * 100);

describe('Account roll-ups and the panel agree', () => {
  it.each(['2026-03-10', '2026-03-11', '2026-06-30'])('on %s: open and overdue to the cent', (today) => {
    const relay = rollup(INVOICES, today);
    const [panel] = computeAging(
      INVOICES.map((i) => ({
        balanceCents: cents(i.balance),
        dueDate: i.dueDate,
        currency: 'USD',
        invoiceStatus: null,
      })),
      today,
    );
    expect([cents(relay.open), cents(relay.overdue)]).toEqual([panel!.openCents, panel!.overdueCents]);
  });

  it('counts an invoice overdue from the day after its due date', () => {
    expect(rollup([{ balance: '10.00', dueDate: '2026-03-09' }], '2026-03-09').overdue).toBe('0.00');
    expect(rollup([{ balance: '10.00', dueDate: '2026-03-09' }], '2026-03-10').overdue).toBe('10.00');
  });

  it('gives the department and class of the most recent invoice (by date, then id), the customer’s class where it has none', () => {
    const own = { className: 'Wholesale' };
    const inv = (sourceId: string, txnDate: string | null, department: string | null, className: string | null) => ({
      sourceId,
      txnDate,
      department,
      className,
      balance: '0.00',
      dueDate: null,
    });
    const items = [
      inv('9', '2026-03-01', 'East', 'Retail'),
      inv('10', '2026-03-01', 'West', 'Online'),
      inv('11', '2026-02-28', 'North', 'Other'),
      inv('12', null, 'Sales order', 'Not an invoice'),
    ];
    expect(rollup(items, '2026-03-10', own)).toMatchObject({ department: 'West', className: 'Online' });
    expect(rollup(items.slice(2), '2026-03-10', own)).toMatchObject({ department: 'North', className: 'Other' });
    expect(rollup([inv('1', '2026-01-01', null, null)], '2026-03-10', own)).toMatchObject({
      department: null,
      className: 'Wholesale',
    });
    expect(
      rollup([inv('A-2', '2026-01-01', 'B', null), inv('A-10', '2026-01-01', 'A', null)], '2026-03-10'),
    ).toMatchObject({ department: 'B', className: null });
  });

  it('without invoices: the customer’s own class, and no department; nothing when the customer is unknown', () => {
    expect(rollup([], '2026-03-10', { className: 'Wholesale' })).toEqual({
      open: '0.00',
      overdue: '0.00',
      className: 'Wholesale',
    });
    expect(rollup([], '2026-03-10', { className: null })).toEqual({ open: '0.00', overdue: '0.00', className: null });
    expect(rollup([], '2026-03-10')).toEqual({ open: '0.00', overdue: '0.00' });
  });
});
