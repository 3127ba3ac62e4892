/**
 * @module
 * The shipped default field mappings: the closed table of the standard CRM objects' fields the
 * relay maps itself (Account, Contact, Product2, Opportunity), one `QuickBooks_Field_Mapping__mdt`
 * record each in the package, of kind Standard, by the same developer name
 * (`shipped-mappings.test.ts` fails when the two differ). QuickBooks fields are named in
 * QuickBooks Desktop's own terms (qbXML element names, aggregates dotted: `BillAddress.City`; a
 * street is the address's lines, `Addr1` to `Addr5`; a vendor's Account reads `VendorAddress` for
 * `BillAddress`, and a product's code is QuickBooks Online's `Sku`). Every row copies its value.
 *
 * A record as shipped changes nothing: the code (`mapping.ts`, `source-rows.ts`) is that mapping.
 * An admin may turn a row off (its field is then neither written into Salesforce nor read from it)
 * or point it at another field of the same object (checked by describe like any mapping); a row
 * Salesforce needs to create the record (`fixed`) cannot be either, and nothing else of a shipped
 * row can change. What is not in the table is not remappable and has no record: external IDs,
 * parent references, the price book, stage and amounts the sync logic sets (Pricebook2Id,
 * StageName, Amount, UnitPrice, IsActive), Opportunity products, and the package's own fields
 * (`QuickBooks_*__c`, on its objects and on the standard ones alike).
 */

export type ShippedDirection = 'QuickBooks to Salesforce' | 'Salesforce to QuickBooks' | 'Both';

export interface ShippedMapping {
  /** The record's developer name (as the field policy names its fields: `Account_Phone`). */
  readonly name: string;
  readonly label: string;
  readonly object: 'Account' | 'Contact' | 'Product2' | 'Opportunity';
  readonly field: string;
  readonly booksObject: 'Customer' | 'Item' | 'Invoice';
  readonly booksField: string;
  readonly direction: ShippedDirection;
  /** The kind of value: which field types another field must be to take it. */
  readonly type: 'text' | 'date';
  /** Why it can be neither turned off nor moved, in words. */
  readonly fixed?: string;
}

const row = (
  name: string,
  label: string,
  object: ShippedMapping['object'],
  field: string,
  booksObject: ShippedMapping['booksObject'],
  booksField: string,
  direction: ShippedDirection = 'Both',
  more: Partial<Pick<ShippedMapping, 'type' | 'fixed'>> = {},
): ShippedMapping => ({ name, label, object, field, booksObject, booksField, direction, type: 'text', ...more });

const required = (what: string) => ({ fixed: `Salesforce needs ${what} to create the record` });

const address = (sf: 'Billing' | 'Shipping', qb: 'BillAddress' | 'ShipAddress'): ShippedMapping[] =>
  (
    [
      ['Street', 'Addr1'],
      ['City', 'City'],
      ['State', 'State'],
      ['PostalCode', 'PostalCode'],
      ['Country', 'Country'],
    ] as const
  ).map(([part, qbPart]) =>
    row(
      `Account_${sf}_${part === 'PostalCode' ? 'Postal_Code' : part}`,
      `Account ${sf} ${part === 'PostalCode' ? 'Postal Code' : part}`,
      'Account',
      `${sf}${part}`,
      'Customer',
      `${qb}.${qbPart}`,
    ),
  );

/** The table, by Salesforce object and field order. */
export const SHIPPED_MAPPINGS: readonly ShippedMapping[] = [
  row('Account_Name', 'Account Name', 'Account', 'Name', 'Customer', 'Name', 'Both', required('an Account Name')),
  row('Account_Phone', 'Account Phone', 'Account', 'Phone', 'Customer', 'Phone'),
  row('Account_Fax', 'Account Fax', 'Account', 'Fax', 'Customer', 'Fax', 'QuickBooks to Salesforce'),
  ...address('Billing', 'BillAddress'),
  ...address('Shipping', 'ShipAddress'),
  row('Contact_Salutation', 'Contact Salutation', 'Contact', 'Salutation', 'Customer', 'Salutation'),
  row('Contact_First_Name', 'Contact First Name', 'Contact', 'FirstName', 'Customer', 'FirstName'),
  row('Contact_Last_Name', 'Contact Last Name', 'Contact', 'LastName', 'Customer', 'LastName', 'Both', {
    ...required("a Contact's Last Name"),
  }),
  row('Contact_Title', 'Contact Title', 'Contact', 'Title', 'Customer', 'JobTitle'),
  row('Contact_Email', 'Contact Email', 'Contact', 'Email', 'Customer', 'Email'),
  row('Contact_Phone', 'Contact Phone', 'Contact', 'Phone', 'Customer', 'Phone'),
  row('Contact_Mobile', 'Contact Mobile', 'Contact', 'MobilePhone', 'Customer', 'AltPhone', 'QuickBooks to Salesforce'),
  row('Product_Name', 'Product Name', 'Product2', 'Name', 'Item', 'FullName', 'Both', required('a Product Name')),
  row('Product_Code', 'Product Code', 'Product2', 'ProductCode', 'Item', 'Sku', 'QuickBooks to Salesforce'),
  row('Product_Description', 'Product Description', 'Product2', 'Description', 'Item', 'SalesDesc'),
  row('Opportunity_Close_Date', 'Opportunity Close Date', 'Opportunity', 'CloseDate', 'Invoice', 'TxnDate', 'Both', {
    type: 'date',
    ...required("an Opportunity's Close Date"),
  }),
  row('Opportunity_Description', 'Opportunity Description', 'Opportunity', 'Description', 'Invoice', 'Memo'),
];

/**
 * The standard objects' fields the relay writes besides the table's, by the keys `mapping.ts` writes
 * them under (a reference by its relationship), and why they are not remappable: they have no
 * record, and no shipped row may be moved onto one.
 */
export const NOT_REMAPPABLE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Account: { Parent: 'a parent reference', ParentId: 'a parent reference' },
  Contact: { Account: 'a parent reference' },
  Product2: { IsActive: 'inactive items are kept off deals (inactive-items.ts)' },
  PricebookEntry: {
    Pricebook2Id: 'the standard price book',
    Product2: 'a parent reference',
    UnitPrice: "the item's price, an amount",
    IsActive: 'inactive items are kept off deals',
  },
  Opportunity: {
    Name: 'made from the invoice number ("Invoice 1001")',
    Account: 'a parent reference',
    StageName: "set from the invoice's status",
    Pricebook2Id: 'the standard price book',
    Amount: "the invoice's subtotal",
  },
  OpportunityLineItem: {
    Opportunity: 'a parent reference',
    PricebookEntry: 'a parent reference',
    Quantity: "a line's quantity, adding up to the invoice",
    TotalPrice: "a line's amount, adding up to the invoice",
    Description: 'Opportunity products are not remappable',
  },
};
/** The shipped rows by developer name. */
export const SHIPPED_BY_NAME: ReadonlyMap<string, ShippedMapping> = new Map(SHIPPED_MAPPINGS.map((m) => [m.name, m]));

/** Where the org has a shipped field instead: another field of the same object, and what it holds. */
export interface MovedField {
  readonly field: string;
  /** The most characters it holds, when it holds text (a longer value is cut to it). */
  readonly length?: number;
}

/**
 * By Salesforce object, by shipped field: where its value goes instead (`null`: nowhere, the row
 * is off). Only rows an admin changed are in it; each way has its own.
 */
export type ShippedChanges = ReadonlyMap<string, ReadonlyMap<string, MovedField | null>>;

export interface ShippedPlan {
  /** QuickBooks → Salesforce: a field written elsewhere, or not at all. */
  readonly toCrm: ShippedChanges;
  /** Salesforce → QuickBooks: a field read from elsewhere, or not at all. */
  readonly toBooks: ShippedChanges;
}

/** Every shipped row as shipped: nothing changes. */
export const AS_SHIPPED: ShippedPlan = { toCrm: new Map(), toBooks: new Map() };

export const towardsCrm = (m: ShippedMapping) => m.direction !== 'Salesforce to QuickBooks';
export const towardsBooks = (m: ShippedMapping) => m.direction !== 'QuickBooks to Salesforce';

/**
 * The plan of the rows an admin changed, built once per read of the records.
 * @example shippedPlan([[SHIPPED_BY_NAME.get('Account_Phone')!, { field: 'Main_Phone__c' }]])
 */
export function shippedPlan(changed: readonly (readonly [ShippedMapping, MovedField | null])[]): ShippedPlan {
  if (!changed.length) return AS_SHIPPED;
  const toCrm = new Map<string, Map<string, MovedField | null>>();
  const toBooks = new Map<string, Map<string, MovedField | null>>();
  const put = (into: Map<string, Map<string, MovedField | null>>, m: ShippedMapping, to: MovedField | null) =>
    into.set(m.object, (into.get(m.object) ?? new Map()).set(m.field, to));
  for (const [m, to] of changed) {
    if (towardsCrm(m)) put(toCrm, m, to);
    if (towardsBooks(m)) put(toBooks, m, to);
  }
  return { toCrm, toBooks };
}

/** A shipped record as the org has it (the fields of `QuickBooks_Field_Mapping__mdt` the check reads). */
export interface ShippedRecord {
  readonly Salesforce_Object__c: string;
  readonly Salesforce_Field__c: string;
  readonly QuickBooks_Object__c: string;
  readonly QuickBooks_Field__c: string;
  readonly QuickBooks_Field_Kind__c: string;
  readonly Direction__c: string;
  readonly Transform__c: string;
  readonly Value_Map__c: string | null;
  readonly Default_Value__c: string | null;
  readonly Format__c: string | null;
  readonly Active__c: boolean;
}

/** A field as describe answers it (the part the check reads). */
export interface FieldFacts {
  readonly name: string;
  readonly type: string;
  readonly length: number;
  readonly updateable: boolean;
}

/** The field types each kind of value may be moved to. */
const TYPES: Readonly<Record<ShippedMapping['type'], readonly string[]>> = {
  text: ['string', 'textarea', 'phone', 'email', 'url'],
  date: ['date'],
};

/** The package's own fields, which are the relay's to write. */
const PACKAGE_FIELD = /^QuickBooks_\w+__c$/;

/**
 * Whether the record is as shipped (`'shipped'`), turned off (`null`), moved (where to), or why its
 * change cannot apply, in words (the shipped mapping then applies as shipped). `fieldOf` describes
 * the record's object (only called for a moved field; undefined: the object could not be described).
 */
export function shippedChange(
  m: ShippedMapping,
  r: ShippedRecord,
  fieldOf: ((name: string) => FieldFacts | undefined) | undefined,
): 'shipped' | MovedField | null | { readonly problem: string } {
  const same =
    r.Salesforce_Object__c === m.object &&
    r.QuickBooks_Object__c === m.booksObject &&
    r.QuickBooks_Field__c === m.booksField &&
    r.QuickBooks_Field_Kind__c === 'Standard' &&
    r.Direction__c === m.direction &&
    r.Transform__c === 'Copy' &&
    !r.Value_Map__c &&
    !r.Default_Value__c &&
    !r.Format__c;
  if (!same) {
    return {
      problem: `it is a shipped mapping, of which only Active and Salesforce Field can change: ${m.object}.${m.field} is used, as shipped`,
    };
  }
  const moved = r.Salesforce_Field__c !== m.field;
  if (r.Active__c && !moved) return 'shipped';
  if (m.fixed)
    return { problem: `${m.fixed}, so this mapping can be neither turned off nor moved: it is used as shipped` };
  if (!r.Active__c) return null;
  const name = `${m.object}.${r.Salesforce_Field__c}`;
  const asShipped = `${m.object}.${m.field} is used`;
  if (
    PACKAGE_FIELD.test(r.Salesforce_Field__c) ||
    Object.hasOwn(NOT_REMAPPABLE[m.object] ?? {}, r.Salesforce_Field__c) ||
    SHIPPED_MAPPINGS.some((s) => s.object === m.object && s.field === r.Salesforce_Field__c)
  )
    return { problem: `the relay writes ${name} itself, so it cannot take this mapping too (${asShipped})` };
  if (!fieldOf) return { problem: `${m.object} could not be described; tried again within the hour (${asShipped})` };
  const field = fieldOf(r.Salesforce_Field__c);
  if (!field) return { problem: `${name} does not exist in this org (${asShipped})` };
  if (!TYPES[m.type].includes(field.type))
    return {
      problem: `${name} is a ${field.type} field, which cannot hold ${m.object}.${m.field}'s value (${asShipped})`,
    };
  if (towardsCrm(m) && !field.updateable) return { problem: `the relay cannot write ${name} (${asShipped})` };
  return { field: field.name, ...(m.type === 'text' && field.length > 0 ? { length: field.length } : {}) };
}
