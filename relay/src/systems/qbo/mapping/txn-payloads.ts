/**
 * @module
 * The transactions of QuickBooks Online as Intuit sends them, as zod schemas of what the relay
 * uses: Invoice (its sales-form custom fields, and its lines by `DetailType`: SalesItemLineDetail, DescriptionOnly,
 * DiscountLineDetail, SubTotalLineDetail, GroupLineDetail with its own lines), Bill and Payment
 * (lines applied to invoices through `LinkedTxn`). The same rules as `payloads.ts`: unknown keys
 * dropped, amounts exact decimal strings, failures in words through its `readPayload`.
 */
import { z } from 'zod';
import { CurrencyRef, Decimal, Entity, IsoDate, Ref } from './payloads.ts';

const ClassAndDepartment = { ClassRef: Ref.optional(), DepartmentRef: Ref.optional() };

const SalesItemLineDetail = z.object({
  ItemRef: Ref,
  Qty: Decimal.optional(),
  UnitPrice: Decimal.optional(),
  ...ClassAndDepartment,
});

const LineBase = { Id: z.string().optional(), Description: z.string().optional() };

const SalesItemLine = z.object({
  ...LineBase,
  DetailType: z.literal('SalesItemLineDetail'),
  Amount: Decimal,
  SalesItemLineDetail,
});
const DescriptionOnlyLine = z.object({
  ...LineBase,
  DetailType: z.literal('DescriptionOnly'),
  Amount: Decimal.optional(),
});
const DiscountLine = z.object({
  ...LineBase,
  DetailType: z.literal('DiscountLineDetail'),
  /** What the discount takes off, positive (a percentage already applied to the subtotal). */
  Amount: Decimal,
  DiscountLineDetail: z
    .object({ PercentBased: z.boolean().optional(), DiscountPercent: Decimal.optional(), ...ClassAndDepartment })
    .optional(),
});
const SubTotalLine = z.object({ ...LineBase, DetailType: z.literal('SubTotalLineDetail'), Amount: Decimal.optional() });
/** A bundle's line: its own lines are the ones that carry the amounts. */
const GroupLine = z.object({
  ...LineBase,
  DetailType: z.literal('GroupLineDetail'),
  Amount: Decimal.optional(),
  GroupLineDetail: z.object({
    GroupItemRef: Ref.optional(),
    Quantity: Decimal.optional(),
    Line: z.array(z.discriminatedUnion('DetailType', [SalesItemLine, DescriptionOnlyLine])).default([]),
  }),
});

export const InvoiceLine = z.discriminatedUnion('DetailType', [
  SalesItemLine,
  DescriptionOnlyLine,
  DiscountLine,
  SubTotalLine,
  GroupLine,
]);
export type InvoiceLine = z.infer<typeof InvoiceLine>;
export type SalesLine = z.infer<typeof SalesItemLine> | z.infer<typeof DescriptionOnlyLine>;

/**
 * A sales-form custom field as a transaction lists it: every enabled one, by the definition's
 * `DefinitionId` and `Name`, its `StringValue` absent while empty (only StringType is given).
 */
export const CustomField = z.object({
  DefinitionId: z.string().optional(),
  Name: z.string().optional(),
  Type: z.string().optional(),
  StringValue: z.string().optional(),
});
export type CustomField = z.infer<typeof CustomField>;

const Txn = {
  ...Entity,
  DocNumber: z.string().optional(),
  TxnDate: IsoDate,
  CurrencyRef: CurrencyRef.optional(),
  ExchangeRate: Decimal.optional(),
  /** The memo kept with the transaction, not printed on it: QuickBooks Desktop's Memo. */
  PrivateNote: z.string().optional(),
  DepartmentRef: Ref.optional(),
};

export const QboInvoice = z.object({
  ...Txn,
  CustomerRef: Ref,
  DueDate: IsoDate.optional(),
  TotalAmt: Decimal,
  Balance: Decimal,
  SalesTermRef: Ref.optional(),
  ClassRef: Ref.optional(),
  /** The message printed for the customer (Desktop's Customer Message, not its Memo). */
  CustomerMemo: z.object({ value: z.string().optional() }).optional(),
  CustomField: z.array(CustomField).default([]),
  Line: z.array(InvoiceLine),
});
export type QboInvoice = z.infer<typeof QboInvoice>;

export const QboBill = z.object({
  ...Txn,
  VendorRef: Ref,
  DueDate: IsoDate.optional(),
  TotalAmt: Decimal,
  Balance: Decimal,
});
export type QboBill = z.infer<typeof QboBill>;

const LinkedTxn = z.object({ TxnId: z.string().min(1), TxnType: z.string() });

export const QboPayment = z.object({
  ...Txn,
  CustomerRef: Ref,
  TotalAmt: Decimal,
  UnappliedAmt: Decimal.optional(),
  PaymentRefNum: z.string().optional(),
  PaymentMethodRef: Ref.optional(),
  /** One line per transaction the payment is applied to (an unapplied payment has none). */
  Line: z.array(z.object({ Amount: Decimal, LinkedTxn: z.array(LinkedTxn).default([]) })).default([]),
});
export type QboPayment = z.infer<typeof QboPayment>;
