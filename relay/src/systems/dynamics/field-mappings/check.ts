/**
 * @module
 * One `lb_fieldmapping` row checked against the environment's metadata, as a pure function: the
 * row as the Web API returns it (its choices as option values, `provision/schema.ts`), and the
 * columns of its table (`AttributeType`, `MaxLength`, a choice's option labels). A row that fits
 * becomes the mapping the engine applies ({@link DynamicsMapping}: a choice column's option values
 * by label with it); one that does not, why, in words, which the relay writes on the row itself
 * (`lb_problem`). Applied so far: an account's column to a Desktop customer's data extension, both
 * ways.
 */
import { z } from 'zod';
import { crmValuesWritten, parseValueMap, type FieldMapping, type TransformKind } from '../../../sync/custom-fields.ts';
import { MAPPING_DIRECTIONS, MAPPING_KINDS, MAPPING_TRANSFORMS, optionLabel } from '../provision/schema.ts';

/** A mapping as the Dynamics side applies it: a choice column's option values, by label. */
export interface DynamicsMapping extends FieldMapping {
  readonly options?: ReadonlyMap<string, number>;
}

const text = z.string().nullish();
export const MappingRow = z.looseObject({
  lb_fieldmappingid: z.string(),
  lb_name: text,
  lb_crmtable: text,
  lb_crmcolumn: text,
  lb_quickbooksobject: text,
  lb_quickbookskind: z.number().int().nullish(),
  lb_quickbooksfield: text,
  lb_direction: z.number().int().nullish(),
  lb_transform: z.number().int().nullish(),
  lb_valuemap: text,
  lb_defaultvalue: text,
  lb_format: text,
  lb_active: z.boolean().nullish(),
  lb_problem: text,
});
export type MappingRow = z.infer<typeof MappingRow>;

/** The columns the reader selects. */
export const MAPPING_COLUMNS = Object.keys(MappingRow.shape);

/** A column of the mapped table, as its metadata says (the choices' options read by a cast). */
export interface ColumnFacts {
  readonly name: string;
  readonly type: string;
  readonly maxLength?: number;
  readonly updatable: boolean;
  /** A choice column's options: value by label. */
  readonly options?: ReadonlyMap<string, number>;
}

const TRANSFORM: Readonly<Record<string, TransformKind>> = {
  Copy: 'copy',
  'Value Map': 'value_map',
  Truncate: 'truncate',
  'Default When Empty': 'default',
  'Date Format': 'date',
  'Number Format': 'number',
};

/**
 * The column types each transform writes into: a choice takes only a value map's (each of its
 * values one of the choice's labels); dates and numbers go as text.
 */
const FITS: Readonly<Record<TransformKind, readonly string[]>> = {
  copy: ['String', 'Memo'],
  value_map: ['String', 'Memo', 'Picklist'],
  truncate: ['String', 'Memo'],
  default: ['String', 'Memo'],
  date: ['String'],
  number: ['String'],
};

/** Column types in the words of the Power Apps maker portal. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  String: 'text',
  Memo: 'multiline text',
  Picklist: 'choice',
  Integer: 'whole number',
  Decimal: 'decimal',
  Money: 'currency',
  Boolean: 'yes/no',
  DateTime: 'date and time',
  Lookup: 'lookup',
};

/** The canonical record a pair (Dynamics table, QuickBooks object, kind) is. */
const APPLIED: Readonly<Record<string, string>> = { 'account|Customer|Data Extension': 'customer' };

/** What a Desktop data extension holds (STR255TYPE). */
const DATA_EXT_LENGTH = 255;

const length = (s: string) => [...s].length;

/** The row's name for words: its own, else its id. */
export const rowName = (r: MappingRow) => (r.lb_name?.trim() ? r.lb_name.trim() : r.lb_fieldmappingid);

/**
 * The mapping a row gives, or why it cannot apply, in words. `columns`: the row's table's
 * columns by logical name (undefined: the table could not be read).
 * @example checkRow(row, columns) // { name: 'Region', recordType: 'customer', crmField: 'new_region', … }
 */
export function checkRow(
  r: MappingRow,
  columns: ReadonlyMap<string, ColumnFacts> | undefined,
): DynamicsMapping | string {
  const name = rowName(r);
  const table = (r.lb_crmtable ?? '').trim().toLowerCase();
  const kind = optionLabel(MAPPING_KINDS, r.lb_quickbookskind) ?? '';
  const recordType = APPLIED[`${table}|${r.lb_quickbooksobject ?? ''}|${kind}`];
  if (!recordType)
    return `${table || 'a table'} to a QuickBooks ${r.lb_quickbooksobject ?? 'object'} ${kind.toLowerCase() || 'field'} is not applied yet (account to a Desktop customer's data extension is)`;
  const booksField = (r.lb_quickbooksfield ?? '').trim();
  if (!booksField) return 'it names no QuickBooks field';
  const columnName = (r.lb_crmcolumn ?? '').trim().toLowerCase();
  if (!columns) return `the ${table} table's columns could not be read; tried again within the hour`;
  const column = columns.get(columnName);
  const where = `${table}.${columnName}`;
  if (!column) return `the ${table} table has no column ${columnName || '(none named)'}`;
  const direction = optionLabel(MAPPING_DIRECTIONS, r.lb_direction);
  const transformWords = optionLabel(MAPPING_TRANSFORMS, r.lb_transform);
  if (!direction) return 'it has no direction';
  const t = transformWords && TRANSFORM[transformWords];
  if (!t) return 'it has no transform';
  if (!FITS[t].includes(column.type))
    return `${where} is a ${TYPE_WORDS[column.type] ?? column.type} column, which ${transformWords} cannot write`;
  const toCrm = direction !== 'Dynamics to QuickBooks';
  const toBooks = direction !== 'QuickBooks to Dynamics';
  if (toCrm && !column.updatable) return `the relay cannot write ${where}`;
  const pairs = t === 'value_map' ? parseValueMap(r.lb_valuemap ?? '') : [];
  if (!pairs) return `the value map "${r.lb_valuemap}" is not Dynamics value=QuickBooks value pairs`;
  const fallback = r.lb_defaultvalue ?? undefined;
  const transform = {
    kind: t,
    ...(pairs.length ? { pairs } : {}),
    ...(fallback === undefined ? {} : { fallback }),
    ...(r.lb_format ? { format: r.lb_format } : {}),
  };
  if (toCrm) {
    const written = crmValuesWritten(transform);
    const missing = column.options ? written.filter((v) => !column.options!.has(v)) : [];
    if (missing.length) return `${where} has no choice labelled ${missing.map((v) => `"${v}"`).join(', ')}`;
    const max = column.maxLength;
    const long = max === undefined ? [] : written.filter((v) => length(v) > max);
    if (long.length) return `${where} holds ${max} characters, shorter than ${long.map((v) => `"${v}"`).join(', ')}`;
    if (max !== undefined && max < DATA_EXT_LENGTH && (t === 'copy' || t === 'default'))
      return `${where} holds ${max} characters and a data extension ${DATA_EXT_LENGTH}, which ${transformWords} cannot fit: use Truncate, or a column of at least ${DATA_EXT_LENGTH} characters`;
  }
  return {
    name,
    recordType,
    booksField,
    crmField: column.name,
    toCrm,
    toBooks,
    transform,
    length: { ...(column.maxLength === undefined ? {} : { crm: column.maxLength }), books: DATA_EXT_LENGTH },
    ...(column.options ? { options: column.options } : {}),
  };
}
