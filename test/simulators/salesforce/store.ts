/**
 * @module
 * The org's records: per-object tables, unique external-ID indexes, a deleted-records log, and an
 * undo journal so Composite, Graph and `allOrNone` requests can roll back.
 */
import type { OrgSchema, SimObject } from './schema.ts';
import { createIdFactory, to18 } from './ids.ts';

export type SimRecord = Record<string, unknown> & { readonly Id: string };

/** An open transaction: every change pushes its inverse here. */
export interface Tx {
  readonly undo: (() => void)[];
}

export const newTx = (): Tx => ({ undo: [] });

/** Undoes every change made under `tx`, newest first. */
export function rollback(tx: Tx): void {
  for (const fn of tx.undo.reverse()) fn();
  tx.undo.length = 0;
}

/** Salesforce's datetime format: `2026-01-31T12:00:00.000+0000`. */
export const sfDateTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');

export interface RecordStore {
  get(object: SimObject, id: string): SimRecord | undefined;
  all(object: SimObject): SimRecord[];
  /** Ids of the records whose unique/external-ID `field` equals `value` (case rules applied). */
  findBy(object: SimObject, field: string, value: unknown): string[];
  /** Ids of the records whose reference `field` holds `id` (indexed from the first call on). */
  referencing(object: SimObject, field: string, id: string): string[];
  insert(object: SimObject, fields: Record<string, unknown>, tx?: Tx): SimRecord;
  update(object: SimObject, id: string, fields: Record<string, unknown>, tx?: Tx): SimRecord;
  remove(object: SimObject, id: string, tx?: Tx): void;
  deleted(object: SimObject): readonly { id: string; deletedDate: string; at: number }[];
  /** How many times each record was created or updated (tests check "written once"). */
  writeCount(id: string): number;
  count(object: SimObject): number;
}

/**
 * @example const store = createStore(schema, () => Date.now());
 */
export function createStore(schema: OrgSchema, now: () => number): RecordStore {
  const tables = new Map<string, Map<string, SimRecord>>();
  const indexes = new Map<string, Map<string, string[]>>();
  /** Reference fields asked for by `referencing`, per object: value → ids, kept with every save. */
  const references = new Map<string, Map<string, Map<string, Set<string>>>>();
  const deletedLog = new Map<string, { id: string; deletedDate: string; at: number }[]>();
  const writes = new Map<string, number>();
  const newId = createIdFactory();
  const autoNumbers = new Map<string, number>();

  const table = (o: SimObject) => {
    let t = tables.get(o.name);
    if (!t) tables.set(o.name, (t = new Map()));
    return t;
  };
  const indexed = (o: SimObject) => [...o.fields.values()].filter((f) => f.externalId || f.unique);
  const key = (o: SimObject, field: string, value: unknown): string | undefined => {
    if (value === null || value === undefined || value === '') return undefined;
    const f = schema.field(o, field);
    return f?.caseSensitive ? String(value) : String(value).toLowerCase();
  };
  const index = (o: SimObject, field: string) => {
    const k = `${o.name}.${field}`;
    let ix = indexes.get(k);
    if (!ix) indexes.set(k, (ix = new Map()));
    return ix;
  };
  const addReferences = (o: SimObject, rec: SimRecord) => {
    for (const [field, ix] of references.get(o.name) ?? []) {
      const v = rec[field];
      if (typeof v !== 'string') continue;
      let ids = ix.get(v);
      if (!ids) ix.set(v, (ids = new Set()));
      ids.add(rec.Id);
    }
  };
  const dropReferences = (o: SimObject, rec: SimRecord) => {
    for (const [field, ix] of references.get(o.name) ?? []) {
      const v = rec[field];
      if (typeof v === 'string') ix.get(v)?.delete(rec.Id);
    }
  };
  const addIndex = (o: SimObject, rec: SimRecord) => {
    addReferences(o, rec);
    for (const f of indexed(o)) {
      const k = key(o, f.name, rec[f.name]);
      if (k === undefined) continue;
      const ix = index(o, f.name);
      ix.set(k, [...(ix.get(k) ?? []), rec.Id]);
    }
  };
  const dropIndex = (o: SimObject, rec: SimRecord) => {
    dropReferences(o, rec);
    for (const f of indexed(o)) {
      const k = key(o, f.name, rec[f.name]);
      if (k === undefined) continue;
      const ix = index(o, f.name);
      const rest = (ix.get(k) ?? []).filter((id) => id !== rec.Id);
      if (rest.length) ix.set(k, rest);
      else ix.delete(k);
    }
  };
  const bump = (id: string, tx?: Tx) => {
    writes.set(id, (writes.get(id) ?? 0) + 1);
    tx?.undo.push(() => writes.set(id, (writes.get(id) ?? 1) - 1));
  };

  return {
    get: (o, id) => table(o).get(id.length === 15 ? to18(id) : id),
    all: (o) => [...table(o).values()],
    findBy: (o, field, value) => {
      const k = key(o, field, value);
      return k === undefined ? [] : [...(index(o, field).get(k) ?? [])];
    },
    referencing(o, field, id) {
      let byObject = references.get(o.name);
      if (!byObject) references.set(o.name, (byObject = new Map()));
      if (!byObject.has(field)) {
        byObject.set(field, new Map());
        for (const rec of table(o).values()) addReferences(o, rec);
      }
      return [...(byObject.get(field)?.get(id) ?? [])];
    },
    insert(o, fields, tx) {
      const ts = sfDateTime(now());
      const id = newId(o.keyPrefix);
      const rec: Record<string, unknown> = { ...fields, Id: id };
      for (const f of ['CreatedDate', 'LastModifiedDate', 'SystemModstamp']) if (o.fields.has(f)) rec[f] = ts;
      if (o.fields.has('IsDeleted')) rec.IsDeleted = false;
      if (o.autoNumberFormat !== undefined) {
        const n = (autoNumbers.get(o.name) ?? 0) + 1;
        autoNumbers.set(o.name, n);
        rec.Name = o.autoNumberFormat.replace(/\{0+\}/, (m) => String(n).padStart(m.length - 2, '0'));
      } else if (o.custom && o.fields.has('Name') && (rec.Name === undefined || rec.Name === null)) {
        rec.Name = id; // a custom object saved without a Name gets its Id as Name
      }
      const saved = rec as SimRecord;
      table(o).set(id, saved);
      addIndex(o, saved);
      bump(id, tx);
      tx?.undo.push(() => {
        dropIndex(o, saved);
        table(o).delete(id);
      });
      return saved;
    },
    update(o, id, fields, tx) {
      const before = table(o).get(id);
      if (!before) throw new Error(`update of missing ${o.name} ${id}`);
      const ts = sfDateTime(now());
      const after = { ...before, ...fields, Id: id } as SimRecord;
      for (const f of ['LastModifiedDate', 'SystemModstamp'])
        if (o.fields.has(f)) (after as Record<string, unknown>)[f] = ts;
      dropIndex(o, before);
      table(o).set(id, after);
      addIndex(o, after);
      bump(id, tx);
      tx?.undo.push(() => {
        dropIndex(o, after);
        table(o).set(id, before);
        addIndex(o, before);
      });
      return after;
    },
    remove(o, id, tx) {
      const before = table(o).get(id);
      if (!before) return;
      dropIndex(o, before);
      table(o).delete(id);
      const log = deletedLog.get(o.name) ?? [];
      deletedLog.set(o.name, log);
      const entry = { id, deletedDate: sfDateTime(now()), at: now() };
      log.push(entry);
      tx?.undo.push(() => {
        log.splice(log.indexOf(entry), 1);
        table(o).set(id, before);
        addIndex(o, before);
      });
    },
    deleted: (o) => deletedLog.get(o.name) ?? [],
    writeCount: (id) => writes.get(id) ?? 0,
    count: (o) => table(o).size,
  };
}
