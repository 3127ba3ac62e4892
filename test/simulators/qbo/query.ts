/**
 * @module
 * The query language subset of reference §2.3: `SELECT * | COUNT(*) FROM <Entity> [WHERE f op v
 * [AND …]] [ORDERBY f [ASC|DESC], …] [STARTPOSITION n] [MAXRESULTS n]`, operators `= < > <= >= IN
 * LIKE` (`%` only), no OR/JOIN/projections, `Id` only with `=` and `IN`, names case-insensitive,
 * `\'` escapes. Refusals: 4000 QueryParserError for what does not parse, 4001 QueryValidationError
 * (fault.4001.query-validation.ruby.xml: "value 0 is too small. Min allowed value is 1") for an
 * unknown field, a bad STARTPOSITION or MAXRESULTS over 1000. Inactive name-list records are left
 * out unless the query names `Active`. The answer: `{"QueryResponse":{"<Entity>":[…],"startPosition",
 * "maxResults":<count returned>}}`; nothing found is `{"QueryResponse":{}}` (transfer.query.empty…json).
 */
import { isObject, type Json, type JsonObject } from './decode.ts';
import { queryParserError, queryValidationError } from './errors.ts';
import { ENTITIES, entityByName, type EntityName } from './entities.ts';
import { Dec } from './money.ts';
import type { ComplexDef, FieldDef, QboSchema } from './xsd.ts';

export interface Condition {
  readonly path: readonly string[];
  readonly op: '=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE';
  readonly values: readonly string[];
}

export interface Query {
  readonly entity: EntityName;
  readonly count: boolean;
  readonly where: readonly Condition[];
  readonly orderBy: readonly { path: readonly string[]; desc: boolean }[];
  readonly startPosition: number;
  readonly maxResults: number;
}

const TOKEN = /\s*(?:('(?:\\.|[^'\\])*')|(<=|>=|[=<>(),*])|([A-Za-z_][\w.]*|-?\d+(?:\.\d+)?))/y;

function tokenize(sql: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < sql.length) {
    if (/^\s*$/.test(sql.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(sql);
    if (!m)
      throw queryParserError(`Encountered " ${sql.slice(at).trim().split(/\s/)[0]}" at line 1, column ${at + 1}.`);
    out.push(m[1] ?? m[2] ?? m[3]!);
  }
  return out;
}

/** Parses and checks a query against the schema; throws 4000/4001 faults. */
export function parseQuery(sql: string, schema: QboSchema): Query {
  const t = tokenize(sql);
  let i = 0;
  const peek = () => t[i]?.toUpperCase();
  const next = () => {
    const v = t[i++];
    if (v === undefined) throw queryParserError('Encountered "<EOF>" at line 1.');
    return v;
  };
  const expect = (word: string) => {
    const v = next();
    if (v.toUpperCase() !== word) throw queryParserError(`Encountered " "${v}" "" at line 1. Was expecting: "${word}"`);
  };
  expect('SELECT');
  let count = false;
  if (peek() === '*') next();
  else if (peek() === 'COUNT') {
    next();
    expect('(');
    expect('*');
    expect(')');
    count = true;
  } else throw queryValidationError(`projections are not supported (${t[i] ?? ''}); use SELECT * or COUNT(*)`);
  expect('FROM');
  const entityName = next();
  const spec = entityByName(entityName);
  if (!spec) throw queryParserError(`Invalid entity name: ${entityName}`);
  const field = (name: string): string[] => resolveField(schema, spec.name, name);
  const where: Condition[] = [];
  const orderBy: { path: string[]; desc: boolean }[] = [];
  let startPosition = 1;
  let maxResults = 100;
  if (peek() === 'WHERE') {
    next();
    for (;;) {
      const path = field(next());
      const opToken = next().toUpperCase();
      if (!['=', '<', '>', '<=', '>=', 'IN', 'LIKE'].includes(opToken)) {
        throw queryParserError(`Encountered " "${opToken}" "" at line 1.`);
      }
      const op = opToken as Condition['op'];
      if (path[0] === 'Id' && op !== '=' && op !== 'IN') {
        throw queryValidationError(`operator '${op}' is not supported for property 'Id'; use = or IN`);
      }
      const values: string[] = [];
      if (op === 'IN') {
        expect('(');
        for (;;) {
          values.push(literal(next()));
          const sep = next();
          if (sep === ')') break;
          if (sep !== ',') throw queryParserError(`Encountered " "${sep}" "" at line 1.`);
        }
      } else values.push(literal(next()));
      where.push({ path, op, values });
      if (peek() === 'AND') {
        next();
        continue;
      }
      if (peek() === 'OR') throw queryParserError('Encountered " "OR" "" at line 1. OR is not supported.');
      break;
    }
  }
  if (peek() === 'ORDERBY' || peek() === 'ORDER') {
    if (next().toUpperCase() === 'ORDER') expect('BY');
    for (;;) {
      const path = field(next());
      let desc = false;
      if (peek() === 'ASC' || peek() === 'DESC') desc = next().toUpperCase() === 'DESC';
      orderBy.push({ path, desc });
      if (peek() !== ',') break;
      next();
    }
  }
  const bound = (word: string, max?: number) => {
    const raw = next();
    const n = Number(raw);
    if (!Number.isInteger(n)) throw queryParserError(`Encountered " "${raw}" "" after ${word}.`);
    if (n < 1) throw queryValidationError(`value ${n} is too small. Min allowed value is 1`);
    if (max !== undefined && n > max)
      throw queryValidationError(`value ${n} is too large. Max allowed value is ${max}`);
    return n;
  };
  for (let guard = 0; guard < 2 && i < t.length; guard++) {
    if (peek() === 'STARTPOSITION') {
      next();
      startPosition = bound('STARTPOSITION');
    } else if (peek() === 'MAXRESULTS') {
      next();
      maxResults = bound('MAXRESULTS', 1000);
    }
  }
  if (i < t.length) throw queryParserError(`Encountered " "${t[i]}" "" at line 1.`);
  return { entity: spec.name, count, where, orderBy, startPosition, maxResults };
}

function literal(tok: string): string {
  if (tok.startsWith("'")) return tok.slice(1, -1).replace(/\\(.)/g, '$1');
  if (/^-?\d/.test(tok) || /^(true|false)$/i.test(tok)) return tok.toLowerCase();
  throw queryParserError(`Encountered " "${tok}" "" at line 1. Was expecting a value.`);
}

/** `metadata.lastupdatedtime` → ['MetaData','LastUpdatedTime'], checked against the entity's XSD type. */
function resolveField(schema: QboSchema, entity: EntityName, name: string): string[] {
  const out: string[] = [];
  let type: string | undefined = entity;
  for (const part of name.split('.')) {
    const def: ComplexDef | undefined = type ? schema.complex(type) : undefined;
    const f: FieldDef | undefined =
      def && [...def.fields.values()].find((x) => x.name.toLowerCase() === part.toLowerCase());
    // A reference compares on its value: `CustomerRef = '1'`.
    if (!f && def?.simpleContent && part.toLowerCase() === 'value') {
      out.push('value');
      type = undefined;
      continue;
    }
    if (!f) throw queryValidationError(`property '${name}' is not queryable`);
    out.push(f.name);
    type = f.complex;
  }
  return out;
}

/** The value a condition or ordering reads from a rendered record. */
function valueAt(rec: JsonObject, path: readonly string[]): Json | undefined {
  let v: Json | undefined = rec;
  for (const p of path) v = isObject(v) ? v[p] : undefined;
  return isObject(v) && 'value' in v ? v.value : v;
}

function compare(a: Json | undefined, b: string): number {
  if (a instanceof Dec || typeof a === 'number') {
    const x = Dec.parse(a);
    const y = Dec.parse(b);
    if (x && y) return x.cmp(y);
  }
  const s = String(a ?? '');
  // Timestamps compare as instants, whatever offset either side is written in.
  const ta = /^\d{4}-\d{2}-\d{2}T/.test(s) ? Date.parse(s) : NaN;
  const tb = /^\d{4}-\d{2}-\d{2}T/.test(b) ? Date.parse(b) : NaN;
  if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return s < b ? -1 : s > b ? 1 : 0;
}

export function matches(rec: JsonObject, c: Condition): boolean {
  const v = valueAt(rec, c.path);
  switch (c.op) {
    case 'IN':
      return c.values.some((x) => compare(v, x) === 0);
    case 'LIKE': {
      const re = new RegExp(
        `^${c.values[0]!.split('%')
          .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
        'i',
      );
      return re.test(String(v ?? ''));
    }
    case '=':
      return compare(v, c.values[0]!) === 0;
    case '<':
      return compare(v, c.values[0]!) < 0;
    case '>':
      return compare(v, c.values[0]!) > 0;
    case '<=':
      return compare(v, c.values[0]!) <= 0;
    case '>=':
      return compare(v, c.values[0]!) >= 0;
  }
}

/** Runs a parsed query over rendered records. */
export function runQuery(q: Query, records: readonly JsonObject[]): JsonObject {
  const namesActive = q.where.some((c) => c.path[0] === 'Active');
  const hideInactive = ENTITIES[q.entity].kind === 'name' && !namesActive;
  const found = records.filter((r) => !(hideInactive && r.Active === false) && q.where.every((c) => matches(r, c)));
  if (q.count) return { totalCount: found.length };
  const order = q.orderBy.length ? q.orderBy : [{ path: ['Id'], desc: false }];
  found.sort((a, b) => {
    for (const o of order) {
      const x = valueAt(a, o.path);
      const y = valueAt(b, o.path);
      const d = o.path[0] === 'Id' ? Number(x) - Number(y) : compare(x, String(y ?? ''));
      if (d) return o.desc ? -d : d;
    }
    return 0;
  });
  const page = found.slice(q.startPosition - 1, q.startPosition - 1 + q.maxResults);
  if (!page.length) return {};
  return { [q.entity]: page, startPosition: q.startPosition, maxResults: page.length };
}
