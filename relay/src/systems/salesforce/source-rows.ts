/**
 * @module
 * The rows of the org's change pages (see `change-queries.ts`) checked against the shape their
 * query asked for, and mapped to canonical records by pure functions: an Account to a customer (or
 * a vendor), a product to an item (its standard price as an exact decimal), a won Opportunity to an
 * invoice of its lines, after the customer of its Account, and an Order (activated, or cancelled
 * once booked) to an order of its products, after the customer of its Account. An Account's customer has its primary
 * contact as its contact person, and its other contacts as its contacts. A record the QuickBooks → Salesforce
 * flow created says so by its QuickBooks ID: it is that record's mirror (`mirrorOf`); so does a won
 * deal read again once in QuickBooks (its invoice's). A deal's invoice carries the values the org's
 * field mappings send (`Custom`, in QuickBooks' terms already).
 */
import { z } from 'zod';
import { CustomValues } from '../../sync/custom-values.ts';
import { decimal, format, multiply, sum, toMoneyString } from '../../lib/money.ts';
import type { Address, CanonicalRecord, InvoiceLine, Person } from '../../sync/model.ts';
import { OTHER_CONTACTS_MAX } from './change-queries.ts';

const text = z.string().nullish();
/** A dateTime as the REST API writes it: `2026-12-01T15:00:00.000+0000`. */
const SF_DATETIME = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/, 'is not a dateTime')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'is not a dateTime');
const ID = z.string().regex(/^[a-zA-Z0-9]{15,18}$/, 'is not a record id');
/**
 * A number as JSON carried it, as the exact decimal it was written as (the REST API writes
 * currency and quantities with their scale's digits; the shortest form of the double is that text).
 */
const NUMBER = z
  .number()
  .refine((n) => Number.isFinite(n) && /^-?\d+(\.\d+)?$/.test(String(n)), 'is not a plain decimal')
  .transform((n) => String(n));

const CONTACT = z.object({
  Salutation: text,
  FirstName: text,
  LastName: text,
  Title: text,
  Email: text,
  Phone: text,
});

const ACCOUNT = {
  Name: z.string().min(1),
  Phone: text,
  BillingStreet: text,
  BillingCity: text,
  BillingState: text,
  BillingPostalCode: text,
  BillingCountry: text,
  ShippingStreet: text,
  ShippingCity: text,
  ShippingState: text,
  ShippingPostalCode: text,
  ShippingCountry: text,
  QuickBooks_Email__c: text,
  QuickBooks_Customer_Id__c: text,
  QuickBooks_Vendor_Id__c: text,
  QuickBooks_Type__c: text,
  QuickBooks_Connection__c: text,
  SystemModstamp: SF_DATETIME,
};

/** The key of the QuickBooks connection the Account names (a page stored before it was read has none). */
const CONNECTION_KEY = text;

/** The Account's contacts besides the primary one, oldest first (a page stored before they were read has none). */
const OTHER_CONTACTS = z.array(CONTACT).max(OTHER_CONTACTS_MAX).nullish();

/**
 * The Account's values the org's field mappings send to QuickBooks, in its terms (`mapped-source.ts`;
 * the schema: `sync/custom-values.ts`).
 */
const CUSTOM = CustomValues;

export const AccountRow = z.object({
  Id: ID,
  ...ACCOUNT,
  PrimaryContact: CONTACT.nullish(),
  OtherContacts: OTHER_CONTACTS,
  QuickBooksConnectionKey: CONNECTION_KEY,
  Custom: CUSTOM,
});
export type AccountRow = z.infer<typeof AccountRow>;

export const ProductRow = z.object({
  Id: ID,
  Name: z.string().min(1),
  Description: text,
  IsActive: z.boolean(),
  QuickBooks_Item_Id__c: text,
  QuickBooks_Item_Type__c: text,
  StandardPrice: NUMBER.nullish(),
  SystemModstamp: SF_DATETIME,
});
export type ProductRow = z.infer<typeof ProductRow>;

/** The values a deal's mapped fields send into QuickBooks (see `deal-mapped-values.ts`). */
const DEAL_CUSTOM = z
  .array(z.object({ name: z.string().min(1), value: z.string(), standard: z.literal(true).optional() }))
  .nullish();

const LineRow = z.object({
  Id: ID,
  Product2Id: ID.nullish(),
  Quantity: NUMBER,
  UnitPrice: NUMBER,
  Description: text,
});

export const OpportunityRow = z.object({
  Id: ID,
  Name: z.string(),
  CloseDate: z.iso.date(),
  Description: text,
  AccountId: ID,
  Account: z.object(ACCOUNT),
  PrimaryContact: CONTACT.nullish(),
  OtherContacts: OTHER_CONTACTS,
  QuickBooksConnectionKey: CONNECTION_KEY,
  SystemModstamp: SF_DATETIME,
  Lines: z.array(LineRow),
  /** Its invoice, when the deal is read again once in QuickBooks. */
  QuickBooks_Invoice_Id__c: text,
  Custom: DEAL_CUSTOM,
});
export type OpportunityRow = z.infer<typeof OpportunityRow>;

const OrderLineRow = z.object({
  Id: ID,
  Product2Id: ID.nullish(),
  ProductName: text,
  Quantity: NUMBER,
  UnitPrice: NUMBER,
  TotalPrice: NUMBER,
  Description: text,
});

export const OrderRow = z.object({
  Id: ID,
  OrderNumber: text,
  EffectiveDate: z.iso.date(),
  StatusCode: z.enum(['Activated', 'Cancelled']),
  AccountId: ID,
  Account: z.object(ACCOUNT),
  QuickBooks_Department__c: text,
  QuickBooks_Class__c: text,
  PrimaryContact: CONTACT.nullish(),
  OtherContacts: OTHER_CONTACTS,
  QuickBooksConnectionKey: CONNECTION_KEY,
  SystemModstamp: SF_DATETIME,
  Lines: z.array(OrderLineRow),
});
export type OrderRow = z.infer<typeof OrderRow>;

const given = (v: string | null | undefined) => (v ? v : undefined);

function address(street: string | null | undefined, rest: (string | null | undefined)[]): Address | undefined {
  const [city, state, postalCode, country] = rest.map(given);
  const a = Object.fromEntries(
    Object.entries({ street: given(street), city, state, postalCode, country }).filter(([, v]) => v !== undefined),
  );
  return Object.keys(a).length ? a : undefined;
}

/** A contact of the Account as a person of its customer (a contact needs a last name). */
function person(c: z.infer<typeof CONTACT> | null | undefined): Person | undefined {
  if (!c?.LastName) return undefined;
  return Object.fromEntries(
    Object.entries({
      salutation: given(c.Salutation),
      firstName: given(c.FirstName),
      lastName: c.LastName,
      title: given(c.Title),
      email: given(c.Email),
      phone: given(c.Phone),
    }).filter(([, v]) => v !== undefined),
  ) as unknown as Person;
}

/** @example toCustomer(row) // { type: 'customer', id: '001…', name: 'Acme', … } */
export function toCustomer(r: AccountRow): CanonicalRecord {
  const contact = person(r.PrimaryContact);
  const common = {
    id: r.Id,
    version: r.SystemModstamp,
    updatedAt: r.SystemModstamp,
    name: r.Name,
    isActive: true,
    // The company the Account names, or none (the org's first): its records go there only.
    assignedTo: r.QuickBooksConnectionKey ?? null,
    // The customer's phone and email: the Account's, else its primary contact's.
    ...((given(r.Phone) ?? contact?.phone) ? { phone: given(r.Phone) ?? contact!.phone } : {}),
    ...((given(r.QuickBooks_Email__c) ?? contact?.email)
      ? { email: given(r.QuickBooks_Email__c) ?? contact!.email }
      : {}),
    ...(contact ? { contact } : {}),
  };
  const billing = address(r.BillingStreet, [r.BillingCity, r.BillingState, r.BillingPostalCode, r.BillingCountry]);
  if (r.QuickBooks_Type__c === 'Vendor')
    return {
      type: 'vendor',
      ...common,
      companyName: r.Name,
      ...(billing ? { address: billing } : {}),
      ...(r.QuickBooks_Vendor_Id__c ? { mirrorOf: { object: 'Account', key: r.QuickBooks_Vendor_Id__c } } : {}),
    };
  const others = (r.OtherContacts ?? []).flatMap((c) => person(c) ?? []);
  const shipping = address(r.ShippingStreet, [
    r.ShippingCity,
    r.ShippingState,
    r.ShippingPostalCode,
    r.ShippingCountry,
  ]);
  return {
    type: 'customer',
    ...common,
    fullName: r.Name,
    companyName: r.Name,
    ...(billing ? { billing } : {}),
    ...(shipping ? { shipping } : {}),
    ...(others.length ? { contacts: others } : {}),
    ...(r.Custom?.length ? { custom: r.Custom } : {}),
    ...(r.QuickBooks_Customer_Id__c ? { mirrorOf: { object: 'Account', key: r.QuickBooks_Customer_Id__c } } : {}),
  };
}

/** @example toItem(row) // { type: 'item', itemType: 'Service', price: '125.00', … } */
export function toItem(r: ProductRow): CanonicalRecord {
  return {
    type: 'item',
    id: r.Id,
    version: r.SystemModstamp,
    updatedAt: r.SystemModstamp,
    name: r.Name,
    fullName: r.Name,
    itemType: r.QuickBooks_Item_Type__c === 'Non-inventory' ? 'NonInventory' : 'Service',
    isActive: r.IsActive,
    ...(r.Description ? { description: r.Description } : {}),
    ...(r.StandardPrice ? { price: toMoneyString(decimal(r.StandardPrice)) } : {}),
    ...(r.QuickBooks_Item_Id__c ? { mirrorOf: { object: 'Product2', key: r.QuickBooks_Item_Id__c } } : {}),
  };
}

/** The Account of a deal or an order, as its own row. */
const accountOf = (r: OpportunityRow | OrderRow): AccountRow => ({
  Id: r.AccountId,
  ...r.Account,
  PrimaryContact: r.PrimaryContact,
  OtherContacts: r.OtherContacts,
  QuickBooksConnectionKey: r.QuickBooksConnectionKey,
});

/** The customer of the Opportunity's Account, then the invoice of its lines (amounts exact). */
export function toInvoiceRecords(r: OpportunityRow): CanonicalRecord[] {
  const lines: InvoiceLine[] = r.Lines.map((l) => ({
    id: l.Id,
    ...(l.Product2Id ? { itemId: l.Product2Id } : {}),
    ...(l.Description ? { description: l.Description } : {}),
    quantity: l.Quantity,
    rate: l.UnitPrice,
    amount: toMoneyString(multiply(decimal(l.Quantity), decimal(l.UnitPrice))),
  }));
  const total = format(sum(lines.map((l) => decimal(l.amount))), 2);
  return [
    toCustomer(accountOf(r)),
    {
      type: 'invoice',
      id: r.Id,
      assignedTo: r.QuickBooksConnectionKey ?? null,
      version: r.SystemModstamp,
      updatedAt: r.SystemModstamp,
      customerId: r.AccountId,
      txnDate: r.CloseDate,
      total,
      balance: total,
      ...(r.Description ? { memo: r.Description } : {}),
      ...(r.Custom?.length ? { custom: r.Custom } : {}),
      lines,
      ...(r.QuickBooks_Invoice_Id__c ? { mirrorOf: { object: 'Opportunity', key: r.QuickBooks_Invoice_Id__c } } : {}),
    },
  ];
}

/**
 * The customer of the Order's Account, then the order of its products: each line worth the
 * TotalPrice the org computed (Quantity × UnitPrice, to the cent), exact.
 * @example toOrderRecords(row)[1] // { type: 'order', status: 'activated', lines: [...], … }
 */
export function toOrderRecords(r: OrderRow): CanonicalRecord[] {
  return [
    toCustomer(accountOf(r)),
    {
      type: 'order',
      id: r.Id,
      assignedTo: r.QuickBooksConnectionKey ?? null,
      version: r.SystemModstamp,
      updatedAt: r.SystemModstamp,
      ...(r.OrderNumber ? { number: r.OrderNumber } : {}),
      customerId: r.AccountId,
      txnDate: r.EffectiveDate,
      status: r.StatusCode === 'Activated' ? 'activated' : 'cancelled',
      ...(given(r.QuickBooks_Department__c?.trim()) ? { department: r.QuickBooks_Department__c!.trim() } : {}),
      ...(given(r.QuickBooks_Class__c?.trim()) ? { className: r.QuickBooks_Class__c!.trim() } : {}),
      lines: r.Lines.map((l) => ({
        id: l.Id,
        ...(l.Product2Id ? { itemId: l.Product2Id } : {}),
        ...(l.ProductName ? { productName: l.ProductName } : {}),
        ...(l.Description ? { description: l.Description } : {}),
        quantity: l.Quantity,
        rate: l.UnitPrice,
        amount: toMoneyString(decimal(l.TotalPrice)),
      })),
    },
  ];
}
