/**
 * @module
 * The part of the qbXML 13.0 request schema (qbxmlops130.xml) the simulated QuickBooks checks
 * before it runs anything: for every aggregate, the children it allows in order; for every leaf,
 * its type (boolean, date, date-time, integer, amount, price, GUID, enumeration); the attributes
 * of each request. QuickBooks validates requests against its schema, so an unknown element, an
 * element out of order, an aggregate missing a required child, a value its type refuses or an
 * unknown attribute fails the whole message set (HRESULT 0x80040400). A date that fits the
 * schema's pattern but names no real day is refused by the request alone (statusCode 3020).
 */
import type { El } from './xml.ts';
import { SALES_ORDER_FIELDS, SALES_ORDER_LINE } from './sales-order-schema.ts';

/** A leaf value QuickBooks could not convert, refused for its request only. */
export interface ValueRefusal {
  readonly code: number;
  readonly message: string;
}

/** Thrown for a schema violation; the caller turns it into 0x80040400. */
export class SchemaViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaViolation';
  }
}

const LIST_DEL_TYPES = [
  'Account',
  'BillingRate',
  'Class',
  'Currency',
  'Customer',
  'CustomerMsg',
  'CustomerType',
  'DateDrivenTerms',
  'Employee',
  'InventorySite',
  'ItemDiscount',
  'ItemFixedAsset',
  'ItemGroup',
  'ItemInventory',
  'ItemInventoryAssembly',
  'ItemNonInventory',
  'ItemOtherCharge',
  'ItemPayment',
  'ItemSalesTax',
  'ItemSalesTaxGroup',
  'ItemService',
  'ItemSubtotal',
  'JobType',
  'OtherName',
  'PaymentMethod',
  'PayrollItemNonWage',
  'PayrollItemWage',
  'PriceLevel',
  'SalesRep',
  'SalesTaxCode',
  'ShipMethod',
  'StandardTerms',
  'ToDo',
  'UnitOfMeasureSet',
  'Vehicle',
  'Vendor',
  'VendorType',
  'WorkersCompCode',
];
const TXN_DEL_TYPES = [
  'ARRefundCreditCard',
  'Bill',
  'BillPaymentCheck',
  'BillPaymentCreditCard',
  'BuildAssembly',
  'Charge',
  'Check',
  'CreditCardCharge',
  'CreditCardCredit',
  'CreditMemo',
  'Deposit',
  'Estimate',
  'InventoryAdjustment',
  'Invoice',
  'ItemReceipt',
  'JournalEntry',
  'PurchaseOrder',
  'ReceivePayment',
  'SalesOrder',
  'SalesReceipt',
  'SalesTaxPaymentCheck',
  'TimeTracking',
  'TransferInventory',
  'VehicleMileage',
  'VendorCredit',
];
const ACCOUNT_TYPES = [
  'AccountsPayable',
  'AccountsReceivable',
  'Bank',
  'CostOfGoodsSold',
  'CreditCard',
  'Equity',
  'Expense',
  'FixedAsset',
  'Income',
  'LongTermLiability',
  'NonPosting',
  'OtherAsset',
  'OtherCurrentAsset',
  'OtherCurrentLiability',
  'OtherExpense',
  'OtherIncome',
];
const DATE_MACROS = [
  'All',
  'Today',
  'ThisWeek',
  'ThisWeekToDate',
  'ThisMonth',
  'ThisMonthToDate',
  'ThisCalendarQuarter',
  'ThisCalendarQuarterToDate',
  'ThisFiscalQuarter',
  'ThisFiscalQuarterToDate',
  'ThisCalendarYear',
  'ThisCalendarYearToDate',
  'ThisFiscalYear',
  'ThisFiscalYearToDate',
  'Yesterday',
  'LastWeek',
  'LastWeekToDate',
  'LastMonth',
  'LastMonthToDate',
  'LastCalendarQuarter',
  'LastCalendarQuarterToDate',
  'LastFiscalQuarter',
  'LastFiscalQuarterToDate',
  'LastCalendarYear',
  'LastCalendarYearToDate',
  'LastFiscalYear',
  'LastFiscalYearToDate',
  'NextWeek',
  'NextFourWeeks',
  'NextMonth',
  'NextCalendarQuarter',
  'NextCalendarYear',
  'NextFiscalQuarter',
  'NextFiscalYear',
];

type LeafType =
  'str' | 'bool' | 'date' | 'datetime' | 'int' | 'amount' | 'decimal' | 'guid' | { readonly oneOf: readonly string[] };

const LEAVES: Readonly<Record<string, LeafType>> = {
  IsActive: 'bool',
  IsPending: 'bool',
  IsFinanceCharge: 'bool',
  IsToBePrinted: 'bool',
  IsToBeEmailed: 'bool',
  IsAutoApply: 'bool',
  IsAdjustment: 'bool',
  IsHomeCurrencyAdjustment: 'bool',
  IsAmountsEnteredInHomeCurrency: 'bool',
  IsVendorEligibleFor1099: 'bool',
  IsManuallyClosed: 'bool',
  IsTaxIncluded: 'bool',
  ApplyAccountRefToExistingTxns: 'bool',
  ApplyIncomeAccountRefToExistingTxns: 'bool',
  ApplyExpenseAccountRefToExistingTxns: 'bool',
  IncludeLineItems: 'bool',
  IncludeLinkedTxns: 'bool',
  IncludeListMetaData: { oneOf: ['NoMetaData', 'MetaDataOnly', 'MetaDataAndResponseData'] },
  TxnDate: 'date',
  DueDate: 'date',
  ShipDate: 'date',
  ServiceDate: 'date',
  FromTxnDate: 'date',
  ToTxnDate: 'date',
  JobStartDate: 'date',
  JobProjectedEndDate: 'date',
  JobEndDate: 'date',
  OpenBalanceDate: 'date',
  FromModifiedDate: 'datetime',
  ToModifiedDate: 'datetime',
  FromDeletedDate: 'datetime',
  ToDeletedDate: 'datetime',
  MaxReturned: 'int',
  Amount: 'amount',
  TotalAmount: 'amount',
  PaymentAmount: 'amount',
  DiscountAmount: 'amount',
  CreditLimit: 'amount',
  OpenBalance: 'amount',
  Rate: 'decimal',
  RatePercent: 'decimal',
  Quantity: 'decimal',
  Price: 'decimal',
  PricePercent: 'decimal',
  SalesPrice: 'decimal',
  PurchaseCost: 'decimal',
  ExchangeRate: 'decimal',
  OwnerID: 'guid',
  ExternalGUID: 'guid',
  ActiveStatus: { oneOf: ['ActiveOnly', 'InactiveOnly', 'All'] },
  PaidStatus: { oneOf: ['All', 'PaidOnly', 'NotPaidOnly'] },
  MatchCriterion: { oneOf: ['StartsWith', 'Contains', 'EndsWith'] },
  JobStatus: { oneOf: ['Awarded', 'Closed', 'InProgress', 'None', 'NotAwarded', 'Pending'] },
  PreferredDeliveryMethod: { oneOf: ['None', 'Email', 'Fax'] },
  BillableStatus: { oneOf: ['Billable', 'NotBillable', 'HasBeenBilled'] },
  ListDelType: { oneOf: LIST_DEL_TYPES },
  ListDataExtType: { oneOf: ['Account', 'Customer', 'Employee', 'Item', 'OtherName', 'Vendor'] },
  TxnDelType: { oneOf: TXN_DEL_TYPES },
  AccountType: { oneOf: ACCOUNT_TYPES },
  DateMacro: { oneOf: DATE_MACROS },
};

const BOOLEAN = /^(true|false|1|0)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:[+-]\d{1,2}:\d{1,2})?)?)?)?$/;
const INTEGER = /^[+-]?\d+$/;
const AMOUNT = /^[+-]?\d{1,13}(\.\d{2})?$/;
const DECIMAL = /^[+-]?\d{1,10}(\.\d{1,5})?$/;
const GUID = /^(0|\{[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\})$/;

const REF = ['ListID', 'FullName'];
const ADDR = ['Addr1', 'Addr2', 'Addr3', 'Addr4', 'Addr5', 'City', 'State', 'PostalCode', 'Country', 'Note'];
const LIST_QUERY = [
  'ListID',
  'FullName',
  'MaxReturned',
  'ActiveStatus',
  'FromModifiedDate',
  'ToModifiedDate',
  'NameFilter',
  'NameRangeFilter',
  'TotalBalanceFilter',
  'CurrencyFilter',
  'ClassFilter',
  'IncludeRetElement',
  'OwnerID',
];
const TXN_QUERY = [
  'TxnID',
  'RefNumber',
  'RefNumberCaseSensitive',
  'MaxReturned',
  'ModifiedDateRangeFilter|TxnDateRangeFilter',
  'EntityFilter',
  'AccountFilter',
  'RefNumberFilter',
  'RefNumberRangeFilter',
  'CurrencyFilter',
  'PaidStatus',
  'IncludeLineItems',
  'IncludeLinkedTxns',
  'IncludeRetElement',
  'OwnerID',
];
const CUSTOMER_FIELDS = [
  'ListID',
  'EditSequence',
  'Name',
  'IsActive',
  'ClassRef',
  'ParentRef',
  'CompanyName',
  'Salutation',
  'FirstName',
  'MiddleName',
  'LastName',
  'JobTitle',
  'BillAddress',
  'ShipAddress',
  'ShipToAddress',
  'Phone',
  'AltPhone',
  'Fax',
  'Email',
  'Cc',
  'Contact',
  'AltContact',
  'AdditionalContactRef',
  'Contacts',
  'ContactsMod',
  'CustomerTypeRef',
  'TermsRef',
  'SalesRepRef',
  'OpenBalance',
  'OpenBalanceDate',
  'SalesTaxCodeRef',
  'ItemSalesTaxRef',
  'ResaleNumber',
  'AccountNumber',
  'CreditLimit',
  'PreferredPaymentMethodRef',
  'CreditCardInfo',
  'JobStatus',
  'JobStartDate',
  'JobProjectedEndDate',
  'JobEndDate',
  'JobDesc',
  'JobTypeRef',
  'Notes',
  'AdditionalNotes',
  'AdditionalNotesMod',
  'PreferredDeliveryMethod',
  'PriceLevelRef',
  'ExternalGUID',
  'CurrencyRef',
];
/** The ContactInfo group of a customer's additional contact (qbxml130.xsd). */
const CONTACT_INFO = ['Salutation', 'FirstName', 'MiddleName', 'LastName', 'JobTitle', 'AdditionalContactRef'];
const VENDOR_FIELDS = [
  'ListID',
  'EditSequence',
  'Name',
  'IsActive',
  'ClassRef',
  'CompanyName',
  'Salutation',
  'FirstName',
  'MiddleName',
  'LastName',
  'JobTitle',
  'VendorAddress',
  'ShipAddress',
  'Phone',
  'AltPhone',
  'Fax',
  'Email',
  'Cc',
  'Contact',
  'AltContact',
  'AdditionalContactRef',
  'Contacts',
  'ContactsMod',
  'NameOnCheck',
  'AccountNumber',
  'Notes',
  'AdditionalNotes',
  'AdditionalNotesMod',
  'VendorTypeRef',
  'TermsRef',
  'CreditLimit',
  'VendorTaxIdent',
  'IsVendorEligibleFor1099',
  'OpenBalance',
  'OpenBalanceDate',
  'BillingRateRef',
  'ExternalGUID',
  'PrefillAccountRef',
  'CurrencyRef',
];
const INVOICE_FIELDS = [
  'CustomerRef',
  'ClassRef',
  'ARAccountRef',
  'TemplateRef',
  'TxnDate',
  'RefNumber',
  'BillAddress',
  'ShipAddress',
  'IsPending',
  'IsFinanceCharge',
  'PONumber',
  'TermsRef',
  'DueDate',
  'SalesRepRef',
  'FOB',
  'ShipDate',
  'ShipMethodRef',
  'ItemSalesTaxRef',
  'Memo',
  'CustomerMsgRef',
  'IsToBePrinted',
  'IsToBeEmailed',
  'CustomerSalesTaxCodeRef',
  'Other',
  'ExchangeRate',
  'ExternalGUID',
  'LinkToTxnID',
  'SetCredit',
  'InvoiceLineAdd|InvoiceLineGroupAdd',
];
/** InvoiceMod's sequence (qbXML 13.0): no IsFinanceCharge, ExternalGUID or LinkToTxnID; lines by InvoiceLineMod. */
const INVOICE_MOD_FIELDS = [
  'TxnID',
  'EditSequence',
  ...INVOICE_FIELDS.slice(0, INVOICE_FIELDS.indexOf('SetCredit') + 1).filter(
    (n) => !['IsFinanceCharge', 'ExternalGUID', 'LinkToTxnID'].includes(n),
  ),
  'InvoiceLineMod|InvoiceLineGroupMod',
];
const INVOICE_LINE = [
  'ItemRef',
  'Desc',
  'Quantity',
  'UnitOfMeasure',
  'Rate|RatePercent|PriceLevelRef',
  'ClassRef',
  'Amount',
  'OptionForPriceRuleConflict',
  'InventorySiteRef',
  'InventorySiteLocationRef',
  'SerialNumber',
  'LotNumber',
  'ServiceDate',
  'SalesTaxCodeRef',
  'OverrideItemAccountRef',
  'Other1',
  'Other2',
  'LinkToTxn',
  'DataExt',
];
const PAYMENT_FIELDS = [
  'CustomerRef',
  'ARAccountRef',
  'TxnDate',
  'RefNumber',
  'TotalAmount',
  'ExchangeRate',
  'PaymentMethodRef',
  'Memo',
  'DepositToAccountRef',
  'CreditCardTxnInfo',
  'ExternalGUID',
  'IsAutoApply|AppliedToTxnAdd',
];
const JE_FIELDS = [
  'TxnDate',
  'RefNumber',
  'IsAdjustment',
  'IsHomeCurrencyAdjustment',
  'IsAmountsEnteredInHomeCurrency',
  'CurrencyRef',
  'ExchangeRate',
  'ExternalGUID',
  'JournalDebitLine|JournalCreditLine',
];
const JE_LINE = ['TxnLineID', 'AccountRef', 'Amount', 'Memo', 'EntityRef', 'ClassRef', 'BillableStatus'];
const ITEM_SERVICE_FIELDS = [
  'Name',
  'BarCode',
  'IsActive',
  'ClassRef',
  'ParentRef',
  'UnitOfMeasureSetRef',
  'SalesTaxCodeRef',
  'SalesOrPurchase|SalesAndPurchase',
  'ExternalGUID',
];
const ITEM_SERVICE_MOD_FIELDS = [
  'ListID',
  'EditSequence',
  'Name',
  'BarCode',
  'IsActive',
  'ClassRef',
  'ParentRef',
  'UnitOfMeasureSetRef',
  'SalesTaxCodeRef',
  'SalesOrPurchaseMod|SalesAndPurchaseMod',
];
// ItemNonInventoryAdd puts ParentRef before ClassRef; its Mod puts them the other way round (qbxml130.xsd).
const ITEM_NON_INVENTORY_FIELDS = [
  'Name',
  'BarCode',
  'IsActive',
  'ParentRef',
  'ClassRef',
  'ManufacturerPartNumber',
  'UnitOfMeasureSetRef',
  'SalesTaxCodeRef',
  'SalesOrPurchase|SalesAndPurchase',
  'ExternalGUID',
];
const ITEM_NON_INVENTORY_MOD_FIELDS = [
  'ListID',
  'EditSequence',
  'Name',
  'BarCode',
  'IsActive',
  'ClassRef',
  'ParentRef',
  'ManufacturerPartNumber',
  'UnitOfMeasureSetRef',
  'SalesTaxCodeRef',
  'SalesOrPurchaseMod|SalesAndPurchaseMod',
];
const REFS = [
  'ClassRef',
  'ParentRef',
  'CustomerTypeRef',
  'TermsRef',
  'SalesRepRef',
  'SalesTaxCodeRef',
  'ItemSalesTaxRef',
  'PreferredPaymentMethodRef',
  'JobTypeRef',
  'PriceLevelRef',
  'CurrencyRef',
  'VendorTypeRef',
  'BillingRateRef',
  'PrefillAccountRef',
  'CustomerRef',
  'ARAccountRef',
  'TemplateRef',
  'ShipMethodRef',
  'CustomerMsgRef',
  'CustomerSalesTaxCodeRef',
  'ItemRef',
  'InventorySiteRef',
  'InventorySiteLocationRef',
  'OverrideItemAccountRef',
  'PaymentMethodRef',
  'DepositToAccountRef',
  'DiscountAccountRef',
  'DiscountClassRef',
  'AccountRef',
  'EntityRef',
  'UnitOfMeasureSetRef',
  'IncomeAccountRef',
  'ExpenseAccountRef',
  'PrefVendorRef',
  'PurchaseTaxCodeRef',
  'SalesTaxReturnLineRef',
];

/** What a DataExtMod / DataExtDel names: whose value, and of which record. */
const DATA_EXT_TARGET = [
  'OwnerID',
  'DataExtName',
  'ListDataExtType',
  'ListObjRef',
  'TxnDataExtType',
  'TxnID',
  'TxnLineID',
  'OtherDataExtType',
];

/** Children each aggregate allows, in order ('A|B' = any of them, in any order among themselves). */
const SEQUENCES: Readonly<Record<string, readonly string[]>> = {
  HostQueryRq: ['IncludeListMetaData', 'IncludeRetElement'],
  CompanyQueryRq: ['IncludeRetElement', 'OwnerID'],
  PreferencesQueryRq: ['IncludeRetElement'],
  CustomerQueryRq: LIST_QUERY,
  VendorQueryRq: LIST_QUERY,
  ItemQueryRq: LIST_QUERY,
  AccountQueryRq: [
    'ListID',
    'FullName',
    'MaxReturned',
    'ActiveStatus',
    'FromModifiedDate',
    'ToModifiedDate',
    'NameFilter',
    'NameRangeFilter',
    'AccountType',
    'CurrencyFilter',
    'IncludeRetElement',
    'OwnerID',
  ],
  InvoiceQueryRq: TXN_QUERY,
  SalesOrderQueryRq: TXN_QUERY.filter((n) => n !== 'AccountFilter' && n !== 'PaidStatus'),
  BillQueryRq: TXN_QUERY,
  ReceivePaymentQueryRq: TXN_QUERY.filter((n) => n !== 'PaidStatus' && n !== 'IncludeLinkedTxns'),
  JournalEntryQueryRq: TXN_QUERY.filter((n) => n !== 'PaidStatus' && n !== 'IncludeLinkedTxns'),
  ListDeletedQueryRq: ['ListDelType', 'DeletedDateRangeFilter', 'IncludeRetElement'],
  TxnDeletedQueryRq: ['TxnDelType', 'DeletedDateRangeFilter', 'IncludeRetElement'],
  DataExtDefQueryRq: ['OwnerID|AssignToObject', 'IncludeRetElement'],
  DataExtModRq: ['DataExtMod'],
  DataExtDelRq: ['DataExtDel'],
  DataExtMod: [...DATA_EXT_TARGET, 'DataExtValue'],
  DataExtDel: DATA_EXT_TARGET,
  ListObjRef: REF,
  CustomerAddRq: ['CustomerAdd', 'IncludeRetElement'],
  CustomerModRq: ['CustomerMod', 'IncludeRetElement'],
  VendorAddRq: ['VendorAdd', 'IncludeRetElement'],
  VendorModRq: ['VendorMod', 'IncludeRetElement'],
  ItemServiceAddRq: ['ItemServiceAdd', 'IncludeRetElement'],
  ItemServiceModRq: ['ItemServiceMod', 'IncludeRetElement'],
  ItemNonInventoryAddRq: ['ItemNonInventoryAdd', 'IncludeRetElement'],
  ItemNonInventoryModRq: ['ItemNonInventoryMod', 'IncludeRetElement'],
  InvoiceAddRq: ['InvoiceAdd', 'IncludeRetElement'],
  InvoiceModRq: ['InvoiceMod', 'IncludeRetElement'],
  SalesOrderAddRq: ['SalesOrderAdd', 'IncludeRetElement'],
  ReceivePaymentAddRq: ['ReceivePaymentAdd', 'IncludeRetElement'],
  JournalEntryAddRq: ['JournalEntryAdd', 'IncludeRetElement'],
  // An Add gives new contacts (Contacts), a Mod changes or adds them (ContactsMod).
  CustomerAdd: CUSTOMER_FIELDS.slice(2).filter((n) => n !== 'ContactsMod'),
  CustomerMod: CUSTOMER_FIELDS.filter((n) => n !== 'Contacts'),
  Contacts: CONTACT_INFO,
  ContactsMod: ['ListID', 'EditSequence', ...CONTACT_INFO],
  AdditionalContactRef: ['ContactName', 'ContactValue'],
  VendorAdd: VENDOR_FIELDS.slice(2),
  VendorMod: VENDOR_FIELDS,
  ItemServiceAdd: ITEM_SERVICE_FIELDS,
  ItemServiceMod: ITEM_SERVICE_MOD_FIELDS,
  ItemNonInventoryAdd: ITEM_NON_INVENTORY_FIELDS,
  ItemNonInventoryMod: ITEM_NON_INVENTORY_MOD_FIELDS,
  SalesOrPurchase: ['Desc', 'Price|PricePercent', 'AccountRef'],
  SalesOrPurchaseMod: ['Desc', 'Price|PricePercent', 'AccountRef', 'ApplyAccountRefToExistingTxns'],
  SalesAndPurchaseMod: [
    'SalesDesc',
    'SalesPrice',
    'IncomeAccountRef',
    'ApplyIncomeAccountRefToExistingTxns',
    'PurchaseDesc',
    'PurchaseCost',
    'PurchaseTaxCodeRef',
    'ExpenseAccountRef',
    'ApplyExpenseAccountRefToExistingTxns',
    'PrefVendorRef',
  ],
  SalesAndPurchase: [
    'SalesDesc',
    'SalesPrice',
    'IncomeAccountRef',
    'PurchaseDesc',
    'PurchaseCost',
    'PurchaseTaxCodeRef',
    'ExpenseAccountRef',
    'PrefVendorRef',
  ],
  InvoiceAdd: INVOICE_FIELDS,
  InvoiceMod: INVOICE_MOD_FIELDS,
  InvoiceLineAdd: INVOICE_LINE,
  SalesOrderAdd: SALES_ORDER_FIELDS,
  SalesOrderLineAdd: SALES_ORDER_LINE,
  ReceivePaymentAdd: PAYMENT_FIELDS,
  AppliedToTxnAdd: ['TxnID', 'PaymentAmount', 'SetCredit', 'DiscountAmount', 'DiscountAccountRef', 'DiscountClassRef'],
  JournalEntryAdd: JE_FIELDS,
  JournalDebitLine: JE_LINE,
  JournalCreditLine: JE_LINE,
  BillAddress: ADDR,
  ShipAddress: ADDR,
  VendorAddress: ADDR,
  NameFilter: ['MatchCriterion', 'Name'],
  EntityFilter: ['ListID', 'FullName', 'ListIDWithChildren', 'FullNameWithChildren'],
  ModifiedDateRangeFilter: ['FromModifiedDate', 'ToModifiedDate'],
  DeletedDateRangeFilter: ['FromDeletedDate', 'ToDeletedDate'],
  TxnDateRangeFilter: ['FromTxnDate|DateMacro', 'ToTxnDate'],
  ...Object.fromEntries(REFS.map((r) => [r, REF])),
};

/** Children an aggregate cannot go without (the schema's minOccurs=1; 'A|B' = a required choice). */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  NameFilter: ['MatchCriterion', 'Name'],
  ListDeletedQueryRq: ['ListDelType'],
  TxnDeletedQueryRq: ['TxnDelType'],
  DataExtMod: ['OwnerID', 'DataExtName', 'DataExtValue'],
  DataExtDel: ['OwnerID', 'DataExtName'],
  CustomerAdd: ['Name'],
  CustomerMod: ['ListID', 'EditSequence'],
  Contacts: ['FirstName'],
  ContactsMod: ['FirstName'],
  AdditionalContactRef: ['ContactName', 'ContactValue'],
  VendorAdd: ['Name'],
  VendorMod: ['ListID', 'EditSequence'],
  ItemServiceAdd: ['Name', 'SalesOrPurchase|SalesAndPurchase'],
  ItemServiceMod: ['ListID', 'EditSequence'],
  ItemNonInventoryAdd: ['Name', 'SalesOrPurchase|SalesAndPurchase'],
  ItemNonInventoryMod: ['ListID', 'EditSequence'],
  InvoiceAdd: ['CustomerRef'],
  InvoiceMod: ['TxnID', 'EditSequence'],
  SalesOrderAdd: ['CustomerRef', 'SalesOrderLineAdd|SalesOrderLineGroupAdd'],
  ReceivePaymentAdd: ['CustomerRef'],
  AppliedToTxnAdd: ['TxnID'],
};

/** Children an aggregate may repeat only so many times (the schema's maxOccurs, where it is not 1 or unbounded). */
const MAX_OCCURS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  CustomerAdd: { AdditionalContactRef: 8 },
  CustomerMod: { AdditionalContactRef: 8 },
  Contacts: { AdditionalContactRef: 5 },
  ContactsMod: { AdditionalContactRef: 5 },
};

/** Request names the simulator answers (and therefore checks). */
export const SUPPORTED_RQ: ReadonlySet<string> = new Set(Object.keys(SEQUENCES).filter((n) => n.endsWith('Rq')));

/** Requests that take `iterator`/`iteratorID` (qbXML 13.0: not AccountQuery, not the deleted queries). */
const ITERABLE_RQ = new Set([
  'CustomerQueryRq',
  'VendorQueryRq',
  'ItemQueryRq',
  'InvoiceQueryRq',
  'SalesOrderQueryRq',
  'BillQueryRq',
  'ReceivePaymentQueryRq',
  'JournalEntryQueryRq',
]);

function checkAttributes(rq: El): void {
  const allowed = new Set(['requestID', ...(rq.name.includes('Query') ? ['metaData'] : [])]);
  if (ITERABLE_RQ.has(rq.name)) {
    allowed.add('iterator');
    allowed.add('iteratorID');
  }
  for (const [name, value] of Object.entries(rq.attrs)) {
    if (!allowed.has(name)) throw new SchemaViolation(`Attribute "${name}" is not allowed on <${rq.name}>.`);
    if (name === 'iterator' && !['Start', 'Continue', 'Stop'].includes(value))
      throw new SchemaViolation(`iterator="${value}" is not one of Start, Continue, Stop.`);
    if (name === 'metaData' && !['NoMetaData', 'MetaDataOnly', 'MetaDataAndResponseData'].includes(value))
      throw new SchemaViolation(`metaData="${value}" is not one of NoMetaData, MetaDataOnly, MetaDataAndResponseData.`);
  }
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Whether y-m-d (and h:mi:s) name a real moment. */
function realDate(y: number, m: number, d: number, h = 0, mi = 0, s = 0): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) && h <= 23 && mi <= 59 && s <= 59;
}

function checkLeaf(el: El, path: string): ValueRefusal | undefined {
  const type = LEAVES[el.name] ?? 'str';
  const v = el.text;
  const bad = (what: string) => new SchemaViolation(`"${v}" in <${el.name}> (${path}) is not ${what}.`);
  const notADate = (): ValueRefusal => ({
    code: 3020,
    message: `There was an error when converting the date value "${v}" in the field "${el.name}".`,
  });
  if (typeof type === 'object') {
    if (!type.oneOf.includes(v)) throw bad(`one of ${type.oneOf.join(', ')}`);
    return undefined;
  }
  switch (type) {
    case 'str':
      return undefined;
    case 'bool':
      if (v !== '' && !BOOLEAN.test(v)) throw bad('true or false');
      return undefined;
    case 'date': {
      if (v === '') return undefined;
      const m = DATE.exec(v);
      if (!m) throw bad('a date (YYYY-MM-DD)');
      return realDate(Number(m[1]), Number(m[2]), Number(m[3])) ? undefined : notADate();
    }
    case 'datetime': {
      const m = DATETIME.exec(v);
      if (!m) throw bad('a date-time (YYYY-MM-DDThh:mm:ss)');
      return realDate(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0))
        ? undefined
        : notADate();
    }
    case 'int':
      if (!INTEGER.test(v)) throw bad('an integer');
      return undefined;
    case 'amount':
      if (v !== '' && !AMOUNT.test(v)) throw bad('an amount (up to 13 digits, 2 decimal places)');
      return undefined;
    case 'decimal':
      if (v !== '' && !DECIMAL.test(v)) throw bad('a number (up to 10 digits, 5 decimal places)');
      return undefined;
    case 'guid':
      if (!GUID.test(v)) throw bad('a GUID or 0');
      return undefined;
  }
}

function checkElement(el: El, path: string): ValueRefusal | undefined {
  const seq = SEQUENCES[el.name];
  if (seq === undefined) {
    if (el.children.length > 0) throw new SchemaViolation(`<${el.name}> (${path}) cannot hold elements.`);
    return checkLeaf(el, path);
  }
  if (el.text !== '') throw new SchemaViolation(`<${el.name}> (${path}) cannot hold text.`);
  let last = -1;
  let refusal: ValueRefusal | undefined;
  for (const c of el.children) {
    const idx = seq.findIndex((s) => s.split('|').includes(c.name));
    if (idx < 0) throw new SchemaViolation(`Element <${c.name}> is not expected in <${el.name}> (${path}).`);
    if (idx < last)
      throw new SchemaViolation(
        `Element <${c.name}> is out of order in <${el.name}> (${path}); the schema expects ${seq.join(', ')}.`,
      );
    last = idx;
    refusal ??= checkElement(c, `${path}/${c.name}`);
  }
  for (const [name, max] of Object.entries(MAX_OCCURS[el.name] ?? {})) {
    if (el.children.filter((c) => c.name === name).length > max)
      throw new SchemaViolation(`<${el.name}> (${path}) holds more than ${max} <${name}>.`);
  }
  for (const name of REQUIRED[el.name] ?? []) {
    const options = name.split('|');
    if (!el.children.some((c) => options.includes(c.name)))
      throw new SchemaViolation(`<${el.name}> (${path}) needs <${options.join('> or <')}>.`);
  }
  return refusal;
}

/**
 * Checks one `*Rq` element against the schema: throws {@link SchemaViolation}, or returns the
 * status that refuses this request alone (an impossible date), or undefined when it may run.
 * @example const refusal = checkRequest(rqElement);
 */
export function checkRequest(rq: El): ValueRefusal | undefined {
  checkAttributes(rq);
  return checkElement(rq, rq.name);
}
