/**
 * @module
 * The children SalesOrderAdd and SalesOrderLineAdd allow, in qbXML 13.0 order (qbxml130.xsd), for
 * the schema check (schema.ts; kept apart so that file does not grow past reading). A sales order's
 * fields differ from an invoice's (no ARAccountRef, IsPending, Terms of payment applied, SetCredit;
 * IsManuallyClosed instead), and its line has no ServiceDate but may be closed by hand.
 */

export const SALES_ORDER_FIELDS = [
  'CustomerRef',
  'ClassRef',
  'TemplateRef',
  'TxnDate',
  'RefNumber',
  'BillAddress',
  'ShipAddress',
  'PONumber',
  'TermsRef',
  'DueDate',
  'SalesRepRef',
  'FOB',
  'ShipDate',
  'ShipMethodRef',
  'ItemSalesTaxRef',
  'IsManuallyClosed',
  'Memo',
  'CustomerMsgRef',
  'IsToBePrinted',
  'IsToBeEmailed',
  'IsTaxIncluded',
  'CustomerSalesTaxCodeRef',
  'Other',
  'ExchangeRate',
  'ExternalGUID',
  'SalesOrderLineAdd|SalesOrderLineGroupAdd',
];

export const SALES_ORDER_LINE = [
  'ItemRef',
  'Desc',
  'Quantity',
  'UnitOfMeasure',
  'Rate|RatePercent|PriceLevelRef',
  'ClassRef',
  'Amount',
  'TaxAmount',
  'OptionForPriceRuleConflict',
  'InventorySiteRef',
  'InventorySiteLocationRef',
  'SerialNumber|LotNumber',
  'SalesTaxCodeRef',
  'IsManuallyClosed',
  'Other1',
  'Other2',
  'DataExt',
];
