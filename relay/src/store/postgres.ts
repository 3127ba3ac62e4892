/**
 * @module
 * The PostgreSQL backend (`DATABASE_URL`), on a `pg` pool. BIGINT columns (epoch-ms timestamps)
 * come back as JavaScript numbers. An optional schema confines every table (tests use a
 * throw-away schema per run).
 */
import pg from 'pg';
import type { Db, SqlValue } from './db.ts';
import { BACKEND_PROFILES } from './profiles.ts';

const profile = BACKEND_PROFILES.postgres;
const INT8_OID = 20;

const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (v: string) => Number(v)
      : (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format),
} as pg.CustomTypesConfig;

function toPg(v: SqlValue): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return v.toString();
  return v;
}

function clientDb(client: pg.PoolClient): Db {
  const db: Db = {
    profile,
    query: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query({ text: sql, values: params.map(toPg), types })).rows as T[],
    exec: async (sql) => {
      await client.query(sql);
    },
    transaction: (fn) => fn(db),
    close: async () => {
      throw new Error('close() inside a transaction');
    },
  };
  return db;
}

/**
 * @example const db = openPostgres('postgres://postgres@127.0.0.1:5432/ledgerbridge');
 */
export function openPostgres(url: string, { schema, max = 10 }: { schema?: string; max?: number } = {}): Db {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Bad schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', () => undefined); // idle client errors surface on the next query instead
  return {
    profile,
    query: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await pool.query({ text: sql, values: params.map(toPg), types })).rows as T[],
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (fn) => {
      // A deadlock or serialization failure aborts one of the transactions involved; the work is
      // all database work, so it is safe to run again.
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query(profile.begin);
          const result = await fn(clientDb(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          const code = (error as { code?: string }).code;
          if ((code === '40P01' || code === '40001') && attempt < 5) {
            await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
            continue;
          }
          throw error;
        } finally {
          client.release();
        }
      }
    },
    close: () => pool.end(),
  };
}
