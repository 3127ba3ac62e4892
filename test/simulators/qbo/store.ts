/**
 * @module
 * One company's records: a table per entity, per-entity Id sequences, when each record was created
 * and last changed (kept as milliseconds so queries and CDC compare exactly), tombstones of deleted
 * transactions for CDC, the change log webhooks are made from, and the `requestid` replay cache.
 */
import type { JsonObject } from './decode.ts';
import type { SimResponse } from './errors.ts';
import type { EntityName } from './entities.ts';

export type ChangeOperation = 'Create' | 'Update' | 'Delete' | 'Void' | 'Merge';

export interface ChangeEvent {
  readonly realmId: string;
  readonly entity: EntityName;
  readonly id: string;
  readonly operation: ChangeOperation;
  /** Milliseconds on the simulator's clock. */
  readonly at: number;
  /** On a merge (`id` is the record kept): the record merged away. */
  readonly deletedId?: string;
}

export interface Stamp {
  readonly created: number;
  updated: number;
}

export interface Tombstone {
  readonly entity: EntityName;
  readonly id: string;
  readonly at: number;
}

export interface CompanyStore {
  get(entity: EntityName, id: string): JsonObject | undefined;
  all(entity: EntityName): JsonObject[];
  stamp(entity: EntityName, id: string): Stamp | undefined;
  /** Saves a new record under the next Id of its entity; returns the Id. */
  insert(entity: EntityName, data: JsonObject, at: number, id?: string): string;
  replace(entity: EntityName, id: string, data: JsonObject, at: number): void;
  /** Changes computed fields without it counting as a change (no new LastUpdatedTime). */
  set(entity: EntityName, id: string, data: JsonObject): void;
  remove(entity: EntityName, id: string, at: number): void;
  tombstones(): readonly Tombstone[];
  /** The answer first given to a `requestid`, if any. */
  replay(requestId: string): SimResponse | undefined;
  remember(requestId: string, res: SimResponse): void;
}

export function createStore(): CompanyStore {
  const tables = new Map<EntityName, Map<string, JsonObject>>();
  const stamps = new Map<string, Stamp>();
  const sequences = new Map<EntityName, number>();
  const dead: Tombstone[] = [];
  const requests = new Map<string, SimResponse>();
  const table = (e: EntityName) => {
    let t = tables.get(e);
    if (!t) tables.set(e, (t = new Map()));
    return t;
  };
  const key = (e: EntityName, id: string) => `${e}/${id}`;
  return {
    get: (e, id) => table(e).get(id),
    all: (e) => [...table(e).values()],
    stamp: (e, id) => stamps.get(key(e, id)),
    insert(e, data, at, id) {
      const next = id ?? String((sequences.get(e) ?? 0) + 1);
      if (!id) sequences.set(e, Number(next));
      table(e).set(next, { ...data, Id: next });
      stamps.set(key(e, next), { created: at, updated: at });
      return next;
    },
    replace(e, id, data, at) {
      table(e).set(id, data);
      const s = stamps.get(key(e, id));
      if (s) s.updated = at;
    },
    set: (e, id, data) => void table(e).set(id, data),
    remove(e, id, at) {
      table(e).delete(id);
      stamps.delete(key(e, id));
      dead.push({ entity: e, id, at });
    },
    tombstones: () => dead,
    replay: (r) => requests.get(r),
    remember: (r, res) => void requests.set(r, res),
  };
}
