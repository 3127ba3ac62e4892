/**
 * @module
 * The resources the simulator serves under `/v1/quickbooks-desktop/`, as the API notes list them:
 * list objects (customers, vendors, four typed item lists, accounts) with no DELETE and an
 * `isActive` flag, and transactions (invoices, bills, receive-payments) that can be deleted and,
 * except payments, voided. Each names its `objectType`, its template, how the deleted-* endpoints
 * type it (`listType` / `transactionType`), what a create requires, and whether its list pages.
 */
import {
  ACCOUNT,
  BILL,
  CUSTOMER,
  INVENTORY_ITEM,
  INVOICE,
  RECEIVE_PAYMENT,
  SIMPLE_ITEM,
  VENDOR,
  type Template,
} from './shapes.ts';

export type ResourceName =
  | 'customers'
  | 'vendors'
  | 'service-items'
  | 'non-inventory-items'
  | 'inventory-items'
  | 'other-charge-items'
  | 'accounts'
  | 'invoices'
  | 'bills'
  | 'receive-payments';

export interface Resource {
  readonly name: ResourceName;
  readonly objectType: string;
  readonly kind: 'list' | 'transaction';
  readonly template: Template;
  /** `listType` (deleted-list-objects) or `transactionType` (deleted-transactions). */
  readonly deletedType: string;
  /** Body fields a create must carry (spec requestBody `required`). */
  readonly required: readonly string[];
  /** Cursor-paginated list (accounts are not: spec description). */
  readonly paginated: boolean;
  readonly voidable: boolean;
  /** What QuickBooks calls it in a 3140 invalid-reference message. */
  readonly qbName: string;
}

const list = (
  name: ResourceName,
  objectType: string,
  template: Template,
  deletedType: string,
  qbName: string,
  required: readonly string[] = ['name'],
): Resource => ({
  name,
  objectType,
  kind: 'list',
  template,
  deletedType,
  required,
  paginated: name !== 'accounts',
  voidable: false,
  qbName,
});

const txn = (
  name: ResourceName,
  objectType: string,
  template: Template,
  deletedType: string,
  required: readonly string[],
  voidable: boolean,
  qbName: string,
): Resource => ({
  name,
  objectType,
  kind: 'transaction',
  template,
  deletedType,
  required,
  paginated: true,
  voidable,
  qbName,
});

export const RESOURCES: Readonly<Record<ResourceName, Resource>> = {
  customers: list('customers', 'qbd_customer', CUSTOMER, 'customer', 'Customer'),
  vendors: list('vendors', 'qbd_vendor', VENDOR, 'vendor', 'Vendor'),
  'service-items': list('service-items', 'qbd_service_item', SIMPLE_ITEM, 'item_service', 'Item'),
  'non-inventory-items': list(
    'non-inventory-items',
    'qbd_non_inventory_item',
    SIMPLE_ITEM,
    'item_non_inventory',
    'Item',
  ),
  'inventory-items': list('inventory-items', 'qbd_inventory_item', INVENTORY_ITEM, 'item_inventory', 'Item', [
    'name',
    'incomeAccountId',
    'cogsAccountId',
    'assetAccountId',
  ]),
  'other-charge-items': list('other-charge-items', 'qbd_other_charge_item', SIMPLE_ITEM, 'item_other_charge', 'Item'),
  accounts: list('accounts', 'qbd_account', ACCOUNT, 'account', 'Account', ['name', 'accountType']),
  invoices: txn('invoices', 'qbd_invoice', INVOICE, 'invoice', ['customerId', 'transactionDate'], true, 'Invoice'),
  bills: txn('bills', 'qbd_bill', BILL, 'bill', ['vendorId', 'transactionDate'], true, 'Bill'),
  'receive-payments': txn(
    'receive-payments',
    'qbd_receive_payment',
    RECEIVE_PAYMENT,
    'receive_payment',
    ['customerId', 'transactionDate', 'totalAmount'],
    false,
    'ReceivePayment',
  ),
};

export const ITEM_RESOURCES: readonly ResourceName[] = [
  'service-items',
  'non-inventory-items',
  'inventory-items',
  'other-charge-items',
];

export const isResourceName = (s: string): s is ResourceName => Object.hasOwn(RESOURCES, s);

/** QuickBooks' account types as Conductor spells them (spec `accountType` enum). */
export const ACCOUNT_TYPES: readonly string[] = [
  'accounts_payable',
  'accounts_receivable',
  'bank',
  'cost_of_goods_sold',
  'credit_card',
  'equity',
  'expense',
  'fixed_asset',
  'income',
  'long_term_liability',
  'non_posting',
  'other_asset',
  'other_current_asset',
  'other_current_liability',
  'other_expense',
  'other_income',
];
