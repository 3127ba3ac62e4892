/**
 * @module
 * Reading a qbXML request the way QuickBooks' request processor does before running it: the XML must
 * be well-formed, carry `<?qbxml version?>` ≤ 13.0 (this company plays QuickBooks 2014), contain only
 * ISO-8859-1 characters, and follow the schema's element order for the requests the simulator
 * answers. Any violation fails the whole message set with HRESULT 0x80040400, as in QuickBooks.
 */
import { readXml, type El } from '../../../../relay/src/systems/qbd/qbxml/xml-tree.ts';

/** QuickBooks failing instead of answering: what QBWC passes to receiveResponseXML/connectionError. */
export class QbHresultError extends Error {
  readonly hresult: string;
  constructor(hresult: string, message: string) {
    super(message);
    this.name = 'QbHresultError';
    this.hresult = hresult;
  }
}

export const HRESULT = {
  parse: '0x80040400',
  couldNotStart: '0x80040408',
  wrongFile: '0x8004040A',
  modalDialog: '0x80040414',
  versionUnsupported: '0x80040423',
} as const;

export function parseError(detail: string): QbHresultError {
  return new QbHresultError(
    HRESULT.parse,
    `QuickBooks found an error when parsing the provided XML text stream. ${detail}`,
  );
}

export interface ParsedRq {
  readonly name: string;
  readonly type: string;
  readonly requestId: string | undefined;
  readonly el: El;
}

export interface ParsedRequest {
  readonly onError: 'stopOnError' | 'continueOnError' | 'rollbackOnError';
  readonly requests: readonly ParsedRq[];
}

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
  'ModifiedDateRangeFilter',
  'TxnDateRangeFilter',
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
const ADDR = ['Addr1', 'Addr2', 'Addr3', 'Addr4', 'Addr5', 'City', 'State', 'PostalCode', 'Country', 'Note'];
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

/** Children allowed, in order ('A|B' = either, in any order among themselves). */
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
  BillQueryRq: TXN_QUERY,
  ReceivePaymentQueryRq: TXN_QUERY.filter((n) => n !== 'PaidStatus' && n !== 'IncludeLinkedTxns'),
  JournalEntryQueryRq: TXN_QUERY.filter((n) => n !== 'PaidStatus' && n !== 'IncludeLinkedTxns'),
  ListDeletedQueryRq: ['ListDelType', 'DeletedDateRangeFilter', 'IncludeRetElement'],
  TxnDeletedQueryRq: ['TxnDelType', 'DeletedDateRangeFilter', 'IncludeRetElement'],
  CustomerAddRq: ['CustomerAdd', 'IncludeRetElement'],
  CustomerModRq: ['CustomerMod', 'IncludeRetElement'],
  VendorAddRq: ['VendorAdd', 'IncludeRetElement'],
  VendorModRq: ['VendorMod', 'IncludeRetElement'],
  ItemServiceAddRq: ['ItemServiceAdd', 'IncludeRetElement'],
  InvoiceAddRq: ['InvoiceAdd', 'IncludeRetElement'],
  ReceivePaymentAddRq: ['ReceivePaymentAdd', 'IncludeRetElement'],
  JournalEntryAddRq: ['JournalEntryAdd', 'IncludeRetElement'],
  CustomerAdd: CUSTOMER_FIELDS.slice(2),
  CustomerMod: CUSTOMER_FIELDS,
  VendorAdd: VENDOR_FIELDS.slice(2),
  VendorMod: VENDOR_FIELDS,
  ItemServiceAdd: ITEM_SERVICE_FIELDS,
  InvoiceAdd: INVOICE_FIELDS,
  InvoiceLineAdd: INVOICE_LINE,
  ReceivePaymentAdd: PAYMENT_FIELDS,
  JournalEntryAdd: JE_FIELDS,
  JournalDebitLine: JE_LINE,
  JournalCreditLine: JE_LINE,
  BillAddress: ADDR,
  ShipAddress: ADDR,
  VendorAddress: ADDR,
  ModifiedDateRangeFilter: ['FromModifiedDate', 'ToModifiedDate'],
  DeletedDateRangeFilter: ['FromDeletedDate', 'ToDeletedDate'],
  TxnDateRangeFilter: ['FromTxnDate', 'ToTxnDate', 'DateMacro'],
};

/** Request names the simulator answers. */
export const SUPPORTED_RQ = new Set(Object.keys(SEQUENCES).filter((n) => n.endsWith('Rq')));

function checkOrder(el: El, path: string): void {
  const seq = SEQUENCES[el.name];
  if (seq !== undefined) {
    let last = -1;
    for (const c of el.children) {
      const idx = seq.findIndex((s) => s.split('|').includes(c.name));
      if (idx < 0) throw parseError(`Element <${c.name}> is not expected in <${el.name}> (${path}).`);
      if (idx < last)
        throw parseError(
          `Element <${c.name}> is out of order in <${el.name}> (${path}); the schema expects ${seq.join(', ')}.`,
        );
      last = idx;
    }
  }
  for (const c of el.children) checkOrder(c, `${path}/${c.name}`);
}

/**
 * Parses and validates a request document; throws {@link QbHresultError} as QuickBooks fails.
 * @example const { onError, requests } = parseRequest(xml);
 */
export function parseRequest(xml: string): ParsedRequest {
  for (let i = 0; i < xml.length; i++) {
    if (xml.charCodeAt(i) > 0xff) throw parseError(`Character "${xml[i]}" at position ${i} is outside ISO-8859-1.`);
  }
  const doc = readXml(xml);
  if (!doc.ok) throw parseError(doc.error.message);
  const version = doc.value.instructions.qbxml?.version;
  if (version === undefined) throw parseError('The <?qbxml version="..."?> processing instruction is missing.');
  if (!/^\d+\.\d+$/.test(version) || Number(version) > 13) {
    throw new QbHresultError(
      HRESULT.versionUnsupported,
      `This version of QuickBooks does not support qbXML version ${version} (supported up to 13.0).`,
    );
  }
  const root = doc.value.root;
  const msgs = root.children[0];
  if (root.name !== 'QBXML' || root.children.length !== 1 || msgs?.name !== 'QBXMLMsgsRq')
    throw parseError('Expected <QBXML><QBXMLMsgsRq>.');
  const onError = msgs.attrs.onError;
  if (onError !== 'stopOnError' && onError !== 'continueOnError' && onError !== 'rollbackOnError') {
    throw parseError(
      `QBXMLMsgsRq needs onError="stopOnError|continueOnError|rollbackOnError", got "${onError ?? ''}".`,
    );
  }
  if (msgs.children.length === 0) throw parseError('QBXMLMsgsRq holds no request.');
  const requests = msgs.children.map((el) => {
    if (!el.name.endsWith('Rq')) throw parseError(`<${el.name}> is not a request.`);
    const requestId = el.attrs.requestID;
    checkOrder(el, el.name);
    return { name: el.name, type: el.name.slice(0, -2), requestId, el };
  });
  return { onError, requests };
}
