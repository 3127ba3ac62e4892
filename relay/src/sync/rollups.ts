/**
 * @module
 * Account roll-ups: what a customer owes and how much of it is overdue, summed exactly from the
 * open balances of its invoices as last mirrored. What counts as open and as overdue is the
 * Account panel's own definition (`agingBuckets`), so the panel's aging and these totals agree.
 */
import { isOpenItem, isPastDue } from '../../../force-app/main/default/lwc/agingBuckets/agingBuckets.ts';
import { compare, decimal, sum, toMoneyString, type Decimal } from '../lib/money.ts';

export interface OpenItem {
  readonly balance: string | null;
  readonly dueDate: string | null;
}

export interface Rollup {
  readonly open: string;
  readonly overdue: string;
}

const ZERO = decimal('0');

/**
 * Only positive balances count (a credit does not reduce what is open, as on the panel).
 * @example rollup([{ balance: '40.00', dueDate: '2026-01-01' }, { balance: '10', dueDate: null }], '2026-11-22')
 * // { open: '50.00', overdue: '40.00' }
 */
export function rollup(items: readonly OpenItem[], today: string): Rollup {
  const open: Decimal[] = [];
  const overdue: Decimal[] = [];
  for (const i of items) {
    if (i.balance === null) continue;
    const b = decimal(i.balance);
    if (!isOpenItem(compare(b, ZERO), null)) continue;
    open.push(b);
    if (isPastDue(i.dueDate, today)) overdue.push(b);
  }
  return { open: toMoneyString(sum(open)), overdue: toMoneyString(sum(overdue)) };
}
