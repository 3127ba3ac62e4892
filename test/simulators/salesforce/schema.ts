/**
 * @module
 * The simulated org's data model: the package's metadata (`force-app/`) plus the standard objects'
 * fields, with the namespace applied when one is configured, so `QuickBooks_Invoice__c` exists
 * only as `ns__QuickBooks_Invoice__c` in a namespaced org. The package's custom metadata types are
 * objects too (`ns__QuickBooks_Field_Policy__mdt`), read-only to every API: their records change by
 * deploying metadata. Lookups are case-insensitive, as in an org.
 */
import path from 'node:path';
import {
  loadPackageMetadata,
  type FieldDef,
  type FieldType,
  type ObjectDef,
  type PackageMetadata,
} from '../../metadata/package-metadata.ts';
import { assignKeyPrefixes } from './ids.ts';

export interface SimField {
  readonly name: string;
  readonly type: FieldType;
  readonly label: string;
  readonly custom: boolean;
  readonly required: boolean;
  /** False for system fields, ids and auto-numbers. */
  readonly writable: boolean;
  readonly length?: number;
  /** Number/Currency/Percent: total digits, and digits after the point. */
  readonly precision?: number;
  readonly scale?: number;
  readonly externalId: boolean;
  readonly unique: boolean;
  readonly caseSensitive: boolean;
  readonly referenceTo?: string;
  /** Child-to-parent relationship name (`Account`, `ns__Invoice__r`). */
  readonly relationshipName?: string;
  readonly values?: readonly string[];
  readonly restricted: boolean;
  readonly defaultValue?: string;
}

export interface SimObject {
  readonly name: string;
  readonly custom: boolean;
  /** A custom metadata type (`__mdt`): queryable, but no API writes its records. */
  readonly customMetadata: boolean;
  readonly keyPrefix: string;
  readonly autoNumberFormat?: string;
  readonly fields: ReadonlyMap<string, SimField>;
  /** Lower-cased field name → field. */
  readonly byLower: ReadonlyMap<string, SimField>;
  /** Lower-cased relationship name → lookup field. */
  readonly relationships: ReadonlyMap<string, SimField>;
}

export interface OrgSchema {
  readonly namespace: string;
  readonly objects: ReadonlyMap<string, SimObject>;
  /** A package name as this org knows it: `Owner__c` → `ns__Owner__c` when namespaced. */
  qualify(name: string): string;
  /** Case-insensitive object lookup. */
  object(name: string): SimObject | undefined;
  /** Case-insensitive field lookup. */
  field(object: SimObject, name: string): SimField | undefined;
  /** Object by key prefix of a record id. */
  objectForId(id: string): SimObject | undefined;
}

const SYSTEM_READONLY = new Set([
  'Id',
  'CreatedDate',
  'LastModifiedDate',
  'SystemModstamp',
  'IsDeleted',
  'CreatedById',
  // Computed by the org: an Order's status category and its number (an order product's TotalPrice
  // is recomputed after every save, see `orders.ts`).
  'StatusCode',
  'OrderNumber',
]);

/** Default location of the package source. */
export const DEFAULT_METADATA_ROOT = path.resolve(import.meta.dirname, '../../../force-app/main/default');

/**
 * Builds the org schema, qualifying custom names with `namespace` (empty for none). `meta` is the
 * package as already loaded from `root`, for callers that also need its records.
 * @example const schema = loadOrgSchema({ namespace: 'lbr' }); schema.object('lbr__QuickBooks_Invoice__c');
 */
export function loadOrgSchema({
  namespace = '',
  root = DEFAULT_METADATA_ROOT,
  meta = loadPackageMetadata(root),
}: { namespace?: string; root?: string; meta?: PackageMetadata } = {}): OrgSchema {
  const q = (name: string): string =>
    namespace && /__(c|r|mdt)$/.test(name) && !/__.*__/.test(name) ? `${namespace}__${name}` : name;
  const objects = new Map<string, SimObject>();
  const prefixes = assignKeyPrefixes([...meta.objects.keys()].map(q));
  for (const def of meta.objects.values()) {
    const name = q(def.name);
    objects.set(name, toSimObject(def, name, prefixes.get(name)!, q));
  }
  // Custom metadata records have ids of their own kind (`m00…`), apart from custom objects' `a00…`.
  const mdtPrefixes = assignKeyPrefixes([...meta.customMetadataTypes.keys()].map(q), 'm');
  for (const def of meta.customMetadataTypes.values()) {
    const name = q(def.name);
    objects.set(name, toSimObject(def, name, mdtPrefixes.get(name)!, q));
  }
  const lower = new Map([...objects.values()].map((o) => [o.name.toLowerCase(), o] as const));
  const byPrefix = new Map([...objects.values()].map((o) => [o.keyPrefix, o] as const));
  return {
    namespace,
    objects,
    qualify: q,
    object: (n) => lower.get(n.toLowerCase()),
    field: (o, n) => o.byLower.get(n.toLowerCase()),
    objectForId: (id) => byPrefix.get(id.slice(0, 3)),
  };
}

/** Audit fields a custom metadata record has besides those the package metadata lists. */
const CUSTOM_METADATA_AUDIT_FIELDS: readonly FieldDef[] = ['CreatedDate', 'LastModifiedDate', 'SystemModstamp'].map(
  (name) => ({ name, type: 'DateTime', custom: false, required: false }),
);

function toSimObject(def: ObjectDef, name: string, keyPrefix: string, q: (n: string) => string): SimObject {
  const customMetadata = def.name.endsWith('__mdt');
  const autoNumberName = def.nameField?.type === 'AutoNumber';
  const fields = new Map<string, SimField>();
  for (const f of [...def.fields.values(), ...(customMetadata ? CUSTOM_METADATA_AUDIT_FIELDS : [])]) {
    const field = toSimField(f, q, autoNumberName);
    // No field of a custom metadata record is written through the data APIs, so none is createable.
    fields.set(field.name, customMetadata ? { ...field, writable: false } : field);
  }
  const byLower = new Map([...fields.values()].map((f) => [f.name.toLowerCase(), f] as const));
  const relationships = new Map(
    [...fields.values()].filter((f) => f.relationshipName).map((f) => [f.relationshipName!.toLowerCase(), f] as const),
  );
  return {
    name,
    custom: def.custom,
    customMetadata,
    keyPrefix,
    autoNumberFormat: autoNumberName ? (def.nameField?.displayFormat ?? '{0}') : undefined,
    fields,
    byLower,
    relationships,
  };
}

function toSimField(f: FieldDef, q: (n: string) => string, autoNumberName: boolean): SimField {
  const name = f.custom ? q(f.name) : f.name;
  const lookup = f.type === 'Lookup' || f.type === 'MasterDetail';
  const relationshipName = !lookup
    ? undefined
    : f.custom
      ? name.replace(/__c$/, '__r')
      : (f.relationshipName ?? f.name.replace(/Id$/, ''));
  const writable = !SYSTEM_READONLY.has(f.name) && f.type !== 'AutoNumber' && !(f.name === 'Name' && autoNumberName);
  return {
    name,
    type: f.name === 'Name' && autoNumberName ? 'AutoNumber' : f.type,
    label: f.label ?? f.name.replace(/__c$/, '').replace(/_/g, ' '),
    custom: f.custom,
    required: f.required || f.type === 'MasterDetail',
    writable,
    length: f.length ?? defaultLength(f.type),
    ...(f.precision === undefined ? {} : { precision: f.precision, scale: f.scale ?? 0 }),
    externalId: f.externalId === true,
    unique: f.unique === true,
    caseSensitive: f.caseSensitive === true,
    referenceTo: f.referenceTo
      ? f.custom || /__c$/.test(f.referenceTo)
        ? q(f.referenceTo)
        : f.referenceTo
      : undefined,
    relationshipName,
    values: f.values,
    restricted: f.restricted === true,
    defaultValue: f.defaultValue,
  };
}

function defaultLength(type: FieldType): number | undefined {
  switch (type) {
    case 'TextArea':
      return 255;
    case 'LongTextArea':
      return 32768;
    // Email fields hold 80 characters, custom or standard; the metadata has no length for them.
    case 'Email':
      return 80;
    case 'Url':
      return 255;
    case 'Phone':
      return 40;
    default:
      return undefined;
  }
}

/**
 * Adds a field of the customer's own to `object` (unprefixed: not the package's), as deploying it
 * in Setup does: describe, SOQL and the data APIs know it from then on.
 */
export function deployField(object: SimObject, def: FieldDef): SimField {
  if (object.byLower.has(def.name.toLowerCase())) throw new Error(`${object.name}.${def.name} already exists`);
  const field = toSimField(def, (n) => n, false);
  // The schema's maps are built here and only read elsewhere; a deployment is what changes them.
  (object.fields as Map<string, SimField>).set(field.name, field);
  (object.byLower as Map<string, SimField>).set(field.name.toLowerCase(), field);
  return field;
}
