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
});
