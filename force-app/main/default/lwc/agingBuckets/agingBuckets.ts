/**
 * @module
 * Accounts-receivable aging: which bucket each open invoice falls in by days past its due date, and
 * the per-currency totals in integer cents (exact; never a float sum).
 *
 * The one definition of "overdue" and of the aging buckets: the relay imports this module too
 * (its invoice and bill statuses and the Account roll-ups), so what the panel shows and what the
 * relay writes cannot disagree. Keep it plain, erasable TypeScript with no LWC imports.
 */

export type BucketKey = 'current' | 'days1to30' | 'days31to60' | 'days61to90' | 'over90';

/** The buckets in display order. */
export const BUCKET_KEYS: readonly BucketKey[] = ['current', 'days1to30', 'days31to60', 'days61to90', 'over90'];

export interface AgingItem {
  /** Open balance in integer cents. */
  balanceCents: number | null;
  /** `YYYY-MM-DD`, or null when the invoice has no due date (counted as current). */
  dueDate: string | null;
  /** ISO 4217 currency code of the invoice. */
  currency: string;
  /** Status picklist value; Voided and Paid invoices are not open. */
  invoiceStatus: string | null;
}

export interface BucketTotal {
  key: BucketKey;
  cents: number;
  count: number;
}

export interface AgingSummary {
  currency: string;
  openCents: number;
  overdueCents: number;
  buckets: BucketTotal[];
}

const DAY_MS = 86_400_000;

function utcDay(isoDate: string): number {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return Date.UTC(y as number, (m as number) - 1, d as number) / DAY_MS;
}

/**
 * Whole days from `dueDate` to `today` (both `YYYY-MM-DD`); positive when past due.
 * @example
 * daysPastDue('2026-01-31', '2026-03-02'); // 30
 */
export function daysPastDue(dueDate: string, today: string): number {
  return utcDay(today) - utcDay(dueDate);
}

/**
 * The bucket for a number of days past due (0 or less is current).
 * @example
 * bucketFor(31); // 'days31to60'
 */
export function bucketFor(days: number): BucketKey {
  if (days <= 0) return 'current';
  if (days <= 30) return 'days1to30';
  if (days <= 60) return 'days31to60';
  if (days <= 90) return 'days61to90';
  return 'over90';
}

/**
 * Whether an item due on `dueDate` is overdue on the calendar day `today`: from the day after its
 * due date on. An item without a due date is never overdue.
 * @example
 * isPastDue('2026-03-09', '2026-03-09'); // false
 * isPastDue('2026-03-09', '2026-03-10'); // true
 */
export function isPastDue(dueDate: string | null | undefined, today: string): boolean {
  return Boolean(dueDate) && daysPastDue(dueDate as string, today) > 0;
}

/**
 * The bucket of an item on the calendar day `today` (no due date: current).
 * @example
 * agingBucket('2026-01-31', '2026-03-03'); // 'days31to60'
 */
export function agingBucket(dueDate: string | null | undefined, today: string): BucketKey {
  return dueDate ? bucketFor(daysPastDue(dueDate, today)) : 'current';
}

const CLOSED = new Set(['Paid', 'Voided']);

/**
 * Whether an item counts as open: a positive balance (`balanceSign` > 0; credits and zero balances
 * do not) on an invoice that is not Paid or Voided.
 * @example
 * isOpenItem(1, 'Partially Paid'); // true
 */
export function isOpenItem(balanceSign: number, invoiceStatus: string | null | undefined): boolean {
  return balanceSign > 0 && !(invoiceStatus && CLOSED.has(invoiceStatus));
}

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/**
 * Whether `timeZone` names a zone this runtime knows: an IANA name, or a fixed UTC offset `±HH:MM`.
 * @example
 * isKnownTimeZone('America/Los_Angeles'); // true
 */
export function isKnownTimeZone(timeZone: string): boolean {
  if (OFFSET.test(timeZone)) return true;
  try {
    return Boolean(new Intl.DateTimeFormat('en-CA', { timeZone }).resolvedOptions().timeZone);
  } catch {
    return false;
  }
}

/**
 * Today's calendar date (`YYYY-MM-DD`) in a time zone: an IANA name, or a fixed UTC offset such as
 * `-08:00` (what QuickBooks Desktop's timestamps carry; computed here, as not every browser's Intl
 * accepts offsets).
 * @example
 * localIsoDate(new Date('2026-03-01T03:00:00Z'), 'America/Los_Angeles'); // '2026-02-28'
 * localIsoDate(new Date('2026-03-01T03:00:00Z'), '-08:00'); // '2026-02-28'
 */
export function localIsoDate(now: Date, timeZone: string): string {
  const offset = OFFSET.exec(timeZone);
  if (offset) {
    const minutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
    return new Date(now.getTime() + minutes * 60_000).toISOString().slice(0, 10);
  }
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * Groups open invoices by currency and bucket. Only positive balances of invoices that are not Paid
 * or Voided count; currencies come back sorted by code.
 * @example
 * computeAging([{ balanceCents: 5000, dueDate: '2026-01-01', currency: 'USD', invoiceStatus: 'Overdue' }], '2026-02-15');
 * // [{ currency: 'USD', openCents: 5000, overdueCents: 5000, buckets: [..., { key: 'days31to60', cents: 5000, count: 1 }, ...] }]
 */
export function computeAging(items: readonly AgingItem[], today: string): AgingSummary[] {
  const byCurrency = new Map<string, AgingSummary>();
  for (const item of items) {
    if (item.balanceCents === null || !isOpenItem(Math.sign(item.balanceCents), item.invoiceStatus)) continue;
    let summary = byCurrency.get(item.currency);
    if (!summary) {
      summary = {
        currency: item.currency,
        openCents: 0,
        overdueCents: 0,
        buckets: BUCKET_KEYS.map((key) => ({ key, cents: 0, count: 0 })),
      };
      byCurrency.set(item.currency, summary);
    }
    const key = agingBucket(item.dueDate, today);
    const bucket = summary.buckets.find((b) => b.key === key) as BucketTotal;
    bucket.cents += item.balanceCents;
    bucket.count += 1;
    summary.openCents += item.balanceCents;
    if (isPastDue(item.dueDate, today)) summary.overdueCents += item.balanceCents;
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
