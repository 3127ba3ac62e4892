/**
 * @module
 * Transaction `*Ret` converters: invoices and sales orders (which share their line shape, group
 * lines included), bills, received payments and journal entries.
 */
import { withoutUndefined } from '../../../lib/objects.ts';
import { address, bool, linkedTxns, ref, str, txnBase } from './ret-fields.ts';
import { childrenNamed, type El } from './xml-tree.ts';
import type {
  AppliedToTxn,
  BillExpenseLine,
  BillItemLine,
  BillRecord,
  InvoiceLine,
  InvoiceRecord,
  JournalEntryRecord,
  JournalLine,
  PaymentRecord,
  SalesOrderLine,
  SalesOrderRecord,
} from './record-types.ts';

/** The line fields invoices and sales orders share. */
function lineCore(l: El, group: string | undefined): Omit<InvoiceLine, 'serviceDate'> {
  return withoutUndefined({
    txnLineId: str(l, 'TxnLineID') ?? '',
    groupTxnLineId: group,
    item: ref(l, 'ItemRef'),
    desc: str(l, 'Desc'),
    quantity: str(l, 'Quantity'),
    unitOfMeasure: str(l, 'UnitOfMeasure'),
    rate: str(l, 'Rate'),
    ratePercent: str(l, 'RatePercent'),
    class: ref(l, 'ClassRef'),
    amount: str(l, 'Amount'),
    salesTaxCode: ref(l, 'SalesTaxCodeRef'),
  });
}

function invoiceLine(l: El, group?: string): InvoiceLine {
  return withoutUndefined({ ...lineCore(l, group), serviceDate: str(l, 'ServiceDate') });
}

function salesOrderLine(l: El, group?: string): SalesOrderLine {
  return withoutUndefined({
    ...lineCore(l, group),
    invoiced: str(l, 'Invoiced'),
    isManuallyClosed: bool(l, 'IsManuallyClosed'),
  });
}

type GroupLine = Pick<InvoiceLine, 'txnLineId' | 'item' | 'desc' | 'quantity' | 'amount'>;

/**
 * Lines of an invoice or sales order in document order: a group line (its ItemGroupRef and total)
 * then the lines inside it, which carry the group's TxnLineID.
 */
function salesLines<L>(
  el: El,
  lineName: string,
  groupName: string,
  line: (l: El, group?: string) => L,
): (L | GroupLine)[] {
  const lines: (L | GroupLine)[] = [];
  for (const c of el.children) {
    if (c.name === lineName) lines.push(line(c));
    else if (c.name === groupName) {
      const groupId = str(c, 'TxnLineID');
      lines.push(
        withoutUndefined({
          txnLineId: groupId ?? '',
          item: ref(c, 'ItemGroupRef'),
          desc: str(c, 'Desc'),
          quantity: str(c, 'Quantity'),
          amount: str(c, 'TotalAmount'),
        }),
      );
      for (const l of childrenNamed(c, lineName)) lines.push(line(l, groupId));
    }
  }
  return lines;
}

export function invoice(el: El, where: string): InvoiceRecord {
  const lines = salesLines(el, 'InvoiceLineRet', 'InvoiceLineGroupRet', invoiceLine);
  return withoutUndefined({
    kind: 'invoice' as const,
    ...txnBase(el, where),
    customer: ref(el, 'CustomerRef') ?? {},
    class: ref(el, 'ClassRef'),
    arAccount: ref(el, 'ARAccountRef'),
    template: ref(el, 'TemplateRef'),
    billAddress: address(el, 'BillAddress'),
    shipAddress: address(el, 'ShipAddress'),
    isPending: bool(el, 'IsPending'),
    poNumber: str(el, 'PONumber'),
    terms: ref(el, 'TermsRef'),
    dueDate: str(el, 'DueDate'),
    salesRep: ref(el, 'SalesRepRef'),
    shipDate: str(el, 'ShipDate'),
    subtotal: str(el, 'Subtotal'),
    itemSalesTax: ref(el, 'ItemSalesTaxRef'),
    salesTaxPercentage: str(el, 'SalesTaxPercentage'),
    salesTaxTotal: str(el, 'SalesTaxTotal'),
    appliedAmount: str(el, 'AppliedAmount'),
    balanceRemaining: str(el, 'BalanceRemaining'),
    currency: ref(el, 'CurrencyRef'),
    exchangeRate: str(el, 'ExchangeRate'),
    memo: str(el, 'Memo'),
    isPaid: bool(el, 'IsPaid'),
    isToBePrinted: bool(el, 'IsToBePrinted'),
    isToBeEmailed: bool(el, 'IsToBeEmailed'),
    customerSalesTaxCode: ref(el, 'CustomerSalesTaxCodeRef'),
    other: str(el, 'Other'),
    linkedTxns: linkedTxns(el),
    lines,
  });
}

export function salesOrder(el: El, where: string): SalesOrderRecord {
  return withoutUndefined({
    kind: 'salesOrder' as const,
    ...txnBase(el, where),
    customer: ref(el, 'CustomerRef') ?? {},
    class: ref(el, 'ClassRef'),
    template: ref(el, 'TemplateRef'),
    billAddress: address(el, 'BillAddress'),
    shipAddress: address(el, 'ShipAddress'),
    poNumber: str(el, 'PONumber'),
    terms: ref(el, 'TermsRef'),
    dueDate: str(el, 'DueDate'),
    salesRep: ref(el, 'SalesRepRef'),
    shipDate: str(el, 'ShipDate'),
    subtotal: str(el, 'Subtotal'),
    salesTaxTotal: str(el, 'SalesTaxTotal'),
    totalAmount: str(el, 'TotalAmount'),
    currency: ref(el, 'CurrencyRef'),
    exchangeRate: str(el, 'ExchangeRate'),
    isManuallyClosed: bool(el, 'IsManuallyClosed'),
    isFullyInvoiced: bool(el, 'IsFullyInvoiced'),
    memo: str(el, 'Memo'),
    linkedTxns: linkedTxns(el),
    lines: salesLines(el, 'SalesOrderLineRet', 'SalesOrderLineGroupRet', salesOrderLine),
  });
}

function billItemLine(l: El, group?: string): BillItemLine {
  return withoutUndefined({
    txnLineId: str(l, 'TxnLineID') ?? '',
    groupTxnLineId: group,
    item: ref(l, 'ItemRef'),
    desc: str(l, 'Desc'),
    quantity: str(l, 'Quantity'),
    cost: str(l, 'Cost'),
    amount: str(l, 'Amount'),
    customer: ref(l, 'CustomerRef'),
    class: ref(l, 'ClassRef'),
    billableStatus: str(l, 'BillableStatus'),
  });
}

export function bill(el: El, where: string): BillRecord {
  const expenseLines: BillExpenseLine[] = childrenNamed(el, 'ExpenseLineRet').map((l) =>
    withoutUndefined({
      txnLineId: str(l, 'TxnLineID') ?? '',
      account: ref(l, 'AccountRef'),
      amount: str(l, 'Amount'),
      memo: str(l, 'Memo'),
      customer: ref(l, 'CustomerRef'),
      class: ref(l, 'ClassRef'),
      billableStatus: str(l, 'BillableStatus'),
    }),
  );
  const itemLines: BillItemLine[] = [];
  for (const c of el.children) {
    if (c.name === 'ItemLineRet') itemLines.push(billItemLine(c));
    else if (c.name === 'ItemGroupLineRet') {
      const groupId = str(c, 'TxnLineID');
      for (const l of childrenNamed(c, 'ItemLineRet')) itemLines.push(billItemLine(l, groupId));
    }
  }
  return withoutUndefined({
    kind: 'bill' as const,
    ...txnBase(el, where),
    vendor: ref(el, 'VendorRef') ?? {},
    vendorAddress: address(el, 'VendorAddress'),
    apAccount: ref(el, 'APAccountRef'),
    dueDate: str(el, 'DueDate'),
    amountDue: str(el, 'AmountDue') ?? '0.00',
    currency: ref(el, 'CurrencyRef'),
    exchangeRate: str(el, 'ExchangeRate'),
    terms: ref(el, 'TermsRef'),
    memo: str(el, 'Memo'),
    isPaid: bool(el, 'IsPaid'),
    openAmount: str(el, 'OpenAmount'),
    linkedTxns: linkedTxns(el),
    expenseLines,
    itemLines,
  });
}

export function payment(el: El, where: string): PaymentRecord {
  const appliedTo: AppliedToTxn[] = childrenNamed(el, 'AppliedToTxnRet').map((a) =>
    withoutUndefined({
      txnId: str(a, 'TxnID') ?? '',
      txnType: str(a, 'TxnType') ?? '',
      txnDate: str(a, 'TxnDate'),
      refNumber: str(a, 'RefNumber'),
      balanceRemaining: str(a, 'BalanceRemaining'),
      amount: str(a, 'Amount'),
      discountAmount: str(a, 'DiscountAmount'),
      discountAccount: ref(a, 'DiscountAccountRef'),
    }),
  );
  return withoutUndefined({
    kind: 'payment' as const,
    ...txnBase(el, where),
    customer: ref(el, 'CustomerRef') ?? {},
    arAccount: ref(el, 'ARAccountRef'),
    totalAmount: str(el, 'TotalAmount') ?? '0.00',
    currency: ref(el, 'CurrencyRef'),
    exchangeRate: str(el, 'ExchangeRate'),
    paymentMethod: ref(el, 'PaymentMethodRef'),
    memo: str(el, 'Memo'),
    depositToAccount: ref(el, 'DepositToAccountRef'),
    unusedPayment: str(el, 'UnusedPayment'),
    unusedCredits: str(el, 'UnusedCredits'),
    appliedTo,
  });
}

export function journalEntry(el: El, where: string): JournalEntryRecord {
  const lines: JournalLine[] = [];
  for (const c of el.children) {
    if (c.name !== 'JournalDebitLine' && c.name !== 'JournalCreditLine') continue;
    lines.push(
      withoutUndefined({
        txnLineId: str(c, 'TxnLineID'),
        type: c.name === 'JournalDebitLine' ? ('Debit' as const) : ('Credit' as const),
        account: ref(c, 'AccountRef'),
        amount: str(c, 'Amount'),
        memo: str(c, 'Memo'),
        entity: ref(c, 'EntityRef'),
        class: ref(c, 'ClassRef'),
        billableStatus: str(c, 'BillableStatus'),
      }),
    );
  }
  return withoutUndefined({
    kind: 'journalEntry' as const,
    ...txnBase(el, where),
    isAdjustment: bool(el, 'IsAdjustment'),
    currency: ref(el, 'CurrencyRef'),
    exchangeRate: str(el, 'ExchangeRate'),
    lines,
  });
}
