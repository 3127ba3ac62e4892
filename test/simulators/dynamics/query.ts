/**
 * @module
 * The OData query subset the relay uses: `$select`, `$filter` (eq ne gt ge lt le, and, or, not,
 * parentheses, contains/startswith/endswith, lookups as `_<column>_value`), `$orderby`, `$top` and
 * `$expand` one level deep with its own `$select`/`$filter`. Column names are checked against the
 * table (400 0x80060888 for one it lacks); strings compare case-insensitively, as Dataverse's
 * collation does; decimals compare exactly.
 */
import { compareDecimal } from './decimal.ts';
import { badQuery, noSuchProperty } from './errors.ts';
import type { Table } from './schema.ts';
import type { Row, Value } from './store.ts';

export type Filter =
  | { readonly op: 'and' | 'or'; readonly left: Filter; readonly right: Filter }
  | { readonly op: 'not'; readonly inner: Filter }
  | { readonly op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; readonly column: string; readonly value: Literal }
  | { readonly op: 'contains' | 'startswith' | 'endswith'; readonly column: string; readonly value: string };
type Literal = string | number | boolean | null;

const TOKEN =
  /\s*(?:(\()|(\))|(,)|'((?:[^']|'')*)'|([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?![\w-])|([A-Za-z_][A-Za-z0-9_]*)|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w-])))/y;

type Tok = { kind: '(' | ')' | ',' | 'str' | 'word' | 'num' | 'guid'; text: string };

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < s.length) {
    if (/^\s*$/.test(s.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(s);
    if (!m) throw badQuery(`Syntax error at position ${at} in '${s}'.`);
    if (m[1]) out.push({ kind: '(', text: '(' });
    else if (m[2]) out.push({ kind: ')', text: ')' });
    else if (m[3]) out.push({ kind: ',', text: ',' });
    else if (m[4] !== undefined) out.push({ kind: 'str', text: m[4].replace(/''/g, "'") });
    else if (m[5]) out.push({ kind: 'guid', text: m[5].toLowerCase() });
    else if (m[6]) out.push({ kind: 'word', text: m[6] });
    else out.push({ kind: 'num', text: m[7]! });
  }
  return out;
}

/** Which query name a column answers to: lookups are `_<column>_value`. */
export function queryColumn(table: Table, name: string): string {
  const lookup = /^_(.+)_value$/.exec(name);
  const col = table.columns.get(lookup ? lookup[1]! : name);
  if (!col || !col.validForRead || (col.type === 'Lookup') !== Boolean(lookup))
    throw noSuchProperty(table.logicalName, name);
  return col.logicalName;
}

export function parseFilter(table: Table, text: string): Filter {
  const toks = tokenize(text);
  let i = 0;
  const peek = () => toks[i];
  const next = () => {
    const t = toks[i++];
    if (!t) throw badQuery(`Syntax error: unexpected end of '${text}'.`);
    return t;
  };
  const expect = (kind: Tok['kind']) => {
    const t = next();
    if (t.kind !== kind) throw badQuery(`Syntax error: '${kind}' expected at '${t.text}' in '${text}'.`);
    return t;
  };
  const literal = (): Literal => {
    const t = next();
    if (t.kind === 'str' || t.kind === 'guid' || t.kind === 'num') return t.kind === 'num' ? Number(t.text) : t.text;
    if (t.kind === 'word' && (t.text === 'true' || t.text === 'false')) return t.text === 'true';
    if (t.kind === 'word' && t.text === 'null') return null;
    throw badQuery(`Syntax error: a literal expected at '${t.text}' in '${text}'.`);
  };
  const unary = (): Filter => {
    const t = next();
    if (t.kind === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    if (t.kind !== 'word') throw badQuery(`Syntax error at '${t.text}' in '${text}'.`);
    if (t.text === 'not') return { op: 'not', inner: unary() };
    if (t.text === 'contains' || t.text === 'startswith' || t.text === 'endswith') {
      expect('(');
      const column = queryColumn(table, expect('word').text);
      expect(',');
      const value = expect('str').text;
      expect(')');
      return { op: t.text, column, value };
    }
    const column = queryColumn(table, t.text);
    const op = expect('word').text;
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) throw badQuery(`Syntax error: unknown operator '${op}'.`);
    const start = toks[i];
    const value = literal();
    return { op: op as 'eq', column, value: typeof value === 'number' ? (start?.text ?? String(value)) : value };
  };
  const and = (): Filter => {
    let left = unary();
    while (peek()?.kind === 'word' && peek()!.text === 'and') {
      i++;
      left = { op: 'and', left, right: unary() };
    }
    return left;
  };
  const or = (): Filter => {
    let left = and();
    while (peek()?.kind === 'word' && peek()!.text === 'or') {
      i++;
      left = { op: 'or', left, right: and() };
    }
    return left;
  };
  const f = or();
  if (i < toks.length) throw badQuery(`Syntax error at '${toks[i]!.text}' in '${text}'.`);
  return f;
}

const plain = (v: Value | undefined): string | number | boolean | null =>
  v === undefined ? null : v !== null && typeof v === 'object' ? v.id : v;

function compare(a: string | number | boolean, b: Literal, decimal: boolean): number {
  if (decimal || (typeof a === 'number' && typeof b === 'string')) return compareDecimal(String(a), String(b));
  const x = typeof a === 'string' ? a.toLowerCase() : a;
  const y = typeof b === 'string' ? b.toLowerCase() : b;
  return x === y ? 0 : x! < y! ? -1 : 1;
}

export function matches(table: Table, f: Filter, row: Row): boolean {
  switch (f.op) {
    case 'and':
      return matches(table, f.left, row) && matches(table, f.right, row);
    case 'or':
      return matches(table, f.left, row) || matches(table, f.right, row);
    case 'not':
      return !matches(table, f.inner, row);
    case 'contains':
    case 'startswith':
    case 'endswith': {
      const v = String(plain(row[f.column]) ?? '').toLowerCase();
      const s = f.value.toLowerCase();
      return f.op === 'contains' ? v.includes(s) : f.op === 'startswith' ? v.startsWith(s) : v.endsWith(s);
    }
    default: {
      const v = plain(row[f.column]);
      const type = table.columns.get(f.column)?.type;
      const decimal = type === 'Decimal' || type === 'Money';
      if (f.value === null || v === null) {
        const same = v === f.value;
        return f.op === 'eq' ? same : f.op === 'ne' ? !same : false;
      }
      const c = compare(v, f.value, decimal);
      return { eq: c === 0, ne: c !== 0, gt: c > 0, ge: c >= 0, lt: c < 0, le: c <= 0 }[f.op];
    }
  }
}

export interface OrderBy {
  readonly column: string;
  readonly desc: boolean;
}

export function parseOrderBy(table: Table, text: string): OrderBy[] {
  return text.split(',').map((part) => {
    const [name = '', dir = 'asc', ...rest] = part.trim().split(/\s+/);
    if (rest.length > 0 || (dir !== 'asc' && dir !== 'desc')) throw badQuery(`Syntax error in $orderby '${text}'.`);
    return { column: queryColumn(table, name), desc: dir === 'desc' };
  });
}

export function sortRows(table: Table, rows: Row[], order: readonly OrderBy[]): Row[] {
  return [...rows].sort((a, b) => {
    for (const o of order) {
      const x = plain(a[o.column]);
      const y = plain(b[o.column]);
      if (x === y) continue;
      if (x === null) return o.desc ? 1 : -1;
      if (y === null) return o.desc ? -1 : 1;
      const type = table.columns.get(o.column)?.type;
      const c = compare(x, y, type === 'Decimal' || type === 'Money');
      if (c !== 0) return o.desc ? -c : c;
    }
    return 0;
  });
}

/** `$select` names → column logical names (checked). */
export const parseSelect = (table: Table, text: string): string[] =>
  text.split(',').map((n) => queryColumn(table, n.trim()));

export interface ExpandItem {
  readonly name: string;
  readonly options: ReadonlyMap<string, string>;
}

/** `primarycontactid($select=fullname),order_details($select=quantity;$filter=…)` → items. */
export function parseExpand(text: string): ExpandItem[] {
  const items: ExpandItem[] = [];
  let depth = 0;
  let cur = '';
  const flush = () => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?\s*$/s.exec(cur);
    if (!m) throw badQuery(`Syntax error in $expand '${text}'.`);
    const options = new Map<string, string>();
    for (const o of splitTop(m[2] ?? '', ';')) {
      const eq = o.indexOf('=');
      if (eq > 0) options.set(o.slice(0, eq).trim(), o.slice(eq + 1).trim());
    }
    items.push({ name: m[1]!, options });
    cur = '';
  };
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) flush();
    else cur += ch;
  }
  if (cur.trim()) flush();
  return items;
}

function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const ch of s) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (ch === sep && depth === 0 && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out;
}
