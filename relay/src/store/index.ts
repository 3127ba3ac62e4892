/**
 * @module
 * Opens the relay's store: embedded SQLite (`node:sqlite`, a file in the data directory) by
 * default, PostgreSQL when `DATABASE_URL` is set. Applies pending migrations unless told not to,
 * and hands out the repositories, bound either to the database or to one transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { connectionsRepo } from './connections.ts';
import { cursorsRepo } from './cursors.ts';
import type { Db } from './db.ts';
import { inboxRepo } from './inbox.ts';
import { migrate, type MigrationReport } from './migrate.ts';
import { sessionsRepo } from './sessions.ts';
import { throttleRepo } from './throttle.ts';

/** Where the store lives. `file: ':memory:'` gives a throw-away embedded store (tests). */
export type StoreLocation =
  | { readonly kind: 'embedded'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string };

/** File name of the embedded database inside the data directory. */
export const EMBEDDED_FILE = 'ledgerbridge.sqlite';

/** @example storeLocation(loadConfig(process.env)) // { kind: 'embedded', file: '/srv/.ledgerbridge/ledgerbridge.sqlite' } */
export function storeLocation(config: Pick<Config, 'store'>): StoreLocation {
  return config.store.kind === 'postgres'
    ? { kind: 'postgres', url: config.store.url }
    : { kind: 'embedded', file: path.join(config.store.dataDir, EMBEDDED_FILE) };
}

export interface Repos {
  readonly db: Db;
  readonly connections: ReturnType<typeof connectionsRepo>;
  readonly sessions: ReturnType<typeof sessionsRepo>;
  readonly inbox: ReturnType<typeof inboxRepo>;
  readonly cursors: ReturnType<typeof cursorsRepo>;
  readonly throttle: ReturnType<typeof throttleRepo>;
}

export interface Store extends Repos {
  readonly location: StoreLocation;
  readonly migrations: MigrationReport;
  /** Runs `fn` with repositories bound to one transaction. */
  transaction<T>(fn: (repos: Repos) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function bind(db: Db, now: () => number): Repos {
  return {
    db,
    connections: connectionsRepo(db, now),
    sessions: sessionsRepo(db, now),
    inbox: inboxRepo(db, now),
    cursors: cursorsRepo(db, now),
    throttle: throttleRepo(db),
  };
}

/**
 * @example
 * const store = await openStore(storeLocation(config));
 * const c = await store.connections.byUsername('acme');
 * await store.close();
 */
export async function openStore(
  location: StoreLocation,
  { applyMigrations = true, now = Date.now }: { applyMigrations?: boolean; now?: () => number } = {},
): Promise<Store> {
  let db: Db;
  // Each backend's driver is loaded only when it is used (pg is not needed by the embedded store).
  if (location.kind === 'embedded') {
    if (location.file !== ':memory:') fs.mkdirSync(path.dirname(location.file), { recursive: true });
    const { openSqlite } = await import('./sqlite.ts');
    db = openSqlite(location.file);
  } else {
    const { openPostgres } = await import('./postgres.ts');
    db = openPostgres(location.url, location.schema === undefined ? {} : { schema: location.schema });
  }
  let migrations: MigrationReport = { applied: [], current: 0 };
  try {
    if (applyMigrations) migrations = await migrate(db, undefined, now);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return {
    ...bind(db, now),
    location,
    migrations,
    transaction: (fn) => db.transaction((tx) => fn(bind(tx, now))),
    close: () => db.close(),
  };
}

export type { Db } from './db.ts';
