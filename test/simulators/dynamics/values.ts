/**
 * @module
 * Between the Web API's JSON and stored rows. Reading a body: every property must be a column of
 * the table valid for the operation (create/update), of the column's type, within its length and
 * choices; lookups are set only through `<navigation property>@odata.bind`. Writing a row: columns
 * as `$select` asks (all readable ones otherwise), lookups as `_<column>_value`, decimals and money
 * as exact numbers, the row version as `@odata.etag`, and with `odata.include-annotations` the
 * formatted values and lookup logical names.
 */
import { parseReference, findRow, type Address } from './address.ts';
import { normalizeDecimal } from './decimal.ts';
import {
  DataverseError,
  invalidArgument,
  invalidPayloadProperty,
  keyNotFound,
  notFound,
  notValidFor,
  tooLong,
} from './errors.ts';
import { JsonNumber, RawNumber } from './json.ts';
import { navigationProperties, type Column, type Table } from './schema.ts';
import type { Env, LookupValue, Row, Value } from './store.ts';

export type Operation = 'create' | 'update';

/** Resolves a change set's `$n` reference to the row it created. */
export type ContentIdLookup = (ref: string) => LookupValue | undefined;

const payloadError = (t: Table, name: string) => invalidPayloadProperty(t.logicalName, t.entitySetName, name);

function coerce(t: Table, c: Column, raw: unknown): Value {
  if (raw === null) return null;
  const wrong = () =>
    invalidArgument(
      `Cannot convert the literal '${raw instanceof JsonNumber ? raw.source : String(raw)}' to the expected type '${c.type}' of '${c.logicalName}'.`,
    );
  switch (c.type) {
    case 'String':
    case 'Memo':
    case 'DateTime':
    case 'Uniqueidentifier':
      if (typeof raw !== 'string') throw wrong();
      if (c.maxLength !== undefined && raw.length > c.maxLength)
        throw tooLong(t.logicalName, c.logicalName, c.maxLength);
      return raw;
    case 'Boolean':
      if (typeof raw !== 'boolean') throw wrong();
      return raw;
    case 'Integer':
    case 'BigInt':
    case 'Picklist':
    case 'State':
    case 'Status': {
      if (!(raw instanceof JsonNumber) || !/^-?\d+$/.test(raw.source)) throw wrong();
      const n = Number(raw.source);
      if (c.type === 'Picklist' && !c.options?.some((o) => o.value === n)) {
        throw new DataverseError(
          400,
          '0x80044331',
          `A validation error occurred. The value ${n} of '${c.logicalName}' on record of type '${t.logicalName}' is outside the valid range. Accepted Values: ${c.options?.map((o) => o.value).join(',')}`,
        );
      }
      return n;
    }
    case 'Decimal':
    case 'Money': {
      const v = raw instanceof JsonNumber ? normalizeDecimal(raw.source, c.precision ?? 2) : undefined;
      if (v === undefined) throw wrong();
      return v;
    }
    case 'Lookup':
      throw wrong();
  }
}

/**
 * The columns a create or update body sets. Throws Dataverse's error for an unknown property, a
 * column not valid for the operation, a value of the wrong type, or a bind to a row that is missing.
 */
export function readBody(
  env: Env,
  t: Table,
  body: unknown,
  op: Operation,
  contentId: ContentIdLookup,
): Record<string, Value> {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw invalidArgument('The request body must be a JSON object.');
  const navs = navigationProperties(t);
  const out: Record<string, Value> = {};
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    if (name.endsWith('@odata.bind')) {
      const nav = navs.get(name.slice(0, -'@odata.bind'.length));
      if (!nav) throw payloadError(t, name.slice(0, -'@odata.bind'.length));
      const col = t.columns.get(nav.column)!;
      if (!(op === 'create' ? col.validForCreate : col.validForUpdate)) throw notValidFor(col.logicalName, op);
      out[nav.column] = raw === null ? null : bind(env, nav.target, raw, contentId);
      continue;
    }
    if (name.startsWith('@') || name.includes('@')) continue;
    const col = t.columns.get(name);
    if (!col) throw payloadError(t, name);
    if (col.type === 'Lookup') {
      throw new DataverseError(
        400,
        '0x80048d19',
        `Error identified in Payload provided by the user for Entity :'${t.entitySetName}', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ---->  InnerException : Microsoft.OData.ODataException: A 'PrimitiveValue' node with non-null value was found when trying to read the value of a navigation property; however, a 'StartArray' node, a 'StartObject' node, or a 'PrimitiveValue' node with null value was expected.`,
      );
    }
    const allowed = op === 'create' ? col.validForCreate : col.validForUpdate;
    if (!allowed) throw notValidFor(col.logicalName, op);
    out[name] = coerce(t, col, raw);
  }
  return out;
}

function bind(env: Env, target: string, raw: unknown, contentId: ContentIdLookup): LookupValue {
  if (typeof raw !== 'string') throw invalidArgument('An @odata.bind value must be a string URI.');
  if (raw.startsWith('$')) {
    const ref = contentId(raw);
    if (!ref) throw new DataverseError(400, '', `Content-ID Reference: '${raw}' does not exist in the batch context.`);
    return ref;
  }
  const address: Address = parseReference(env, decodeURIComponent(raw));
  if (address.table.logicalName !== target) {
    throw invalidArgument(
      `An entity of type '${address.table.logicalName}' cannot be bound here; '${target}' is expected.`,
    );
  }
  const row = findRow(env, address);
  if (!row) throw 'id' in address ? notFound(target, address.id) : keyNotFound(target);
  return { id: row[address.table.primaryId] as string, table: target };
}

const FORMATTED = 'OData.Community.Display.V1.FormattedValue';

/** A row as the Web API returns it. */
export function formatRow(
  t: Table,
  row: Row,
  select: readonly string[] | undefined,
  annotate: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': `W/"${String(row.versionnumber)}"` };
  const names = select ? [...new Set([...select, t.primaryId])] : [...t.columns.keys()];
  for (const name of names) {
    const c = t.columns.get(name)!;
    if (!c.validForRead) continue;
    const v = row[name] ?? null;
    if (c.type === 'Lookup') {
      const ref = v as LookupValue | null;
      out[`_${name}_value`] = ref ? ref.id : null;
      if (annotate && ref) out[`_${name}_value@Microsoft.Dynamics.CRM.lookuplogicalname`] = ref.table;
      continue;
    }
    out[name] = (c.type === 'Decimal' || c.type === 'Money') && typeof v === 'string' ? new RawNumber(v) : v;
    if (annotate && v !== null && c.options) {
      const label = c.options.find((o) => o.value === v)?.label;
      if (label) out[`${name}@${FORMATTED}`] = label;
    }
    if (annotate && c.type === 'Money' && typeof v === 'string') {
      const [whole = '0', frac = '00'] = v.split('.');
      out[`${name}@${FORMATTED}`] = `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac.slice(0, 2)}`;
    }
  }
  return out;
}
