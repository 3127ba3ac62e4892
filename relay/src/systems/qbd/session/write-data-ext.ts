/**
 * @module
 * A customer's public data extensions (OwnerID 0: the company's custom fields) as the write phase
 * sends them. A customer write carries the values the CRM's field mappings give (`dataExt`, by
 * DataExtName; `null`: the CRM cleared it); each one QuickBooks holds otherwise goes as its own
 * request after the customer's Add or Mod, in the same message set: a DataExtMod for a value, a
 * DataExtDel for a value cleared that QuickBooks holds. An Add's data extensions name the customer
 * by its full name (its ListID is not known before the set runs). QuickBooks' answer to each is a
 * typed result with words, never a silent skip.
 */
import { relayError, type RelayError } from '../../../lib/result.ts';
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
 * QuickBooks holds; undefined for an Add, which holds none), in name order.
 * @example dataExtWrites(row, { listId: '80-1' }, { 'Sales Region': 'E' }) // [{ type: 'DataExtMod', … value: 'W' }]
 */
export function dataExtWrites(
  row: OutboxItem,
  record: Ref,
  held: Readonly<Record<string, string>> | undefined,
): QbxmlWrite[] {
  const values = dataExtOf(row.fields);
  if (!values) return [];
  const writes: QbxmlWrite[] = [];
  for (const name of Object.keys(values).sort()) {
    const value = values[name] ?? null;
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
