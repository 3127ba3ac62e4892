/**
 * @module
 * What the relay keeps of each QuickBooks Online company (`qbo_companies`, migration 21): its
 * realm, name and home currency, its tokens' lifetimes and refresh lease, and where reading it
 * stands (the first full read, Change Data Capture's next `changedSince`). The tokens themselves
 * are secrets of the connection (`store/secrets.ts`).
 */
import type { Db } from '../../../store/db.ts';

export interface QboCompany {
  readonly connectionId: string;
  readonly realmId: string;
  readonly companyName: string | null;
  readonly homeCurrency: string | null;
  readonly accessExpiresAt: number;
  readonly refreshExpiresAt: number | null;
  readonly refreshHardExpiresAt: number | null;
  /** Bumped by every refresh: a relay that waited for another's lease sees the tokens changed. */
  readonly tokenVersion: number;
  readonly lease: { readonly owner: string; readonly until: number } | null;
  /** When the first full read finished; null while it is owed. */
  readonly fullReadAt: number | null;
  /** Where the next Change Data Capture read starts (Intuit's clock), and when one last ran (ours). */
  readonly cdcSince: string | null;
  readonly cdcAt: number | null;
}

/** Token lifetimes as an exchange or refresh returned them, as instants. */
export interface TokenExpiries {
  readonly accessExpiresAt: number;
  readonly refreshExpiresAt: number | null;
  readonly refreshHardExpiresAt: number | null;
}

interface Row {
  connection_id: string;
  realm_id: string;
  company_name: string | null;
  home_currency: string | null;
  access_expires_at: number;
  refresh_expires_at: number | null;
  refresh_hard_expires_at: number | null;
  token_version: number;
  token_lease_owner: string | null;
  token_lease_until: number | null;
  full_read_at: number | null;
  cdc_since: string | null;
  cdc_at: number | null;
}

const num = (v: number | null) => (v === null ? null : Number(v));

const fromRow = (r: Row): QboCompany => ({
  connectionId: r.connection_id,
  realmId: r.realm_id,
  companyName: r.company_name,
  homeCurrency: r.home_currency,
  accessExpiresAt: Number(r.access_expires_at),
  refreshExpiresAt: num(r.refresh_expires_at),
  refreshHardExpiresAt: num(r.refresh_hard_expires_at),
  tokenVersion: Number(r.token_version),
  lease:
    r.token_lease_owner === null || r.token_lease_until === null
      ? null
      : { owner: r.token_lease_owner, until: Number(r.token_lease_until) },
  fullReadAt: num(r.full_read_at),
  cdcSince: r.cdc_since,
  cdcAt: num(r.cdc_at),
});

/** @example const company = await qboCompaniesRepo(store.db).byRealm('9341457021722202'); */
export function qboCompaniesRepo(db: Db, now: () => number = Date.now) {
  const one = async (where: string, value: string) => {
    const [row] = await db.query<Row>(`SELECT * FROM qbo_companies WHERE ${where} = $1`, [value]);
    return row ? fromRow(row) : undefined;
  };
  return {
    byRealm: (realmId: string) => one('realm_id', realmId),
    byConnection: (connectionId: string) => one('connection_id', connectionId),
    async all(): Promise<QboCompany[]> {
      return (await db.query<Row>('SELECT * FROM qbo_companies ORDER BY connected_at, realm_id')).map(fromRow);
    },
    /**
     * A company connected (or connected again): its token lifetimes, and a first full read owed
     * when it is new. Reconnecting keeps where reading stood.
     */
    async connect(connectionId: string, realmId: string, expiries: TokenExpiries): Promise<void> {
      const t = now();
      await db.query(
        `INSERT INTO qbo_companies (connection_id, realm_id, access_expires_at, refresh_expires_at, refresh_hard_expires_at,
           connected_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (connection_id) DO UPDATE SET access_expires_at = excluded.access_expires_at,
           refresh_expires_at = excluded.refresh_expires_at, refresh_hard_expires_at = excluded.refresh_hard_expires_at,
           token_version = qbo_companies.token_version + 1, token_lease_owner = NULL, token_lease_until = NULL,
           updated_at = excluded.updated_at`,
        [connectionId, realmId, expiries.accessExpiresAt, expiries.refreshExpiresAt, expiries.refreshHardExpiresAt, t],
      );
    },
    async noteCompany(connectionId: string, c: { companyName: string; homeCurrency: string }): Promise<void> {
      await db.query(
        'UPDATE qbo_companies SET company_name = $2, home_currency = $3, updated_at = $4 WHERE connection_id = $1',
        [connectionId, c.companyName, c.homeCurrency, now()],
      );
    },
    /** Takes the refresh lease for `ms` when nobody holds it (or its holder's lease ran out). True when taken. */
    async lease(connectionId: string, owner: string, ms: number): Promise<boolean> {
      const t = now();
      const rows = await db.query<{ connection_id: string }>(
        `UPDATE qbo_companies SET token_lease_owner = $2, token_lease_until = $3
         WHERE connection_id = $1 AND (token_lease_until IS NULL OR token_lease_until <= $4 OR token_lease_owner = $2)
         RETURNING connection_id`,
        [connectionId, owner, t + ms, t],
      );
      return rows.length > 0;
    },
    /** New lifetimes after a refresh, releasing the lease (call in the transaction that stores the tokens). */
    async refreshed(connectionId: string, owner: string, expiries: TokenExpiries): Promise<void> {
      await db.query(
        `UPDATE qbo_companies SET access_expires_at = $3, refresh_expires_at = $4,
           refresh_hard_expires_at = COALESCE($5, refresh_hard_expires_at), token_version = token_version + 1,
           token_lease_owner = NULL, token_lease_until = NULL, updated_at = $6
         WHERE connection_id = $1 AND token_lease_owner = $2`,
        [
          connectionId,
          owner,
          expiries.accessExpiresAt,
          expiries.refreshExpiresAt,
          expiries.refreshHardExpiresAt,
          now(),
        ],
      );
    },
    async release(connectionId: string, owner: string): Promise<void> {
      await db.query(
        `UPDATE qbo_companies SET token_lease_owner = NULL, token_lease_until = NULL
         WHERE connection_id = $1 AND token_lease_owner = $2`,
        [connectionId, owner],
      );
    },
    /** The first full read finished; Change Data Capture resumes from `cdcSince`. */
    async fullReadDone(connectionId: string, cdcSince: string): Promise<void> {
      const t = now();
      await db.query(
        'UPDATE qbo_companies SET full_read_at = $2, cdc_since = $3, cdc_at = $2, updated_at = $2 WHERE connection_id = $1',
        [connectionId, t, cdcSince],
      );
    },
    /** A full read is owed again (Change Data Capture's 30 days passed unread). */
    async fullReadOwed(connectionId: string): Promise<void> {
      await db.query('UPDATE qbo_companies SET full_read_at = NULL, updated_at = $2 WHERE connection_id = $1', [
        connectionId,
        now(),
      ]);
    },
    async cdcDone(connectionId: string, cdcSince: string): Promise<void> {
      const t = now();
      await db.query('UPDATE qbo_companies SET cdc_since = $2, cdc_at = $3, updated_at = $3 WHERE connection_id = $1', [
        connectionId,
        cdcSince,
        t,
      ]);
    },
  };
}

export type QboCompaniesRepo = ReturnType<typeof qboCompaniesRepo>;
