/**
 * @module
 * Runs a parsed SOQL query against the org's records: resolves names case-insensitively (unknown
 * names fail with the org's `INVALID_FIELD` / `INVALID_TYPE` messages), follows one relationship
 * hop, filters, sorts and limits.
 */
import { RestError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import type { SimOrg } from '../org.ts';
import type { SimField, SimObject } from '../schema.ts';
import type { SimRecord } from '../store.ts';
import type { Condition, Literal, SoqlQuery } from './parse.ts';

/** A field path resolved against the schema. */
interface Path {
  readonly label: string;
  readonly lookup?: SimField;
  readonly parent?: SimObject;
  readonly field: SimField;
}

const invalidField = (name: string, object: string) =>
  new RestError(
    400,
    'INVALID_FIELD',
    `No such column '${name}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

/** Executes `query`; returns REST-shaped records (with `attributes`) and the total before LIMIT. */
export function executeSoql(
  org: SimOrg,
  query: SoqlQuery,
  version: string,
): { records: Record<string, unknown>[]; totalSize: number } {
  const o = org.schema.object(query.from);
  if (!o) {
    throw new RestError(
      400,
      'INVALID_TYPE',
      `sObject type '${query.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  const resolve = (name: string): Path => {
    const parts = name.split('.');
    if (parts.length === 1) {
      const field = org.schema.field(o, name);
      if (!field) throw invalidField(name, o.name);
      return { label: field.name, field };
    }
    if (parts.length !== 2) throw invalidField(name, o.name);
    const lookup = o.relationships.get(parts[0]!.toLowerCase());
    const parent = lookup && org.schema.object(lookup.referenceTo ?? '');
    if (!lookup || !parent)
      throw new RestError(400, 'INVALID_FIELD', `Didn't understand relationship '${parts[0]}' in field path.`);
    const field = org.schema.field(parent, parts[1]!);
    if (!field) throw invalidField(parts[1]!, parent.name);
    return { label: `${lookup.relationshipName}.${field.name}`, lookup, parent, field };
  };
  const value = (rec: SimRecord, path: Path): unknown => {
    if (!path.lookup || !path.parent) return rec[path.field.name] ?? null;
    const parentId = rec[path.lookup.name];
    const parent = typeof parentId === 'string' ? org.store.get(path.parent, parentId) : undefined;
    return parent ? (parent[path.field.name] ?? null) : null;
  };
  const selected = query.fields.map(resolve);
  const where = query.where ? compile(query.where, resolve, value) : () => true;
  let rows = org.store.all(o).filter(where);
  const order = query.orderBy.map((ob) => ({ ...ob, path: resolve(ob.field) }));
  if (order.length) {
    rows = [...rows].sort((a, b) => {
      for (const ob of order) {
        const c = compareValues(value(a, ob.path), value(b, ob.path), ob.path.field, ob.nullsLast, ob.desc);
        if (c !== 0) return c;
      }
      return 0;
    });
  }
  const totalSize = rows.length;
  rows = rows.slice(query.offset ?? 0, query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit);
  if (query.count) return { records: [], totalSize: rows.length };
  const url = (obj: SimObject, id: string) => ({
    type: obj.name,
    url: `/services/data/v${version}/sobjects/${obj.name}/${id}`,
  });
  const records = rows.map((rec) => {
    const out: Record<string, unknown> = { attributes: url(o, rec.Id) };
    for (const path of selected) {
      if (!path.lookup || !path.parent) {
        out[path.field.name] = rec[path.field.name] ?? null;
        continue;
      }
      const rel = path.lookup.relationshipName!;
      const parentId = rec[path.lookup.name];
      const parent = typeof parentId === 'string' ? org.store.get(path.parent, parentId) : undefined;
      if (!parent) {
        out[rel] = null;
        continue;
      }
      const nested = (out[rel] as Record<string, unknown> | undefined) ?? { attributes: url(path.parent, parent.Id) };
      nested[path.field.name] = parent[path.field.name] ?? null;
      out[rel] = nested;
    }
    return out;
  });
  return { records, totalSize };
}

function literalValue(lit: Literal): unknown {
  return lit.kind === 'null' ? null : lit.value;
}

function compareValues(a: unknown, b: unknown, field: SimField, nullsLast: boolean, desc: boolean): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn ? 0 : an === nullsLast ? 1 : -1;
  const c = rawCompare(a, b, field);
  return desc ? -c : c;
}

function rawCompare(a: unknown, b: unknown, field: SimField): number {
  switch (field.type) {
    case 'Number':
    case 'Currency':
    case 'Percent':
      return Number(a) - Number(b);
    case 'Date':
    case 'DateTime':
      return Date.parse(String(a)) - Date.parse(String(b));
    case 'Checkbox':
      return Number(a === true || a === 'true') - Number(b === true || b === 'true');
    case 'Id':
    case 'Lookup':
    case 'MasterDetail': {
      const x = normalizeId(String(a));
      const y = normalizeId(String(b));
      return x < y ? -1 : x > y ? 1 : 0;
    }
    default: {
      const x = String(a).toLowerCase();
      const y = String(b).toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

function compile(
  cond: Condition,
  resolve: (n: string) => Path,
  value: (r: SimRecord, p: Path) => unknown,
): (r: SimRecord) => boolean {
  switch (cond.kind) {
    case 'and': {
      const l = compile(cond.left, resolve, value);
      const r = compile(cond.right, resolve, value);
      return (rec) => l(rec) && r(rec);
    }
    case 'or': {
      const l = compile(cond.left, resolve, value);
      const r = compile(cond.right, resolve, value);
      return (rec) => l(rec) || r(rec);
    }
    case 'not': {
      const inner = compile(cond.inner, resolve, value);
      return (rec) => !inner(rec);
    }
    case 'in': {
      const path = resolve(cond.field);
      const wanted = cond.values.map(literalValue);
      return (rec) => {
        const v = value(rec, path);
        const hit = wanted.some((w) => (w === null ? v === null : v !== null && rawCompare(v, w, path.field) === 0));
        return cond.negated ? !hit : hit;
      };
    }
    case 'compare': {
      const path = resolve(cond.field);
      const w = literalValue(cond.value);
      if (cond.op === 'like') {
        const re = new RegExp(
          `^${String(w)
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            .replace(/%/g, '.*')
            .replace(/_/g, '.')}$`,
          'i',
        );
        return (rec) => {
          const v = value(rec, path);
          return v !== null && re.test(String(v));
        };
      }
      return (rec) => {
        const v = value(rec, path);
        if (w === null || v === null) {
          if (cond.op === '=') return v === w;
          if (cond.op === '!=') return v !== w;
          return false;
        }
        const c = rawCompare(v, w, path.field);
        switch (cond.op) {
          case '=':
            return c === 0;
          case '!=':
            return c !== 0;
          case '<':
            return c < 0;
          case '<=':
            return c <= 0;
          case '>':
            return c > 0;
          default:
            return c >= 0;
        }
      };
    }
  }
}
