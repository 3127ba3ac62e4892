/**
 * @module
 * What the org sends to QuickBooks, as the queries that find it changed (each by its own
 * SystemModstamp cursor): Accounts marked "Send to QuickBooks"; every product (a product's item is
 * what invoices name), with its standard price; won Opportunities QuickBooks has no invoice for,
 * with their Account and their products. A page's rows are stored as read, plus what `enrich` adds
 * (the product's price, the Opportunity's lines), so decoding needs nothing but the page.
 */
import type { Result } from '../../lib/result.ts';
import type { SalesforceClient } from './client.ts';
import type { SfError } from './errors.ts';

type Row = Record<string, unknown>;

export interface ChangeQuery {
  /** The inbox kind and cursor of its pages. */
  readonly kind: string;
  readonly object: string;
  readonly fields: readonly string[];
  /** The condition besides the cursor (package names as the package spells them). */
  readonly where: string;
  /** Adds to each row what its mapping needs from other objects (by further queries). */
  enrich?(sf: Pick<SalesforceClient, 'query' | 'namer'>, rows: readonly Row[]): Promise<Result<Row[], SfError>>;
}

const ADDRESS = ['Street', 'City', 'State', 'PostalCode', 'Country'];
const ACCOUNT = [
  'Name',
  'Phone',
  ...ADDRESS.map((p) => `Billing${p}`),
  ...ADDRESS.map((p) => `Shipping${p}`),
  'QuickBooks_Email__c',
  'QuickBooks_Customer_Id__c',
  'QuickBooks_Type__c',
  'SystemModstamp',
];

const idList = (rows: readonly Row[], field = 'Id') => rows.map((r) => `'${String(r[field])}'`).join(', ');

/** Groups rows of a further query by the field naming their parent. */
const byParent = (rows: readonly Row[], field: string) => {
  const out = new Map<string, Row[]>();
  for (const r of rows) out.set(String(r[field]), [...(out.get(String(r[field])) ?? []), r]);
  return out;
};

export const ACCOUNT_QUERY: ChangeQuery = {
  kind: 'Account',
  object: 'Account',
  fields: ['Id', ...ACCOUNT],
  where: 'QuickBooks_Sync_Enabled__c = true',
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
    const prices = await sf.query<Row>(
      `SELECT Product2Id, UnitPrice FROM PricebookEntry WHERE Pricebook2.IsStandard = true AND Product2Id IN (${idList(rows)})`,
    );
    if (!prices.ok) return prices;
    const price = new Map(prices.value.map((p) => [String(p.Product2Id), p.UnitPrice]));
    return { ok: true, value: rows.map((r) => ({ ...r, StandardPrice: price.get(String(r.Id)) ?? null })) };
  },
};

export const OPPORTUNITY_QUERY: ChangeQuery = {
  kind: 'Opportunity',
  object: 'Opportunity',
  fields: [
    'Id',
    'Name',
    'CloseDate',
    'Description',
    'AccountId',
    ...ACCOUNT.map((f) => `Account.${f}`),
    'SystemModstamp',
  ],
  where: "StageName = 'Closed Won' AND QuickBooks_Invoice_Id__c = null",
  async enrich(sf, rows) {
    const lines = await sf.query<Row>(
      'SELECT Id, OpportunityId, Product2Id, Quantity, UnitPrice, Description FROM OpportunityLineItem ' +
        `WHERE OpportunityId IN (${idList(rows)}) ORDER BY OpportunityId, Id`,
    );
    if (!lines.ok) return lines;
    const of = byParent(lines.value, 'OpportunityId');
    return { ok: true, value: rows.map((r) => ({ ...r, Lines: of.get(String(r.Id)) ?? [] })) };
  },
};

/** In the order they are read: what an Opportunity names is read before it. */
export const CHANGE_QUERIES: readonly ChangeQuery[] = [ACCOUNT_QUERY, PRODUCT_QUERY, OPPORTUNITY_QUERY];
