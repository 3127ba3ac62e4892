/**
 * @module
 * Which body fields a create or update may carry, per resource, and what each must be. A body key
 * ending in `Id` that names a reference (`customerId`, `parentId`, `incomeAccountId`) is stored as
 * the `{id, fullName}` object Conductor returns under the key without `Id`. Keys outside these
 * tables are refused (400, Zod's "Unrecognized key(s)" wording): the simulator models terms,
 * classes and payment methods only as the fixed lists of `other-lists.ts` (`termsId`, `classId`,
 * `paymentMethodId`), not sales reps and the like, and says so instead of dropping what it was sent.
 * Name lengths are QuickBooks' (41 for customers and vendors, 31 for items and accounts).
 */
import type { OtherList } from './other-lists.ts';
import { ACCOUNT_TYPES, ITEM_RESOURCES, type ResourceName } from './resources.ts';

export type FieldKind =
  | { readonly t: 'text'; readonly max?: number }
  | { readonly t: 'bool' }
  | { readonly t: 'date' }
  | { readonly t: 'money' }
  | { readonly t: 'enum'; readonly values: readonly string[] }
  | { readonly t: 'address' }
  | { readonly t: 'ref'; readonly to: readonly ResourceName[]; readonly field: string; readonly what: string }
  /** A reference into one of the fixed lists (terms, classes, payment methods), stored under `list`. */
  | { readonly t: 'other'; readonly list: OtherList }
  /** Handled by lines.ts (lines, payments applied, item sales details). */
  | { readonly t: 'special' };

const text = (max?: number): FieldKind => ({ t: 'text', max });
const bool: FieldKind = { t: 'bool' };
const date: FieldKind = { t: 'date' };
const money: FieldKind = { t: 'money' };
const address: FieldKind = { t: 'address' };
const special: FieldKind = { t: 'special' };
const ref = (field: string, what: string, ...to: ResourceName[]): FieldKind => ({ t: 'ref', to, field, what });
const other = (list: OtherList): FieldKind => ({ t: 'other', list });

const PERSON: Record<string, FieldKind> = {
  companyName: text(41),
  salutation: text(15),
  firstName: text(25),
  middleName: text(5),
  lastName: text(25),
  jobTitle: text(41),
  billingAddress: address,
  shippingAddress: address,
  phone: text(21),
  alternatePhone: text(21),
  fax: text(21),
  email: text(1023),
  ccEmail: text(1023),
  contact: text(41),
  alternateContact: text(41),
  accountNumber: text(99),
  note: text(4095),
  isActive: bool,
  externalId: text(),
};

const ITEM: Record<string, FieldKind> = {
  name: text(31),
  isActive: bool,
  parentId: ref('parent', 'Item', ...ITEM_RESOURCES),
  externalId: text(),
};

export const ADDRESS_KEYS = [
  'line1',
  'line2',
  'line3',
  'line4',
  'line5',
  'city',
  'state',
  'postalCode',
  'country',
  'note',
];

export const FIELDS: Readonly<Record<ResourceName, Readonly<Record<string, FieldKind>>>> = {
  customers: {
    name: text(41),
    parentId: ref('parent', 'Customer', 'customers'),
    classId: other('class'),
    termsId: other('terms'),
    ...PERSON,
    creditLimit: money,
    resaleNumber: text(15),
    jobStatus: { t: 'enum', values: ['awarded', 'closed', 'in_progress', 'none', 'not_awarded', 'pending'] },
    jobStartDate: date,
    jobProjectedEndDate: date,
    jobEndDate: date,
    jobDescription: text(99),
    preferredDeliveryMethod: { t: 'enum', values: ['email', 'mail', 'none'] },
  },
  vendors: {
    name: text(41),
    ...PERSON,
    termsId: other('terms'),
    nameOnCheck: text(41),
    creditLimit: money,
    taxIdentificationNumber: text(15),
    isEligibleFor1099: bool,
  },
  'service-items': { ...ITEM, salesOrPurchaseDetails: special },
  'non-inventory-items': { ...ITEM, manufacturerPartNumber: text(31), salesOrPurchaseDetails: special },
  'other-charge-items': { ...ITEM, salesOrPurchaseDetails: special },
  'inventory-items': {
    ...ITEM,
    manufacturerPartNumber: text(31),
    salesDescription: text(4095),
    salesPrice: money,
    purchaseDescription: text(4095),
    purchaseCost: money,
    incomeAccountId: ref('incomeAccount', 'Account', 'accounts'),
    cogsAccountId: ref('cogsAccount', 'Account', 'accounts'),
    assetAccountId: ref('assetAccount', 'Account', 'accounts'),
    preferredVendorId: ref('preferredVendor', 'Vendor', 'vendors'),
  },
  accounts: {
    name: text(31),
    isActive: bool,
    parentId: ref('parent', 'Account', 'accounts'),
    accountType: { t: 'enum', values: ACCOUNT_TYPES },
    accountNumber: text(7),
    bankAccountNumber: text(25),
    description: text(200),
  },
  invoices: {
    customerId: ref('customer', 'Customer', 'customers'),
    classId: other('class'),
    receivablesAccountId: ref('receivablesAccount', 'Account', 'accounts'),
    transactionDate: date,
    refNumber: text(11),
    termsId: other('terms'),
    billingAddress: address,
    shippingAddress: address,
    isPending: bool,
    purchaseOrderNumber: text(25),
    dueDate: date,
    shippingDate: date,
    memo: text(4095),
    isQueuedForPrint: bool,
    isQueuedForEmail: bool,
    externalId: text(),
    lines: special,
  },
  bills: {
    vendorId: ref('vendor', 'Vendor', 'vendors'),
    payablesAccountId: ref('payablesAccount', 'Account', 'accounts'),
    vendorAddress: address,
    transactionDate: date,
    refNumber: text(20),
    dueDate: date,
    memo: text(4095),
    externalId: text(),
    expenseLines: special,
    itemLines: special,
  },
  'receive-payments': {
    customerId: ref('customer', 'Customer', 'customers'),
    receivablesAccountId: ref('receivablesAccount', 'Account', 'accounts'),
    depositToAccountId: ref('depositToAccount', 'Account', 'accounts'),
    transactionDate: date,
    refNumber: text(20),
    totalAmount: money,
    paymentMethodId: other('paymentMethod'),
    memo: text(4095),
    externalId: text(),
    applyToTransactions: special,
  },
};
