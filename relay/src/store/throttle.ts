/**
 * @module
 * Failed Web Connector sign-ins, per user name (known or not) and source address, so repeated
 * guessing from one address is slowed down without locking the same user out elsewhere. Durable,
 * so a restart does not reset the count.
 */
import type { Db } from './db.ts';

export interface ThrottleState {
  readonly failures: number;
  readonly firstFailureAt: number;
  readonly lockedUntil: number | null;
}

/** Whose failures: a user name (lower-cased) from one source address. */
export interface ThrottleKey {
  readonly username: string;
  readonly address: string;
}

/**
 * @example const state = await throttleRepo(db).get({ username: 'acme', address: '203.0.113.9' });
 */
export function throttleRepo(db: Db) {
  return {
    async get({ username, address }: ThrottleKey): Promise<ThrottleState | undefined> {
      const [row] = await db.query<{ failures: number; first_failure_at: number; locked_until: number | null }>(
        'SELECT failures, first_failure_at, locked_until FROM auth_throttle WHERE username = $1 AND address = $2',
        [username, address],
      );
      return row
        ? {
            failures: Number(row.failures),
            firstFailureAt: Number(row.first_failure_at),
            lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
          }
        : undefined;
    },
    async put({ username, address }: ThrottleKey, s: ThrottleState): Promise<void> {
      await db.query(
        `INSERT INTO auth_throttle (username, address, failures, first_failure_at, locked_until) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (username, address) DO UPDATE SET failures = excluded.failures,
           first_failure_at = excluded.first_failure_at, locked_until = excluded.locked_until`,
        [username, address, s.failures, s.firstFailureAt, s.lockedUntil],
      );
    },
    async clear({ username, address }: ThrottleKey): Promise<void> {
      await db.query('DELETE FROM auth_throttle WHERE username = $1 AND address = $2', [username, address]);
    },
    /** Forgets failures older than `before` whose lock (if any) has passed, so guessed names do not pile up. */
    async prune(before: number, now: number): Promise<void> {
      await db.query(
        'DELETE FROM auth_throttle WHERE first_failure_at < $1 AND (locked_until IS NULL OR locked_until < $2)',
        [before, now],
      );
    },
  };
}

export type ThrottleRepo = ReturnType<typeof throttleRepo>;
