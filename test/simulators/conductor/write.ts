/**
 * @module
 * A create or update body checked and turned into stored fields, refusing what Conductor and
 * QuickBooks refuse: unknown keys, missing required fields, wrong types and over-long names (400
 * INVALID_REQUEST_ERROR, before QuickBooks sees the request), and what QuickBooks itself rejects
 * (502 QBD_REQUEST_ERROR): a reference to a record that does not exist (3140) and a name already
 * used in its list (3100; customers and vendors share QuickBooks' one name list).
 */
import { isDate } from './clock.ts';
import type { ConductorFailure } from './errors.ts';
import { invalidReference, invalidRequest, nameInUse } from './errors.ts';
import { ADDRESS_KEYS, FIELDS, type FieldKind } from './fields.ts';
import { writeSpecial } from './lines.ts';
import { formatCents, parseCents } from './money.ts';
import { OTHER_LIST_NAMES, otherListEntry } from './other-lists.ts';
import { ITEM_RESOURCES, RESOURCES, type ResourceName } from './resources.ts';
import type { Json, JsonObject } from './shapes.ts';
import type { StoredRecord, Store } from './store.ts';

export interface WriteContext {
  readonly store: Store;
  readonly now: number;
  /** The record being updated (a payment re-applied leaves its own applications out). */
  readonly selfId?: string;
}

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Zod's wording, which Conductor returns for a malformed parameter. */
export const expected = (what: string, v: unknown, at: string): ConductorFailure =>
  invalidRequest(`Invalid input: expected ${what}, received ${describe(v)} at "${at}"`);

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Refuses keys outside `allowed` (Zod strict-object wording). */
export function onlyKeys(body: Record<string, unknown>, allowed: readonly string[], at = ''): void {
  const extra = Object.keys(body).filter((k) => !allowed.includes(k));
  if (extra.length > 0) {
    const where = at ? ` at "${at}"` : '';
    throw invalidRequest(`Unrecognized key(s) in object: ${extra.map((k) => `'${k}'`).join(', ')}${where}`);
  }
}

/** `{id, fullName}` of a record, as references are returned. */
export const refTo = (rec: StoredRecord): JsonObject => ({
  id: rec.id,
  fullName: (rec.fields.fullName ?? rec.fields.name ?? null) as Json,
});

/** Resolves a reference id among `to`, or throws QuickBooks' 3140. */
export function resolveRef(
  ctx: WriteContext,
  to: readonly ResourceName[],
  id: unknown,
  at: string,
  what: string,
  inside: ResourceName,
): StoredRecord {
  if (typeof id !== 'string') throw expected('string', id, at);
  for (const r of to) {
    const rec = ctx.store.get(r, id);
    if (rec) return rec;
  }
  throw invalidReference(what, id, RESOURCES[inside].qbName);
}

/** One scalar or reference field, checked; returns [stored field, value]. */
export function writeField(
  ctx: WriteContext,
  resource: ResourceName,
  key: string,
  kind: FieldKind,
  v: unknown,
  at = key,
): [string, Json] {
  switch (kind.t) {
    case 'text':
      if (typeof v !== 'string') throw expected('string', v, at);
      if (kind.max !== undefined && v.length > kind.max)
        throw invalidRequest(`Too big: expected string to have <=${kind.max} characters at "${at}"`);
      return [key, v];
    case 'bool':
      if (typeof v !== 'boolean') throw expected('boolean', v, at);
      return [key, v];
    case 'date':
      if (typeof v !== 'string' || !isDate(v)) throw invalidRequest(`Invalid ISO date (YYYY-MM-DD) at "${at}"`);
      return [key, v];
    case 'money': {
      const c = parseCents(v);
      if (c === undefined) throw invalidRequest(`Invalid decimal string (e.g. "1000.00") at "${at}"`);
      return [key, formatCents(c)];
    }
    case 'enum':
      if (typeof v !== 'string' || !kind.values.includes(v))
        throw invalidRequest(
          `Invalid option: expected one of ${kind.values.map((s) => `"${s}"`).join('|')} at "${at}"`,
        );
      return [key, v];
    case 'address': {
      if (!isPlainObject(v)) throw expected('object', v, at);
      onlyKeys(v, ADDRESS_KEYS, at);
      const out: JsonObject = {};
      for (const k of ADDRESS_KEYS) {
        const part = v[k];
        if (part !== undefined && typeof part !== 'string') throw expected('string', part, `${at}.${k}`);
        out[k] = (part as string | undefined) ?? null;
      }
      return [key, out];
    }
    case 'ref':
      return [kind.field, refTo(resolveRef(ctx, kind.to, v, at, kind.what, resource))];
    case 'other': {
      if (typeof v !== 'string') throw expected('string', v, at);
      const entry = otherListEntry(kind.list, v);
      if (!entry) throw invalidReference(OTHER_LIST_NAMES[kind.list], v, RESOURCES[resource].qbName);
      return [kind.list, entry];
    }
    case 'special':
      throw new Error(`special field ${key} is written by lines.ts`);
  }
}

/** The fields of a new record from a create body. */
export function createFields(ctx: WriteContext, resource: ResourceName, body: unknown): JsonObject {
  if (!isPlainObject(body)) throw invalidRequest('Invalid input: expected a JSON object as the request body');
  for (const r of RESOURCES[resource].required)
    if (body[r] === undefined) throw invalidRequest(`Invalid input: expected a value, received undefined at "${r}"`);
  const fields = apply(ctx, resource, body, {});
  if (RESOURCES[resource].kind === 'list') fields.isActive = fields.isActive ?? true;
  return finishNames(ctx, resource, fields, undefined);
}

/** The fields after an update body (without its revisionNumber, checked by the caller). */
export function updateFields(ctx: WriteContext, rec: StoredRecord, body: Record<string, unknown>): JsonObject {
  const fields = apply(ctx, rec.resource, body, { ...rec.fields });
  return finishNames(ctx, rec.resource, fields, rec);
}

function apply(
  ctx: WriteContext,
  resource: ResourceName,
  body: Record<string, unknown>,
  fields: JsonObject,
): JsonObject {
  const spec = FIELDS[resource];
  onlyKeys(body, Object.keys(spec));
  // References and amounts first: a payment's applications read its customer and total.
  const entries = Object.entries(body).sort(
    ([a], [b]) => Number(spec[a]!.t === 'special') - Number(spec[b]!.t === 'special'),
  );
  for (const [key, v] of entries) {
    const kind = spec[key]!;
    if (kind.t === 'special') Object.assign(fields, writeSpecial(ctx, resource, key, v, fields));
    else {
      const [field, value] = writeField(ctx, resource, key, kind, v);
      fields[field] = value;
    }
  }
  return fields;
}

/** The lists whose names must be unique together (QuickBooks keeps one name list for customers and vendors). */
function nameSpace(resource: ResourceName): readonly ResourceName[] {
  if (resource === 'customers' || resource === 'vendors') return ['customers', 'vendors'];
  if (ITEM_RESOURCES.includes(resource)) return ITEM_RESOURCES;
  return [resource];
}

function finishNames(
  ctx: WriteContext,
  resource: ResourceName,
  fields: JsonObject,
  self: StoredRecord | undefined,
): JsonObject {
  if (RESOURCES[resource].kind !== 'list' || typeof fields.name !== 'string') return fields;
  if (fields.name.includes(':')) throw qbColon();
  const parent = fields.parent as { id: string } | null | undefined;
  const parentRec = parent ? (ctx.store.get(resource, parent.id) ?? findItem(ctx, parent.id)) : undefined;
  if (parentRec && self && parentRec.id === self.id)
    throw invalidReference(RESOURCES[resource].qbName, self.id, RESOURCES[resource].qbName);
  const hasFullName = RESOURCES[resource].template.some(([f]) => f === 'fullName');
  const fullName = parentRec ? `${String(parentRec.fields.fullName)}:${fields.name}` : fields.name;
  for (const r of nameSpace(resource)) {
    for (const other of ctx.store.all(r)) {
      if (other === self) continue;
      const otherName = String(other.fields.fullName ?? other.fields.name).toLowerCase();
      if (otherName === fullName.toLowerCase()) throw nameInUse(fullName);
    }
  }
  if (!hasFullName) return fields;
  return { ...fields, fullName, sublevel: parentRec ? Number(parentRec.fields.sublevel ?? 0) + 1 : 0 };
}

const findItem = (ctx: WriteContext, id: string) =>
  ITEM_RESOURCES.map((r) => ctx.store.get(r, id)).find((r) => r !== undefined);

const qbColon = () =>
  invalidRequest(
    'Names in this list cannot contain a colon (":"), which QuickBooks uses to separate parent and child names at "name"',
  );
