/**
 * @module
 * Custom metadata records (`__mdt`). The org holds the package's records as installing it would,
 * answers them to SOQL like any object, and changes them only by a deployment, which tests stand
 * in for with `deploy`/`undeploy`: no data API (REST, Collections, Composite, Bulk) writes them, and
 * they are not replicated, so they have no updated/deleted windows.
 */
import type { CustomMetadataRecord } from '../../metadata/package-metadata.ts';
import { RestError } from './errors.ts';
import type { OrgSchema, SimField, SimObject } from './schema.ts';
import type { RecordStore, SimRecord } from './store.ts';

/** A field's value as a test (or a record file) gives it; `undefined` is `xsi:nil`. */
export type MetadataValue = string | boolean | null | undefined;

/** Fields a deployment sets besides the type's own: the record's label. */
const LABEL_FIELDS = new Set(['MasterLabel', 'Label']);

/** A developer name as the Metadata API takes it. */
const DEVELOPER_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;

/**
 * Throws what the org answers a data API that writes a custom metadata record: 400 `INVALID_TYPE`.
 * Called before anything is saved, so a refused request stores nothing.
 */
export function refuseCustomMetadataWrite(o: SimObject, operation: string): void {
  if (o.customMetadata) throw new RestError(400, 'INVALID_TYPE', `entity type ${o.name} does not support ${operation}`);
}

/** Loads the package's records into the org, as installing the package does. */
export function installCustomMetadata(
  schema: OrgSchema,
  store: RecordStore,
  records: readonly CustomMetadataRecord[],
): void {
  for (const r of records) {
    const o = schema.object(schema.qualify(r.type));
    if (!o) throw new Error(`${r.file}: no custom metadata type ${r.type} in the package`);
    const values: Record<string, MetadataValue> = { MasterLabel: r.label ?? r.developerName };
    for (const [field, value] of r.values) values[schema.qualify(field)] = value;
    deploy(schema, store, o, r.developerName, values);
  }
}

/**
 * Creates or changes the record `developerName` of `o` as a deployment does: the fields given
 * change (a new record takes the fields' defaults for the rest), `LastModifiedDate` and
 * `SystemModstamp` move. Throws what a deployment would refuse.
 */
export function deploy(
  schema: OrgSchema,
  store: RecordStore,
  o: SimObject,
  developerName: string,
  values: Readonly<Record<string, MetadataValue>>,
): SimRecord {
  if (!o.customMetadata) throw new Error(`${o.name} is not a custom metadata type`);
  if (!DEVELOPER_NAME.test(developerName) || developerName.endsWith('_') || developerName.length > 40) {
    throw new Error(`${o.name}.${developerName}: not a valid developer name`);
  }
  const existing = find(store, o, developerName);
  const changes: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(values)) {
    const field = schema.field(o, name);
    if (!field || !(field.custom || LABEL_FIELDS.has(field.name))) {
      throw new Error(`${o.name}.${developerName}: ${name} is not a field a deployment sets`);
    }
    changes[field.name] = typed(o, developerName, field, raw);
  }
  // MasterLabel and Label are one value seen under two names.
  const label = changes.MasterLabel ?? changes.Label;
  if (label !== undefined) Object.assign(changes, { MasterLabel: label, Label: label });
  const merged = { ...(existing ?? newRecord(schema, o, developerName)), ...changes };
  const missing = [...o.fields.values()].filter((f) => f.required && (merged[f.name] ?? '') === '').map((f) => f.name);
  if (missing.length) throw new Error(`${o.name}.${developerName}: required fields missing: ${missing.join(', ')}`);
  return existing ? store.update(o, existing.Id, changes) : store.insert(o, merged);
}

/** Deletes the record `developerName` of `o`, as a destructive deployment does. */
export function undeploy(store: RecordStore, o: SimObject, developerName: string): void {
  const existing = o.customMetadata ? find(store, o, developerName) : undefined;
  if (!existing) throw new Error(`No ${o.name} record ${developerName} to delete`);
  store.remove(o, existing.Id);
}

/** Developer names are unique per type regardless of case. */
const find = (store: RecordStore, o: SimObject, developerName: string) =>
  store.all(o).find((r) => String(r.DeveloperName).toLowerCase() === developerName.toLowerCase());

function newRecord(schema: OrgSchema, o: SimObject, developerName: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    DeveloperName: developerName,
    MasterLabel: developerName,
    Label: developerName,
    QualifiedApiName: schema.namespace ? `${schema.namespace}__${developerName}` : developerName,
    NamespacePrefix: schema.namespace || null,
  };
  for (const f of o.fields.values()) {
    if (f.custom) out[f.name] = typed(o, developerName, f, f.defaultValue);
  }
  return out;
}

/** The value as the org answers it: a checkbox is a boolean (never null), a number a number, text a string. */
function typed(o: SimObject, developerName: string, f: SimField, raw: MetadataValue): unknown {
  const where = `${o.name}.${developerName}.${f.name}`;
  if (f.type === 'Checkbox') {
    if (raw === undefined || raw === null) return false;
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    throw new Error(`${where}: ${String(raw)} is not a checkbox value`);
  }
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string') throw new Error(`${where}: ${String(raw)} is not a ${f.type} value`);
  if (f.type === 'Number' || f.type === 'Percent') {
    if (!Number.isFinite(Number(raw))) throw new Error(`${where}: ${raw} is not a number`);
    return Number(raw);
  }
  if (f.type === 'Picklist' && f.restricted && !(f.values ?? []).includes(raw)) {
    throw new Error(`${where}: ${raw} is not one of the picklist's values (${(f.values ?? []).join(', ')})`);
  }
  if (f.length !== undefined && raw.length > f.length) {
    throw new Error(`${where}: ${raw.length} characters, more than the field's ${f.length}`);
  }
  return raw;
}
