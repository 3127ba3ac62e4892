/**
 * @module
 * The environment's field mappings applied, both ways, as pure functions. Into Dynamics: a
 * customer's custom values (`CustomValue`, by the data extension's name) become its account's
 * mapped columns through each mapping's transform, a choice's label as its option value; a value
 * the transform says the column keeps (a value map's `*` pair read back) is not written; a value cut
 * to fit is logged (mapping, column, record, lengths; never the text). Towards QuickBooks: an
 * account row read carries its mapped columns' values in QuickBooks' terms under
 * {@link CUSTOM_VALUES} (with the mapping's facts, for the check against the company's definitions;
 * `''`: cleared), at read time, so a stored page decodes with nothing but itself.
 */
import type { Logger } from '../../../lib/logger.ts';
import { factsOf } from '../../../sync/books-fields.ts';
import { transform } from '../../../sync/custom-fields.ts';
import type { CustomValue, Customer } from '../../../sync/model.ts';
import type { DataverseJson } from '../api/types.ts';
import type { DynamicsMapping } from './check.ts';

/** Where a row read carries its mapped values (an annotation-like name no column can take). */
export const CUSTOM_VALUES = '@lb.custom';

/**
 * The account columns a customer's mapped values write.
 * @example mappedColumns(customer, [region], log) // { new_region: 100000001 }
 */
export function mappedColumns(
  record: Customer,
  mappings: readonly DynamicsMapping[],
  log?: Logger,
): Record<string, string | number | null> {
  const columns: Record<string, string | number | null> = {};
  for (const m of mappings) {
    if (!m.toCrm || m.recordType !== record.type) continue;
    const held = (record.custom ?? []).find((c) => c.name === m.booksField && !c.standard);
    const out = transform(m.transform, held?.value, 'crm', m.length?.crm);
    if (out.cutFrom !== undefined)
      log?.warn('a mapped value cut to fit its Dynamics column', {
        mapping: m.name,
        column: m.crmField,
        record: record.id,
        length: out.cutFrom,
        limit: m.length?.crm,
      });
    if (out.keep) continue;
    columns[m.crmField] = out.value === null || !m.options ? out.value : (m.options.get(out.value) ?? null);
  }
  return columns;
}

/** The columns to read for the mappings towards QuickBooks. */
export const columnsToRead = (mappings: readonly DynamicsMapping[]) => [
  ...new Set(mappings.filter((m) => m.toBooks).map((m) => m.crmField)),
];

/**
 * An account row with the values its mapped columns send to QuickBooks.
 * @example withCustomValues(row, [region]) // { …, '@lb.custom': [{ name: 'Sales Region', value: 'W', facts }] }
 */
export function withCustomValues(row: DataverseJson, mappings: readonly DynamicsMapping[]): DataverseJson {
  const toBooks = mappings.filter((m) => m.toBooks && m.recordType === 'customer');
  if (!toBooks.length) return row;
  const custom: CustomValue[] = toBooks.flatMap((m) => {
    const raw = row[m.crmField];
    const label = m.options && typeof raw === 'number' ? [...m.options].find(([, v]) => v === raw)?.[0] : undefined;
    const value =
      label ?? (typeof raw === 'string' ? raw : raw === null || raw === undefined ? undefined : String(raw));
    const out = transform(m.transform, value, 'books', m.length?.books);
    // A value QuickBooks keeps as it holds it (the default, standing for a value the map lacks) is not sent.
    return out.keep ? [] : [{ name: m.booksField, value: out.value ?? '', facts: factsOf(m) }];
  });
  return { ...row, [CUSTOM_VALUES]: custom };
}
