/**
 * @module
 * Field mappings as data: a field the business added on one side (a CRM field) mapped to a custom
 * field of the books (by its name there), the way it flows and the one transform its value goes
 * through. The CRM's package holds the mappings; the books' custom values travel in the canonical
 * record (`CustomValue`), in the books' own terms, and each side's mapping applies the transform.
 * The transforms are a closed set of pure functions: no expression language.
 */
import { format, parseDecimal } from '../lib/money.ts';

/** Where a value goes: into the books, or into the CRM. */
export type Towards = 'books' | 'crm';

export type TransformKind = 'copy' | 'value_map' | 'truncate' | 'default' | 'date' | 'number';

export interface Transform {
  readonly kind: TransformKind;
  /**
   * `value_map`: pairs of (CRM value, books value); a pair whose CRM side is {@link ANY_CRM_VALUE}
   * (`*=U`) gives the books value of a CRM value no other pair maps.
   */
  readonly pairs?: readonly (readonly [crm: string, books: string])[];
  /** `value_map`: the CRM value of a books value no pair maps; `default`: the value of an empty one. */
  readonly fallback?: string;
  /** `date`: the books' pattern (`yyyy`, `MM`, `dd`); `number`: digits after the point; `truncate`: a length. */
  readonly format?: string;
}

/** One mapping as the engine applies it (checked against both sides before it is given). */
export interface FieldMapping {
  /** Its name where it is kept (a developer name), for logs. */
  readonly name: string;
  /** The canonical record type it applies to (`customer`). */
  readonly recordType: string;
  /** The books' custom field, by its name there. */
  readonly booksField: string;
  /** `booksField` is one every record of its kind has in the books (not one the business added). */
  readonly standard?: true;
  /** The CRM's field, by its name there. */
  readonly crmField: string;
  /** The CRM object the field is on, by the CRM's name, when not the record's own: the CRM's read-only mirror of the books' record, or a customer's primary person. */
  readonly crmObject?: string;
  /** The record lists each such field it has (one not listed is off in the books): an unlisted field is left as it is. */
  readonly onlyListed?: true;
  readonly toCrm: boolean;
  readonly toBooks: boolean;
  readonly transform: Transform;
  /** The most characters each side's field holds, when it is text. */
  readonly length?: { readonly crm?: number; readonly books?: number };
}

/** The CRM side of a value map's pair for every CRM value no other pair maps (`East=E;*=U`). */
export const ANY_CRM_VALUE = '*';

/**
 * The CRM values a transform can write (a value map's CRM sides but `*`, and its default): a CRM
 * field with a closed list of values (a picklist, a choice column) must hold each of them.
 * @example crmValuesWritten({ kind: 'value_map', pairs: [['East', 'E'], ['*', 'U']], fallback: 'Unassigned' }) // ['East', 'Unassigned']
 */
export function crmValuesWritten(t: Transform): string[] {
  return [
    ...(t.pairs ?? []).flatMap(([crm]) => (crm === ANY_CRM_VALUE ? [] : [crm])),
    ...(t.fallback === undefined ? [] : [t.fallback]),
  ];
}

/** A transformed value; `cutFrom`: it was truncated, from that many characters. */
export interface Transformed {
  readonly value: string | null;
  /** The receiving field keeps the value it has: a value map's `*` pair towards the CRM, its default towards the books. */
  readonly keep?: true;
  readonly cutFrom?: number;
}

/**
 * Parses `Gold=A;Silver=B` into pairs; `undefined` when a part is not `a=b`.
 * @example parseValueMap('Gold=A; Silver=B') // [['Gold', 'A'], ['Silver', 'B']]
 */
export function parseValueMap(text: string): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  for (const part of text.split(';').map((p) => p.trim())) {
    if (part === '') continue;
    const at = part.indexOf('=');
    if (at <= 0 || at === part.length - 1) return undefined;
    pairs.push([part.slice(0, at).trim(), part.slice(at + 1).trim()]);
  }
  return pairs;
}

const TOKENS = /yyyy|MM|dd/g;

/** `YYYY-MM-DD` in `pattern`, or the other way; `null` when the value is not a date. */
function dateIn(value: string, pattern: string, towards: Towards): string | null {
  if (towards === 'books') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return null;
    const parts: Record<string, string> = { yyyy: m[1]!, MM: m[2]!, dd: m[3]! };
    return pattern.replace(TOKENS, (t) => parts[t]!);
  }
  const order: string[] = [];
  const source = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(TOKENS, (t) => (order.push(t), t === 'yyyy' ? '(\\d{4})' : '(\\d{1,2})'));
  const m = new RegExp(`^${source}$`).exec(value.trim());
  if (!m) return null;
  const got = Object.fromEntries(order.map((t, i) => [t, m[i + 1]!]));
  const iso = `${got.yyyy}-${got.MM?.padStart(2, '0')}-${got.dd?.padStart(2, '0')}`;
  return Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) ? null : iso;
}

/** A number with `places` digits after the point, exact (rounded half away from zero); `null` when not a number. */
function numberIn(value: string, places: string | undefined): string | null {
  const d = parseDecimal(value.replace(/,/g, ''));
  if (!d) return null;
  return places === undefined || places === '' ? format(d) : format(d, Number(places));
}

/**
 * The value `value` becomes going `towards` a side through `t`; `limit`: the most characters the
 * receiving field holds (a truncate cuts to it, or to its own format when shorter).
 * A value map's unmapped value takes, towards the CRM, the fallback (a CRM value); towards the
 * books, the `*` pair's books value; none without them. Each side's stand-in keeps the other's
 * value when it comes back: the `*` pair's books value towards the CRM (it stood for a CRM value
 * the map does not name), the default towards the books (it stood for a books value the map does
 * not name) — so a lossy map's own write, read back, changes nothing.
 * @example transform({ kind: 'value_map', pairs: [['Gold', 'A']], fallback: 'Z' }, 'B', 'crm') // { value: 'Z' }
 */
export function transform(t: Transform, value: string | undefined, towards: Towards, limit?: number): Transformed {
  const v = value === undefined || value === '' ? null : value;
  switch (t.kind) {
    case 'copy':
      return { value: v };
    case 'default':
      return { value: v ?? t.fallback ?? null };
    case 'value_map': {
      if (v === null) return { value: null };
      const pairs = (t.pairs ?? []).filter(([crm]) => crm !== ANY_CRM_VALUE);
      if (towards === 'books') {
        const books = pairs.find(([crm]) => crm === v)?.[1];
        if (books !== undefined) return { value: books };
        // The default is what an unmapped books value became: sent back, the books keep their own.
        if (v === t.fallback) return { value: null, keep: true };
        return { value: t.pairs?.find(([crm]) => crm === ANY_CRM_VALUE)?.[1] ?? null };
      }
      const crm = pairs.find(([, books]) => books === v)?.[0];
      if (crm !== undefined) return { value: crm };
      // The `*` pair's books value stands for CRM values the map does not name: the CRM keeps its own.
      if (t.pairs?.some(([any, books]) => any === ANY_CRM_VALUE && books === v)) return { value: null, keep: true };
      return { value: t.fallback ?? null };
    }
    case 'truncate': {
      const own = t.format ? Number(t.format) : undefined;
      const max = Math.min(own ?? Infinity, limit ?? Infinity);
      if (v === null || [...v].length <= max) return { value: v };
      return { value: [...v].slice(0, max).join(''), cutFrom: [...v].length };
    }
    case 'date':
      return { value: v === null ? null : dateIn(v, t.format ?? 'yyyy-MM-dd', towards) };
    case 'number':
      return { value: v === null ? null : numberIn(v, t.format) };
  }
}
