/**
 * @module
 * Builds a change event's Avro payload as Salesforce sends it: every field of the entity present,
 * the ones the change does not carry null; the header names the changed and nulled fields as
 * bitmaps. Gap and overflow events carry a header only. A change that does not fit the entity's
 * schema is a bug in the test that publishes it, so it throws.
 */
import { randomUUID } from 'node:crypto';
import { fieldBitmaps } from './bitmap.ts';
import { ADDRESS_FIELDS, type ChangeType, type EntitySchema } from './schema.ts';

export interface ChangeSpec {
  changeType: 'CREATE' | 'UPDATE' | 'DELETE' | 'UNDELETE';
  recordIds: string[];
  /** Changed values (others null); an address as an object {Street, City, State, PostalCode, Country}. */
  fields?: Record<string, unknown>;
  nulledFields?: string[];
  /** e.g. 'com/salesforce/api/rest/62.0;client=ledgerbridge' */
  changeOrigin?: string;
  commitTimestamp?: number;
  transactionKey?: string;
  commitUser?: string;
}

/** What the bus adds to every event: its place in the org's commit order. */
export interface CommitInfo {
  commitNumber: number;
}

/** A change made in the Salesforce UI reports this origin. */
const UI_ORIGIN = 'com/salesforce/api/soap/62.0;client=SfdcInternalAPI/';
const DEFAULT_USER = '005000000000001AAA';

type Row = Record<string, unknown>;

function emptyRow(schema: EntitySchema): Row {
  return Object.fromEntries(schema.fields.map((f) => [f.name, null]));
}

function encode(schema: EntitySchema, row: Row): Buffer {
  const problems: string[] = [];
  const valid = schema.type.isValid(row, {
    errorHook: (path: string[], value: unknown) => problems.push(`${path.join('.')} = ${JSON.stringify(value)}`),
  });
  if (!valid) throw new Error(`${schema.entity}: not a valid change event (${problems.join('; ')})`);
  return schema.type.toBuffer(row);
}

function addressValue(schema: EntitySchema, field: string, value: unknown): Row {
  if (value === null || typeof value !== 'object')
    throw new Error(`${schema.entity}.${field}: an address is an object`);
  const record: Row = Object.fromEntries(ADDRESS_FIELDS.map((f) => [f.name, null]));
  for (const [key, part] of Object.entries(value)) {
    if (!(key in record)) throw new Error(`${schema.entity}.${field} has no component ${key}`);
    record[key] = part ?? null;
  }
  return record;
}

/** Changed field names as the bitmaps list them: an address's components, not the address itself. */
function changedNames(schema: EntitySchema, fields: Record<string, unknown>): string[] {
  return Object.entries(fields).flatMap(([name, value]) => {
    const isAddress = schema.fields.find((f) => f.name === name)?.type === 'address';
    return isAddress && value !== null ? Object.keys(value as object).map((part) => `${name}.${part}`) : [name];
  });
}

function applyNulls(schema: EntitySchema, row: Row, nulled: readonly string[]): void {
  for (const name of nulled) {
    const [parent = '', child] = name.split('.');
    if (child === undefined) {
      if (row[parent] !== null && row[parent] !== undefined) throw new Error(`${name} is both set and nulled`);
      row[parent] = null;
    } else {
      const record = (row[parent] ?? addressValue(schema, parent, {})) as Row;
      if (!(child in record)) throw new Error(`${schema.entity}.${parent} has no component ${child}`);
      if (record[child] !== null) throw new Error(`${name} is both set and nulled`);
      row[parent] = record;
    }
  }
}

export function encodeChange(schema: EntitySchema, change: ChangeSpec, commit: CommitInfo): Buffer {
  const fields = change.fields ?? {};
  const nulled = change.nulledFields ?? [];
  if (change.changeType === 'DELETE' && Object.keys(fields).length > 0) {
    throw new Error('a DELETE event carries no field values');
  }
  const row = emptyRow(schema);
  for (const [name, value] of Object.entries(fields)) {
    const field = schema.fields.find((f) => f.name === name);
    if (!field) throw new Error(`${schema.entity} has no field ${name}`);
    row[name] = field.type === 'address' && value !== null ? addressValue(schema, name, value) : value;
  }
  applyNulls(schema, row, nulled);
  const timestamp = change.commitTimestamp ?? Date.now();
  const user = change.commitUser ?? DEFAULT_USER;
  const audit: Row =
    change.changeType === 'UPDATE'
      ? { LastModifiedDate: timestamp }
      : change.changeType === 'DELETE'
        ? {}
        : { CreatedDate: timestamp, CreatedById: user, LastModifiedDate: timestamp, LastModifiedById: user };
  for (const [name, value] of Object.entries(audit)) if (!(name in fields)) row[name] = value;
  const changed =
    change.changeType === 'UPDATE'
      ? [...new Set([...changedNames(schema, fields), ...nulled, ...Object.keys(audit)])]
      : [];
  return encode(schema, {
    ...row,
    ChangeEventHeader: {
      entityName: schema.entity,
      recordIds: change.recordIds,
      changeType: change.changeType,
      changeOrigin: change.changeOrigin ?? UI_ORIGIN,
      transactionKey: change.transactionKey ?? randomUUID(),
      sequenceNumber: 1,
      commitTimestamp: timestamp,
      commitNumber: commit.commitNumber,
      commitUser: user,
      nulledFields: fieldBitmaps(schema, nulled),
      diffFields: [],
      changedFields: fieldBitmaps(schema, changed),
    },
  });
}

/** A gap or overflow event: the header only; the subscriber re-reads the records (or the entity). */
export function encodeGap(
  schema: EntitySchema,
  changeType: Extract<ChangeType, `GAP_${string}`>,
  recordIds: readonly string[],
  commit: CommitInfo,
): Buffer {
  return encode(schema, {
    ...emptyRow(schema),
    ChangeEventHeader: {
      entityName: schema.entity,
      recordIds: [...recordIds],
      changeType,
      changeOrigin: '',
      transactionKey: randomUUID(),
      sequenceNumber: 1,
      commitTimestamp: Date.now(),
      commitNumber: commit.commitNumber,
      commitUser: DEFAULT_USER,
      nulledFields: [],
      diffFields: [],
      changedFields: [],
    },
  });
}
