/**
 * @module
 * The store's one seam: every repository talks to a {@link Db}, never to a driver. SQL is written
 * once, in a portable subset (TEXT, INTEGER/BIGINT, epoch-ms timestamps, `ON CONFLICT ... DO
 * UPDATE`, `RETURNING`) with `$1..$n` placeholders; each backend adapter translates what it must,
 * driven by its {@link BackendProfile} in `profiles.ts`.
 */
import type { BackendProfile } from './profiles.ts';

/** A parameter value the store accepts. Booleans are stored as 0/1, `undefined` as NULL. */
export type SqlValue = string | number | bigint | boolean | null | undefined;

/**
 * A database connection (or a transaction on one).
 * @example
 * const rows = await db.query<{ id: string }>('SELECT id FROM connections WHERE qbwc_username = $1', ['acme']);
 */
export interface Db {
  /** The backend's capabilities and SQL fragments (see `profiles.ts`). */
  readonly profile: BackendProfile;
  /** Runs one statement with `$1..$n` parameters and returns its rows (empty for statements without RETURNING). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs parameterless SQL, possibly several statements (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Nested calls join the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
