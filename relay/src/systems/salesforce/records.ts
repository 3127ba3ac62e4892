/**
 * @module
 * Turns record bodies in source names into the org's names through the {@link Namer}, refusing
 * (as a bug) any object or field that is not in {@link SCHEMA}.
 */
import type { Namer } from './names.ts';
import { SCHEMA, type SObjectName } from './schema.ts';

const fieldsOf = (sobject: SObjectName): readonly string[] => (SCHEMA[sobject] as { fields: readonly string[] }).fields;
const EXTERNAL_IDS = new Set<string>([
  'Id',
  ...Object.values(SCHEMA).flatMap((s) => ('externalId' in s ? [s.externalId] : [])),
  ...Object.values(SCHEMA).flatMap(
    (s) => (s as { alternateExternalIds?: readonly string[] }).alternateExternalIds ?? [],
  ),
]);

/** The lookup field a relationship name stands for, if `sobject` has it: `Account__r` → `Account__c`, `Account` → `AccountId`. */
export function lookupFieldOf(sobject: SObjectName, relationship: string): string | undefined {
  const fields = fieldsOf(sobject);
  const candidate = relationship.endsWith('__r') ? relationship.replace(/__r$/, '__c') : `${relationship}Id`;
  return fields.includes(candidate) ? candidate : undefined;
}

/**
 * Drops `undefined` values (a field left as it is) and turns a cleared parent reference
 * (`Account__r: null`) into a cleared lookup (`Account__c: null`), which is how Salesforce takes it.
 * @example normalizeRecord('QuickBooks_Invoice__c', { Name: 'A', Memo__c: undefined, Opportunity__r: null }) // { Name: 'A', Opportunity__c: null }
 */
export function normalizeRecord(
  sobject: SObjectName,
  record: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    const lookup = value === null ? lookupFieldOf(sobject, key) : undefined;
    if (lookup) out[lookup] = null;
    else out[key] = value;
  }
  return out;
}

/**
 * The key under which a write carries the fields the org's field mappings set (`{ Region__c: 'East' }`):
 * fields of the customer's own, checked against the org's describe rather than SCHEMA, sent by the
 * names the org gave them.
 */
export const MAPPED_FIELDS = '$mapped';

/** Throws unless `field` is a field of `sobject` in SCHEMA. */
export function assertField(sobject: SObjectName, field: string): void {
  if (!(sobject in SCHEMA)) throw new Error(`${sobject} is not in SCHEMA (relay/src/systems/salesforce/schema.ts)`);
  if (
    field !== 'Id' &&
    !fieldsOf(sobject).includes(field) &&
    SCHEMA[sobject] &&
    (SCHEMA[sobject] as { externalId?: string }).externalId !== field
  ) {
    throw new Error(`${sobject}.${field} is not in SCHEMA (relay/src/systems/salesforce/schema.ts)`);
  }
}

/**
 * Qualifies a record's names; nested parent references keep their single external-ID key.
 * @example qualifyRecord(createNamer('lbr'), 'QuickBooks_Invoice__c', { Name: 'A', Account__r: { QuickBooks_Customer_Id__c: 'c:1' } })
 * // { Name: 'A', lbr__Account__r: { lbr__QuickBooks_Customer_Id__c: 'c:1' } }
 */
export function qualifyRecord(
  namer: Namer,
  sobject: SObjectName,
  record: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(normalizeRecord(sobject, record))) {
    if (key === MAPPED_FIELDS) {
      Object.assign(out, value);
      continue;
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      if (!lookupFieldOf(sobject, key)) throw new Error(`${sobject}.${key} is not a relationship in SCHEMA`);
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length !== 1 || !EXTERNAL_IDS.has(entries[0]![0])) {
        throw new Error(`${sobject}.${key} must reference its parent by one external-ID field`);
      }
      out[namer(key)] = { [namer(entries[0]![0])]: entries[0]![1] };
      continue;
    }
    assertField(sobject, key);
    out[namer(key)] = value;
  }
  return out;
}

/**
 * Gathers the CSV column list for a Bulk upload record by record: the external ID first, then
 * SCHEMA order, then mapped fields by name, then parents by external ID.
 */
export function bulkColumnCollector(sobject: SObjectName, externalIdField: string) {
  const present = new Set<string>();
  const parents = new Set<string>();
  const mapped = new Set<string>();
  return {
    add(record: Readonly<Record<string, unknown>>): void {
      for (const [k, v] of Object.entries(normalizeRecord(sobject, record))) {
        if (k === MAPPED_FIELDS) for (const m of Object.keys(v as object)) mapped.add(m);
        else if (v !== null && typeof v === 'object') parents.add(`${k}.${Object.keys(v as object)[0]}`);
        else present.add(k);
      }
    },
    columns(): string[] {
      const ordered = fieldsOf(sobject).filter((f) => f !== externalIdField && present.has(f));
      return [externalIdField, ...ordered, ...[...mapped].sort(), ...[...parents].sort()];
    },
  };
}

/** The CSV column list for a Bulk upload of `records` (see {@link bulkColumnCollector}). */
export function bulkColumns(
  sobject: SObjectName,
  externalIdField: string,
  records: readonly Readonly<Record<string, unknown>>[],
): string[] {
  const collector = bulkColumnCollector(sobject, externalIdField);
  for (const r of records) collector.add(r);
  return collector.columns();
}
