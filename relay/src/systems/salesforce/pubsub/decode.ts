/**
 * @module
 * Change events decoded from their Avro payload into {@link ChangeEvent}s: the schema JSON that
 * `GetSchema` returns becomes an avsc type (cached by schema id, since every event names its
 * schema), the payload becomes the header plus the non-null field values, and the header's field
 * bitmaps become field names. Pure apart from the cache; no gRPC here.
 *
 * Values are as Avro carries them: text as strings, dates and times as epoch milliseconds, longs
 * as numbers (as bigints past 2^53, e.g. a large `commitNumber`), and currency and other numbers
 * as JS doubles. The mapping layer turns currency into money; nothing here does arithmetic on it.
 *
 * @see https://developer.salesforce.com/docs/platform/pub-sub-api/guide/event-deserialization-considerations.html
 * @see https://developer.salesforce.com/docs/atlas.en-us.change_data_capture.meta/change_data_capture/cdc_event_fields_header.htm
 */
import avro from 'avsc';
import type { Type, types } from 'avsc';
import { fieldNamesFromBitmaps, type FieldLayout } from './field-bitmaps.ts';

/** What the header says happened: the four record changes, or a gap/overflow marker. */
export type ChangeType =
  | 'CREATE'
  | 'UPDATE'
  | 'DELETE'
  | 'UNDELETE'
  | 'GAP_CREATE'
  | 'GAP_UPDATE'
  | 'GAP_DELETE'
  | 'GAP_UNDELETE'
  | 'GAP_OVERFLOW';

/** One decoded change event. */
export interface ChangeEvent {
  /** `entityName`: `Account`, `ns__QuickBooks_Invoice__c`, ... */
  readonly entity: string;
  readonly changeType: ChangeType;
  /** Usually one id; merges carry several; GAP_OVERFLOW carries none (re-read the entity). */
  readonly recordIds: readonly string[];
  /** Fields the change set, compound children as `BillingAddress.City`. */
  readonly changedFields: readonly string[];
  /** Fields the change set to null. */
  readonly nulledFields: readonly string[];
  /** Long text fields sent as a diff rather than a value. */
  readonly diffFields: readonly string[];
  /** `com/salesforce/api/rest/66.0;client=<Sforce-Call-Options client>`, or '' (see {@link isOwnChange}). */
  readonly changeOrigin: string;
  /** Commit time, epoch ms. */
  readonly commitTimestamp: number;
  /** The non-null field values (compound fields as objects of their non-null children); none for gaps. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** An event's Avro type with the field layout its bitmaps refer to. */
export interface EventSchema {
  readonly type: Type;
  readonly layout: FieldLayout;
}

/** Avro `long` read as a number while safe, as a bigint beyond (avsc's own long throws there). */
const LONG = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer) => {
    const value = buffer.readBigInt64LE();
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  },
  toBuffer: (value: number | bigint) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(BigInt(value));
    return buffer;
  },
  fromJSON: (value: number) => value,
  toJSON: (value: number | bigint) => Number(value),
  isValid: (value: unknown) => typeof value === 'bigint' || Number.isSafeInteger(value),
  compare: (a: number | bigint, b: number | bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

/**
 * Builds the Avro type of an event schema (the `schema_json` of `GetSchema`).
 *
 * @example const schema = eventSchemaFromJson(info.schema_json);
 */
export function eventSchemaFromJson(schemaJson: string): EventSchema {
  const type = avro.Type.forSchema(JSON.parse(schemaJson) as avro.Schema, {
    registry: { long: LONG },
    wrapUnions: false,
  });
  if (!(type instanceof avro.types.RecordType)) throw new Error('A change event schema must be an Avro record');
  const fields = type.fields;
  return {
    type,
    layout: {
      names: fields.map((field) => field.name),
      childNames: (position) => {
        const field = fields[position];
        const record = field && recordOf(field.type);
        return record?.fields.map((child) => child.name);
      },
    },
  };
}

/** The record inside a field's type: the type itself or a member of its union. */
function recordOf(type: Type): types.RecordType | undefined {
  if (type instanceof avro.types.RecordType) return type;
  if (type instanceof avro.types.UnwrappedUnionType) return type.types.find((t) => t instanceof avro.types.RecordType);
  return undefined;
}

/** Event schemas by schema id, fetched once each (concurrent asks share one fetch; a failed fetch is not kept). */
export class SchemaCache {
  readonly #schemas = new Map<string, Promise<EventSchema>>();

  /** The schema for `schemaId`, calling `fetchJson` the first time. */
  get(schemaId: string, fetchJson: (schemaId: string) => Promise<string>): Promise<EventSchema> {
    let schema = this.#schemas.get(schemaId);
    if (!schema) {
      schema = fetchJson(schemaId).then(eventSchemaFromJson);
      schema.catch(() => this.#schemas.delete(schemaId));
      this.#schemas.set(schemaId, schema);
    }
    return schema;
  }
}

interface RawHeader {
  entityName: string;
  changeType: ChangeType;
  recordIds: string[];
  changeOrigin: string | null;
  commitTimestamp: number;
  changedFields: string[];
  nulledFields: string[];
  diffFields: string[];
}

/**
 * Decodes one event payload. A payload without a `ChangeEventHeader` is not a change event: a bug
 * (a platform event topic subscribed as CDC), so it throws.
 *
 * @example const event = decodeChangeEvent(await cache.get(e.schema_id, getSchema), e.payload);
 */
export function decodeChangeEvent(schema: EventSchema, payload: Buffer): ChangeEvent {
  const record = schema.type.fromBuffer(payload) as Record<string, unknown>;
  const header = record['ChangeEventHeader'] as RawHeader | null | undefined;
  if (!header) throw new Error('The event has no ChangeEventHeader: not a Change Data Capture event');
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    if (name === 'ChangeEventHeader') continue;
    const kept = withoutNulls(value);
    if (kept !== undefined) fields[name] = kept;
  }
  return {
    entity: header.entityName,
    changeType: header.changeType,
    recordIds: header.recordIds,
    changedFields: fieldNamesFromBitmaps(header.changedFields, schema.layout),
    nulledFields: fieldNamesFromBitmaps(header.nulledFields, schema.layout),
    diffFields: fieldNamesFromBitmaps(header.diffFields, schema.layout),
    changeOrigin: header.changeOrigin ?? '',
    commitTimestamp: Number(header.commitTimestamp),
    fields,
  };
}

/** A value with its null parts removed (a compound field with only nulls is dropped), or undefined. */
function withoutNulls(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || Buffer.isBuffer(value)) return value;
  const kept = Object.entries(value).flatMap(([name, child]) => {
    const inner = withoutNulls(child);
    return inner === undefined ? [] : [[name, inner] as const];
  });
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

export { isOwnChange } from './change-origin.ts';
