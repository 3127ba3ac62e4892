/**
 * @module
 * The comparison of a link's two sides, as a pure function: counts per object, invoice and payment
 * totals per month, each customer's open and overdue balance, and each record's figures, to the
 * cent. A record QuickBooks no longer has whose mirror the relay deactivated (a deleted customer,
 * a deleted invoice shown Voided) is agreement, not a difference.
 */
import { decimal, sum, toMoneyString } from '../lib/money.ts';
import { rollup } from '../sync/rollups.ts';
import { BOOK_OBJECTS, type BookEntry, type BookObject } from './book.ts';

export type ComparedField = 'amount' | 'balance' | 'date' | 'dueDate' | 'customerKey' | 'active' | 'open' | 'overdue';

export interface FieldDifference {
  readonly field: ComparedField;
  readonly books: string | null;
  readonly crm: string | null;
}

export type DifferenceKind = 'missing_in_crm' | 'missing_in_books' | 'differs' | 'balance';

export interface Difference {
  readonly kind: DifferenceKind;
  readonly object: BookObject;
  readonly key: string;
  readonly label: string;
  /** The customer the record belongs to (a customer: itself). */
  readonly customerKey?: string;
  /** The books' version of the record, when the books have it. */
  readonly version?: string;
  readonly fields: readonly FieldDifference[];
}

export interface CountLine {
  readonly object: BookObject;
  readonly books: number;
  readonly crm: number;
}

export interface MonthLine {
  readonly month: string;
  readonly object: 'invoice' | 'payment';
  readonly books: string;
  readonly crm: string;
}

export interface Comparison {
  readonly counts: readonly CountLine[];
  /** Every month either side has, with both totals. */
  readonly months: readonly MonthLine[];
  readonly differences: readonly Difference[];
}

const FIELDS: Readonly<Record<BookObject, readonly ComparedField[]>> = {
  customer: ['active'],
  invoice: ['amount', 'balance', 'date', 'dueDate', 'customerKey'],
  payment: ['amount', 'date', 'customerKey'],
};
const MONEY = new Set<ComparedField>(['amount', 'balance', 'open', 'overdue']);

const keyOf = (e: Pick<BookEntry, 'object' | 'key'>) => `${e.object}\u0000${e.key}`;

function valueOf(e: BookEntry, f: ComparedField): string | null {
  const v = e[f];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'boolean') return String(v);
  return MONEY.has(f) ? toMoneyString(decimal(v)) : v;
}

/** A mirror the relay deactivated because its record left QuickBooks. */
const deactivated = (e: BookEntry) => e.active === false;

const label = (a: BookEntry | undefined, b: BookEntry | undefined) => a?.label ?? b?.label ?? a?.key ?? b?.key ?? '';

function totalsByMonth(entries: readonly BookEntry[], object: 'invoice' | 'payment'): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of entries) {
    if (e.object !== object || !e.date || e.amount === undefined) continue;
    const month = e.date.slice(0, 7);
    out.set(month, [...(out.get(month) ?? []), e.amount]);
  }
  return out;
}

/**
 * Compares what QuickBooks holds (`books`) with the CRM's mirrors of it (`crm`) on the company's
 * calendar day `today` (it decides what is overdue).
 * @example compareBooks(books, mirrors, '2026-12-03').differences.length // 0 when they agree
 */
export function compareBooks(books: readonly BookEntry[], crm: readonly BookEntry[], today: string): Comparison {
  const inBooks = new Map(books.map((e) => [keyOf(e), e]));
  const inCrm = new Map(crm.map((e) => [keyOf(e), e]));
  // The CRM's records that still stand for a QuickBooks record (not deactivated after leaving it).
  const live = crm.filter((e) => inBooks.has(keyOf(e)) || !deactivated(e));
  const differences: Difference[] = [];

  for (const b of books) {
    const c = inCrm.get(keyOf(b));
    const base = {
      object: b.object,
      key: b.key,
      label: label(b, c),
      ...((b.customerKey ?? (b.object === 'customer' ? b.key : undefined))
        ? { customerKey: b.customerKey ?? b.key }
        : {}),
      ...(b.version ? { version: b.version } : {}),
    };
    if (!c) {
      differences.push({ ...base, kind: 'missing_in_crm', fields: [] });
      continue;
    }
    const fields = FIELDS[b.object]
      .map((field) => ({ field, books: valueOf(b, field), crm: valueOf(c, field) }))
      .filter((d) => d.books !== d.crm);
    if (fields.length) differences.push({ ...base, kind: 'differs', fields });
  }
  for (const c of live) {
    if (inBooks.has(keyOf(c))) continue;
    differences.push({
      kind: 'missing_in_books',
      object: c.object,
      key: c.key,
      label: label(c, undefined),
      ...(c.customerKey ? { customerKey: c.customerKey } : c.object === 'customer' ? { customerKey: c.key } : {}),
      fields: [],
    });
  }

  // Each customer's balances: the books' summed from their invoices, as the relay rolls them up.
  const items = new Map<string, { balance: string | null; dueDate: string | null }[]>();
  for (const b of books) {
    if (b.object !== 'invoice' || !b.customerKey) continue;
    items.set(b.customerKey, [
      ...(items.get(b.customerKey) ?? []),
      { balance: b.balance ?? null, dueDate: b.dueDate ?? null },
    ]);
  }
  for (const b of books) {
    if (b.object !== 'customer') continue;
    const c = inCrm.get(keyOf(b));
    if (!c || (c.open === undefined && c.overdue === undefined)) continue;
    const r = rollup(items.get(b.key) ?? [], today);
    const fields = (['open', 'overdue'] as const)
      .map((field) => ({ field, books: r[field], crm: valueOf(c, field) ?? '0.00' }))
      .filter((d) => d.books !== d.crm);
    if (fields.length)
      differences.push({
        kind: 'balance',
        object: 'customer',
        key: b.key,
        label: label(b, c),
        customerKey: b.key,
        fields,
      });
  }

  const months: MonthLine[] = [];
  for (const object of ['invoice', 'payment'] as const) {
    const ours = totalsByMonth(books, object);
    const theirs = totalsByMonth(live, object);
    for (const month of [...new Set([...ours.keys(), ...theirs.keys()])].sort()) {
      const total = (m: Map<string, string[]>) => toMoneyString(sum((m.get(month) ?? []).map(decimal)));
      months.push({ month, object, books: total(ours), crm: total(theirs) });
    }
  }
  const counts = BOOK_OBJECTS.map((object) => ({
    object,
    books: books.filter((e) => e.object === object).length,
    crm: live.filter((e) => e.object === object).length,
  }));
  return { counts, months, differences };
}
