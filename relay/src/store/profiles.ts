/**
 * @module
 * Every difference between the two store backends, in one table (pg-boss style): placeholder
 * syntax, how a transaction begins, and how rows are claimed by concurrent workers. Nothing
 * outside this file and the two adapters may ask which backend it runs on.
 */

/** What a backend can do, and the SQL fragments that differ. */
export interface BackendProfile {
  readonly name: 'sqlite' | 'postgres';
  /** Turns `$1..$n` placeholders into the backend's own syntax. */
  readonly rewrite: (sql: string) => string;
  /** Statement that opens a write transaction. */
  readonly begin: string;
  /**
   * Suffix for a `SELECT` that claims rows for one worker. PostgreSQL skips rows other workers hold;
   * SQLite has a single writer, so a plain SELECT inside its (exclusive) transaction is already atomic.
   */
  readonly claimSuffix: string;
  /** Whether several processes may share the database (PostgreSQL) or only this one (embedded). */
  readonly multiProcess: boolean;
  /**
   * Statement (one `$1` key) that holds a lock on one connection's sync state until the
   * transaction ends, or `undefined` where transactions already exclude each other (SQLite).
   */
  readonly connectionLock: string | undefined;
}

/**
 * Rewrites `$n` placeholders to SQLite's numbered `?n`, leaving quoted strings and identifiers alone.
 * @example toSqlitePlaceholders("SELECT * FROM t WHERE a = $1 AND b = '$2'") // "SELECT * FROM t WHERE a = ?1 AND b = '$2'"
 */
export function toSqlitePlaceholders(sql: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i] as string;
    if (quote) {
      out += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
      continue;
    }
    if (ch === '$' && /[0-9]/.test(sql[i + 1] ?? '')) {
      out += '?';
      continue;
    }
    out += ch;
  }
  return out;
}

export const BACKEND_PROFILES: Readonly<Record<BackendProfile['name'], BackendProfile>> = {
  sqlite: {
    name: 'sqlite',
    rewrite: toSqlitePlaceholders,
    begin: 'BEGIN IMMEDIATE',
    claimSuffix: '',
    multiProcess: false,
    connectionLock: undefined,
  },
  postgres: {
    name: 'postgres',
    rewrite: (sql) => sql,
    begin: 'BEGIN',
    claimSuffix: 'FOR UPDATE SKIP LOCKED',
    multiProcess: true,
    connectionLock: 'SELECT pg_advisory_xact_lock(hashtext($1))',
  },
};
