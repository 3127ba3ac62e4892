/**
 * @module
 * One row at a time, as the Web API does it: create (POST to the entity set), read, update, upsert
 * and delete by id or alternate key, with conditional headers (`If-Match: *` update only → 404,
 * `If-None-Match: *` create only → 412, `If-Match: W/"<version>"` → 412 when stale, conditional GET
 * → 304), `Prefer: return=representation`, alternate-key uniqueness, state/status pairs
 * (statecode is not valid on create; a status must belong to its state) and rows that are
 * read-only in their state (paid or canceled invoices; canceled, fulfilled or invoiced orders).
 */
import { findRow, type Address } from './address.ts';
import {
  duplicateKey,
  duplicateKeyOnCreate,
  invalidStatus,
  keyNotFound,
  notFound,
  readOnlyInState,
  requiredMissing,
  versionMismatch,
} from './errors.ts';
import { expand } from './expand.ts';
import type { ExpandItem } from './query.ts';
import type { Table } from './schema.ts';
import type { Env, LookupValue, Row, Value } from './store.ts';
import { formatRow, readBody, type ContentIdLookup } from './values.ts';

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

export interface RowRequest {
  readonly headers: { get(name: string): string | null | undefined };
  readonly body: unknown;
  readonly select: readonly string[] | undefined;
  /** `$expand` of a single-row GET. */
  readonly expand: readonly ExpandItem[];
  readonly baseUrl: string;
  readonly contentId: ContentIdLookup;
  /** Called with the row a create made (change sets remember it for `$n`). */
  readonly created?: (ref: LookupValue) => void;
}

const READ_ONLY_STATES: Record<string, Record<number, string>> = {
  invoice: { 2: 'paid', 3: 'canceled' },
  salesorder: { 2: 'canceled', 3: 'fulfilled', 4: 'invoiced' },
};

const prefers = (r: RowRequest, what: string) => (r.headers.get('prefer') ?? '').split(/\s*,\s*/).includes(what);
const annotate = (r: RowRequest) => /odata\.include-annotations/.test(r.headers.get('prefer') ?? '');
const entityUrl = (r: RowRequest, t: Table, id: string) => `${r.baseUrl}/api/data/v9.2/${t.entitySetName}(${id})`;
const etagOf = (row: Row) => `W/"${String(row.versionnumber)}"`;

function written(r: RowRequest, t: Table, row: Row, created: boolean): Answer {
  const id = row[t.primaryId] as string;
  const headers: Record<string, string> = { 'OData-EntityId': entityUrl(r, t, id) };
  if (!prefers(r, 'return=representation')) return { status: 204, headers };
  return {
    status: created ? 201 : 200,
    headers: { ...headers, 'Preference-Applied': 'return=representation', ETag: etagOf(row) },
    body: {
      '@odata.context': `${r.baseUrl}/api/data/v9.2/$metadata#${t.entitySetName}/$entity`,
      ...formatRow(t, row, r.select, annotate(r)),
    },
  };
}

/** Alternate keys the new values would break. */
function checkUnique(env: Env, t: Table, next: Record<string, Value>, selfId: string | undefined): void {
  for (const k of t.keys) {
    if (k.keyAttributes.some((a) => next[a] === null || next[a] === undefined)) continue;
    const clash = env
      .table(t.logicalName)
      .byKey(Object.fromEntries(k.keyAttributes.map((a) => [a, next[a]!])))
      .find((row) => row[t.primaryId] !== selfId);
    if (clash) throw duplicateKeyOnCreate(k.keyAttributes.map((a) => String(next[a])).join(', '), k.logicalName);
  }
}

function checkState(t: Table, before: Row | undefined, values: Record<string, Value>): void {
  const state = 'statecode' in values ? (values.statecode as number) : ((before?.statecode as number | undefined) ?? 0);
  if ('statecode' in values && !('statuscode' in values)) values.statuscode = t.defaultStatus.get(state) ?? null;
  if ('statuscode' in values && values.statuscode !== null) {
    const option = t.columns.get('statuscode')?.options?.find((o) => o.value === values.statuscode);
    if (!option || option.state !== state) throw invalidStatus(t.logicalName, values.statuscode as number, state);
  }
  const locked = before ? READ_ONLY_STATES[t.logicalName]?.[before.statecode as number] : undefined;
  if (locked && Object.keys(values).some((k) => k !== 'statecode' && k !== 'statuscode')) {
    throw readOnlyInState(t.logicalName, locked);
  }
}

export function createRow(env: Env, t: Table, r: RowRequest, preset: Record<string, Value> = {}): Answer {
  const values = { ...preset, ...readBody(env, t, r.body, 'create', r.contentId) };
  for (const c of t.columns.values()) {
    if (c.required === 'SystemRequired' && c.validForCreate && (values[c.logicalName] ?? null) === null) {
      throw requiredMissing(t.logicalName, c.logicalName);
    }
  }
  if (typeof values[t.primaryId] === 'string') values[t.primaryId] = (values[t.primaryId] as string).toLowerCase();
  if (values[t.primaryId] && env.table(t.logicalName).get(values[t.primaryId] as string)) throw duplicateKey();
  checkState(t, undefined, values);
  checkUnique(env, t, values, undefined);
  const row = env.table(t.logicalName).insert(values);
  r.created?.({ id: row[t.primaryId] as string, table: t.logicalName });
  return written(r, t, row, true);
}

const missing = (a: Address, code?: string) =>
  'id' in a ? notFound(a.table.logicalName, a.id, code) : keyNotFound(a.table.logicalName, code);

export function readRow(env: Env, a: Address, r: RowRequest): Answer {
  const row = findRow(env, a);
  if (!row) throw missing(a);
  const ifNone = r.headers.get('if-none-match');
  if (ifNone && ifNone !== 'null' && ifNone === etagOf(row)) return { status: 304, headers: { ETag: etagOf(row) } };
  return {
    status: 200,
    headers: { ETag: etagOf(row) },
    body: {
      '@odata.context': `${r.baseUrl}/api/data/v9.2/$metadata#${a.table.entitySetName}/$entity`,
      ...formatRow(a.table, row, r.select, annotate(r)),
      ...expand(env, a.table, row, r.expand, annotate(r)),
    },
  };
}

/** PATCH: update, or create when missing (upsert), as the conditional headers allow. */
export function patchRow(env: Env, a: Address, r: RowRequest): Answer {
  const t = a.table;
  const row = findRow(env, a);
  const ifMatch = r.headers.get('if-match');
  const ifNone = r.headers.get('if-none-match');
  if (!row) {
    if (ifMatch) throw missing(a, '');
    const preset: Record<string, Value> = 'id' in a ? { [t.primaryId]: a.id } : { ...a.key };
    return createRow(env, t, r, preset);
  }
  if (ifNone === '*') throw duplicateKey();
  if (ifMatch && ifMatch !== '*' && ifMatch !== etagOf(row)) throw versionMismatch();
  const values = readBody(env, t, r.body, 'update', r.contentId);
  checkState(t, row, values);
  checkUnique(env, t, { ...row, ...values }, row[t.primaryId] as string);
  return written(r, t, env.table(t.logicalName).update(row[t.primaryId] as string, values), false);
}

export function deleteRow(env: Env, a: Address, r: RowRequest): Answer {
  const row = findRow(env, a);
  if (!row) throw missing(a);
  const ifMatch = r.headers.get('if-match');
  if (ifMatch && ifMatch !== '*' && ifMatch !== etagOf(row)) throw versionMismatch();
  env.table(a.table.logicalName).delete(row[a.table.primaryId] as string);
  return { status: 204, headers: {} };
}
