/**
 * @module
 * Add/Mod handlers with the rules QuickBooks enforces: length limits (3070), names unique across the
 * customer and vendor lists (3100), parents (3130) and references (3140) that must exist, records that
 * must exist for a Mod (3120), the current EditSequence on Mod (3200 when stale), payments no larger
 * than the amount due (3210), balanced journal entries.
 */
import { cents, formatCents, parseCents, productCents, sumCents, type Cents } from './cents.ts';
import type { Address, Customer, InvoiceLine, Invoice, Item, JournalLine, Payment, Ref, Vendor } from './records.ts';
import { child, childrenNamed, textOf, type El } from './xml.ts';
import { statusOnly, type RqOutcome } from './query.ts';
import { renderRet, renderRs } from './render.ts';
import type { ParsedRq } from './request.ts';
import {
  entityNameInUse,
  findList,
  newListId,
  newTxnId,
  qbDate,
  tick,
  type CompanyState,
  type OtherLists,
} from './store.ts';

/** A refusal with a QuickBooks status code. */
class Refusal extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

const LIMITS: Readonly<Record<string, number>> = {
  Name: 41,
  CompanyName: 41,
  Salutation: 15,
  FirstName: 25,
  MiddleName: 5,
  LastName: 25,
  JobTitle: 41,
  Phone: 21,
  AltPhone: 21,
  Fax: 21,
  Email: 1023,
  Cc: 1023,
  Contact: 41,
  AltContact: 41,
  AccountNumber: 99,
  Notes: 4095,
  JobDesc: 99,
  ResaleNumber: 15,
  NameOnCheck: 41,
  VendorTaxIdent: 15,
  Memo: 4095,
  PONumber: 25,
  Desc: 4095,
  Addr1: 41,
  Addr2: 41,
  Addr3: 41,
  Addr4: 41,
  Addr5: 41,
  City: 31,
  State: 21,
  PostalCode: 13,
  Country: 31,
  Note: 41,
};

function str(el: El, name: string, limit = LIMITS[name]): string | undefined {
  const v = textOf(el, name);
  if (v !== undefined && limit !== undefined && v.length > limit)
    throw new Refusal(3070, `The string "${v}" in the field "${name}" is too long.`);
  return v;
}

/** An xsd:boolean the schema check accepted: true/false/1/0, or empty (not given). */
function flag(el: El, name: string): boolean | undefined {
  const v = textOf(el, name);
  return v === undefined || v === '' ? undefined : v === 'true' || v === '1';
}

function refOf(el: El, name: string): Ref | undefined {
  const r = child(el, name);
  if (r === undefined) return undefined;
  const listId = textOf(r, 'ListID');
  const fullName = textOf(r, 'FullName');
  return listId !== undefined ? { listId } : fullName !== undefined ? { fullName } : undefined;
}

function address(el: El, name: string): Address | undefined {
  const a = child(el, name);
  if (a === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [key, tag] of [
    ['addr1', 'Addr1'],
    ['addr2', 'Addr2'],
    ['addr3', 'Addr3'],
    ['addr4', 'Addr4'],
    ['addr5', 'Addr5'],
    ['city', 'City'],
    ['state', 'State'],
    ['postalCode', 'PostalCode'],
    ['country', 'Country'],
    ['note', 'Note'],
  ] as const) {
    const v = str(a, tag);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function defined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Resolves a reference to a small supporting list (terms, classes, ...) → `{ListID, FullName}` or 3140. */
function otherRef(
  state: CompanyState,
  list: keyof OtherLists,
  ref: Ref | undefined,
  label: string,
  where: string,
): Ref | undefined {
  if (ref === undefined) return undefined;
  const table = state.other[list];
  for (const [name, id] of table) {
    if (id === ref.listId || (ref.fullName !== undefined && name.toLowerCase() === ref.fullName.toLowerCase()))
      return { listId: id, fullName: name };
  }
  throw new Refusal(
    3140,
    `There is an invalid reference to QuickBooks ${label} "${ref.fullName ?? ref.listId}" in the ${where}. QuickBooks error message: Invalid argument. The specified record does not exist in the list.`,
  );
}

function listRef<K extends 'customer' | 'vendor' | 'item' | 'account'>(
  state: CompanyState,
  kind: K,
  ref: Ref | undefined,
  label: string,
  where: string,
): Ref | undefined {
  if (ref === undefined) return undefined;
  const found = findList(state, kind, ref) as { listId: string; name: string; fullName?: string } | undefined;
  if (found === undefined) {
    throw new Refusal(
      3140,
      `There is an invalid reference to QuickBooks ${label} "${ref.fullName ?? ref.listId}" in the ${where}. QuickBooks error message: Invalid argument. The specified record does not exist in the list.`,
    );
  }
  return { listId: found.listId, fullName: found.fullName ?? found.name };
}

function customerFields(state: CompanyState, el: El) {
  const where = 'Customer';
  return defined({
    isActive: flag(el, 'IsActive'),
    companyName: str(el, 'CompanyName'),
    salutation: str(el, 'Salutation'),
    firstName: str(el, 'FirstName'),
    middleName: str(el, 'MiddleName'),
    lastName: str(el, 'LastName'),
    jobTitle: str(el, 'JobTitle'),
    billAddress: address(el, 'BillAddress'),
    shipAddress: address(el, 'ShipAddress'),
    phone: str(el, 'Phone'),
    altPhone: str(el, 'AltPhone'),
    fax: str(el, 'Fax'),
    email: str(el, 'Email'),
    cc: str(el, 'Cc'),
    contact: str(el, 'Contact'),
    altContact: str(el, 'AltContact'),
    class: otherRef(state, 'class', refOf(el, 'ClassRef'), 'Class', where),
    customerType: otherRef(state, 'customerType', refOf(el, 'CustomerTypeRef'), 'Customer Type', where),
    terms: otherRef(state, 'terms', refOf(el, 'TermsRef'), 'Terms', where),
    salesTaxCode: otherRef(state, 'salesTaxCode', refOf(el, 'SalesTaxCodeRef'), 'Sales Tax Code', where),
    resaleNumber: str(el, 'ResaleNumber'),
    accountNumber: str(el, 'AccountNumber'),
    creditLimit: str(el, 'CreditLimit'),
    jobStatus: str(el, 'JobStatus'),
    jobStartDate: str(el, 'JobStartDate'),
    jobProjectedEndDate: str(el, 'JobProjectedEndDate'),
    jobEndDate: str(el, 'JobEndDate'),
    jobDesc: str(el, 'JobDesc'),
    notes: str(el, 'Notes'),
    preferredDeliveryMethod: str(el, 'PreferredDeliveryMethod'),
    externalGuid: str(el, 'ExternalGUID'),
  });
}

function vendorFields(state: CompanyState, el: El) {
  return defined({
    isActive: flag(el, 'IsActive'),
    companyName: str(el, 'CompanyName'),
    salutation: str(el, 'Salutation'),
    firstName: str(el, 'FirstName'),
    middleName: str(el, 'MiddleName'),
    lastName: str(el, 'LastName'),
    jobTitle: str(el, 'JobTitle'),
    vendorAddress: address(el, 'VendorAddress'),
    shipAddress: address(el, 'ShipAddress'),
    phone: str(el, 'Phone'),
    altPhone: str(el, 'AltPhone'),
    fax: str(el, 'Fax'),
    email: str(el, 'Email'),
    cc: str(el, 'Cc'),
    contact: str(el, 'Contact'),
    altContact: str(el, 'AltContact'),
    nameOnCheck: str(el, 'NameOnCheck'),
    accountNumber: str(el, 'AccountNumber'),
    notes: str(el, 'Notes'),
    vendorType: otherRef(state, 'vendorType', refOf(el, 'VendorTypeRef'), 'Vendor Type', 'Vendor'),
    terms: otherRef(state, 'terms', refOf(el, 'TermsRef'), 'Terms', 'Vendor'),
    creditLimit: str(el, 'CreditLimit'),
    vendorTaxIdent: str(el, 'VendorTaxIdent'),
    isVendorEligibleFor1099: flag(el, 'IsVendorEligibleFor1099'),
    externalGuid: str(el, 'ExternalGUID'),
  });
}

function ok(rq: ParsedRq, ret: string): RqOutcome {
  return {
    xml: renderRs(
      `${rq.type}Rs`,
      { requestId: rq.requestId, code: 0, severity: 'Info', message: 'Status OK' },
      `${ret}\n`,
    ),
    severity: 'Info',
  };
}

/** Renames propagate to jobs: `Parent:Job` full names follow their parent. */
function refreshJobNames(state: CompanyState, parent: Customer): void {
  for (const c of state.tables.customer.values()) {
    if (c.parent?.listId === parent.listId) {
      const updated: Customer = {
        ...c,
        parent: { listId: parent.listId, fullName: parent.fullName },
        fullName: `${parent.fullName}:${c.name}`,
        sublevel: parent.sublevel + 1,
      };
      state.tables.customer.set(c.listId, updated);
      refreshJobNames(state, updated);
    }
  }
}

function customerAdd(state: CompanyState, el: El): Customer {
  const name = str(el, 'Name') ?? '';
  if (name === '') throw new Refusal(3000, 'The "Name" field is required.');
  const parentRef = refOf(el, 'ParentRef');
  const parent = parentRef ? findList(state, 'customer', parentRef) : undefined;
  if (parentRef && !parent)
    throw new Refusal(
      3130,
      `There is an invalid reference to a parent "${parentRef.fullName ?? parentRef.listId}" in the Customers list.  QuickBooks error message: Invalid argument.  The specified record does not exist in the list.`,
    );
  const fullName = parent ? `${parent.fullName}:${name}` : name;
  if (entityNameInUse(state, fullName))
    throw new Refusal(3100, `The name "${fullName}" of the list element is already in use.`);
  const fields = customerFields(state, el);
  const { time, editSequence } = tick(state);
  const rec: Customer = {
    kind: 'customer',
    listId: newListId(state),
    timeCreated: time,
    timeModified: time,
    editSequence,
    name,
    fullName,
    isActive: true,
    sublevel: parent ? parent.sublevel + 1 : 0,
    ...(parent ? { parent: { listId: parent.listId, fullName: parent.fullName } } : {}),
    ...fields,
    balance: '0.00',
    totalBalance: '0.00',
    jobStatus: fields.jobStatus ?? 'None',
  };
  state.tables.customer.set(rec.listId, rec);
  return rec;
}

function staleCheck(current: { editSequence: string }, el: El): void {
  const given = textOf(el, 'EditSequence');
  if (given !== current.editSequence) {
    throw new Refusal(3200, `The provided edit sequence "${given ?? ''}" is out-of-date. `);
  }
}

function customerMod(state: CompanyState, el: El): Customer {
  const listId = textOf(el, 'ListID') ?? '';
  const current = state.tables.customer.get(listId);
  if (!current)
    throw new Refusal(
      3120,
      `Object "${listId}" specified in the request cannot be found.  QuickBooks error message: Invalid argument.  The specified record does not exist in the list.`,
    );
  staleCheck(current, el);
  const name = str(el, 'Name') ?? current.name;
  const parentRef = refOf(el, 'ParentRef');
  const parent = parentRef
    ? findList(state, 'customer', parentRef)
    : current.parent
      ? findList(state, 'customer', current.parent)
      : undefined;
  if (parentRef && !parent)
    throw new Refusal(
      3130,
      `There is an invalid reference to a parent "${parentRef.fullName ?? parentRef.listId}" in the Customers list.`,
    );
  const fullName = parent ? `${parent.fullName}:${name}` : name;
  if (entityNameInUse(state, fullName, listId))
    throw new Refusal(3100, `The name "${fullName}" of the list element is already in use.`);
  const fields = customerFields(state, el);
  const { time, editSequence } = tick(state);
  const rec: Customer = {
    ...current,
    ...fields,
    name,
    fullName,
    timeModified: time,
    editSequence,
    sublevel: parent ? parent.sublevel + 1 : 0,
  };
  state.tables.customer.set(listId, rec);
  if (rec.fullName !== current.fullName) refreshJobNames(state, rec);
  return state.tables.customer.get(listId) ?? rec;
}

function vendorAdd(state: CompanyState, el: El): Vendor {
  const name = str(el, 'Name') ?? '';
  if (name === '') throw new Refusal(3000, 'The "Name" field is required.');
  if (entityNameInUse(state, name))
    throw new Refusal(3100, `The name "${name}" of the list element is already in use.`);
  const fields = vendorFields(state, el);
  const { time, editSequence } = tick(state);
  const rec: Vendor = {
    kind: 'vendor',
    listId: newListId(state),
    timeCreated: time,
    timeModified: time,
    editSequence,
    name,
    isActive: true,
    ...fields,
    balance: '0.00',
  };
  state.tables.vendor.set(rec.listId, rec);
  return rec;
}

function vendorMod(state: CompanyState, el: El): Vendor {
  const listId = textOf(el, 'ListID') ?? '';
  const current = state.tables.vendor.get(listId);
  if (!current) throw new Refusal(3120, `Object "${listId}" specified in the request cannot be found.`);
  staleCheck(current, el);
  const name = str(el, 'Name') ?? current.name;
  if (entityNameInUse(state, name, listId))
    throw new Refusal(3100, `The name "${name}" of the list element is already in use.`);
  const fields = vendorFields(state, el);
  const { time, editSequence } = tick(state);
  const rec: Vendor = { ...current, ...fields, name, timeModified: time, editSequence };
  state.tables.vendor.set(listId, rec);
  return rec;
}

function itemServiceAdd(state: CompanyState, el: El): Item {
  const name = str(el, 'Name', 31) ?? '';
  const parentRef = refOf(el, 'ParentRef');
  const parent = parentRef ? findList(state, 'item', parentRef) : undefined;
  if (parentRef && !parent)
    throw new Refusal(
      3140,
      `There is an invalid reference to QuickBooks Item "${parentRef.fullName ?? parentRef.listId}" in the Item list.`,
    );
  const fullName = parent ? `${parent.fullName}:${name}` : name;
  if (findList(state, 'item', { fullName }))
    throw new Refusal(3100, `The name "${fullName}" of the list element is already in use.`);
  const sop = child(el, 'SalesOrPurchase');
  const sap = child(el, 'SalesAndPurchase');
  const where = 'Item';
  const { time, editSequence } = tick(state);
  const rec: Item = {
    kind: 'item',
    itemType: 'Service',
    listId: newListId(state),
    timeCreated: time,
    timeModified: time,
    editSequence,
    name,
    fullName,
    isActive: flag(el, 'IsActive') ?? true,
    sublevel: parent ? parent.sublevel + 1 : 0,
    ...(parent ? { parent: { listId: parent.listId, fullName: parent.fullName } } : {}),
    ...defined({
      salesTaxCode: otherRef(state, 'salesTaxCode', refOf(el, 'SalesTaxCodeRef'), 'Sales Tax Code', where),
    }),
    ...(sop
      ? defined({
          salesDesc: str(sop, 'Desc'),
          salesPrice: textOf(sop, 'Price') ?? '0.00',
          incomeAccount: listRef(state, 'account', refOf(sop, 'AccountRef'), 'Account', where),
        })
      : sap
        ? defined({
            salesDesc: str(sap, 'SalesDesc', 4095),
            salesPrice: textOf(sap, 'SalesPrice'),
            incomeAccount: listRef(state, 'account', refOf(sap, 'IncomeAccountRef'), 'Account', where),
            purchaseDesc: str(sap, 'PurchaseDesc', 4095),
            purchaseCost: textOf(sap, 'PurchaseCost'),
            expenseAccount: listRef(state, 'account', refOf(sap, 'ExpenseAccountRef'), 'Account', where),
          })
        : {}),
  };
  state.tables.item.set(rec.listId, rec);
  return rec;
}

function nextRef(state: CompanyState): string {
  state.refSeq++;
  return String(state.refSeq);
}

function invoiceAdd(state: CompanyState, el: El): Invoice {
  const where = 'invoice';
  const customer = listRef(state, 'customer', refOf(el, 'CustomerRef'), 'Customer', where);
  if (!customer) throw new Refusal(3000, 'The "CustomerRef" field is required.');
  const refNumber = str(el, 'RefNumber', 11);
  let lineSeq = 0;
  const lines: InvoiceLine[] = childrenNamed(el, 'InvoiceLineAdd').map((l) => {
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
        serviceDate: textOf(l, 'ServiceDate'),
        class: otherRef(state, 'class', refOf(l, 'ClassRef'), 'Class', where),
      }),
    };
  });
  const subtotal = formatCents(sumCents(lines.map((l) => (l.amount ? cents(l.amount) : 0n))));
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

/** Customer balances follow invoices and payments (QuickBooks does not bump the customer's EditSequence for that). */
export function adjustBalance(state: CompanyState, customer: Ref, delta: Cents): void {
  const c = customer.listId ? state.tables.customer.get(customer.listId) : undefined;
  if (!c) return;
  const balance = formatCents((parseCents(c.balance ?? '0') ?? 0n) + delta);
  state.tables.customer.set(c.listId, { ...c, balance, totalBalance: balance });
}

function paymentAdd(state: CompanyState, el: El): Payment {
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

function journalEntryAdd(state: CompanyState, el: El) {
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

const HANDLERS: Readonly<Record<string, [string, (state: CompanyState, el: El) => Parameters<typeof renderRet>[0]]>> = {
  CustomerAdd: ['CustomerAdd', customerAdd],
  CustomerMod: ['CustomerMod', customerMod],
  VendorAdd: ['VendorAdd', vendorAdd],
  VendorMod: ['VendorMod', vendorMod],
  ItemServiceAdd: ['ItemServiceAdd', itemServiceAdd],
  InvoiceAdd: ['InvoiceAdd', invoiceAdd],
  ReceivePaymentAdd: ['ReceivePaymentAdd', paymentAdd],
  JournalEntryAdd: ['JournalEntryAdd', journalEntryAdd],
};

export const WRITE_TYPES = new Set(Object.keys(HANDLERS));

/**
 * Runs one Add/Mod. Validation happens before anything is stored, so a refused request changes nothing.
 * On 3200 the response carries the current record, as QuickBooks does.
 */
export function runWrite(state: CompanyState, rq: ParsedRq): RqOutcome {
  const handler = HANDLERS[rq.type];
  if (!handler) return statusOnly(rq, 3250, 'Error', `The simulator does not answer ${rq.name}.`);
  const body = child(rq.el, handler[0]);
  if (!body) return statusOnly(rq, 3000, 'Error', `${rq.name} needs <${handler[0]}>.`);
  const clock = state.clock;
  const seq = state.seq;
  try {
    return ok(rq, renderRet(handler[1](state, body), { links: true }));
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    state.clock = clock;
    state.seq = seq;
    if (e.code === 3200) {
      const id = textOf(body, 'ListID') ?? textOf(body, 'TxnID') ?? '';
      const current = state.tables.customer.get(id) ?? state.tables.vendor.get(id);
      return {
        xml: renderRs(
          `${rq.type}Rs`,
          { requestId: rq.requestId, code: 3200, severity: 'Error', message: e.message },
          current ? `${renderRet(current)}\n` : '',
        ),
        severity: 'Error',
      };
    }
    return statusOnly(rq, e.code, 'Error', e.message);
  }
}
