/**
 * @module
 * A customer's public data extensions (OwnerID 0: the company's custom fields) as the write phase
 * sends them. A customer write carries the values the CRM's field mappings give (`dataExt`, by
 * DataExtName; `null`: the CRM cleared it); each one QuickBooks holds otherwise goes as its own
 * request after the customer's Add or Mod, in the same message set: a DataExtMod for a value, a
 * DataExtDel for a value cleared that QuickBooks holds. An Add's data extensions name the customer
 * by its full name (its ListID is not known before the set runs). Once the company's definitions
 * are known (`data-ext-defs.ts`), a value whose mapping does not fit its definition is not sent
 * (the mapping's facts travel beside the values, `dataExtFacts`; the connection's health says why),
 * and a truncate's value is cut to what the definition takes; before they are known (a first
 * session, or a write queued before its facts travelled), each value goes as it is and QuickBooks'
 * answer to each is a typed result with words, never a silent skip.
 */
import { relayError, type RelayError } from '../../../lib/result.ts';
import {
  booksFieldProblem,
  definitionNamed,
  fitted,
  type BooksFieldDefinition,
  type MappingFacts,
} from '../../../sync/books-fields.ts';
import type { OutboxItem } from '../../../store/outbox.ts';
import type { QbxmlResponse } from '../qbxml/parse.ts';
import type { QbxmlWrite, Ref } from '../qbxml/request-types.ts';

/** The OwnerID of a company's public custom fields. */
export const PUBLIC_OWNER = '0';

/** What a customer write sets of its data extensions, by name (`null`: none). */
export type DataExtValues = Readonly<Record<string, string | null>>;

/** The outbox field a customer write carries its data extensions in. */
export const DATA_EXT_FIELD = 'dataExt';

const isValues = (v: unknown): v is DataExtValues =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => x === null || typeof x === 'string');

/** The outbox field a customer write carries its mappings' facts in, by DataExtName. */
export const DATA_EXT_FACTS_FIELD = 'dataExtFacts';

const isFacts = (v: unknown): v is MappingFacts =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as MappingFacts).mapping === 'string' &&
  ['text', 'number', 'date'].includes((v as MappingFacts).holds);

/** The facts of the mapping each data extension's value comes from (none: a write queued without them). */
const factsOf = (fields: Readonly<Record<string, unknown>>): Readonly<Record<string, MappingFacts>> => {
  const v = fields[DATA_EXT_FACTS_FIELD];
  if (typeof v !== 'object' || v === null) return {};
  return Object.fromEntries(Object.entries(v).filter(([, f]) => isFacts(f))) as Record<string, MappingFacts>;
};

/** The value a data extension takes: undefined when its mapping does not fit the company's definition. */
function fittedValue(
  name: string,
  value: string | null,
  facts: MappingFacts | undefined,
  defs: readonly BooksFieldDefinition[] | undefined,
): string | null | undefined {
  if (!defs || !facts) return value;
  if (booksFieldProblem(facts, name, 'customer', defs) !== undefined) return undefined;
  const def = definitionNamed(defs, name);
  return value === null || !def ? value : fitted(facts, value, def);
}

/** The data extensions a write sets; undefined when it sets none. */
export const dataExtOf = (fields: Readonly<Record<string, unknown>>): DataExtValues | undefined =>
  isValues(fields[DATA_EXT_FIELD]) ? fields[DATA_EXT_FIELD] : undefined;

/** The requestID of a row's `n`th data extension request (a row's own is its id). */
const requestIdOf = (rowId: string, n: number) => `${rowId}:x${n}`;

/** Whether an answer is to one of the row's data extension requests. */
export const isDataExtAnswerOf = (rowId: string, requestId: string | undefined) =>
  requestId !== undefined && requestId.startsWith(`${rowId}:x`);

/**
 * The data extension requests of a customer write: each value that differs from `held` (what
 * QuickBooks holds; undefined for an Add, which holds none), in name order; `defs`: the company's
 * definitions, when known (a value whose mapping does not fit them is left out).
 * @example dataExtWrites(row, { listId: '80-1' }, { 'Sales Region': 'E' }, defs) // [{ type: 'DataExtMod', … value: 'W' }]
 */
export function dataExtWrites(
  row: OutboxItem,
  record: Ref,
  held: Readonly<Record<string, string>> | undefined,
  defs: readonly BooksFieldDefinition[] | undefined,
): QbxmlWrite[] {
  const values = dataExtOf(row.fields);
  if (!values) return [];
  const facts = factsOf(row.fields);
  const writes: QbxmlWrite[] = [];
  for (const name of Object.keys(values).sort()) {
    const value = fittedValue(name, values[name] ?? null, facts[name], defs);
    if (value === undefined) continue;
    const before = held?.[name] ?? null;
    if (value === before) continue;
    const base = {
      requestId: requestIdOf(row.id, writes.length),
      ownerId: PUBLIC_OWNER,
      name,
      listType: 'Customer' as const,
      record,
    };
    writes.push(value === null ? { type: 'DataExtDel', ...base } : { type: 'DataExtMod', ...base, value });
  }
  return writes;
}

/**
 * What QuickBooks' answers to a row's data extension requests mean: undefined when each was
 * taken; else the first refusal, in words. 3120 is QuickBooks' "object cannot be found": the
 * company has no such data extension for customers, or no such customer.
 */
export function dataExtRefusal(answers: readonly QbxmlResponse[], what: string): RelayError | undefined {
  const refused = answers.find((rs) => rs.statusCode !== 0);
  if (!refused) return undefined;
  const said = refused.statusMessage.trim() || 'no reason given';
  if (refused.statusCode === 3120)
    return relayError(
      'qbd_data_ext_missing',
      `QuickBooks saved ${what} but not its custom field: the company file has no such custom field for customers (${said}). Add the field in QuickBooks (Customer custom fields) or correct the mapping, then replay.`,
    );
  return relayError(
    'qbd_data_ext_refused',
    `QuickBooks saved ${what} but refused its custom field (status ${refused.statusCode}): ${said}.`,
  );
}
