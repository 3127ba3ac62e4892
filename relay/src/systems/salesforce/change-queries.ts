/**
 * @module
 * What the org sends to QuickBooks, as the queries that find it changed (each by its own
 * SystemModstamp cursor): Accounts marked "Send to QuickBooks" with their contacts — the primary
 * one and the others — (and read again when one of their contacts changes); every product (a product's item is
 * what invoices name), with its standard price; won Opportunities QuickBooks has no invoice for,
 * with their Account and their products, and — while the org maps Opportunity fields into the
 * invoice — won ones already in QuickBooks, for those fields' edits; activated Orders (and booked ones cancelled since), with
 * their Account and their products. A page's rows are stored as read, plus what `enrich` adds
 * (the product's price, the Opportunity's lines), so decoding needs nothing but the page.
 */
import type { Result } from '../../lib/result.ts';
import type { SalesforceClient } from './client.ts';
import { dealMappings, dealValues, type MappingContext } from './deal-mapped-values.ts';
import type { SfError } from './errors.ts';

type Row = Record<string, unknown>;

export interface ChangeQuery {
  /** The cursor of its reads, and the inbox kind of its pages unless `storedAs` says otherwise. */
  readonly kind: string;
  /** The inbox kind its pages are stored as (a changed Contact is read as its Account). */
  readonly storedAs?: string;
  readonly object: string;
  readonly fields: readonly string[];
  /** The condition besides the cursor (package names as the package spells them). */
  readonly where: string;
  /**
   * Adds to each row what its mapping needs from other objects (by further queries); `mapping`:
   * the org's field mappings, for the values they send. A row it leaves out is not stored.
   */
  enrich?(
    sf: Pick<SalesforceClient, 'query' | 'namer'>,
    rows: readonly Row[],
    mapping?: MappingContext,
  ): Promise<Result<Row[], SfError>>;
}

const ADDRESS = ['Street', 'City', 'State', 'PostalCode', 'Country'];
const ACCOUNT = [
  'Name',
  'Phone',
  ...ADDRESS.map((p) => `Billing${p}`),
  ...ADDRESS.map((p) => `Shipping${p}`),
  'QuickBooks_Email__c',
  'QuickBooks_Customer_Id__c',
  'QuickBooks_Vendor_Id__c',
  'QuickBooks_Type__c',
  'QuickBooks_Connection__c',
  'SystemModstamp',
];

/**
 * Ids a query names at most (`IN (...)`): a query travels in the URL, which Salesforce caps at
 * 16,384 bytes with the headers; 200 quoted ids are about 4.5 KB.
 */
const IDS_PER_QUERY = 200;

/** Runs `soql(ids)` over the ids a chunk at a time; the rows of every chunk, in order. */
export async function queryByIds(
  sf: Pick<SalesforceClient, 'query'>,
  ids: readonly string[],
  soql: (idList: string) => string,
): Promise<Result<Row[], SfError>> {
  const unique = [...new Set(ids)];
  const rows: Row[] = [];
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
    const chunk = unique
      .slice(i, i + IDS_PER_QUERY)
      .map((id) => `'${id}'`)
      .join(', ');
    const found = await sf.query<Row>(soql(chunk));
    if (!found.ok) return found;
    rows.push(...found.value);
  }
  return { ok: true, value: rows };
}

const idsOf = (rows: readonly Row[], field = 'Id') => rows.map((r) => String(r[field]));

/** Groups rows of a further query by the field naming their parent. */
const byParent = (rows: readonly Row[], field: string) => {
  const out = new Map<string, Row[]>();
  for (const r of rows) out.set(String(r[field]), [...(out.get(String(r[field])) ?? []), r]);
  return out;
};

const CONTACT_FIELDS = ['Id', 'AccountId', 'Salutation', 'FirstName', 'LastName', 'Title', 'Email', 'Phone'];

/**
 * An Account's other contacts sent with it at most: QuickBooks takes any number, but a customer's
 * contact list is for the people a bookkeeper calls, not an Account's whole org chart.
 */
export const OTHER_CONTACTS_MAX = 20;

/**
 * Each Account's contacts: the primary one — the one that mirrors QuickBooks' contact of its
 * customer, else the Account's first (Salesforce marks none as primary) — and the others, oldest
 * first (CreatedDate, then Id), at most {@link OTHER_CONTACTS_MAX}.
 */
async function accountContacts(
  sf: Pick<SalesforceClient, 'query' | 'namer'>,
  accountIds: readonly string[],
): Promise<Result<Map<string, { primary: Row; others: Row[] }>, SfError>> {
  const ids = [...new Set(accountIds)];
  if (ids.length === 0) return { ok: true, value: new Map() };
  const found = await queryByIds(
    sf,
    ids,
    (list) =>
      `SELECT ${[...CONTACT_FIELDS, 'QuickBooks_Contact_Id__c'].map((f) => sf.namer(f)).join(', ')} FROM Contact ` +
      `WHERE AccountId IN (${list}) ORDER BY AccountId, CreatedDate, Id`,
  );
  if (!found.ok) return found;
  const shown = (c: Row) => Object.fromEntries(CONTACT_FIELDS.slice(2).map((f) => [f, c[f] ?? null]));
  const out = new Map<string, { primary: Row; others: Row[] }>();
  for (const [account, of] of primaryAndOthers(sf, found.value)) {
    out.set(account, { primary: shown(of.primary), others: of.others.map(shown) });
  }
  return { ok: true, value: out };
}

/**
 * Contacts read `ORDER BY AccountId, CreatedDate, Id` with `QuickBooks_Contact_Id__c`, by Account:
 * the primary one and the others, as {@link accountContacts} sends them.
 */
export function primaryAndOthers(
  sf: Pick<SalesforceClient, 'namer'>,
  rows: readonly Row[],
): Map<string, { primary: Row; others: Row[] }> {
  const mirrors = (r: Row) => Boolean(r[sf.namer('QuickBooks_Contact_Id__c')]);
  const out = new Map<string, { primary: Row; others: Row[] }>();
  for (const [account, contacts] of byParent(rows, 'AccountId')) {
    const primary = contacts.find(mirrors) ?? contacts[0]!;
    out.set(account, { primary, others: contacts.filter((c) => c !== primary).slice(0, OTHER_CONTACTS_MAX) });
  }
  return out;
}

/**
 * Rows with their Account's primary contact (`PrimaryContact`) and its others (`OtherContacts`),
 * the Account named by `accountOf`.
 */
async function withContacts(
  sf: Pick<SalesforceClient, 'query' | 'namer'>,
  rows: readonly Row[],
  accountOf: (r: Row) => string,
): Promise<Result<Row[], SfError>> {
  const contacts = await accountContacts(sf, rows.map(accountOf));
  if (!contacts.ok) return contacts;
  return {
    ok: true,
    value: rows.map((r) => {
      const of = contacts.value.get(accountOf(r));
      return { ...r, PrimaryContact: of?.primary ?? null, OtherContacts: of?.others ?? [] };
    }),
  };
}

/**
 * Rows with the key of the QuickBooks connection their Account names (`QuickBooksConnectionKey`,
 * null when it names none): the company what the Account sends goes to. One query a page, for the
 * connections named.
 */
async function withConnectionKeys(
  sf: Pick<SalesforceClient, 'query' | 'namer'>,
  found: Result<Row[], SfError>,
  lookupOf: (r: Row) => unknown,
): Promise<Result<Row[], SfError>> {
  if (!found.ok) return found;
  const named = found.value.map(lookupOf).filter((id): id is string => typeof id === 'string' && id !== '');
  const keys = new Map<string, unknown>();
  if (named.length > 0) {
    const key = sf.namer('Connection_Key__c');
    const connections = await queryByIds(
      sf,
      named,
      (list) => `SELECT Id, ${key} FROM ${sf.namer('QuickBooks_Connection__c')} WHERE Id IN (${list})`,
    );
    if (!connections.ok) return connections;
    for (const c of connections.value) keys.set(String(c.Id), c[key]);
  }
  return {
    ok: true,
    value: found.value.map((r) => ({ ...r, QuickBooksConnectionKey: keys.get(String(lookupOf(r))) ?? null })),
  };
}

const ownConnection = (r: Row) => r.QuickBooks_Connection__c;
const accountConnection = (r: Row) => (r.Account as Row | null | undefined)?.QuickBooks_Connection__c;

export const ACCOUNT_QUERY: ChangeQuery = {
  kind: 'Account',
  object: 'Account',
  fields: ['Id', ...ACCOUNT],
  where: 'QuickBooks_Sync_Enabled__c = true',
  enrich: async (sf, rows) => withConnectionKeys(sf, await withContacts(sf, rows, (r) => String(r.Id)), ownConnection),
};

/** A changed contact of an Account sent to QuickBooks: its Account is read again (with its contacts). */
export const CONTACT_QUERY: ChangeQuery = {
  kind: 'Contact',
  storedAs: 'Account',
  object: 'Contact',
  fields: ['Id', 'AccountId', 'SystemModstamp'],
  where: 'Account.QuickBooks_Sync_Enabled__c = true',
  async enrich(sf, rows) {
    const accounts = await queryByIds(
      sf,
      idsOf(rows, 'AccountId'),
      (list) => `SELECT ${ACCOUNT_QUERY.fields.map((f) => sf.namer(f)).join(', ')} FROM Account WHERE Id IN (${list})`,
    );
    if (!accounts.ok) return accounts;
    return withConnectionKeys(sf, await withContacts(sf, accounts.value, (r) => String(r.Id)), ownConnection);
  },
};

export const PRODUCT_QUERY: ChangeQuery = {
  kind: 'Product2',
  object: 'Product2',
  fields: [
    'Id',
    'Name',
    'Description',
    'IsActive',
    'QuickBooks_Item_Id__c',
    'QuickBooks_Item_Type__c',
    'SystemModstamp',
  ],
  where: '',
  async enrich(sf, rows) {
    const prices = await queryByIds(
      sf,
      idsOf(rows),
      (list) =>
        `SELECT Product2Id, UnitPrice FROM PricebookEntry WHERE Pricebook2.IsStandard = true AND Product2Id IN (${list})`,
    );
    if (!prices.ok) return prices;
    const price = new Map(prices.value.map((p) => [String(p.Product2Id), p.UnitPrice]));
    return { ok: true, value: rows.map((r) => ({ ...r, StandardPrice: price.get(String(r.Id)) ?? null })) };
  },
};

/**
 * A product whose standard price changed: the price lives on its standard price book entry, and
 * changing it leaves the product's own SystemModstamp as it was. Its product is read again.
 */
export const STANDARD_PRICE_QUERY: ChangeQuery = {
  kind: 'PricebookEntry',
  storedAs: 'Product2',
  object: 'PricebookEntry',
  fields: ['Id', 'Product2Id', 'SystemModstamp'],
  where: 'Pricebook2.IsStandard = true',
  async enrich(sf, rows) {
    const products = await queryByIds(
      sf,
      idsOf(rows, 'Product2Id'),
      (list) => `SELECT ${PRODUCT_QUERY.fields.map((f) => sf.namer(f)).join(', ')} FROM Product2 WHERE Id IN (${list})`,
    );
    if (!products.ok) return products;
    return PRODUCT_QUERY.enrich!(sf, products.value);
  },
};

/**
 * Deals with the values the org's mappings send into QuickBooks (`Custom`, see
 * `deal-mapped-values.ts`), read by a query of their own: the fields are the customer's, named as
 * the org names them (never with the package's namespace).
 */
async function withMappedValues(
  sf: Pick<SalesforceClient, 'query'>,
  found: Result<Row[], SfError>,
  mapping: MappingContext | undefined,
): Promise<Result<Row[], SfError>> {
  if (!found.ok || !mapping) return found;
  const applied = dealMappings(await mapping.mappings());
  if (!applied.length || !found.value.length) return found;
  const fields = [...new Set(applied.map((m) => m.crmField))].join(', ');
  const values = await queryByIds(
    sf,
    idsOf(found.value),
    (list) => `SELECT Id, ${fields} FROM Opportunity WHERE Id IN (${list})`,
  );
  if (!values.ok) return values;
  const byId = new Map(values.value.map((v) => [String(v.Id), v]));
  return {
    ok: true,
    value: found.value.map((r) => ({
      ...r,
      Custom: dealValues(byId.get(String(r.Id)) ?? {}, String(r.Id), applied, mapping.log),
    })),
  };
}

/** Won deals with their lines, their Account's contacts and QuickBooks connection, and their mapped values. */
async function dealsRead(
  sf: Pick<SalesforceClient, 'query' | 'namer'>,
  rows: readonly Row[],
  mapping: MappingContext | undefined,
): Promise<Result<Row[], SfError>> {
  const lines = await queryByIds(
    sf,
    idsOf(rows),
    (list) =>
      'SELECT Id, OpportunityId, Product2Id, Quantity, UnitPrice, Description FROM OpportunityLineItem ' +
      `WHERE OpportunityId IN (${list}) ORDER BY OpportunityId, Id`,
  );
  if (!lines.ok) return lines;
  const of = byParent(lines.value, 'OpportunityId');
  const withLines = rows.map((r) => ({ ...r, Lines: of.get(String(r.Id)) ?? [] }));
  const keyed = await withConnectionKeys(
    sf,
    await withContacts(sf, withLines, (r) => String(r.AccountId)),
    accountConnection,
  );
  return withMappedValues(sf, keyed, mapping);
}

const DEAL_FIELDS = [
  'Id',
  'Name',
  'CloseDate',
  'Description',
  'AccountId',
  ...ACCOUNT.map((f) => `Account.${f}`),
  'SystemModstamp',
];

export const OPPORTUNITY_QUERY: ChangeQuery = {
  kind: 'Opportunity',
  object: 'Opportunity',
  fields: DEAL_FIELDS,
  // A deal QuickBooks already holds as an invoice or a sales order is not read again: nothing is added twice.
  where: "StageName = 'Closed Won' AND QuickBooks_Invoice_Id__c = null AND QuickBooks_Sales_Order_Id__c = null",
  enrich: dealsRead,
};

/**
 * Won deals Salesforce sent to QuickBooks that it holds as an invoice, read again only while the
 * org maps Opportunity fields into the invoice (else no row is stored): an edit of a mapped field
 * reaches the invoice. A deal the relay shows a sync status on is one Salesforce made; the mirror
 * of an invoice entered in QuickBooks stays "Not Synced" and is not read. Each names its invoice
 * (`QuickBooks_Invoice_Id__c`), so it is known as that invoice's record, never added again.
 */
export const DEAL_IN_QUICKBOOKS_QUERY: ChangeQuery = {
  kind: 'OpportunityInQuickBooks',
  storedAs: 'Opportunity',
  object: 'Opportunity',
  fields: [...DEAL_FIELDS, 'QuickBooks_Invoice_Id__c'],
  where:
    "StageName = 'Closed Won' AND QuickBooks_Invoice_Id__c != null AND " +
    "QuickBooks_Sync_Status__c IN ('Queued', 'Synced', 'Failed', 'Needs Review')",
  async enrich(sf, rows, mapping) {
    const applied = mapping ? dealMappings(await mapping.mappings()) : [];
    return applied.length ? dealsRead(sf, rows, mapping) : { ok: true, value: [] };
  },
};

/**
 * Orders to book: activated ones, and cancelled ones already booked (whose booking is undone), with
 * their Account and their products (each with its product's name). A booked Order is read again
 * whenever it changes (set back to draft, its products changed, activated again); a draft is not
 * read. The Order's own status write-back is read too, and found unchanged.
 */
export const ORDER_QUERY: ChangeQuery = {
  kind: 'Order',
  object: 'Order',
  fields: [
    'Id',
    'OrderNumber',
    'EffectiveDate',
    'StatusCode',
    'AccountId',
    'QuickBooks_Department__c',
    'QuickBooks_Class__c',
    ...ACCOUNT.map((f) => `Account.${f}`),
    'SystemModstamp',
  ],
  where: "(StatusCode = 'Activated' OR (StatusCode = 'Cancelled' AND QuickBooks_Journal_Entry_Id__c != null))",
  async enrich(sf, rows) {
    const lines = await queryByIds(
      sf,
      idsOf(rows),
      (list) =>
        'SELECT Id, OrderId, Product2Id, Product2.Name, Quantity, UnitPrice, TotalPrice, Description FROM OrderItem ' +
        `WHERE OrderId IN (${list}) ORDER BY OrderId, Id`,
    );
    if (!lines.ok) return lines;
    const of = byParent(
      lines.value.map(({ Product2: product, attributes: _a, ...l }) => ({
        ...l,
        ProductName: (product as Row | null | undefined)?.Name ?? null,
      })),
      'OrderId',
    );
    const withLines = rows.map((r) => ({ ...r, Lines: of.get(String(r.Id)) ?? [] }));
    return withConnectionKeys(sf, await withContacts(sf, withLines, (r) => String(r.AccountId)), accountConnection);
  },
};

/** In the order they are read: what an Opportunity or an Order names is read before it. */
export const CHANGE_QUERIES: readonly ChangeQuery[] = [
  ACCOUNT_QUERY,
  CONTACT_QUERY,
  PRODUCT_QUERY,
  STANDARD_PRICE_QUERY,
  OPPORTUNITY_QUERY,
  DEAL_IN_QUICKBOOKS_QUERY,
  ORDER_QUERY,
];
