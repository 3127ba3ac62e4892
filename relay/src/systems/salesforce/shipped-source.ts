/**
 * @module
 * The shipped defaults an admin changed (`shipped-mappings.ts`) applied to what the org sends to
 * QuickBooks: once a page of changes is read (and enriched), a field of a row turned off is not
 * read — its column is emptied, so the record sends QuickBooks nothing for it and QuickBooks keeps
 * its own — and a field of a row moved is read from the org's field instead, by one query of the
 * page's records by their Ids (the org's own names, never the package's namespace), into the
 * shipped field's column. So the rows keep their shape and decode as before (`source-rows.ts`),
 * and a stored page decodes with nothing but itself. An Opportunity's or an Order's Account is its
 * Account's, read by its AccountId; a page's contacts (the primary one and the others) are read
 * again for the moved fields, by their Accounts, in the order the page's were read. All as shipped (or no mapping reader): the rows as they were.
 */
import type { Result } from '../../lib/result.ts';
import { primaryAndOthers, queryByIds } from './change-queries.ts';
import type { SalesforceClient } from './client.ts';
import type { SfError } from './errors.ts';
import type { FieldMappingReader } from './field-mappings.ts';
import type { MovedField } from './shipped-mappings.ts';

type Row = Record<string, unknown>;
type Changes = ReadonlyMap<string, MovedField | null>;

/** Per kind of stored page: the object its rows are, and whether they carry an Account and contacts. */
const PAGES: Readonly<Record<string, { own?: string; account?: true; contacts?: true }>> = {
  Account: { own: 'Account', contacts: true },
  Product2: { own: 'Product2' },
  Opportunity: { own: 'Opportunity', account: true, contacts: true },
  Order: { account: true, contacts: true },
};

/** The moved fields' values of the records `ids`, by Id. */
async function movedValues(
  sf: Pick<SalesforceClient, 'query'>,
  object: string,
  ids: readonly string[],
  changes: Changes,
): Promise<Result<Map<string, Row>, SfError>> {
  const fields = [...new Set([...changes.values()].flatMap((to) => (to ? [to.field] : [])))];
  if (!fields.length || !ids.length) return { ok: true, value: new Map() };
  const found = await queryByIds(
    sf,
    ids,
    (list) => `SELECT Id, ${fields.join(', ')} FROM ${object} WHERE Id IN (${list})`,
  );
  return found.ok ? { ok: true, value: new Map(found.value.map((r) => [String(r.Id), r])) } : found;
}

/** A row's shipped columns read as the plan says: from the moved field's value, or emptied. */
function applied(row: Row, changes: Changes, values: Row | undefined): Row {
  const out = { ...row };
  for (const [field, to] of changes) out[field] = to ? (values?.[to.field] ?? null) : null;
  return out;
}

/**
 * The moved Contact fields' values of the Accounts' contacts, as the page holds them: the primary
 * one and the others, read in the order the page's were (`primaryAndOthers`).
 */
async function contactValues(
  sf: Pick<SalesforceClient, 'query' | 'namer'>,
  accountIds: readonly string[],
  changes: Changes,
): Promise<Result<Map<string, { primary: Row; others: Row[] }>, SfError>> {
  const fields = [...new Set([...changes.values()].flatMap((to) => (to ? [to.field] : [])))];
  if (!fields.length || !accountIds.length) return { ok: true, value: new Map() };
  const found = await queryByIds(
    sf,
    accountIds,
    (list) =>
      `SELECT Id, AccountId, ${sf.namer('QuickBooks_Contact_Id__c')}, ${fields.join(', ')} FROM Contact ` +
      `WHERE AccountId IN (${list}) ORDER BY AccountId, CreatedDate, Id`,
  );
  return found.ok ? { ok: true, value: primaryAndOthers(sf, found.value) } : found;
}

/** A row's contacts with their shipped columns read as the plan says. */
function withContacts(row: Row, changes: Changes, values: { primary: Row; others: Row[] } | undefined): Row {
  const one = (c: unknown, v: Row | undefined) => (c && typeof c === 'object' ? applied(c as Row, changes, v) : c);
  return {
    ...row,
    ...(row.PrimaryContact !== undefined ? { PrimaryContact: one(row.PrimaryContact, values?.primary) } : {}),
    ...(Array.isArray(row.OtherContacts)
      ? { OtherContacts: row.OtherContacts.map((c, i) => one(c, values?.others[i])) }
      : {}),
  };
}

/**
 * A page's rows with the changed shipped defaults applied (see the module).
 * @example await withShippedValues(sf, rows, 'Account', reader) // Phone read from Main_Phone__c
 */
export async function withShippedValues(
  sf: Pick<SalesforceClient, 'query' | 'namer'>,
  rows: readonly Row[],
  kind: string,
  reader: Pick<FieldMappingReader, 'read'> | undefined,
): Promise<Result<Row[], SfError>> {
  const page = PAGES[kind];
  if (!page || !reader || !rows.length) return { ok: true, value: [...rows] };
  const plan = (await reader.read()).shipped.toBooks;
  if (!plan.size) return { ok: true, value: [...rows] };
  let out = [...rows];
  const own = page.own ? plan.get(page.own) : undefined;
  if (page.own && own) {
    const values = await movedValues(
      sf,
      page.own,
      out.map((r) => String(r.Id)),
      own,
    );
    if (!values.ok) return values;
    out = out.map((r) => applied(r, own, values.value.get(String(r.Id))));
  }
  const account = page.account ? plan.get('Account') : undefined;
  if (account) {
    const values = await movedValues(
      sf,
      'Account',
      out.map((r) => String(r.AccountId)),
      account,
    );
    if (!values.ok) return values;
    out = out.map((r) => ({
      ...r,
      Account: applied((r.Account ?? {}) as Row, account, values.value.get(String(r.AccountId))),
    }));
  }
  const contacts = page.contacts ? plan.get('Contact') : undefined;
  if (contacts) {
    const accountOf = (r: Row) => String(page.own === 'Account' ? r.Id : r.AccountId);
    const values = await contactValues(sf, out.map(accountOf), contacts);
    if (!values.ok) return values;
    out = out.map((r) => withContacts(r, contacts, values.value.get(accountOf(r))));
  }
  return { ok: true, value: out };
}
