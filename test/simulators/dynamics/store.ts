/**
 * @module
 * The environment's data: rows per table, a row version (the etag) from one counter as Dataverse's
 * `versionnumber` is, the change log change tracking reads (creates, updates, deletes with their
 * version), and change events for webhooks. Writes inside `transaction()` are all-or-nothing and
 * their events fire only on commit, as a `$batch` change set behaves. Computed columns
 * (`fullname`, order numbers, line and header amounts) are kept by `derive.ts`.
 */
import crypto from 'node:crypto';
import { dataverseTime, type SimClock } from './clock.ts';
import { derive, propagate } from './derive.ts';
import { createKeyIndex } from './key-index.ts';
import type { Table } from './schema.ts';
import { standardTables } from './tables.ts';

export interface LookupValue {
  readonly id: string;
  readonly table: string;
}
/** Decimal and money values are strings at the column's precision; choices are numbers. */
export type Value = string | number | boolean | null | LookupValue;
export type Row = Readonly<Record<string, Value>>;

export type Message = 'Create' | 'Update' | 'Delete';

export interface ChangeEvent {
  readonly message: Message;
  readonly table: string;
  readonly id: string;
  /** Columns the write set (Update: only those; Create: all given). */
  readonly changed: readonly string[];
  readonly pre: Row | undefined;
  readonly post: Row | undefined;
  readonly at: number;
  /** The user whose request made the change (its application user; the test API: the default one). */
  readonly userId: string;
}

export interface ChangeRecord {
  readonly version: number;
  readonly table: string;
  readonly id: string;
  readonly deleted: boolean;
  readonly at: number;
}

export interface TableData {
  insert(values: Record<string, Value>): Row;
  update(id: string, values: Record<string, Value>): Row;
  delete(id: string): void;
  get(id: string): Row | undefined;
  rows(): Row[];
  /** The rows whose columns hold these values, compared as Dataverse's collation does (case-insensitive). */
  byKey(columns: Readonly<Record<string, Value>>): Row[];
}

export interface Env {
  readonly organizationId: string;
  readonly userId: string;
  readonly businessUnitId: string;
  readonly organizationName: string;
  readonly tables: Map<string, Table>;
  /** A table by logical name (throws for an unknown one). */
  schema(logicalName: string): Table;
  bySet(entitySetName: string): Table | undefined;
  /** The test API: writes skip the Web API's checks but version, log and notify as a user's edit does. */
  table(logicalName: string): TableData;
  /** Rows with a version above `since` (updates) and deletions, for change tracking. */
  changesSince(table: string, since: number): ChangeRecord[];
  /** The highest version written so far. */
  version(): number;
  transaction<T>(fn: () => T): T;
  onChange(listener: (e: ChangeEvent) => void): void;
  /** The application user of a client app (each app its own; the default app's is `userId`). */
  userOf(clientId: string): string;
  /** Runs `fn` as `userId`: the changes it makes are that user's; `actingUser()` names it meanwhile. */
  actingAs<T>(userId: string, fn: () => T): T;
  actingUser(): string;
}

export interface EnvOptions {
  readonly organizationName?: string;
  /** Organization.CreateProductsWithoutParentInActiveState; default false (new products are Draft). */
  readonly productsActiveOnCreate?: boolean;
  /** The client app whose application user is `userId`. */
  readonly defaultClientId?: string;
}

export function createEnv(clock: SimClock, opts: EnvOptions = {}): Env {
  const tables = new Map(standardTables().map((t) => [t.logicalName, t]));
  const data = new Map<string, Map<string, Row>>();
  const log: ChangeRecord[] = [];
  let version = 1_000_000;
  let pending: ChangeEvent[] | undefined;
  /** While a transaction runs: how to put back each row it changed, newest last. */
  let undo: (() => void)[] | undefined;
  const listeners: ((e: ChangeEvent) => void)[] = [];
  const rowsOf = (t: string) => {
    let m = data.get(t);
    if (!m) data.set(t, (m = new Map()));
    return m;
  };
  const keys = createKeyIndex((t) => rowsOf(t).entries());
  /** Every row change goes through here: the table, its key indexes and the transaction's undo. */
  const put = (table: string, id: string, row: Row | undefined) => {
    const before = rowsOf(table).get(id);
    if (undo) undo.push(() => put(table, id, before));
    keys.replace(table, id, before, row);
    if (row) rowsOf(table).set(id, row);
    else rowsOf(table).delete(id);
  };
  const userId = crypto.randomUUID();
  const users = new Map<string, string>(opts.defaultClientId ? [[opts.defaultClientId, userId]] : []);
  let acting: string | undefined;
  const emit = (change: Omit<ChangeEvent, 'userId'>) => {
    const e = { ...change, userId: acting ?? userId };
    if (pending) pending.push(e);
    else for (const l of listeners) l(e);
  };
  const schema = (name: string) => {
    const t = tables.get(name);
    if (!t) throw new Error(`no table ${name} in this environment`);
    return t;
  };
  const record = (table: string, id: string, deleted: boolean) => {
    log.push({ version, table, id, deleted, at: clock.now() });
  };

  const env: Env = {
    organizationId: crypto.randomUUID(),
    userId,
    businessUnitId: crypto.randomUUID(),
    organizationName: opts.organizationName ?? 'unq0sim',
    tables,
    schema,
    bySet: (set) => [...tables.values()].find((t) => t.entitySetName === set),
    table(name) {
      const t = schema(name);
      const check = (values: Record<string, Value>) => {
        for (const k of Object.keys(values)) if (!t.columns.has(k)) throw new Error(`${name} has no column ${k}`);
      };
      return {
        insert(values) {
          check(values);
          const id = typeof values[t.primaryId] === 'string' ? (values[t.primaryId] as string) : crypto.randomUUID();
          if (rowsOf(name).has(id)) throw new Error(`${name} ${id} exists`);
          const now = dataverseTime(clock.now());
          version++;
          const initial: Record<string, Value> = {
            ...values,
            [t.primaryId]: id,
            createdon: now,
            modifiedon: now,
            versionnumber: version,
          };
          if (t.defaultStatus.size > 0) {
            const state = name === 'product' && !opts.productsActiveOnCreate ? 2 : 0;
            initial.statecode ??= state;
            initial.statuscode ??= t.defaultStatus.get(initial.statecode as number) ?? null;
          }
          const row = derive(env, t, initial, rowsOf(name).size);
          put(name, id, row);
          record(name, id, false);
          emit({
            message: 'Create',
            table: name,
            id,
            changed: Object.keys(values),
            pre: undefined,
            post: row,
            at: clock.now(),
          });
          propagate(env, t, row);
          if (name === 'uomschedule') baseUnit(env, row);
          return row;
        },
        update(id, values) {
          check(values);
          const before = rowsOf(name).get(id);
          if (!before) throw new Error(`no ${name} ${id}`);
          version++;
          const next = { ...before, ...values, modifiedon: dataverseTime(clock.now()), versionnumber: version };
          const row = derive(env, t, next, 0);
          put(name, id, row);
          record(name, id, false);
          emit({
            message: 'Update',
            table: name,
            id,
            changed: Object.keys(values),
            pre: before,
            post: row,
            at: clock.now(),
          });
          propagate(env, t, row);
          return row;
        },
        delete(id) {
          const before = rowsOf(name).get(id);
          if (!before) throw new Error(`no ${name} ${id}`);
          put(name, id, undefined);
          version++;
          record(name, id, true);
          emit({ message: 'Delete', table: name, id, changed: [], pre: before, post: undefined, at: clock.now() });
          propagate(env, t, before);
        },
        get: (id) => rowsOf(name).get(id),
        rows: () => [...rowsOf(name).values()],
        byKey: (columns) => keys.find(name, columns),
      };
    },
    changesSince(table, since) {
      const latest = new Map<string, ChangeRecord>();
      for (const c of log) if (c.table === table && c.version > since) latest.set(c.id, c);
      return [...latest.values()].sort((a, b) => Number(a.deleted) - Number(b.deleted) || a.version - b.version);
    },
    version: () => version,
    transaction(fn) {
      if (pending) return fn();
      const saved = { logLength: log.length, version };
      pending = [];
      undo = [];
      try {
        const out = fn();
        const events = pending;
        pending = undefined;
        undo = undefined;
        for (const e of events) for (const l of listeners) l(e);
        return out;
      } catch (err) {
        const steps = undo;
        pending = undefined;
        undo = undefined;
        for (const step of (steps ?? []).reverse()) step();
        log.length = saved.logLength;
        version = saved.version;
        throw err;
      }
    },
    onChange: (l) => void listeners.push(l),
    userOf(clientId) {
      let id = users.get(clientId);
      if (!id) users.set(clientId, (id = crypto.randomUUID()));
      return id;
    },
    actingAs(user, fn) {
      const before = acting;
      acting = user;
      try {
        return fn();
      } finally {
        acting = before;
      }
    },
    actingUser: () => acting ?? userId,
  };
  seed(env);
  return env;
}

/** What a fresh environment has: itself in US dollars, the Create/Update/Delete messages and their filters. */
function seed(env: Env): void {
  const usd = env
    .table('transactioncurrency')
    .insert({ currencyname: 'US Dollar', isocurrencycode: 'USD', currencysymbol: '$' });
  env.table('organization').insert({
    organizationid: env.organizationId,
    name: env.organizationName,
    basecurrencyid: { table: 'transactioncurrency', id: usd.transactioncurrencyid as string },
  });
  for (const name of ['Create', 'Update', 'Delete'] as const) {
    const m = env.table('sdkmessage').insert({ name });
    for (const t of ['account', 'contact', 'product', 'salesorder', 'salesorderdetail', 'invoice', 'invoicedetail']) {
      env
        .table('sdkmessagefilter')
        .insert({ sdkmessageid: { id: m.sdkmessageid as string, table: 'sdkmessage' }, primaryobjecttypecode: t });
    }
  }
}

/** A unit group is created with its base unit, named as the group's `baseuomname` says (uomschedule.md). */
function baseUnit(env: Env, group: Row): void {
  if (typeof group.baseuomname !== 'string' || group.baseuomname === '') return;
  const ref = { table: 'uomschedule', id: group.uomscheduleid as string };
  const unit = env.table('uom').insert({ name: group.baseuomname, uomscheduleid: ref, quantity: '1.0000000000' });
  env.table('uom').update(unit.uomid as string, { baseuom: { table: 'uom', id: unit.uomid as string } });
}
