/**
 * @module
 * QuickBooks Online's name lists (validated by `payloads.ts`) → the canonical model, value for
 * value as QuickBooks Desktop's mapping (`qbd/mapping.ts`) gives the same company data, so both
 * editions make the same Salesforce records: a customer's own name (a job's DisplayName is the
 * job's own name, as Desktop's Name) and `Parent:Job` full name; addresses with their lines as one
 * street; the contact person from the name parts (Intuit's `Title` is the honorific, Desktop's
 * Salutation); account types in Desktop's qbXML words (`Accounts Receivable` → `AccountsReceivable`).
 */
import { withoutUndefined } from '../../../lib/objects.ts';
import type { Address, Customer, Item, LedgerAccount, Person, Vendor } from '../../../sync/model.ts';
import { optionalMoney } from '../../../lib/money.ts';
import { currencyOf, given, nameOf, stamp, type QboMappingContext } from './context.ts';
import type { PhysicalAddress, QboAccount, QboCustomer, QboItem, QboVendor } from './payloads.ts';

function address(a: PhysicalAddress | undefined): Address | undefined {
  if (!a) return undefined;
  const street = [a.Line1, a.Line2, a.Line3, a.Line4, a.Line5].filter(Boolean).join('\n');
  const out: Address = withoutUndefined({
    street: street || undefined,
    city: given(a.City),
    state: given(a.CountrySubDivisionCode),
    postalCode: given(a.PostalCode),
    country: given(a.Country),
  });
  return Object.keys(out).length ? out : undefined;
}

/** The person a customer or vendor is, when it has a family name (as Desktop requires a last name). */
function person(p: QboCustomer | QboVendor): Person | undefined {
  if (!given(p.FamilyName)) return undefined;
  return withoutUndefined({
    salutation: given(p.Title),
    firstName: given(p.GivenName),
    lastName: p.FamilyName!,
    email: given(p.PrimaryEmailAddr?.Address),
    phone: given(p.PrimaryPhone?.FreeFormNumber),
    mobile: given(p.Mobile?.FreeFormNumber),
  });
}

export function customer(c: QboCustomer, ctx: QboMappingContext): Customer {
  return withoutUndefined({
    type: 'customer' as const,
    ...stamp(c),
    name: c.DisplayName,
    fullName: given(c.FullyQualifiedName) ?? c.DisplayName,
    parentId: c.ParentRef?.value,
    companyName: given(c.CompanyName),
    isActive: c.Active ?? true,
    billing: address(c.BillAddr),
    shipping: address(c.ShipAddr),
    phone: given(c.PrimaryPhone?.FreeFormNumber),
    fax: given(c.Fax?.FreeFormNumber),
    email: given(c.PrimaryEmailAddr?.Address),
    terms: nameOf(c.SalesTermRef, 'Term', ctx),
    // QuickBooks Online has no class or sales rep on a customer (a sales rep would be a custom field).
    balance: optionalMoney(c.Balance),
    currency: currencyOf(c.CurrencyRef, ctx),
    contact: person(c),
  });
}

export function vendor(v: QboVendor, ctx: QboMappingContext): Vendor {
  return withoutUndefined({
    type: 'vendor' as const,
    ...stamp(v),
    name: v.DisplayName,
    companyName: given(v.CompanyName),
    isActive: v.Active ?? true,
    address: address(v.BillAddr),
    phone: given(v.PrimaryPhone?.FreeFormNumber),
    fax: given(v.Fax?.FreeFormNumber),
    email: given(v.PrimaryEmailAddr?.Address),
    terms: nameOf(v.TermRef, 'Term', ctx),
    balance: optionalMoney(v.Balance),
    currency: currencyOf(v.CurrencyRef, ctx),
    contact: person(v),
  });
}

/**
 * An item; `undefined` for a Category, which is a folder of the product list (never sold, never on
 * a line; Desktop has no such item). Service, NonInventory, Inventory and Group are Desktop's own
 * words for its ItemService, ItemNonInventory, ItemInventory and ItemGroup.
 */
export function item(i: QboItem): Item | undefined {
  if (i.Type === 'Category') return undefined;
  return withoutUndefined({
    type: 'item' as const,
    ...stamp(i),
    name: i.Name,
    fullName: given(i.FullyQualifiedName) ?? i.Name,
    itemType: i.Type,
    sku: given(i.Sku),
    description: given(i.Description) ?? given(i.PurchaseDesc),
    price: optionalMoney(i.UnitPrice),
    isActive: i.Active ?? true,
  });
}

/** Intuit's account types (words with spaces) as qbXML's AccountType values, which Desktop sends. */
const ACCOUNT_TYPES: Readonly<Record<string, string>> = {
  Bank: 'Bank',
  'Accounts Receivable': 'AccountsReceivable',
  'Other Current Asset': 'OtherCurrentAsset',
  'Fixed Asset': 'FixedAsset',
  'Other Asset': 'OtherAsset',
  'Accounts Payable': 'AccountsPayable',
  'Credit Card': 'CreditCard',
  'Other Current Liability': 'OtherCurrentLiability',
  'Long Term Liability': 'LongTermLiability',
  Equity: 'Equity',
  Income: 'Income',
  'Cost of Goods Sold': 'CostOfGoodsSold',
  Expense: 'Expense',
  'Other Income': 'OtherIncome',
  'Other Expense': 'OtherExpense',
  'Non-Posting': 'NonPosting',
};

/**
 * An account; a type Intuit adds later (none Desktop has) stays as Intuit wrote it.
 * @example account({ ...a, AccountType: 'Accounts Receivable' }).accountType // 'AccountsReceivable'
 */
export function account(a: QboAccount): LedgerAccount {
  return withoutUndefined({
    type: 'account' as const,
    ...stamp(a),
    name: a.Name,
    fullName: given(a.FullyQualifiedName) ?? a.Name,
    accountType: ACCOUNT_TYPES[a.AccountType] ?? a.AccountType,
    accountNumber: given(a.AcctNum),
    // Desktop's TotalBalance: the account with its subaccounts.
    balance: optionalMoney(a.CurrentBalanceWithSubAccounts ?? a.CurrentBalance),
    isActive: a.Active ?? true,
  });
}
