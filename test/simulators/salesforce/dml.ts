/**
 * @module
 * Saving one record as the org does: resolves field names against the schema (unknown names end
 * the request with `INVALID_FIELD`), resolves parents given by external ID, then validates and
 * writes, reporting per-record failures with the org's status codes and messages.
 */
import { dmlError, RestError, type DmlError } from './errors.ts';
import { isValidId, normalizeId } from './ids.ts';
import type { OrgSchema, SimField, SimObject } from './schema.ts';
import type { RecordStore, Tx } from './store.ts';
import { checkNumber, isRealDate, isRealDateTime } from './values.ts';
import { afterOrderSave, orderCheck } from './orders.ts';
import { rollUpOpportunity } from './rollups.ts';

/** A custom validation rule: returns an error message to block the save. */
export type ValidationRule = (record: Readonly<Record<string, unknown>>) => string | undefined;

export interface DmlContext {
  readonly schema: OrgSchema;
  readonly store: RecordStore;
  readonly rules: ReadonlyMap<string, readonly ValidationRule[]>;
  /** True when a row-lock fault should fail the save of this record. */
  readonly takeRowLock: (object: string, externalId: string | undefined) => boolean;
}

/** The save result element of Collections, sObject rows and Composite bodies. */
export type SaveResult =
  | { readonly id: string; readonly success: true; readonly errors: readonly []; readonly created: boolean }
  | { readonly id?: string; readonly success: false; readonly errors: readonly DmlError[] };

/** A body after name resolution: canonical field values plus parents referenced by external ID. */
export interface PreparedRecord {
  readonly values: Record<string, unknown>;
  readonly parents: readonly { field: SimField; parent: SimObject; extField: SimField; value: unknown }[];
}

const failed = (errors: DmlError[], id?: string): SaveResult =>
  id === undefined ? { success: false, errors } : { id, success: false, errors };

/**
 * Resolves a JSON body's names. Throws {@link RestError} (`INVALID_FIELD`, `JSON_PARSER_ERROR`) for
 * problems that fail the whole request in a real org.
 */
export function prepare(ctx: DmlContext, object: SimObject, body: Record<string, unknown>): PreparedRecord {
  const values: Record<string, unknown> = {};
  const parents: PreparedRecord['parents'][number][] = [];
  for (const [name, raw] of Object.entries(body)) {
    if (name === 'attributes') continue;
    const rel = object.relationships.get(name.toLowerCase());
    if (rel && raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      const parent = ctx.schema.object(rel.referenceTo ?? '');
      if (!parent) throw noSuchColumn(name, object);
      const entries = Object.entries(raw as Record<string, unknown>).filter(([k]) => k !== 'attributes');
      if (entries.length !== 1) {
        throw new RestError(400, 'INVALID_FIELD', `Foreign key external ID for ${name} must name exactly one field`);
      }
      const [extName, value] = entries[0]!;
      const extField = ctx.schema.field(parent, extName);
      if (!extField) throw noSuchColumn(extName, parent);
      if (!extField.externalId && !extField.unique && extField.name !== 'Id') {
        throw new RestError(
          400,
          'INVALID_FIELD',
          `Field name provided, ${extField.name} is not an External ID or indexed field for ${parent.name}`,
        );
      }
      parents.push({ field: rel, parent, extField, value });
      continue;
    }
    const field = ctx.schema.field(object, name);
    if (!field) throw noSuchColumn(name, object);
    values[field.name] = coerce(field, raw);
  }
  return { values, parents };
}

const noSuchColumn = (name: string, object: SimObject) =>
  new RestError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${object.name}`);

function coerce(field: SimField, raw: unknown): unknown {
  if (raw === null) return null;
  const bad = () =>
    new RestError(
      400,
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${field.type.toLowerCase()} from VALUE_STRING value ${String(raw)} or request may be missing a required field`,
    );
  switch (field.type) {
    case 'Number':
    case 'Currency':
    case 'Percent':
      // Kept as sent: the save checks its digits against the field's precision and scale.
      if (!checkNumber(raw).ok) throw bad();
      return raw;
    case 'Checkbox':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw bad();
    case 'Date':
      if (typeof raw === 'string' && isRealDate(raw)) return raw;
      throw bad();
    case 'DateTime':
      if (typeof raw === 'string' && isRealDateTime(raw)) return raw;
      throw bad();
    default:
      if (typeof raw === 'object') throw bad();
      return String(raw);
  }
}

/** Inserts, or updates the record whose `extField` equals `extValue`. */
export function upsert(
  ctx: DmlContext,
  object: SimObject,
  extField: SimField,
  extValue: unknown,
  rec: PreparedRecord,
  tx?: Tx,
): SaveResult | { readonly multiple: readonly string[] } {
  if (extValue === undefined || extValue === null || extValue === '') {
    return failed([dmlError('MISSING_ARGUMENT', `${extField.name} not specified`, [])]);
  }
  const matches = extField.name === 'Id' ? [String(extValue)] : ctx.store.findBy(object, extField.name, extValue);
  if (matches.length > 1) return { multiple: matches };
  const values = { ...rec.values, [extField.name]: extValue };
  if (extField.name === 'Id') delete values.Id;
  return matches.length === 1
    ? save(ctx, object, matches[0], { ...rec, values }, String(extValue), tx)
    : save(ctx, object, undefined, { ...rec, values }, String(extValue), tx);
}

/** Inserts a record. */
export const insert = (ctx: DmlContext, object: SimObject, rec: PreparedRecord, tx?: Tx): SaveResult =>
  save(ctx, object, undefined, rec, undefined, tx);

/** Updates the record `id`. */
export function update(ctx: DmlContext, object: SimObject, id: string, rec: PreparedRecord, tx?: Tx): SaveResult {
  if (!isValidId(id) || ctx.schema.objectForId(id) !== object || !ctx.store.get(object, id)) {
    return failed([dmlError('ENTITY_IS_DELETED', 'entity is deleted', [])]);
  }
  return save(ctx, object, normalizeId(id), rec, undefined, tx);
}

function save(
  ctx: DmlContext,
  object: SimObject,
  existingId: string | undefined,
  rec: PreparedRecord,
  extValue: string | undefined,
  tx: Tx | undefined,
): SaveResult {
  const errors: DmlError[] = [];
  const values = { ...rec.values };
  for (const p of rec.parents) {
    const ids =
      p.extField.name === 'Id'
        ? [String(p.value)].filter((id) => isValidId(id) && ctx.store.get(p.parent, id))
        : ctx.store.findBy(p.parent, p.extField.name, p.value);
    if (ids.length !== 1) {
      errors.push(
        dmlError(
          'INVALID_FIELD',
          ids.length === 0
            ? `Foreign key external ID: ${String(p.value)} not found for field ${p.extField.name} in entity ${p.parent.name}`
            : `Foreign key external ID: ${String(p.value)} has more than one match for field ${p.extField.name} in entity ${p.parent.name}`,
          [],
        ),
      );
    } else values[p.field.name] = normalizeId(ids[0]!);
  }
  if (errors.length) return failed(errors, existingId);

  const notWritable = Object.keys(values).filter((n) => !object.fields.get(n)?.writable);
  if (notWritable.length) {
    return failed(
      [
        dmlError(
          'INVALID_FIELD_FOR_INSERT_UPDATE',
          `Unable to create/update fields: ${notWritable.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
          notWritable,
        ),
      ],
      existingId,
    );
  }
  for (const [name, value] of Object.entries(values)) {
    const field = object.fields.get(name)!;
    const checked = NUMERIC.has(field.type) ? numberValue(field, value) : value;
    if (isDmlError(checked)) {
      errors.push(checked);
      continue;
    }
    values[name] = checked;
    const e = checkValue(ctx, object, field, checked);
    if (e) errors.push(e);
  }
  const before = existingId ? ctx.store.get(object, existingId) : undefined;
  const merged: Record<string, unknown> = { ...(before ?? defaults(object)), ...values };
  const missing = [...object.fields.values()]
    .filter(
      (f) =>
        f.required && f.writable && (merged[f.name] === undefined || merged[f.name] === null || merged[f.name] === ''),
    )
    .map((f) => f.name);
  if (missing.length) {
    errors.push(dmlError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing));
  }
  for (const f of object.fields.values()) {
    if (!(f.unique || f.externalId) || !f.unique || values[f.name] === undefined) continue;
    const other = ctx.store.findBy(object, f.name, values[f.name]).find((id) => id !== existingId);
    if (other) {
      errors.push(
        dmlError(
          'DUPLICATE_VALUE',
          `duplicate value found: ${f.name} duplicates value on record with id: ${other}`,
          [],
        ),
      );
    }
  }
  const product = productOfEntry(ctx, object, merged);
  if (isDmlError(product)) errors.push(product);
  else if (product) values.Product2Id = merged.Product2Id = product;
  if (errors.length) return failed(errors, existingId);
  const line = existingId ? undefined : lineItemCheck(ctx, object, merged);
  if (isDmlError(line)) return failed([line], existingId);
  const order = orderCheck(ctx, object, before, merged);
  if (order) return failed([order], existingId);
  for (const rule of ctx.rules.get(object.name) ?? []) {
    const message = rule(merged);
    if (message) return failed([dmlError('FIELD_CUSTOM_VALIDATION_EXCEPTION', message, [])], existingId);
  }
  if (ctx.takeRowLock(object.name, extValue)) {
    return failed(
      [
        dmlError(
          'UNABLE_TO_LOCK_ROW',
          `unable to obtain exclusive access to this record or 1 records: ${existingId ?? ''}`,
          [],
        ),
      ],
      existingId,
    );
  }
  const saved = existingId
    ? ctx.store.update(object, existingId, values, tx)
    : ctx.store.insert(object, { ...defaults(object), ...values }, tx);
  // The first product of an Opportunity without a price book gives it the entry's price book.
  if (line && !isDmlError(line)) line.assignPricebook?.(tx);
  rollUpOpportunity(ctx, object, saved.OpportunityId, tx);
  afterOrderSave(ctx, object, saved, tx);
  return { id: saved.Id, success: true, errors: [], created: !existingId };
}

function defaults(object: SimObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of object.fields.values()) {
    if (f.type === 'Checkbox' && f.writable) out[f.name] = f.defaultValue === 'true';
    else if (f.defaultValue !== undefined && f.writable) out[f.name] = f.defaultValue;
  }
  return out;
}

/**
 * An Opportunity or order product's Product2Id is its price book entry's product: the org fills it
 * in, and refuses a different one (`FIELD_INTEGRITY_EXCEPTION`; the wording is ours).
 */
function productOfEntry(
  ctx: DmlContext,
  object: SimObject,
  merged: Record<string, unknown>,
): DmlError | string | undefined {
  if (object.name !== 'OpportunityLineItem' && object.name !== 'OrderItem') return undefined;
  const entries = ctx.schema.object('PricebookEntry');
  const entry = entries && ctx.store.get(entries, String(merged.PricebookEntryId ?? ''));
  if (!entry) return undefined; // required and cross-reference checks report it
  const product = String(entry.Product2Id);
  if (merged.Product2Id && merged.Product2Id !== product)
    return dmlError(
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: Product2Id (the product is not the price book entry’s product)',
      ['Product2Id'],
    );
  return product;
}

/**
 * A new Opportunity product: its price book entry and the entry's product must be active, and the
 * entry must belong to the Opportunity's price book (`FIELD_INTEGRITY_EXCEPTION` otherwise).
 */
function lineItemCheck(
  ctx: DmlContext,
  object: SimObject,
  merged: Record<string, unknown>,
): DmlError | { assignPricebook?: (tx: Tx | undefined) => void } | undefined {
  if (object.name !== 'OpportunityLineItem') return undefined;
  const [entries, products, opportunities] = ['PricebookEntry', 'Product2', 'Opportunity'].map((n) =>
    ctx.schema.object(n),
  );
  const entry = entries && ctx.store.get(entries, String(merged.PricebookEntryId ?? ''));
  if (!entry || !products || !opportunities) return undefined; // required and cross-reference checks report it
  const product = ctx.store.get(products, String(entry.Product2Id ?? ''));
  if (entry.IsActive !== true || product?.IsActive !== true) {
    return dmlError(
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: PricebookEntryId (pricebook entry is inactive)',
      ['PricebookEntryId'],
    );
  }
  const opportunity = ctx.store.get(opportunities, String(merged.OpportunityId ?? ''));
  if (!opportunity) return undefined;
  if (!opportunity.Pricebook2Id) {
    return {
      assignPricebook: (tx) =>
        ctx.store.update(opportunities, opportunity.Id, { Pricebook2Id: entry.Pricebook2Id }, tx),
    };
  }
  if (opportunity.Pricebook2Id !== entry.Pricebook2Id) {
    return dmlError(
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: PricebookEntryId (pricebook entry is in a different pricebook than the one assigned to the opportunity)',
      ['PricebookEntryId'],
    );
  }
  return undefined;
}

const NUMERIC = new Set(['Number', 'Currency', 'Percent']);
const isDmlError = (v: unknown): v is DmlError =>
  v !== null && typeof v === 'object' && 'statusCode' in v && 'message' in v && 'fields' in v;

/** A number rounded to the field's scale, or `NUMBER_OUTSIDE_VALID_RANGE` when its integer part is too long. */
function numberValue(f: SimField, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const checked = checkNumber(value, f.precision, f.scale);
  if (checked.ok) return checked.value;
  return dmlError(
    'NUMBER_OUTSIDE_VALID_RANGE',
    `${f.label}: value outside of valid range on numeric field: ${String(value)}`,
    [f.name],
  );
}

function checkValue(ctx: DmlContext, object: SimObject, f: SimField, value: unknown): DmlError | undefined {
  if (value === null || value === undefined) return undefined;
  const s = String(value);
  if (f.length !== undefined && typeof value === 'string' && s.length > f.length) {
    return dmlError(
      'STRING_TOO_LONG',
      `${f.label}: data value too large: ${s.slice(0, 100)} (max length=${f.length})`,
      [f.name],
    );
  }
  if (f.type === 'Email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s)) {
    return dmlError('INVALID_EMAIL_ADDRESS', `${f.label}: invalid email address: ${s}`, [f.name]);
  }
  if (f.type === 'Picklist' && f.restricted && !(f.values ?? []).includes(s)) {
    return dmlError(
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      `${f.label}: bad value for restricted picklist field: ${s}`,
      [f.name],
    );
  }
  if (f.type === 'Lookup' || f.type === 'MasterDetail') {
    const target = ctx.schema.object(f.referenceTo ?? '');
    if (!isValidId(s) || !target || ctx.schema.objectForId(s) !== target) {
      return dmlError('FIELD_INTEGRITY_EXCEPTION', `${f.label}: id value of incorrect type: ${s}`, [f.name]);
    }
    if (!ctx.store.get(target, s)) return dmlError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
  }
  void object;
  return undefined;
}
