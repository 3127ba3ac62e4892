/**
 * @module
 * Records of the simulated org shaped as Lightning Data Service hands them to a component's wire
 * adapter (UI API record representations: `{ apiName, id, fields: { F: { value, displayValue } } }`,
 * numbers as numbers, date-times in UTC with `Z`, a lookup's `__r` as the nested parent record).
 * Display values are given where the components read them: picklist labels and a parent's Name.
 * The fields are the ones the component itself imports from `@salesforce/schema`, so a field a
 * component starts reading shows up in its fixture, with the value the relay writes (or null).
 * Record ids are renumbered per object in a stable order (see {@link createIdNormaliser}).
 */
import fs from 'node:fs';
import path from 'node:path';
import { to18 } from '../simulators/salesforce/ids.ts';
import type { OrgSchema, SimObject } from '../simulators/salesforce/schema.ts';

export const LWC_DIR = path.join(import.meta.dirname, '../../force-app/main/default/lwc');

type Rec = Record<string, unknown>;
export interface UiField {
  value: unknown;
  displayValue: string | null;
}
export interface UiRecord {
  apiName: string;
  id: string;
  fields: Record<string, UiField | { value: UiRecord | null; displayValue: string | null }>;
}

/** Field paths (`Name`, `Account__r.Name`) of `object` the component bundle imports, minus `except`. */
export function componentFields(bundle: string, object: string, except: readonly string[] = []): string[] {
  const source = fs.readFileSync(path.join(LWC_DIR, bundle, `${bundle}.ts`), 'utf8');
  const prefix = `@salesforce/schema/${object}.`;
  const fields = [...source.matchAll(/from '(@salesforce\/schema\/[^']+)'/g)]
    .map((m) => m[1]!)
    .filter((s) => s.startsWith(prefix))
    .map((s) => s.slice(prefix.length))
    .filter((f) => !except.includes(f));
  if (fields.length === 0) throw new Error(`${bundle} imports no field of ${object}`);
  return fields;
}

/**
 * Renumbers the org's ids: per object, records sorted by Name then content get `<key prefix>8d0…1`,
 * `…2`, …: the org numbers records in the order the relay happened to send them, which may vary
 * within one batch.
 */
export function createIdNormaliser(schema: OrgSchema, records: (object: string) => Rec[]): (id: string) => string {
  const map = new Map<string, string>();
  const stable = (r: Rec) =>
    JSON.stringify(
      Object.keys(r)
        .filter(
          (k) =>
            k !== 'Id' && !/(__c|Id)$/.test(k) && !['CreatedDate', 'LastModifiedDate', 'SystemModstamp'].includes(k),
        )
        .sort()
        .map((k) => [k, r[k]]),
    );
  for (const object of schema.objects.values()) {
    const sorted = [...records(object.name)].sort(
      (a, b) => String(a.Name ?? '').localeCompare(String(b.Name ?? '')) || stable(a).localeCompare(stable(b)),
    );
    sorted.forEach((r, i) => map.set(r.Id as string, to18(`${object.keyPrefix}8d0${String(i + 1).padStart(9, '0')}`)));
  }
  return (id) => {
    const n = map.get(id);
    if (!n) throw new Error(`No record with id ${id} in the org`);
    return n;
  };
}

export interface Shaper {
  /** A record as `getRecord` (and one row of a list or related list) delivers it. */
  record(object: string, rec: Rec, fields: readonly string[]): UiRecord;
  id(id: string): string;
}

/**
 * `records` serves the records to shape and their parents; `id` renumbers ids (by default over
 * `records`; pass one made from the org as it ends to shape an earlier moment with the same ids).
 */
export function createShaper(
  schema: OrgSchema,
  records: (object: string) => Rec[],
  id: (id: string) => string = createIdNormaliser(schema, records),
): Shaper {
  const objectOf = (name: string): SimObject => {
    const o = schema.object(name);
    if (!o) throw new Error(`No object ${name}`);
    return o;
  };
  const value = (o: SimObject, field: string, v: unknown): UiField => {
    const f = schema.field(o, field);
    if (!f) throw new Error(`No field ${o.name}.${field}`);
    if (v === undefined || v === null || v === '') return { value: null, displayValue: null };
    switch (f.type) {
      case 'Currency':
      case 'Number':
      case 'Percent':
        return { value: Number(v), displayValue: null };
      case 'DateTime':
        return { value: new Date(Date.parse(String(v).replace(/\+0000$/, 'Z'))).toISOString(), displayValue: null };
      case 'Picklist':
        return { value: v, displayValue: String(v) };
      case 'Lookup':
      case 'MasterDetail':
        // A user (Decided By): the org's own id, as is (the simulated org holds no User records).
        if (f.referenceTo === 'User') return { value: v, displayValue: null };
        return { value: id(String(v)), displayValue: null };
      case 'Id':
        return { value: id(String(v)), displayValue: null };
      default:
        return { value: v, displayValue: null };
    }
  };
  const record = (objectName: string, rec: Rec, fields: readonly string[]): UiRecord => {
    const o = objectOf(objectName);
    const out: UiRecord = { apiName: o.name, id: id(rec.Id as string), fields: {} };
    const spans = new Map<string, string[]>();
    for (const path of fields) {
      const [head, ...rest] = path.split('.');
      if (rest.length) spans.set(head!, [...(spans.get(head!) ?? []), rest.join('.')]);
      else out.fields[head!] = value(o, head!, rec[head!]);
    }
    for (const [relationship, inner] of spans) {
      const lookup = o.relationships.get(relationship.toLowerCase());
      if (!lookup?.referenceTo) throw new Error(`No relationship ${o.name}.${relationship}`);
      const parentId = rec[lookup.name] as string | null | undefined;
      const parent = parentId ? records(lookup.referenceTo).find((r) => r.Id === parentId) : undefined;
      out.fields[relationship] = parent
        ? {
            value: record(lookup.referenceTo, parent, inner),
            displayValue: (parent.Name as string | undefined) ?? null,
          }
        : { value: null, displayValue: null };
    }
    return out;
  };
  return { record, id };
}
