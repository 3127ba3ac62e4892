/**
 * @module
 * The org's field mappings applied to what the org sends to QuickBooks: once a page of changed
 * Accounts is read, the mappings in force are read (at most hourly, and only then: an org whose
 * Accounts do not change is asked nothing more), and the Account fields each mapping towards
 * QuickBooks names are read for the page's Accounts in one query by their Ids — by the org's own
 * names: a customer's field such as `Region__c` is not the package's and never takes its
 * namespace. Each row then carries their values in QuickBooks' terms (`Custom`: by the QuickBooks
 * field's name, through the mapping's transform; an empty one `''`: cleared; with the mapping's
 * facts, for the check against the company's definitions), at read time, so a
 * stored page decodes with nothing but itself. No mapping towards QuickBooks: the rows as they were.
 */
import type { Result } from '../../lib/result.ts';
import { factsOf } from '../../sync/books-fields.ts';
import { transform, type FieldMapping } from '../../sync/custom-fields.ts';
import { queryByIds } from './change-queries.ts';
import type { SalesforceClient } from './client.ts';
import type { SfError } from './errors.ts';
import type { FieldMappingReader } from './field-mappings.ts';

type Row = Record<string, unknown>;

/** The mappings that send an Account field to its customer in QuickBooks. */
async function accountMappingsToBooks(reader: Pick<FieldMappingReader, 'read'> | undefined) {
  if (!reader) return [];
  const { mappings } = await reader.read();
  return mappings.filter((m) => m.toBooks && m.recordType === 'customer');
}

/** The Account fields to select, as the org names them (not through the namer). */
const mappedFieldsOf = (mappings: readonly FieldMapping[]) => [...new Set(mappings.map((m) => m.crmField))];

/**
 * Account rows (with `Id`) with the values the mappings send to QuickBooks (`Custom`).
 * @example await withMappedValues(sf, rows, reader) // { ok: true, value: [{ …, Custom: [{ name: 'Sales Region', value: 'W' }] }] }
 */
export async function withMappedValues(
  sf: Pick<SalesforceClient, 'query'>,
  rows: readonly Row[],
  reader: Pick<FieldMappingReader, 'read'> | undefined,
): Promise<Result<Row[], SfError>> {
  const toBooks = rows.length ? await accountMappingsToBooks(reader) : [];
  if (!toBooks.length) return { ok: true, value: [...rows] };
  const fields = mappedFieldsOf(toBooks);
  const found = await queryByIds(
    sf,
    rows.map((r) => String(r.Id)),
    (list) => `SELECT Id, ${fields.join(', ')} FROM Account WHERE Id IN (${list})`,
  );
  if (!found.ok) return found;
  const byId = new Map(found.value.map((r) => [String(r.Id), r]));
  return {
    ok: true,
    value: withCustomValues(
      rows.map((r) => ({ ...r, ...pick(byId.get(String(r.Id)), fields) })),
      toBooks,
    ),
  };
}

const pick = (r: Row | undefined, fields: readonly string[]) =>
  Object.fromEntries(fields.map((f) => [f, r?.[f] ?? null]));

/**
 * Account rows with their mapped values in QuickBooks' terms (`Custom`).
 */
function withCustomValues(rows: readonly Row[], mappings: readonly FieldMapping[]): Row[] {
  return rows.map((r) => ({
    ...r,
    Custom: mappings.flatMap((m) => {
      const raw = r[m.crmField];
      const value = typeof raw === 'string' ? raw : raw === null || raw === undefined ? undefined : String(raw);
      const out = transform(m.transform, value, 'books', m.length?.books);
      // A value QuickBooks keeps as it holds it (the default, standing for a value the map lacks) is not sent.
      return out.keep ? [] : [{ name: m.booksField, value: out.value ?? '', facts: factsOf(m) }];
    }),
  }));
}
