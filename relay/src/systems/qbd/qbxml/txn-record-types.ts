/**
 * @module
 * Typed transaction records (invoices, sales orders, bills, received payments, journal entries), the
 * transaction half of {@link ./record-types.ts}, which re-exports them. Amounts stay decimal strings.
 */
import type { Address, DataExt, Ref } from './record-types.ts';

/** Identity and change stamp shared by transactions. */
export interface TxnBase {
  readonly txnId: string;
  readonly timeCreated: string;
  readonly timeModified: string;
  readonly editSequence: string;
  readonly txnNumber?: string;
  readonly txnDate: string;
  readonly refNumber?: string;
  readonly externalGuid?: string;
  readonly dataExt?: readonly DataExt[];
}

export interface LinkedTxn {
  readonly txnId: string;
  readonly txnType: string;
  readonly txnDate?: string;
  readonly refNumber?: string;
  readonly linkType?: string;
  readonly amount?: string;
}

export interface InvoiceLine {
  readonly txnLineId: string;
  /** Set on lines that belong to an item group line. */
  readonly groupTxnLineId?: string;
  readonly item?: Ref;
  readonly desc?: string;
  readonly quantity?: string;
  readonly unitOfMeasure?: string;
  readonly rate?: string;
  readonly ratePercent?: string;
  readonly class?: Ref;
  readonly amount?: string;
  readonly serviceDate?: string;
  readonly salesTaxCode?: Ref;
}

export interface InvoiceRecord extends TxnBase {
  readonly kind: 'invoice';
  readonly customer: Ref;
  readonly class?: Ref;
  readonly arAccount?: Ref;
  readonly template?: Ref;
  readonly billAddress?: Address;
  readonly shipAddress?: Address;
  readonly isPending?: boolean;
  readonly poNumber?: string;
  readonly terms?: Ref;
  readonly dueDate?: string;
  readonly salesRep?: Ref;
  readonly shipDate?: string;
  readonly subtotal?: string;
  readonly itemSalesTax?: Ref;
  readonly salesTaxPercentage?: string;
  readonly salesTaxTotal?: string;
  readonly appliedAmount?: string;
  readonly balanceRemaining?: string;
  readonly currency?: Ref;
  readonly exchangeRate?: string;
  readonly memo?: string;
  readonly isPaid?: boolean;
  readonly isToBePrinted?: boolean;
  readonly isToBeEmailed?: boolean;
  readonly customerSalesTaxCode?: Ref;
  /** The invoice's standard "Other" field. */
  readonly other?: string;
  readonly linkedTxns: readonly LinkedTxn[];
  readonly lines: readonly InvoiceLine[];
}

export interface SalesOrderLine extends Omit<InvoiceLine, 'serviceDate'> {
  /** Quantity already invoiced (QUANTYPE). */
  readonly invoiced?: string;
  readonly isManuallyClosed?: boolean;
}

/** A sales order; lines of an item group carry the group's TxnLineID as on invoices. */
export interface SalesOrderRecord extends TxnBase {
  readonly kind: 'salesOrder';
  readonly customer: Ref;
  readonly class?: Ref;
  readonly template?: Ref;
  readonly billAddress?: Address;
  readonly shipAddress?: Address;
  readonly poNumber?: string;
  readonly terms?: Ref;
  readonly dueDate?: string;
  readonly salesRep?: Ref;
  readonly shipDate?: string;
  readonly subtotal?: string;
  readonly salesTaxTotal?: string;
  readonly totalAmount?: string;
  readonly currency?: Ref;
  readonly exchangeRate?: string;
  readonly isManuallyClosed?: boolean;
  readonly isFullyInvoiced?: boolean;
  readonly memo?: string;
  readonly linkedTxns: readonly LinkedTxn[];
  readonly lines: readonly SalesOrderLine[];
}

export interface BillExpenseLine {
  readonly txnLineId: string;
  readonly account?: Ref;
  readonly amount?: string;
  readonly memo?: string;
  readonly customer?: Ref;
  readonly class?: Ref;
  readonly billableStatus?: string;
}

export interface BillItemLine {
  readonly txnLineId: string;
  readonly groupTxnLineId?: string;
  readonly item?: Ref;
  readonly desc?: string;
  readonly quantity?: string;
  readonly cost?: string;
  readonly amount?: string;
  readonly customer?: Ref;
  readonly class?: Ref;
  readonly billableStatus?: string;
}

export interface BillRecord extends TxnBase {
  readonly kind: 'bill';
  readonly vendor: Ref;
  readonly vendorAddress?: Address;
  readonly apAccount?: Ref;
  readonly dueDate?: string;
  readonly amountDue: string;
  readonly currency?: Ref;
  readonly exchangeRate?: string;
  readonly terms?: Ref;
  readonly memo?: string;
  readonly isPaid?: boolean;
  readonly openAmount?: string;
  readonly linkedTxns: readonly LinkedTxn[];
  readonly expenseLines: readonly BillExpenseLine[];
  readonly itemLines: readonly BillItemLine[];
}

export interface AppliedToTxn {
  readonly txnId: string;
  readonly txnType: string;
  readonly txnDate?: string;
  readonly refNumber?: string;
  readonly balanceRemaining?: string;
  readonly amount?: string;
  readonly discountAmount?: string;
  readonly discountAccount?: Ref;
}

export interface PaymentRecord extends TxnBase {
  readonly kind: 'payment';
  readonly customer: Ref;
  readonly arAccount?: Ref;
  readonly totalAmount: string;
  readonly currency?: Ref;
  readonly exchangeRate?: string;
  readonly paymentMethod?: Ref;
  readonly memo?: string;
  readonly depositToAccount?: Ref;
  readonly unusedPayment?: string;
  readonly unusedCredits?: string;
  readonly appliedTo: readonly AppliedToTxn[];
}

export interface JournalLine {
  readonly txnLineId?: string;
  readonly type: 'Debit' | 'Credit';
  readonly account?: Ref;
  readonly amount?: string;
  readonly memo?: string;
  readonly entity?: Ref;
  readonly class?: Ref;
  readonly billableStatus?: string;
}

export interface JournalEntryRecord extends TxnBase {
  readonly kind: 'journalEntry';
  readonly isAdjustment?: boolean;
  readonly currency?: Ref;
  readonly exchangeRate?: string;
  /** In document order (debits and credits interleaved as QuickBooks returned them). */
  readonly lines: readonly JournalLine[];
}
