/**
 * @module
 * QuickBooks Online's transactions (validated by `txn-payloads.ts`) → the canonical model, as
 * QuickBooks Desktop's mapping gives the same data:
 * - An invoice's memo is its PrivateNote (the note kept with it, not printed: Desktop's Memo), not
 *   the CustomerMemo printed for the customer (Desktop's Customer Message). Its sales rep stays
 *   empty: Online has none (only as a custom field).
 * - Its sales-form custom fields are custom values by the definition's Name (as Desktop's data
 *   extensions travel by DataExtName): every field the invoice lists (the enabled ones), `''`
 *   when it holds none, so a field mapping knows the company has it and clears what it mirrors.
 * - Paid as Desktop's IsPaid: nothing left to pay (a balance of zero or less). Voided as Intuit
 *   voids: the amounts zeroed and the PrivateNote "Voided" (Desktop's "VOID:" memo).
 * - Lines: the SubTotal line is no line; a discount line is a line of the negative amount it
 *   takes off, as Desktop's discount item lines are (it has no item in Online); a group's own
 *   lines are lines, as Desktop's lines of an item group are. Online's line Ids are unique only
 *   within their invoice, so a line's canonical id is `<invoiceId>-<lineId>` (`<invoiceId>-L<n>`
 *   for a line Intuit sends without an Id, by its place among the invoice's lines).
 * - Department and class by full name: the header's ClassRef, else the one class every item line
 *   names (companies that track classes per line); currency and exchange rate as sent.
 */
import { withoutUndefined } from '../../../lib/objects.ts';
import { compare, decimal, isZero, subtract, toMoneyString, optionalMoney } from '../../../lib/money.ts';
import type { Bill, CustomValue, Invoice, InvoiceLine, Payment } from '../../../sync/model.ts';
import { currencyOf, given, money, nameOf, stamp, type QboMappingContext } from './context.ts';
import type { Ref } from './payloads.ts';
import type { CustomField, QboBill, QboInvoice, QboPayment, SalesLine } from './txn-payloads.ts';

const ZERO = decimal('0');

/** Nothing left to pay, as Desktop's IsPaid. */
const paidOff = (balance: string) => compare(decimal(balance), ZERO) <= 0;

function salesLine(l: SalesLine, id: string): InvoiceLine {
  if (l.DetailType === 'DescriptionOnly') {
    return withoutUndefined({ id, description: given(l.Description), amount: optionalMoney(l.Amount) ?? '0.00' });
  }
  return withoutUndefined({
    id,
    itemId: l.SalesItemLineDetail.ItemRef.value,
    description: given(l.Description),
    quantity: l.SalesItemLineDetail.Qty,
    rate: l.SalesItemLineDetail.UnitPrice,
    amount: money(l.Amount),
  });
}

function lines(inv: QboInvoice): InvoiceLine[] {
  const idOf = (lineId: string | undefined, place: string) => `${inv.Id}-${lineId ?? `L${place}`}`;
  return inv.Line.flatMap((l, i): InvoiceLine[] => {
    switch (l.DetailType) {
      case 'SubTotalLineDetail':
        return [];
      case 'DiscountLineDetail':
        return [
          withoutUndefined({
            id: idOf(l.Id, String(i + 1)),
            description: given(l.Description),
            amount: toMoneyString(subtract(ZERO, decimal(l.Amount))),
          }),
        ];
      case 'GroupLineDetail':
        return l.GroupLineDetail.Line.map((inner, k) => salesLine(inner, idOf(inner.Id, `${i + 1}.${k + 1}`)));
      default:
        return [salesLine(l, idOf(l.Id, String(i + 1)))];
    }
  });
}

/** The class every item line names, when they all name the same one. */
function lineClass(inv: QboInvoice): Ref | undefined {
  const refs = inv.Line.flatMap((l) =>
    l.DetailType === 'SalesItemLineDetail'
      ? [l.SalesItemLineDetail.ClassRef]
      : l.DetailType === 'GroupLineDetail'
        ? l.GroupLineDetail.Line.flatMap((g) =>
            g.DetailType === 'SalesItemLineDetail' ? [g.SalesItemLineDetail.ClassRef] : [],
          )
        : [],
  );
  const first = refs[0];
  return first && refs.every((r) => r?.value === first.value) ? first : undefined;
}

/** The StringType custom fields listed, by Name; none listed: undefined. */
function customValues(fields: readonly CustomField[]): CustomValue[] | undefined {
  const values = fields.flatMap((f) =>
    f.Name && (f.Type ?? 'StringType') === 'StringType' ? [{ name: f.Name, value: f.StringValue ?? '' }] : [],
  );
  return values.length ? values : undefined;
}

const isVoid = (total: string, note: string | undefined) => isZero(decimal(total)) && /\bvoided\b/i.test(note ?? '');

export function invoice(inv: QboInvoice, ctx: QboMappingContext): Invoice {
  return withoutUndefined({
    type: 'invoice' as const,
    ...stamp(inv),
    number: given(inv.DocNumber),
    customerId: inv.CustomerRef.value,
    txnDate: inv.TxnDate,
    dueDate: inv.DueDate,
    total: money(inv.TotalAmt),
    balance: money(inv.Balance),
    isPaid: paidOff(inv.Balance),
    isVoided: isVoid(inv.TotalAmt, inv.PrivateNote) ? true : undefined,
    currency: currencyOf(inv.CurrencyRef, ctx),
    terms: nameOf(inv.SalesTermRef, 'Term', ctx),
    memo: given(inv.PrivateNote),
    department: nameOf(inv.DepartmentRef, 'Department', ctx),
    className: nameOf(inv.ClassRef ?? lineClass(inv), 'Class', ctx),
    exchangeRate: inv.ExchangeRate,
    custom: customValues(inv.CustomField),
    lines: lines(inv),
  });
}

export function bill(b: QboBill, ctx: QboMappingContext): Bill {
  return withoutUndefined({
    type: 'bill' as const,
    ...stamp(b),
    number: given(b.DocNumber),
    vendorId: b.VendorRef.value,
    txnDate: b.TxnDate,
    dueDate: b.DueDate,
    total: money(b.TotalAmt),
    balance: money(b.Balance),
    isPaid: paidOff(b.Balance),
    currency: currencyOf(b.CurrencyRef, ctx),
    memo: given(b.PrivateNote),
  });
}

/** A payment; what it pays is each line's amount, toward the invoice the line is linked to. */
export function payment(p: QboPayment, ctx: QboMappingContext): Payment {
  return withoutUndefined({
    type: 'payment' as const,
    ...stamp(p),
    number: given(p.PaymentRefNum),
    customerId: p.CustomerRef.value,
    txnDate: p.TxnDate,
    amount: money(p.TotalAmt),
    unapplied: optionalMoney(p.UnappliedAmt),
    method: nameOf(p.PaymentMethodRef, 'PaymentMethod', ctx),
    currency: currencyOf(p.CurrencyRef, ctx),
    memo: given(p.PrivateNote),
    applied: p.Line.flatMap((l) => {
      const link = l.LinkedTxn.find((t) => t.TxnType === 'Invoice');
      return link ? [{ invoiceId: link.TxnId, amount: money(l.Amount) }] : [];
    }),
  });
}
