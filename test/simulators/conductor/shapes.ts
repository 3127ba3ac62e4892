/**
 * @module
 * The fields of each object as Conductor returns it, in the spec's order, with the value a field
 * has when QuickBooks holds nothing for it: `null`, or `[]` for arrays (Conductor API v2: every
 * field present, arrays never null). Built from the OpenAPI examples in
 * `../shared/spec/conductor/*.json` and the SDK's generated interfaces (conductor-is/quickbooks-desktop-node,
 * `src/resources/qbd/*.ts`). A record is rendered by walking its template, so no response ever
 * lacks a field or carries one the template does not name.
 */

export type Template = readonly (readonly [field: string, empty: null | false | readonly never[]])[];

const n = (...fields: string[]): Template => fields.map((f) => [f, null] as const);
const a = (...fields: string[]): Template => fields.map((f) => [f, []] as const);

/** id, objectType, createdAt, updatedAt, revisionNumber come first on every object. */
export const SYSTEM_FIELDS = ['id', 'objectType', 'createdAt', 'updatedAt', 'revisionNumber'] as const;

const NAMED = [...n('name', 'fullName'), ['isActive', false], ...n('class', 'parent', 'sublevel')] as const;
const PERSON = n('companyName', 'salutation', 'firstName', 'middleName', 'lastName', 'jobTitle');
const CONTACT = n('phone', 'alternatePhone', 'fax', 'email', 'ccEmail', 'contact', 'alternateContact');

export const CUSTOMER: Template = [
  ...NAMED,
  ...PERSON,
  ...n('billingAddress', 'shippingAddress'),
  ...a('alternateShippingAddresses'),
  ...CONTACT,
  ...a('customContactFields', 'additionalContacts'),
  ...n('customerType', 'terms', 'salesRepresentative', 'balance', 'totalBalance', 'salesTaxCode', 'salesTaxItem'),
  ...n('salesTaxCountry', 'resaleNumber', 'accountNumber', 'creditLimit', 'preferredPaymentMethod', 'creditCard'),
  ...n('jobStatus', 'jobStartDate', 'jobProjectedEndDate', 'jobEndDate', 'jobDescription', 'jobType', 'note'),
  ...a('additionalNotes'),
  ...n('preferredDeliveryMethod', 'priceLevel', 'externalId', 'taxRegistrationNumber', 'currency'),
  ...a('customFields'),
];

export const VENDOR: Template = [
  ...n('name'),
  ['isActive', false],
  ...n('class'),
  ...PERSON,
  ...n('billingAddress', 'shippingAddress'),
  ...CONTACT,
  ...a('customContactFields', 'additionalContacts'),
  ...n('nameOnCheck', 'accountNumber', 'note'),
  ...a('additionalNotes'),
  ...n('vendorType', 'terms', 'creditLimit', 'taxIdentificationNumber'),
  ['isEligibleFor1099', false],
  ['isSalesTaxAgency', false],
  ...n('billingRate', 'taxRegistrationNumber', 'salesTaxCode', 'balance', 'currency', 'externalId'),
  ...a('customFields'),
];

/** Service, non-inventory and other-charge items share one shape (salesOrPurchaseDetails …). */
export const SIMPLE_ITEM: Template = [
  ...NAMED,
  ...n('manufacturerPartNumber', 'unitOfMeasureSet', 'salesTaxCode'),
  ...n('salesOrPurchaseDetails', 'salesAndPurchaseDetails', 'externalId'),
  ...a('customFields'),
];

export const INVENTORY_ITEM: Template = [
  ...NAMED,
  ...n('manufacturerPartNumber', 'unitOfMeasureSet'),
  ['isTaxIncluded', false],
  ...n('salesTaxCode', 'salesDescription', 'salesPrice', 'incomeAccount', 'purchaseDescription', 'purchaseCost'),
  ...n('purchaseTaxCode', 'cogsAccount', 'preferredVendor', 'assetAccount', 'reorderPoint', 'maximumQuantityOnHand'),
  ...n('quantityOnHand', 'averageCost', 'quantityOnOrder', 'quantityOnSalesOrder', 'externalId'),
  ...a('customFields'),
];

export const ACCOUNT: Template = [
  ...NAMED,
  ...n('accountType', 'specialAccountType'),
  ['isTaxAccount', false],
  ...n('accountNumber', 'bankAccountNumber', 'description', 'balance', 'totalBalance', 'salesTaxCode'),
  ...a('taxLineDetails'),
  ...n('cashFlowClassification', 'currency'),
  ...a('customFields'),
];

const ADDRESS_AND_TERMS = n('billingAddress', 'shippingAddress');

export const INVOICE: Template = [
  ...n('customer', 'class', 'receivablesAccount', 'documentTemplate', 'transactionDate', 'refNumber'),
  ...ADDRESS_AND_TERMS,
  ['isPending', false],
  ['isFinanceCharge', false],
  ...n('purchaseOrderNumber', 'terms', 'dueDate', 'salesRepresentative', 'shipmentOrigin', 'shippingDate'),
  ...n('shippingMethod', 'subtotal', 'salesTaxItem', 'salesTaxPercentage', 'salesTaxTotal', 'appliedAmount'),
  ...n('balanceRemaining', 'currency', 'exchangeRate', 'balanceRemainingInHomeCurrency', 'memo'),
  ['isPaid', false],
  ...n('customerMessage'),
  ['isQueuedForPrint', false],
  ['isQueuedForEmail', false],
  ...n('salesTaxCode', 'suggestedDiscountAmount', 'suggestedDiscountDate', 'otherCustomField', 'externalId'),
  ...a('linkedTransactions', 'lines', 'lineGroups', 'customFields'),
];

export const INVOICE_LINE: Template = [
  ...n('item', 'description', 'quantity', 'unitOfMeasure', 'overrideUnitOfMeasureSet', 'rate', 'ratePercent'),
  ...n('class', 'amount', 'inventorySite', 'inventorySiteLocation', 'serialNumber', 'lotNumber'),
  ...n('expirationDate', 'serviceDate', 'salesTaxCode', 'otherCustomField1', 'otherCustomField2'),
  ...a('customFields'),
];

export const BILL: Template = [
  ...n('vendor', 'vendorAddress', 'payablesAccount', 'transactionDate', 'refNumber', 'terms', 'dueDate'),
  ...n('amountDue', 'currency', 'exchangeRate', 'amountDueInHomeCurrency', 'memo', 'salesTaxCode'),
  ['isTaxIncluded', false],
  ['isPaid', false],
  ...n('openAmount', 'externalId'),
  ...a('linkedTransactions', 'expenseLines', 'itemLines', 'itemLineGroups', 'customFields'),
];

export const BILL_ITEM_LINE: Template = [
  ...n('item', 'inventorySite', 'inventorySiteLocation', 'serialNumber', 'lotNumber', 'expirationDate'),
  ...n('description', 'quantity', 'unitOfMeasure', 'overrideUnitOfMeasureSet', 'cost', 'amount', 'customer'),
  ...n('class', 'salesTaxCode', 'billingStatus', 'salesRepresentative'),
  ...a('customFields'),
];

export const EXPENSE_LINE: Template = [
  ...n('account', 'amount', 'memo', 'payee', 'class', 'salesTaxCode', 'billingStatus', 'salesRepresentative'),
  ...a('customFields'),
];

export const RECEIVE_PAYMENT: Template = [
  ...n('customer', 'receivablesAccount', 'transactionDate', 'refNumber', 'totalAmount', 'currency'),
  ...n('exchangeRate', 'totalAmountInHomeCurrency', 'paymentMethod', 'memo', 'depositToAccount'),
  ...n('creditCardTransaction', 'unusedPayment', 'unusedCredits', 'externalId'),
  ...a('appliedToTransactions', 'customFields'),
];

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

/** The record's fields in template order, each present (its empty value when unset). */
export function fill(template: Template, values: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [field, empty] of template)
    out[field] = values[field] ?? (empty === null ? null : Array.isArray(empty) ? [] : false);
  return out;
}
