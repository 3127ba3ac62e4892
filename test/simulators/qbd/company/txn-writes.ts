/**
 * @module
 * Transaction Adds: invoices and sales orders (the same lines: amounts from quantity × rate, exact
 * to the cent; an invoice moves the customer's balance, a sales order posts nothing), an
 * InvoiceMod of an invoice's header text (its lines, customer and amounts as they were), received
 * payments (no more than the amount due, 3210; applying one changes the invoice and its
 * EditSequence) and journal entries (debits must equal credits, 3210).
 */
import { cents, formatCents, parseCents, productCents, sumCents, type Cents } from './cents.ts';
import type { InvoiceLine, Invoice, JournalLine, Payment, Ref, SalesOrder, SalesOrderLine } from './records.ts';
import { childrenNamed, textOf, type El } from './xml.ts';
import { findList, newTxnId, qbDate, tick, type CompanyState } from './store.ts';
import {
  address,
  defined,
  flag,
  listRef,
  nextRef,
  notFound,
  otherRef,
  refOf,
  Refusal,
  staleCheck,
  str,
} from './write-rules.ts';

/**
 * The lines of an invoice or a sales order (the same core): each item must exist (3140), and a
 * line's amount is the one given, else quantity × rate to the cent, else its rate.
 */
function salesLines(
  state: CompanyState,
  el: El,
  lineEl: 'InvoiceLineAdd' | 'SalesOrderLineAdd',
  where: string,
  own: (line: El) => { serviceDate?: string } = () => ({}),
): InvoiceLine[] {
  let lineSeq = 0;
  return childrenNamed(el, lineEl).map((l) => {
    const item = listRef(state, 'item', refOf(l, 'ItemRef'), 'Item', `${where} line`);
    const qty = textOf(l, 'Quantity');
    const rate = textOf(l, 'Rate');
    const given = textOf(l, 'Amount');
    const amount =
      given ??
      (qty !== undefined && rate !== undefined
        ? formatCents(productCents(qty, rate))
        : rate !== undefined
          ? formatCents(cents(rate))
          : item
            ? '0.00'
            : undefined);
    lineSeq++;
    return {
      txnLineId: `${lineSeq}-${state.seq + 1}`,
      ...defined({
        item,
        desc: str(l, 'Desc'),
        quantity: qty,
        rate,
        amount,
        class: otherRef(state, 'class', refOf(l, 'ClassRef'), 'Class', where),
        ...own(l),
      }),
    };
  });
}

const subtotalOf = (lines: readonly { amount?: string }[]) =>
  formatCents(sumCents(lines.map((l) => (l.amount ? cents(l.amount) : 0n))));

export function invoiceAdd(state: CompanyState, el: El): Invoice {
  const where = 'invoice';
  const customer = listRef(state, 'customer', refOf(el, 'CustomerRef'), 'Customer', where);
  if (!customer) throw new Refusal(3000, 'The "CustomerRef" field is required.');
  const refNumber = str(el, 'RefNumber', 11);
  const lines = salesLines(state, el, 'InvoiceLineAdd', where, (l) => ({ serviceDate: textOf(l, 'ServiceDate') }));
  const subtotal = subtotalOf(lines);
  const { time, editSequence } = tick(state);
  const txnDate = textOf(el, 'TxnDate') ?? qbDate(state.clock);
  const rec: Invoice = {
    kind: 'invoice',
    txnId: newTxnId(state),
    timeCreated: time,
    timeModified: time,
    editSequence,
    txnNumber: String(state.seq),
    txnDate,
    refNumber: refNumber ?? nextRef(state),
    customer,
    arAccount: listRef(
      state,
      'account',
      refOf(el, 'ARAccountRef') ?? { fullName: 'Accounts Receivable' },
      'Account',
      where,
    ),
    ...defined({
      class: otherRef(state, 'class', refOf(el, 'ClassRef'), 'Class', where),
      template: otherRef(state, 'template', refOf(el, 'TemplateRef'), 'Template', where),
      billAddress: address(el, 'BillAddress'),
      shipAddress: address(el, 'ShipAddress'),
      isPending: flag(el, 'IsPending'),
      poNumber: str(el, 'PONumber'),
      terms: otherRef(state, 'terms', refOf(el, 'TermsRef'), 'Terms', where),
      dueDate: textOf(el, 'DueDate'),
      memo: str(el, 'Memo'),
      isToBePrinted: flag(el, 'IsToBePrinted'),
      isToBeEmailed: flag(el, 'IsToBeEmailed'),
      other: str(el, 'Other'),
      externalGuid: textOf(el, 'ExternalGUID'),
    }),
    subtotal,
    salesTaxPercentage: '0.00',
    salesTaxTotal: '0.00',
    appliedAmount: '0.00',
    balanceRemaining: subtotal,
    isPaid: cents(subtotal) <= 0n,
    linkedTxns: [],
    lines,
  };
  state.tables.invoice.set(rec.txnId, rec);
  adjustBalance(state, customer, cents(subtotal));
  return rec;
}

/** What an InvoiceMod may change here: header text; what moves amounts or balances is not simulated (3250). */
const NOT_SIMULATED_MOD = ['CustomerRef', 'ARAccountRef', 'InvoiceLineMod', 'InvoiceLineGroupMod', 'SetCredit'];

/** Changes an invoice's header text (Other, Memo, PONumber, RefNumber, DueDate, the print and email flags). */
export function invoiceMod(state: CompanyState, el: El): Invoice {
  const txnId = textOf(el, 'TxnID') ?? '';
  const current = state.tables.invoice.get(txnId);
  if (!current) throw notFound(txnId);
  staleCheck(current, el);
  const unsupported = NOT_SIMULATED_MOD.find((name) => el.children.some((c) => c.name === name));
  if (unsupported) throw new Refusal(3250, `The simulator does not change an invoice's ${unsupported}.`);
  const fields = defined({
    refNumber: str(el, 'RefNumber', 11),
    poNumber: str(el, 'PONumber'),
    dueDate: textOf(el, 'DueDate'),
    memo: str(el, 'Memo'),
    isToBePrinted: flag(el, 'IsToBePrinted'),
    isToBeEmailed: flag(el, 'IsToBeEmailed'),
    other: str(el, 'Other'),
  });
  const { time, editSequence } = tick(state);
  const rec: Invoice = { ...current, ...fields, timeModified: time, editSequence };
  state.tables.invoice.set(txnId, rec);
  return rec;
}

/** A sales order posts nothing: unlike an invoice, it moves no customer balance. */
export function salesOrderAdd(state: CompanyState, el: El): SalesOrder {
  const where = 'sales order';
  const customer = listRef(state, 'customer', refOf(el, 'CustomerRef'), 'Customer', where);
  if (!customer) throw new Refusal(3000, 'The "CustomerRef" field is required.');
  const refNumber = str(el, 'RefNumber', 11);
  const lines: SalesOrderLine[] = salesLines(state, el, 'SalesOrderLineAdd', where);
  const subtotal = subtotalOf(lines);
  const { time, editSequence } = tick(state);
  const rec: SalesOrder = {
    kind: 'salesOrder',
    txnId: newTxnId(state),
    timeCreated: time,
    timeModified: time,
    editSequence,
    txnNumber: String(state.seq),
    txnDate: textOf(el, 'TxnDate') ?? qbDate(state.clock),
    refNumber: refNumber ?? nextRef(state),
    customer,
    ...defined({
      class: otherRef(state, 'class', refOf(el, 'ClassRef'), 'Class', where),
      template: otherRef(state, 'template', refOf(el, 'TemplateRef'), 'Template', where),
      billAddress: address(el, 'BillAddress'),
      shipAddress: address(el, 'ShipAddress'),
      poNumber: str(el, 'PONumber'),
      terms: otherRef(state, 'terms', refOf(el, 'TermsRef'), 'Terms', where),
      dueDate: textOf(el, 'DueDate'),
      shipDate: textOf(el, 'ShipDate'),
      memo: str(el, 'Memo'),
      isToBePrinted: flag(el, 'IsToBePrinted'),
      isToBeEmailed: flag(el, 'IsToBeEmailed'),
      externalGuid: textOf(el, 'ExternalGUID'),
    }),
    subtotal,
    salesTaxPercentage: '0.00',
    salesTaxTotal: '0.00',
    totalAmount: subtotal,
    isManuallyClosed: flag(el, 'IsManuallyClosed') ?? false,
    isFullyInvoiced: false,
    linkedTxns: [],
    lines,
  };
  state.tables.salesOrder.set(rec.txnId, rec);
  return rec;
}

/** Customer balances follow invoices and payments (QuickBooks does not bump the customer's EditSequence for that). */
export function adjustBalance(state: CompanyState, customer: Ref, delta: Cents): void {
  const c = customer.listId ? state.tables.customer.get(customer.listId) : undefined;
  if (!c) return;
  const balance = formatCents((parseCents(c.balance ?? '0') ?? 0n) + delta);
  state.tables.customer.set(c.listId, { ...c, balance, totalBalance: balance });
}

export function paymentAdd(state: CompanyState, el: El): Payment {
  const where = 'payment';
  const customer = listRef(state, 'customer', refOf(el, 'CustomerRef'), 'Customer', where);
  if (!customer) throw new Refusal(3000, 'The "CustomerRef" field is required.');
  const applications = childrenNamed(el, 'AppliedToTxnAdd').map((a) => {
    const txnId = textOf(a, 'TxnID') ?? '';
    const inv = state.tables.invoice.get(txnId);
    if (!inv || inv.customer.listId !== customer.listId) {
      throw new Refusal(
        3140,
        `There is an invalid reference to QuickBooks Invoice "${txnId}" in the ReceivePayment. QuickBooks error message: The specified transaction does not exist or belongs to another customer.`,
      );
    }
    const amount = cents(textOf(a, 'PaymentAmount') ?? inv.balanceRemaining ?? '0');
    if (amount > cents(inv.balanceRemaining ?? '0'))
      throw new Refusal(
        3210,
        `The "PaymentAmount" field has an invalid value "${formatCents(amount)}". QuickBooks error message: You cannot pay more than the amount due.`,
      );
    return { inv, amount };
  });
  const applied = sumCents(applications.map((a) => a.amount));
  const total = cents(textOf(el, 'TotalAmount') ?? formatCents(applied));
  if (applied > total) throw new Refusal(3210, 'The payment applies more than its total amount.');
  const { time, editSequence } = tick(state);
  const txnId = newTxnId(state);
  const txnDate = textOf(el, 'TxnDate') ?? qbDate(state.clock);
  const rec: Payment = {
    kind: 'payment',
    txnId,
    timeCreated: time,
    timeModified: time,
    editSequence,
    txnNumber: String(state.seq),
    txnDate,
    customer,
    totalAmount: formatCents(total),
    ...defined({
      refNumber: str(el, 'RefNumber', 20),
      arAccount: listRef(state, 'account', refOf(el, 'ARAccountRef'), 'Account', where),
      paymentMethod: otherRef(state, 'paymentMethod', refOf(el, 'PaymentMethodRef'), 'Payment Method', where),
      memo: str(el, 'Memo'),
      depositToAccount: listRef(state, 'account', refOf(el, 'DepositToAccountRef'), 'Account', where),
      externalGuid: textOf(el, 'ExternalGUID'),
    }),
    unusedPayment: formatCents(total - applied),
    unusedCredits: '0.00',
    appliedTo: applications.map(({ inv, amount }) => ({
      txnId: inv.txnId,
      txnType: 'Invoice',
      txnDate: inv.txnDate,
      ...(inv.refNumber ? { refNumber: inv.refNumber } : {}),
      balanceRemaining: formatCents(cents(inv.balanceRemaining ?? '0') - amount),
      amount: formatCents(amount),
    })),
  };
  state.tables.payment.set(txnId, rec);
  for (const { inv, amount } of applications) applyToInvoice(state, inv.txnId, rec, amount);
  adjustBalance(state, customer, -applied);
  return rec;
}

/** Applying a payment changes the invoice (AppliedAmount, BalanceRemaining, IsPaid, a LinkedTxn) and its EditSequence. */
export function applyToInvoice(state: CompanyState, invoiceId: string, payment: Payment, amount: Cents): void {
  const inv = state.tables.invoice.get(invoiceId);
  if (!inv) return;
  const balance = cents(inv.balanceRemaining ?? '0') - amount;
  const { time, editSequence } = tick(state, 0);
  state.tables.invoice.set(invoiceId, {
    ...inv,
    timeModified: time,
    editSequence,
    appliedAmount: formatCents(cents(inv.appliedAmount ?? '0') - amount),
    balanceRemaining: formatCents(balance),
    isPaid: balance <= 0n,
    linkedTxns: [
      ...inv.linkedTxns,
      {
        txnId: payment.txnId,
        txnType: 'ReceivePayment',
        txnDate: payment.txnDate,
        linkType: 'AMTTYPE',
        amount: formatCents(-amount),
      },
    ],
  });
}

export function journalEntryAdd(state: CompanyState, el: El) {
  const where = 'journal entry';
  let lineSeq = 0;
  const lines: JournalLine[] = el.children
    .filter((c) => c.name === 'JournalDebitLine' || c.name === 'JournalCreditLine')
    .map((c) => {
      lineSeq++;
      const amount = textOf(c, 'Amount') ?? '0.00';
      return {
        txnLineId: `${lineSeq}-${state.seq + 1}`,
        type: c.name === 'JournalDebitLine' ? ('Debit' as const) : ('Credit' as const),
        amount: formatCents(cents(amount)),
        ...defined({
          account: listRef(state, 'account', refOf(c, 'AccountRef'), 'Account', where),
          memo: str(c, 'Memo'),
          entity: refOf(c, 'EntityRef')
            ? findList(state, 'customer', refOf(c, 'EntityRef'))
              ? listRef(state, 'customer', refOf(c, 'EntityRef'), 'Name', where)
              : listRef(state, 'vendor', refOf(c, 'EntityRef'), 'Name', where)
            : undefined,
          class: otherRef(state, 'class', refOf(c, 'ClassRef'), 'Class', where),
        }),
      };
    });
  const total = (type: 'Debit' | 'Credit') =>
    sumCents(lines.filter((l) => l.type === type).map((l) => cents(l.amount ?? '0')));
  if (total('Debit') !== total('Credit'))
    throw new Refusal(
      3210,
      'The transaction is not in balance.  Make sure the amounts in the debit column equal the amounts in the credit column.',
    );
  const { time, editSequence } = tick(state);
  const txnId = newTxnId(state);
  const rec = {
    kind: 'journalEntry' as const,
    txnId,
    timeCreated: time,
    timeModified: time,
    editSequence,
    txnNumber: String(state.seq),
    txnDate: textOf(el, 'TxnDate') ?? qbDate(state.clock),
    ...defined({
      refNumber: str(el, 'RefNumber', 11),
      isAdjustment: flag(el, 'IsAdjustment'),
      externalGuid: textOf(el, 'ExternalGUID'),
    }),
    lines,
  };
  state.tables.journalEntry.set(txnId, rec);
  return rec;
}
