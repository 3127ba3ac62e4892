/**
 * @module
 * One company file's records in memory: each with its id, creation and modification times, edit
 * sequence (`revisionNumber`) and stored fields, plus the deletion log the deleted-* endpoints
 * read. Ids follow QuickBooks: list objects `80000001-1234567890`, transactions and lines
 * `1A2-1234567890` (a hex counter, then the creation time in Unix seconds). An edit sequence is the
 * modification time in Unix seconds, and always grows, even for two edits in one second.
 */
import type { ResourceName } from './resources.ts';
import type { JsonObject } from './shapes.ts';

export interface StoredRecord {
  readonly id: string;
  readonly resource: ResourceName;
  readonly createdMs: number;
  updatedMs: number;
  revision: number;
  fields: JsonObject;
  /** Creation order, the order lists return records in. */
  readonly seq: number;
}

export interface Deletion {
  readonly id: string;
  readonly resource: ResourceName;
  readonly createdMs: number;
  readonly deletedMs: number;
  readonly refNumber: string | null;
}

export interface Store {
  get(resource: ResourceName, id: string): StoredRecord | undefined;
  all(resource: ResourceName): StoredRecord[];
  insert(resource: ResourceName, kind: 'list' | 'transaction', fields: JsonObject, now: number): StoredRecord;
  /** Stamps a change: new modification time and a larger edit sequence. */
  touch(rec: StoredRecord, now: number): void;
  remove(rec: StoredRecord, now: number): void;
  readonly deletions: readonly Deletion[];
  /** A new transaction-line id. */
  lineId(now: number): string;
}

const sec = (ms: number) => Math.floor(ms / 1000);

export function createStore(): Store {
  const byResource = new Map<ResourceName, Map<string, StoredRecord>>();
  const deletions: Deletion[] = [];
  let listCounter = 0x80000000;
  let txnCounter = 0x100;
  let seq = 0;
  const table = (r: ResourceName) => {
    let t = byResource.get(r);
    if (!t) byResource.set(r, (t = new Map()));
    return t;
  };
  const txnId = (now: number) => `${(txnCounter++).toString(16).toUpperCase()}-${sec(now)}`;
  return {
    get: (r, id) => table(r).get(id),
    all: (r) => [...table(r).values()].sort((x, y) => x.seq - y.seq),
    insert(resource, kind, fields, now) {
      const id = kind === 'list' ? `${(++listCounter).toString(16).toUpperCase()}-${sec(now)}` : txnId(now);
      const rec: StoredRecord = {
        id,
        resource,
        createdMs: now,
        updatedMs: now,
        revision: sec(now),
        fields,
        seq: seq++,
      };
      table(resource).set(id, rec);
      return rec;
    },
    touch(rec, now) {
      rec.updatedMs = now;
      rec.revision = Math.max(rec.revision + 1, sec(now));
    },
    remove(rec, now) {
      table(rec.resource).delete(rec.id);
      const refNumber = typeof rec.fields.refNumber === 'string' ? rec.fields.refNumber : null;
      deletions.push({ id: rec.id, resource: rec.resource, createdMs: rec.createdMs, deletedMs: now, refNumber });
    },
    deletions,
    lineId: txnId,
  };
}
