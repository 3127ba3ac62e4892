/**
 * @module
 * Store backends for tests: the embedded store always, PostgreSQL when `TEST_DATABASE_URL` is set
 * (each opened store gets its own throw-away schema, dropped on close). When it is not set the
 * PostgreSQL leg says so, and how to enable it, instead of silently passing.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store, type StoreLocation } from '../../../relay/src/store/index.ts';

export interface TestBackend {
  readonly name: 'embedded' | 'postgres';
  /** Opens a fresh, migrated store; `file` gives an embedded store on disk (restart tests). */
  open(opts?: { file?: string; now?: () => number; applyMigrations?: boolean }): Promise<Store>;
}

const PG_URL = process.env.TEST_DATABASE_URL;

export const PG_SKIP_MESSAGE =
  'PostgreSQL store tests SKIPPED: TEST_DATABASE_URL is not set. Enable them with e.g. ' +
  'TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run test:relay';

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const embedded: TestBackend = {
  name: 'embedded',
  open: ({ file, now, applyMigrations = true } = {}) =>
    openStore({ kind: 'embedded', file: file ?? ':memory:' }, { applyMigrations, ...(now ? { now } : {}) }),
};

const postgres: TestBackend = {
  name: 'postgres',
  async open({ now, applyMigrations = true } = {}) {
    const schema = `lb_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE SCHEMA ${schema}`);
    const location: StoreLocation = { kind: 'postgres', url: PG_URL as string, schema };
    const store = await openStore(location, { applyMigrations, ...(now ? { now } : {}) });
    return {
      ...store,
      close: async () => {
        await store.close();
        await adminQuery(`DROP SCHEMA ${schema} CASCADE`);
      },
    };
  },
};

let warned = false;

/** The backends to run store tests against; logs the skip message when PostgreSQL is off. */
export function testBackends(): TestBackend[] {
  if (!PG_URL) {
    if (!warned) console.warn(PG_SKIP_MESSAGE);
    warned = true;
    return [embedded];
  }
  return [embedded, postgres];
}

/** Whether the PostgreSQL leg runs. */
export const postgresEnabled = Boolean(PG_URL);
