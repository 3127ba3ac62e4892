/**
 * @module
 * One entity's change event, as Salesforce's Pub/Sub API describes it: the topic it is published
 * on, its Avro schema (a `ChangeEventHeader` record first, then every field as a union
 * `["null", type]` with default null, compound Address fields as a nested record), and a schema
 * id that is a stable hash of that schema. Field positions in the schema are what the
 * changedFields/nulledFields/diffFields bitmaps count.
 */
import { createHash } from 'node:crypto';
import avro from 'avsc';

export interface EntityField {
  name: string;
  type: 'string' | 'boolean' | 'double' | 'int' | 'long' | 'address';
}

/** The record Salesforce uses for a compound address, in its field order. */
export const ADDRESS_FIELDS: readonly { name: string; type: 'string' | 'double' }[] = [
  { name: 'Street', type: 'string' },
  { name: 'City', type: 'string' },
  { name: 'State', type: 'string' },
  { name: 'PostalCode', type: 'string' },
  { name: 'Country', type: 'string' },
  { name: 'StateCode', type: 'string' },
  { name: 'CountryCode', type: 'string' },
  { name: 'Latitude', type: 'double' },
  { name: 'Longitude', type: 'double' },
  { name: 'GeocodeAccuracy', type: 'string' },
];

/** Audit fields every change event carries; appended when the entity's list does not name them. */
const AUDIT_FIELDS: readonly EntityField[] = [
  { name: 'CreatedDate', type: 'long' },
  { name: 'CreatedById', type: 'string' },
  { name: 'LastModifiedDate', type: 'long' },
  { name: 'LastModifiedById', type: 'string' },
];

export const CHANGE_TYPES = [
  'CREATE',
  'UPDATE',
  'DELETE',
  'UNDELETE',
  'GAP_CREATE',
  'GAP_UPDATE',
  'GAP_DELETE',
  'GAP_UNDELETE',
  'GAP_OVERFLOW',
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

const NAMESPACE = 'com.sforce.eventbus';

const HEADER_SCHEMA = {
  type: 'record',
  name: 'ChangeEventHeader',
  fields: [
    { name: 'entityName', type: 'string' },
    { name: 'recordIds', type: { type: 'array', items: 'string' } },
    { name: 'changeType', type: { type: 'enum', name: 'ChangeType', symbols: [...CHANGE_TYPES] } },
    { name: 'changeOrigin', type: 'string' },
    { name: 'transactionKey', type: 'string' },
    { name: 'sequenceNumber', type: 'int' },
    { name: 'commitTimestamp', type: 'long' },
    { name: 'commitNumber', type: 'long' },
    { name: 'commitUser', type: 'string' },
    { name: 'nulledFields', type: { type: 'array', items: 'string' } },
    { name: 'diffFields', type: { type: 'array', items: 'string' } },
    { name: 'changedFields', type: { type: 'array', items: 'string' } },
  ],
};

export interface EntitySchema {
  readonly entity: string;
  readonly topicName: string;
  /** Fields after the header, in schema order: position in the Avro record is index + 1. */
  readonly fields: readonly EntityField[];
  readonly schemaJson: string;
  readonly schemaId: string;
  readonly type: avro.Type;
}

/** `Account` → `AccountChangeEvent`; `QuickBooks_Sync_Request__c` → `QuickBooks_Sync_Request__ChangeEvent`. */
export function changeEventName(entity: string): string {
  return entity.endsWith('__c') ? `${entity.slice(0, -1)}ChangeEvent` : `${entity}ChangeEvent`;
}

/** The single-entity channel, e.g. `/data/AccountChangeEvent`. */
export function topicFor(entity: string): string {
  return `/data/${changeEventName(entity)}`;
}

/** The standard channel carrying every selected entity. */
export const ALL_CHANGES_TOPIC = '/data/ChangeEvents';

export function buildEntitySchema(entity: string, declared: readonly EntityField[]): EntitySchema {
  const names = new Set<string>();
  for (const field of declared) {
    if (names.has(field.name)) throw new Error(`${entity}: field ${field.name} is listed twice`);
    names.add(field.name);
  }
  const fields = [...declared, ...AUDIT_FIELDS.filter((f) => !names.has(f.name))];
  let addressDefined = false;
  const avroFields = fields.map((field) => {
    let type: unknown = field.type;
    if (field.type === 'address') {
      // A named Avro type is defined once; later compound fields refer to it by name.
      type = addressDefined
        ? 'Address'
        : {
            type: 'record',
            name: 'Address',
            fields: ADDRESS_FIELDS.map((f) => ({ name: f.name, type: ['null', f.type], default: null })),
          };
      addressDefined = true;
    }
    return { name: field.name, type: ['null', type], default: null };
  });
  const schema = {
    type: 'record',
    name: changeEventName(entity),
    namespace: NAMESPACE,
    fields: [{ name: 'ChangeEventHeader', type: HEADER_SCHEMA }, ...avroFields],
  };
  const schemaJson = JSON.stringify(schema);
  const schemaId = createHash('sha256').update(schemaJson).digest('base64url').slice(0, 22);
  return {
    entity,
    topicName: topicFor(entity),
    fields,
    schemaJson,
    schemaId,
    type: avro.Type.forSchema(schema as avro.Schema),
  };
}
