/**
 * @module
 * Account roll-ups: what a customer owes and how much of it is overdue, summed exactly from the
 * open balances of its invoices as last mirrored. What counts as open and as overdue is the
 * Account panel's own definition (`agingBuckets`), so the panel's aging and these totals agree.
 * And the department and class the Account shows: those of its most recent invoice (by date, then
 * id), the customer's own class where that invoice names none; the customer's class while it has
 * no invoice.
 */
import { isOpenItem, isPastDue } from '../../../force-app/main/default/lwc/agingBuckets/agingBuckets.ts';
import { compare, decimal, sum, toMoneyString, type Decimal } from '../lib/money.ts';

export interface OpenItem {
  readonly balance: string | null;
  readonly dueDate: string | null;
  /** For the most recent invoice: its id, date (none: it does not count), department and class. */
  readonly sourceId?: string;
  readonly txnDate?: string | null;
  readonly department?: string | null;
  readonly className?: string | null;
}

export interface Rollup {
  readonly open: string;
  readonly overdue: string;
  /** The Account's department and class (`null`: none); absent: the roll-up does not decide it. */
  readonly department?: string | null;
  readonly className?: string | null;
}

const ZERO = decimal('0');

/** Ids in their system's order: numbers by value (QuickBooks Online's), other ids as text. */
const byId = (a: string, b: string) =>
  /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(BigInt(a) - BigInt(b)) : a < b ? -1 : a > b ? 1 : 0;

/** The most recent dated item: the latest date, then the highest id. */
function latest(items: readonly OpenItem[]): OpenItem | undefined {
  let best: OpenItem | undefined;
  for (const i of items) {
    if (!i.txnDate) continue;
    if (
      !best ||
      i.txnDate > best.txnDate! ||
      (i.txnDate === best.txnDate && byId(i.sourceId ?? '', best.sourceId ?? '') > 0)
    )
      best = i;
  }
  return best;
}

/**
 * Only positive balances count (a credit does not reduce what is open, as on the panel). `own`:
 * the customer's own class, when the customer is known.
 * @example rollup([{ balance: '40.00', dueDate: '2026-01-01' }, { balance: '10', dueDate: null }], '2026-11-22')
 * // { open: '50.00', overdue: '40.00' }
 */
export function rollup(items: readonly OpenItem[], today: string, own?: { className: string | null }): Rollup {
  const open: Decimal[] = [];
  const overdue: Decimal[] = [];
  for (const i of items) {
    if (i.balance === null) continue;
    const b = decimal(i.balance);
    if (!isOpenItem(compare(b, ZERO), null)) continue;
    open.push(b);
    if (isPastDue(i.dueDate, today)) overdue.push(b);
  }
  const totals = { open: toMoneyString(sum(open)), overdue: toMoneyString(sum(overdue)) };
  const last = latest(items);
  if (last) {
    return { ...totals, department: last.department ?? null, className: last.className ?? own?.className ?? null };
  }
  return own ? { ...totals, className: own.className } : totals;
}
