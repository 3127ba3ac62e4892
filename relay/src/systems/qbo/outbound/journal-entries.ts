/**
 * @module
 * The journal entries an order books, as pure functions over what the send resolved:
 * - the posting: one line to Accounts Receivable with the customer as its name (a debit; a credit
 *   when the order is worth less than nothing), and one line per product line to the income
 *   account of the product's item (a credit; a debit for a reduction), every line allocated to the
 *   order's department and class; lines worth nothing are left out. Debits equal credits exactly,
 *   or nothing is posted;
 * - the reversal of a posted entry, from the entry as QuickBooks holds it (read back by its Id):
 *   the same lines with debit and credit swapped, dated the day it is posted, its note naming the
 *   entry it reverses — a posted entry is never edited.
 */
import { compare, decimal, format, isZero, subtract, sum, type Decimal } from '../../../lib/money.ts';
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import type { QboJson } from '../api/types.ts';
import { orderName, type BookedFields } from './journal-fields.ts';

/** The QuickBooks Ids a posting names, resolved when it is sent. */
export interface PostingRefs {
  readonly customer: string;
  readonly receivable: string;
  /** The income account of each product line's item, in line order. */
  readonly income: readonly string[];
  readonly department?: string;
  readonly class?: string;
}

type Side = 'Debit' | 'Credit';
const JE_LINE = 'JournalEntryLineDetail';
/** QuickBooks keeps a journal entry's number to 21 characters. */
const DOC_NUMBER_MAX = 21;
const REVERSAL = /^Reverses journal entry (\d+)/;

const magnitude = (d: Decimal): Decimal => (d.units < 0n ? { units: -d.units, scale: d.scale } : d);
const money = (d: Decimal) => format(magnitude(d), Math.max(2, d.scale));

function line(side: Side, amount: Decimal, account: string, refs: PostingRefs, description?: string, customer = false) {
  return {
    DetailType: JE_LINE,
    Amount: money(amount),
    ...(description ? { Description: description } : {}),
    [JE_LINE]: {
      PostingType: side,
      ...(customer ? { Entity: { Type: 'Customer', EntityRef: { value: refs.customer } } } : {}),
      AccountRef: { value: account },
      ...(refs.class ? { ClassRef: { value: refs.class } } : {}),
      ...(refs.department ? { DepartmentRef: { value: refs.department } } : {}),
    },
  };
}

/** The total of each side of an entry's lines. */
export function sides(entry: QboJson): { debits: Decimal; credits: Decimal } {
  const lines = Array.isArray(entry.Line) ? (entry.Line as QboJson[]) : [];
  const of = (side: Side) =>
    sum(
      lines
        .filter((l) => (l[JE_LINE] as QboJson | undefined)?.PostingType === side)
        .map((l) => decimal(String(l.Amount))),
    );
  return { debits: of('Debit'), credits: of('Credit') };
}

/**
 * The posting of an order, or why it cannot be booked.
 * @example postingBody(fields, { customer: '58', receivable: '2', income: ['1', '1'] })
 */
export function postingBody(f: BookedFields, refs: PostingRefs): Result<QboJson> {
  if (refs.income.length !== f.Line.length) throw new Error('an income account for each line of the order');
  const name = orderName(f);
  const amounts = f.Line.map((l) => decimal(l.Amount));
  const income = f.Line.flatMap((l, i) =>
    isZero(amounts[i]!)
      ? []
      : [
          line(
            amounts[i]!.units > 0n ? 'Credit' : 'Debit',
            amounts[i]!,
            refs.income[i]!,
            refs,
            l.Product ?? l.Description,
          ),
        ],
  );
  const total = sum(amounts);
  const receivable = isZero(total)
    ? []
    : [line(total.units > 0n ? 'Debit' : 'Credit', total, refs.receivable, refs, name, true)];
  const body: QboJson = {
    TxnDate: f.TxnDate,
    ...(f.OrderNumber && f.OrderNumber.length <= DOC_NUMBER_MAX ? { DocNumber: f.OrderNumber } : {}),
    PrivateNote: `${name} (${f.OrderId})`,
    ...(f.CurrencyRef ? { CurrencyRef: f.CurrencyRef } : {}),
    Line: [...receivable, ...income],
  };
  const { debits, credits } = sides(body);
  if (isZero(debits))
    return err(
      relayError(
        'qbo_order_nothing_to_book',
        `Not booked in QuickBooks Online: ${name} has no product line worth anything. Add its products in Salesforce; it is booked once activated with them.`,
      ),
    );
  if (compare(debits, credits) !== 0)
    return err(
      relayError(
        'qbo_journal_unbalanced',
        `Not booked in QuickBooks Online: the journal entry of ${name} would not balance (debits ${format(debits)}, credits ${format(credits)}).`,
      ),
    );
  return ok(body);
}

/** The Id of the entry a journal entry reverses, when it is a reversal the relay posted. */
export const reversedBy = (entry: QboJson): string | undefined => REVERSAL.exec(String(entry.PrivateNote ?? ''))?.[1];

/**
 * The reversal of a posted entry (as QuickBooks holds it): its lines with debit and credit swapped.
 * @example reversalBody(posted, 'Salesforce Order 00000100', 'cancelled')
 */
export function reversalBody(posted: QboJson, name: string, because: 'changed' | 'cancelled'): QboJson {
  const lines = (Array.isArray(posted.Line) ? (posted.Line as QboJson[]) : []).filter((l) => l.DetailType === JE_LINE);
  const ref = (v: unknown) => (v && typeof v === 'object' ? { value: String((v as QboJson).value) } : undefined);
  const doc = typeof posted.DocNumber === 'string' ? `R-${posted.DocNumber}`.slice(0, DOC_NUMBER_MAX) : undefined;
  return {
    ...(doc ? { DocNumber: doc } : {}),
    PrivateNote: `Reverses journal entry ${String(posted.Id)}: ${name} was ${because}.`,
    ...(posted.CurrencyRef ? { CurrencyRef: ref(posted.CurrencyRef) } : {}),
    Line: lines.map((l) => {
      const detail = l[JE_LINE] as QboJson;
      const entity = detail.Entity as QboJson | undefined;
      const out: Record<string, unknown> = {
        PostingType: detail.PostingType === 'Debit' ? 'Credit' : 'Debit',
        ...(entity ? { Entity: { Type: entity.Type, EntityRef: ref(entity.EntityRef) } } : {}),
        AccountRef: ref(detail.AccountRef),
      };
      for (const k of ['ClassRef', 'DepartmentRef']) if (detail[k]) out[k] = ref(detail[k]);
      return {
        DetailType: JE_LINE,
        Amount: String(l.Amount),
        ...(l.Description ? { Description: l.Description } : {}),
        [JE_LINE]: out,
      };
    }),
  };
}

/** Whether an entry's debits equal its credits (and it books something). */
export function balanced(entry: QboJson): boolean {
  const { debits, credits } = sides(entry);
  return !isZero(debits) && isZero(subtract(debits, credits));
}
