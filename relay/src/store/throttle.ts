/**
 * @module
 * Failed Web Connector sign-ins, per user name (known or not), so repeated guessing is slowed
 * down. Durable, so a restart does not reset the count.
 */
import type { Db } from './db.ts';

export interface ThrottleState {
  readonly failures: number;
  readonly firstFailureAt: number;
  readonly lockedUntil: number | null;
}

/**
 * @example const state = await throttleRepo(db).get('acme');
 */
export function throttleRepo(db: Db) {
  return {
    async get(username: string): Promise<ThrottleState | undefined> {
      const [row] = await db.query<{ failures: number; first_failure_at: number; locked_until: number | null }>(
        'SELECT failures, first_failure_at, locked_until FROM auth_throttle WHERE username = $1',
        [username],
      );
      return row
        ? {
            failures: Number(row.failures),
            firstFailureAt: Number(row.first_failure_at),
            lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
          }
        : undefined;
    },
    async put(username: string, s: ThrottleState): Promise<void> {
      await db.query(
        `INSERT INTO auth_throttle (username, failures, first_failure_at, locked_until) VALUES ($1, $2, $3, $4)
         ON CONFLICT (username) DO UPDATE SET failures = excluded.failures,
           first_failure_at = excluded.first_failure_at, locked_until = excluded.locked_until`,
        [username, s.failures, s.firstFailureAt, s.lockedUntil],
      );
    },
    async clear(username: string): Promise<void> {
      await db.query('DELETE FROM auth_throttle WHERE username = $1', [username]);
    },
  };
}

export type ThrottleRepo = ReturnType<typeof throttleRepo>;
