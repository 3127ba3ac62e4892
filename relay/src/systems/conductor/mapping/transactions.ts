/**
 * @module
 * Conductor invoices, bills and received payments → canonical transactions, as `qbd/mapping.ts`
 * maps InvoiceRet, BillRet and ReceivePaymentRet. Conductor's names differ: `transactionDate`
 * (TxnDate), `salesRepresentative` (SalesRepRef), `lines[].description` (Desc), `lineGroups`
 * (InvoiceLineGroupRet: `itemGroup`, `totalAmount`, and its own `lines`), `appliedToTransactions`
 * (AppliedToTxnRet: `transactionId`, `transactionType` `invoice`). A transaction whose customer or
 * vendor has no id fails (`cdt_missing_reference`), as on the Web Connector path.
 */
import { z } from 'zod';
import { decimal, isZero, optionalMoney as money, sum, toMoneyString } from '../../../lib/money.ts';
import { withoutUndefined } from '../../../lib/objects.ts';
import { ok, type Result } from '../../../lib/result.ts';
import type { Bill, Invoice, InvoiceLine, Payment } from '../../../sync/model.ts';
import type { ConductorJson } from '../api/types.ts';
import {
  amount,
  currency,
  decimalText,
  flag,
  missing,
  read,
  ref,
  required,
  system,
  text,
  type ConductorMappingContext,
} from './common.ts';

const list = <T extends z.ZodType>(s: T) => z.preprocess((v) => v ?? [], z.array(s));

const Line = z.looseObject({
  id: required,
  item: ref,
  description: text,
  quantity: decimalText,
  rate: decimalText,
  ratePercent: decimalText,
  class: ref,
  amount: decimalText,
});
type Line = z.infer<typeof Line>;

const txn = { ...system, transactionDate: required, refNumber: text, currency: ref, memo: text };

const InvoiceJson = z.looseObject({
  ...txn,
  customer: ref,
  class: ref,
  terms: ref,
  dueDate: text,
  salesRepresentative: ref,
  subtotal: decimalText,
  salesTaxTotal: decimalText,
  balanceRemaining: decimalText,
  exchangeRate: decimalText,
  isPaid: flag,
  lines: list(Line),
  lineGroups: list(
    z.looseObject({
      id: required,
      itemGroup: ref,
      description: text,
      quantity: decimalText,
      totalAmount: decimalText,
      lines: list(Line),
    }),
  ),
});

const BillJson = z.looseObject({
  ...txn,
  vendor: ref,
  dueDate: text,
  amountDue: amount,
  isPaid: flag,
  openAmount: decimalText,
});

const PaymentJson = z.looseObject({
  ...txn,
  customer: ref,
  totalAmount: amount,
  paymentMethod: ref,
  unusedPayment: decimalText,
  appliedToTransactions: list(
    z.looseObject({ transactionId: required, transactionType: required, amount: decimalText }),
  ),
});

/**
 * Lines as qbXML's parser lists them: the item lines, then each group line (its item group and
 * total) followed by the lines inside it.
 */
function linesOf(r: z.infer<typeof InvoiceJson>): Line[] {
  const groups = r.lineGroups.flatMap((g) => [
    { id: g.id, item: g.itemGroup, description: g.description, quantity: g.quantity, amount: g.totalAmount },
    ...g.lines,
  ]);
  return [...r.lines, ...groups];
}

/** The class every item line names, when they all name the same one. */
function lineClass(lines: readonly Line[]): string | undefined {
  const named = lines.filter((l) => l.item).map((l) => l.class?.fullName);
  const first = named[0];
  return first && named.every((c) => c === first) ? first : undefined;
}

/** Amounts exact; a percentage rate is not a price. */
const salesLines = (lines: readonly Line[]): InvoiceLine[] =>
  lines.map((l) =>
    withoutUndefined({
      id: l.id,
      itemId: l.item?.id,
      description: l.description,
      quantity: l.quantity,
      rate: l.ratePercent ? undefined : l.rate,
      amount: money(l.amount) ?? '0.00',
    }),
  );

/**
 * A Conductor invoice → a canonical invoice.
 * @example invoiceToCanonical(json, { homeCurrency: 'USD' }) // ok({ type: 'invoice', number: 'INV-1234', total: '1010.00', … })
 */
export function invoiceToCanonical(json: ConductorJson, ctx: ConductorMappingContext): Result<Invoice> {
  const read_ = read(InvoiceJson, 'invoice', json);
  if (!read_.ok) return read_;
  const r = read_.value;
  const what = `invoice ${r.refNumber ?? r.id}`;
  if (!r.customer?.id) return missing('The customer', what);
  const cur = currency(r.currency, ctx, what);
  if (!cur.ok) return cur;
  const lines = linesOf(r);
  const total = sum([decimal(r.subtotal ?? '0'), decimal(r.salesTaxTotal ?? '0')]);
  return ok(
    withoutUndefined({
      type: 'invoice' as const,
      id: r.id,
      version: r.revisionNumber,
      updatedAt: r.updatedAt,
      number: r.refNumber,
      customerId: r.customer.id,
      txnDate: r.transactionDate,
      dueDate: r.dueDate,
      total: toMoneyString(total),
      balance: money(r.balanceRemaining) ?? toMoneyString(total),
      isPaid: r.isPaid,
      // QuickBooks Desktop voids by zeroing the amounts and prefixing the memo with "VOID:".
      isVoided: isZero(total) && /^VOID:/i.test(r.memo ?? '') ? true : undefined,
      currency: cur.value,
      terms: r.terms?.fullName,
      salesRep: r.salesRepresentative?.fullName,
      memo: r.memo,
      className: r.class?.fullName ?? lineClass(lines),
      exchangeRate: r.exchangeRate,
      lines: salesLines(lines),
    }),
  );
}

/**
 * A Conductor bill → a canonical bill.
 * @example billToCanonical(json, { homeCurrency: 'USD' }) // ok({ type: 'bill', total: '250.00', … })
 */
export function billToCanonical(json: ConductorJson, ctx: ConductorMappingContext): Result<Bill> {
  const read_ = read(BillJson, 'bill', json);
  if (!read_.ok) return read_;
  const r = read_.value;
  const what = `bill ${r.refNumber ?? r.id}`;
  if (!r.vendor?.id) return missing('The vendor', what);
  const cur = currency(r.currency, ctx, what);
  if (!cur.ok) return cur;
  const total = toMoneyString(decimal(r.amountDue));
  return ok(
    withoutUndefined({
      type: 'bill' as const,
      id: r.id,
      version: r.revisionNumber,
      updatedAt: r.updatedAt,
      number: r.refNumber,
      vendorId: r.vendor.id,
      txnDate: r.transactionDate,
      dueDate: r.dueDate,
      total,
      balance: money(r.openAmount) ?? (r.isPaid ? '0.00' : total),
      isPaid: r.isPaid,
      currency: cur.value,
      memo: r.memo,
    }),
  );
}

/**
 * A Conductor received payment → a canonical payment, with what it applies to invoices.
 * @example paymentToCanonical(json, { homeCurrency: 'USD' }) // ok({ type: 'payment', applied: [{ invoiceId, amount: '100.00' }], … })
 */
export function paymentToCanonical(json: ConductorJson, ctx: ConductorMappingContext): Result<Payment> {
  const read_ = read(PaymentJson, 'receive-payment', json);
  if (!read_.ok) return read_;
  const r = read_.value;
  const what = `payment ${r.refNumber ?? r.id}`;
  if (!r.customer?.id) return missing('The customer', what);
  const cur = currency(r.currency, ctx, what);
  if (!cur.ok) return cur;
  return ok(
    withoutUndefined({
      type: 'payment' as const,
      id: r.id,
      version: r.revisionNumber,
      updatedAt: r.updatedAt,
      number: r.refNumber,
      customerId: r.customer.id,
      txnDate: r.transactionDate,
      amount: toMoneyString(decimal(r.totalAmount)),
      unapplied: money(r.unusedPayment),
      method: r.paymentMethod?.fullName,
      currency: cur.value,
      memo: r.memo,
      applied: r.appliedToTransactions.flatMap((a) =>
        a.transactionType === 'invoice' && a.amount !== undefined
          ? [{ invoiceId: a.transactionId, amount: toMoneyString(decimal(a.amount)) }]
          : [],
      ),
    }),
  );
}
