/**
 * @module
 * Applies pending migrations in version order, each in its own transaction, and records them in
 * `schema_migrations`. Run at start-up and by `ledgerbridge migrate`.
 */
import type { Db } from './db.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';

export interface MigrationReport {
  readonly applied: readonly number[];
  readonly current: number;
}

/**
 * @example const { applied, current } = await migrate(db);
 */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => number = Date.now,
): Promise<MigrationReport> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
  );
  const done = new Set(
    (await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
  );
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        now(),
      ]);
    });
    applied.push(m.version);
  }
  const current = Math.max(0, ...done, ...applied);
  return { applied, current };
}
