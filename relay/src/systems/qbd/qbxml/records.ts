/**
 * @module
 * `*Ret` element → typed record. Lenient about element order, unknown elements and enum values;
 * strict about identity: a list element without ListID, a transaction without TxnID, or either
 * without EditSequence is refused ({@link IdentityError}), because a record we cannot key cannot be
 * de-duplicated or modified safely. List elements and the company are read here, transactions in
 * {@link ./txn-records.ts}.
 */
import { withoutUndefined } from '../../../lib/objects.ts';
import { address, bool, dataExt, identity, int, listBase, ref, str, toPlain } from './ret-fields.ts';
import { bill, invoice, journalEntry, payment, salesOrder } from './txn-records.ts';
import { child, childrenNamed, textOf, type El } from './xml-tree.ts';
import type {
  AccountRecord,
  CompanyRecord,
  ContactRecord,
  CustomerRecord,
  DeletedListRecord,
  DeletedTxnRecord,
  HostRecord,
  ItemRecord,
  PreferencesRecord,
  QbxmlRecord,
  VendorRecord,
} from './record-types.ts';

export { IdentityError } from './ret-fields.ts';

/** A customer's additional contacts; one without ListID or EditSequence cannot be changed and is refused like its record. */
function contacts(el: El, where: string): ContactRecord[] | undefined {
  const list = childrenNamed(el, 'ContactsRet').map((c, n) =>
    withoutUndefined({
      listId: identity(c, 'ListID', `${where}, contact ${n + 1}`),
      editSequence: identity(c, 'EditSequence', `${where}, contact ${n + 1}`),
      salutation: str(c, 'Salutation'),
      firstName: str(c, 'FirstName'),
      middleName: str(c, 'MiddleName'),
      lastName: str(c, 'LastName'),
      jobTitle: str(c, 'JobTitle'),
    }),
  );
  return list.length ? list : undefined;
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
    contacts: contacts(el, where),
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
