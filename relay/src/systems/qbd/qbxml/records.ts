/**
 * @module
 * `*Ret` element → typed record. Lenient about element order, unknown elements and enum values;
 * strict about identity: a list element without ListID, a transaction without TxnID, or either
 * without EditSequence is refused ({@link IdentityError}), because a record we cannot key cannot be
 * de-duplicated or modified safely.
 */
import { withoutUndefined } from '../../../lib/objects.ts';
import { child, childrenNamed, textOf, type El } from './xml-tree.ts';
import type {
  AccountRecord,
  Address,
  AppliedToTxn,
  BillExpenseLine,
  BillItemLine,
  BillRecord,
  CompanyRecord,
  CustomerRecord,
  DataExt,
  DeletedListRecord,
  DeletedTxnRecord,
  HostRecord,
  InvoiceLine,
  InvoiceRecord,
  ItemRecord,
  JournalEntryRecord,
  JournalLine,
  LinkedTxn,
  PaymentRecord,
  PlainXml,
  PreferencesRecord,
  QbxmlRecord,
  Ref,
  SalesOrderLine,
  SalesOrderRecord,
  VendorRecord,
} from './record-types.ts';

/** A record whose identity (ListID/TxnID/EditSequence) is missing or malformed. */
export class IdentityError extends Error {
  override readonly name = 'IdentityError';
}

const ID = /^[\x21-\x7e]{1,36}$/;
const EDIT_SEQUENCE = /^[\x21-\x7e]{1,16}$/;

function identity(el: El, field: 'ListID' | 'TxnID' | 'EditSequence', where: string): string {
  const value = textOf(el, field);
  const pattern = field === 'EditSequence' ? EDIT_SEQUENCE : ID;
  if (value === undefined || !pattern.test(value)) {
    throw new IdentityError(
      `${where} has ${value === undefined ? 'no' : `an invalid ${JSON.stringify(value)}`} ${field}.`,
    );
  }
  return value;
}

function str(el: El, name: string): string | undefined {
  return textOf(el, name);
}

function bool(el: El, name: string): boolean | undefined {
  const v = textOf(el, name);
  if (v === undefined) return undefined;
  const lower = v.toLowerCase();
  return lower === 'true' || lower === '1' ? true : lower === 'false' || lower === '0' ? false : undefined;
}

function int(el: El, name: string): number | undefined {
  const v = textOf(el, name);
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

function ref(el: El, name: string): Ref | undefined {
  const r = child(el, name);
  if (r === undefined) return undefined;
  const listId = textOf(r, 'ListID');
  const fullName = textOf(r, 'FullName');
  if (listId === undefined && fullName === undefined) return undefined;
  return withoutUndefined({ listId, fullName });
}

const ADDRESS_FIELDS = [
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
] as const;

function address(el: El, name: string): Address | undefined {
  const a = child(el, name);
  if (a === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [key, tag] of ADDRESS_FIELDS) {
    const v = textOf(a, tag);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function dataExt(el: El): DataExt[] | undefined {
  const list = childrenNamed(el, 'DataExtRet');
  if (list.length === 0) return undefined;
  return list.map((d) =>
    withoutUndefined({
      ownerId: str(d, 'OwnerID'),
      name: str(d, 'DataExtName') ?? '',
      type: str(d, 'DataExtType'),
      value: str(d, 'DataExtValue') ?? '',
    }),
  );
}

function linkedTxns(el: El): LinkedTxn[] {
  return childrenNamed(el, 'LinkedTxn').map((l) =>
    withoutUndefined({
      txnId: str(l, 'TxnID') ?? '',
      txnType: str(l, 'TxnType') ?? '',
      txnDate: str(l, 'TxnDate'),
      refNumber: str(l, 'RefNumber'),
      linkType: str(l, 'LinkType'),
      amount: str(l, 'Amount'),
    }),
  );
}

/** Element content as plain nested objects, for Rets without a typed shape. */
export function toPlain(el: El): PlainXml {
  const out: Record<string, string | PlainXml | (string | PlainXml)[]> = {};
  for (const c of el.children) {
    const value: string | PlainXml = c.children.length === 0 ? c.text : toPlain(c);
    const prev = out[c.name];
    if (prev === undefined) out[c.name] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[c.name] = [prev, value];
  }
  return out;
}

/** Identity and change stamp every list element carries (ListID and EditSequence are required). */
function listBase(el: El, where: string) {
  return {
    listId: identity(el, 'ListID', where),
    timeCreated: str(el, 'TimeCreated') ?? '',
    timeModified: str(el, 'TimeModified') ?? '',
    editSequence: identity(el, 'EditSequence', where),
    name: str(el, 'Name') ?? '',
  };
}

function customer(el: El, where: string): CustomerRecord {
  return withoutUndefined({
    kind: 'customer' as const,
    ...listBase(el, where),
    fullName: str(el, 'FullName') ?? str(el, 'Name') ?? '',
    isActive: bool(el, 'IsActive') ?? true,
    class: ref(el, 'ClassRef'),
    parent: ref(el, 'ParentRef'),
    sublevel: int(el, 'Sublevel') ?? 0,
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
    customerType: ref(el, 'CustomerTypeRef'),
    terms: ref(el, 'TermsRef'),
    salesRep: ref(el, 'SalesRepRef'),
    balance: str(el, 'Balance'),
    totalBalance: str(el, 'TotalBalance'),
    salesTaxCode: ref(el, 'SalesTaxCodeRef'),
    itemSalesTax: ref(el, 'ItemSalesTaxRef'),
    resaleNumber: str(el, 'ResaleNumber'),
    accountNumber: str(el, 'AccountNumber'),
    creditLimit: str(el, 'CreditLimit'),
    jobStatus: str(el, 'JobStatus'),
    jobStartDate: str(el, 'JobStartDate'),
    jobProjectedEndDate: str(el, 'JobProjectedEndDate'),
    jobEndDate: str(el, 'JobEndDate'),
    jobDesc: str(el, 'JobDesc'),
    jobType: ref(el, 'JobTypeRef'),
    notes: str(el, 'Notes'),
    preferredDeliveryMethod: str(el, 'PreferredDeliveryMethod'),
    priceLevel: ref(el, 'PriceLevelRef'),
    externalGuid: str(el, 'ExternalGUID'),
    currency: ref(el, 'CurrencyRef'),
    dataExt: dataExt(el),
  });
}

function vendor(el: El, where: string): VendorRecord {
  return withoutUndefined({
    kind: 'vendor' as const,
    ...listBase(el, where),
    isActive: bool(el, 'IsActive') ?? true,
    class: ref(el, 'ClassRef'),
    isTaxAgency: bool(el, 'IsTaxAgency'),
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
    vendorType: ref(el, 'VendorTypeRef'),
    terms: ref(el, 'TermsRef'),
    creditLimit: str(el, 'CreditLimit'),
    vendorTaxIdent: str(el, 'VendorTaxIdent'),
    isVendorEligibleFor1099: bool(el, 'IsVendorEligibleFor1099'),
    balance: str(el, 'Balance'),
    externalGuid: str(el, 'ExternalGUID'),
    currency: ref(el, 'CurrencyRef'),
    dataExt: dataExt(el),
  });
}

function item(el: El, where: string): ItemRecord {
  const sop = child(el, 'SalesOrPurchase');
  const sap = child(el, 'SalesAndPurchase');
  const flat = sop ?? sap ?? el;
  return withoutUndefined({
    kind: 'item' as const,
    itemType: el.name.replace(/^Item/, '').replace(/Ret$/, ''),
    ...listBase(el, where),
    fullName: str(el, 'FullName') ?? str(el, 'Name') ?? '',
    isActive: bool(el, 'IsActive') ?? true,
    class: ref(el, 'ClassRef'),
    parent: ref(el, 'ParentRef'),
    sublevel: int(el, 'Sublevel') ?? 0,
    salesTaxCode: ref(el, 'SalesTaxCodeRef'),
    salesDesc: sop ? str(sop, 'Desc') : (str(flat, 'SalesDesc') ?? str(el, 'ItemDesc')),
    salesPrice: sop ? str(sop, 'Price') : (str(flat, 'SalesPrice') ?? str(el, 'DiscountRate') ?? str(el, 'TaxRate')),
    salesPricePercent: sop ? str(sop, 'PricePercent') : str(el, 'DiscountRatePercent'),
    incomeAccount: sop ? ref(sop, 'AccountRef') : (ref(flat, 'IncomeAccountRef') ?? ref(el, 'AccountRef')),
    purchaseDesc: str(flat, 'PurchaseDesc'),
    purchaseCost: str(flat, 'PurchaseCost'),
    expenseAccount: ref(flat, 'ExpenseAccountRef'),
    cogsAccount: ref(el, 'COGSAccountRef'),
    assetAccount: ref(el, 'AssetAccountRef'),
    prefVendor: ref(flat, 'PrefVendorRef'),
    quantityOnHand: str(el, 'QuantityOnHand'),
    averageCost: str(el, 'AverageCost'),
    externalGuid: str(el, 'ExternalGUID'),
    dataExt: dataExt(el),
  });
}

function account(el: El, where: string): AccountRecord {
  return withoutUndefined({
    kind: 'account' as const,
    ...listBase(el, where),
    fullName: str(el, 'FullName') ?? str(el, 'Name') ?? '',
    isActive: bool(el, 'IsActive') ?? true,
    parent: ref(el, 'ParentRef'),
    sublevel: int(el, 'Sublevel') ?? 0,
    accountType: str(el, 'AccountType') ?? '',
    specialAccountType: str(el, 'SpecialAccountType'),
    accountNumber: str(el, 'AccountNumber'),
    bankNumber: str(el, 'BankNumber'),
    desc: str(el, 'Desc'),
    balance: str(el, 'Balance'),
    totalBalance: str(el, 'TotalBalance'),
    currency: ref(el, 'CurrencyRef'),
    dataExt: dataExt(el),
  });
}

function txnBase(el: El, where: string) {
  return {
    txnId: identity(el, 'TxnID', where),
    timeCreated: str(el, 'TimeCreated') ?? '',
    timeModified: str(el, 'TimeModified') ?? '',
    editSequence: identity(el, 'EditSequence', where),
    txnNumber: str(el, 'TxnNumber'),
    txnDate: str(el, 'TxnDate') ?? '',
    refNumber: str(el, 'RefNumber'),
    externalGuid: str(el, 'ExternalGUID'),
    dataExt: dataExt(el),
  };
}

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

function invoice(el: El, where: string): InvoiceRecord {
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
    linkedTxns: linkedTxns(el),
    lines,
  });
}

function salesOrder(el: El, where: string): SalesOrderRecord {
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

function bill(el: El, where: string): BillRecord {
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

function payment(el: El, where: string): PaymentRecord {
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

function journalEntry(el: El, where: string): JournalEntryRecord {
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

function deletedList(el: El, where: string): DeletedListRecord {
  return withoutUndefined({
    kind: 'deletedList' as const,
    listDelType: str(el, 'ListDelType') ?? '',
    listId: identity(el, 'ListID', where),
    timeCreated: str(el, 'TimeCreated') ?? '',
    timeDeleted: str(el, 'TimeDeleted') ?? '',
    fullName: str(el, 'FullName'),
  });
}

function deletedTxn(el: El, where: string): DeletedTxnRecord {
  return withoutUndefined({
    kind: 'deletedTxn' as const,
    txnDelType: str(el, 'TxnDelType') ?? '',
    txnId: identity(el, 'TxnID', where),
    timeCreated: str(el, 'TimeCreated') ?? '',
    timeDeleted: str(el, 'TimeDeleted') ?? '',
    refNumber: str(el, 'RefNumber'),
  });
}

function host(el: El): HostRecord {
  return withoutUndefined({
    kind: 'host' as const,
    productName: str(el, 'ProductName') ?? '',
    majorVersion: str(el, 'MajorVersion') ?? '',
    minorVersion: str(el, 'MinorVersion') ?? '',
    country: str(el, 'Country'),
    supportedQbxmlVersions: childrenNamed(el, 'SupportedQBXMLVersion').map((v) => v.text),
    isAutomaticLogin: bool(el, 'IsAutomaticLogin'),
    qbFileMode: str(el, 'QBFileMode'),
  });
}

function company(el: El): CompanyRecord {
  return withoutUndefined({
    kind: 'company' as const,
    isSampleCompany: bool(el, 'IsSampleCompany'),
    companyName: str(el, 'CompanyName'),
    legalCompanyName: str(el, 'LegalCompanyName'),
    address: address(el, 'Address'),
    phone: str(el, 'Phone'),
    email: str(el, 'Email'),
    ein: str(el, 'EIN'),
    dataExt: dataExt(el) ?? [],
  });
}

function preferences(el: El): PreferencesRecord {
  const flag = (section: string, name: string, sub?: string): boolean | undefined => {
    const s = child(el, section);
    const holder = sub === undefined ? s : child(s, sub);
    return holder === undefined ? undefined : bool(holder, name);
  };
  const multi = child(el, 'MultiCurrencyPreferences');
  return withoutUndefined({
    kind: 'preferences' as const,
    isUsingClassTracking: flag('AccountingPreferences', 'IsUsingClassTracking'),
    isUsingInventory: flag('PurchasesAndVendorsPreferences', 'IsUsingInventory'),
    isMultiCurrencyOn: flag('MultiCurrencyPreferences', 'IsMultiCurrencyOn'),
    homeCurrency: multi === undefined ? undefined : ref(multi, 'HomeCurrencyRef'),
    isUsingEstimates: flag('JobsAndEstimatesPreferences', 'IsUsingEstimates'),
    isUsingPriceLevels: flag('SalesAndCustomersPreferences', 'IsUsingPriceLevels', 'PriceLevels'),
    isAutoApplyingPayments: flag('SalesAndCustomersPreferences', 'IsAutoApplyingPayments'),
    raw: toPlain(el),
  });
}

type Converter = (el: El, where: string) => QbxmlRecord;

const CONVERTERS: Readonly<Record<string, Converter>> = {
  CustomerRet: customer,
  VendorRet: vendor,
  AccountRet: account,
  InvoiceRet: invoice,
  SalesOrderRet: salesOrder,
  BillRet: bill,
  ReceivePaymentRet: payment,
  JournalEntryRet: journalEntry,
  ListDeletedRet: deletedList,
  TxnDeletedRet: deletedTxn,
  HostRet: host,
  CompanyRet: company,
  PreferencesRet: preferences,
};

const ITEM_RET = /^Item[A-Za-z]*Ret$/;

const TXN_RETS = new Set(['InvoiceRet', 'SalesOrderRet', 'BillRet', 'ReceivePaymentRet', 'JournalEntryRet']);
const IDENTIFIED = new Set(['CustomerRet', 'VendorRet', 'AccountRet', ...TXN_RETS]);

/**
 * Converts one `*Ret` element; throws {@link IdentityError} for records without usable identity.
 * A Ret with its ID but neither EditSequence nor TimeModified is a trimmed write answer (seen from
 * QuickBooks with IncludeRetElement) and becomes a {@link PartialRecord}; with TimeModified but no
 * EditSequence it is refused.
 */
export function toRecord(el: El, where: string): QbxmlRecord {
  const isItem = ITEM_RET.test(el.name);
  if (IDENTIFIED.has(el.name) || isItem) {
    const id = identity(el, TXN_RETS.has(el.name) ? 'TxnID' : 'ListID', where);
    if (textOf(el, 'EditSequence') === undefined && textOf(el, 'TimeModified') === undefined) {
      return withoutUndefined({
        kind: 'partial' as const,
        retName: el.name,
        id,
        name: textOf(el, 'Name'),
        fullName: textOf(el, 'FullName'),
        raw: toPlain(el),
      });
    }
  }
  const convert = CONVERTERS[el.name] ?? (isItem ? item : undefined);
  if (convert) return convert(el, where);
  const id = textOf(el, 'TxnID') ?? textOf(el, 'ListID');
  return withoutUndefined({
    kind: 'other' as const,
    retName: el.name,
    id,
    editSequence: textOf(el, 'EditSequence'),
    raw: toPlain(el),
  });
}
