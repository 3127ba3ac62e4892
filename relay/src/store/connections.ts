/**
 * @module
 * QuickBooks Desktop connections: one per Web Connector user name and company file. Holds the
 * password hash (never the password), the company-file identity recorded from the first session
 * (with the company's home currency, read again every session), a pause, and the connection's
 * health as a bookkeeper should read it.
 */
import type { Db } from './db.ts';

export type HealthStatus = 'unknown' | 'ok' | 'warning' | 'error';

export interface CompanyIdentity {
  /** `fileid:{GUID}` from the FileID data extension, or `name:<company>` when QuickBooks has none. */
  readonly identity: string;
  readonly companyName: string | null;
  readonly filePath: string | null;
  readonly productName: string | null;
  readonly country: string | null;
  readonly qbxmlVersions: readonly string[];
  /** ISO 4217 code of the company's home currency; null when recorded before the relay read it. */
  readonly homeCurrency: string | null;
}

export interface Connection {
  readonly id: string;
  readonly edition: 'desktop';
  readonly qbwcUsername: string;
  readonly passwordHash: string;
  readonly ownerId: string;
  readonly fileId: string;
  readonly company: CompanyIdentity | null;
  readonly pausedUntil: number | null;
  readonly health: {
    readonly status: HealthStatus;
    readonly code: string | null;
    readonly message: string | null;
    readonly at: number | null;
  };
  /** The last completed Web Connector session. */
  readonly lastSessionAt: number | null;
  /** The last time the Web Connector called for this connection, whatever the outcome. */
  readonly lastContactAt: number | null;
  /** Set while the target refuses calls (API allowance used up), until the writes it held back went through. */
  readonly targetPause: { readonly since: number; readonly until: number } | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface Row {
  id: string;
  edition: string;
  qbwc_username: string;
  password_hash: string;
  owner_id: string;
  file_id: string;
  company_identity: string | null;
  company_name: string | null;
  company_file_path: string | null;
  product_name: string | null;
  country: string | null;
  qbxml_versions: string | null;
  home_currency: string | null;
  paused_until: number | null;
  health_status: string;
  health_code: string | null;
  health_message: string | null;
  health_at: number | null;
  last_session_at: number | null;
  last_contact_at: number | null;
  target_paused_at: number | null;
  target_paused_until: number | null;
  created_at: number;
  updated_at: number;
}

function fromRow(r: Row): Connection {
  return {
    id: r.id,
    edition: 'desktop',
    qbwcUsername: r.qbwc_username,
    passwordHash: r.password_hash,
    ownerId: r.owner_id,
    fileId: r.file_id,
    company: r.company_identity
      ? {
          identity: r.company_identity,
          companyName: r.company_name,
          filePath: r.company_file_path,
          productName: r.product_name,
          country: r.country,
          qbxmlVersions: r.qbxml_versions ? (JSON.parse(r.qbxml_versions) as string[]) : [],
          homeCurrency: r.home_currency,
        }
      : null,
    pausedUntil: r.paused_until === null ? null : Number(r.paused_until),
    health: {
      status: r.health_status as HealthStatus,
      code: r.health_code,
      message: r.health_message,
      at: r.health_at === null ? null : Number(r.health_at),
    },
    lastSessionAt: r.last_session_at === null ? null : Number(r.last_session_at),
    lastContactAt: r.last_contact_at === null ? null : Number(r.last_contact_at),
    targetPause:
      r.target_paused_until === null
        ? null
        : { since: Number(r.target_paused_at ?? r.target_paused_until), until: Number(r.target_paused_until) },
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export interface NewConnection {
  readonly id: string;
  readonly qbwcUsername: string;
  readonly passwordHash: string;
  readonly ownerId: string;
  readonly fileId: string;
}

/**
 * @example
 * const connections = connectionsRepo(db);
 * const c = await connections.byUsername('acme-books');
 */
export function connectionsRepo(db: Db, now: () => number = Date.now) {
  return {
    /** Creates the connection, or updates only its password hash when the user name exists. */
    async upsert(c: NewConnection): Promise<Connection> {
      const t = now();
      const [row] = await db.query<Row>(
        `INSERT INTO connections (id, edition, qbwc_username, password_hash, owner_id, file_id, created_at, updated_at)
         VALUES ($1, 'desktop', $2, $3, $4, $5, $6, $6)
         ON CONFLICT (qbwc_username) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at
         RETURNING *`,
        [c.id, c.qbwcUsername, c.passwordHash, c.ownerId, c.fileId, t],
      );
      return fromRow(row as Row);
    },
    async byUsername(username: string): Promise<Connection | undefined> {
      const [row] = await db.query<Row>('SELECT * FROM connections WHERE qbwc_username = $1', [username]);
      return row ? fromRow(row) : undefined;
    },
    async byId(id: string): Promise<Connection | undefined> {
      const [row] = await db.query<Row>('SELECT * FROM connections WHERE id = $1', [id]);
      return row ? fromRow(row) : undefined;
    },
    async list(): Promise<Connection[]> {
      return (await db.query<Row>('SELECT * FROM connections ORDER BY created_at, id')).map(fromRow);
    },
    async recordCompany(id: string, c: CompanyIdentity): Promise<void> {
      const t = now();
      await db.query(
        `UPDATE connections SET company_identity = $2, company_name = $3, company_file_path = $4, product_name = $5,
           country = $6, qbxml_versions = $7, home_currency = $9, identity_recorded_at = COALESCE(identity_recorded_at, $8),
           updated_at = $8
         WHERE id = $1`,
        [
          id,
          c.identity,
          c.companyName,
          c.filePath,
          c.productName,
          c.country,
          JSON.stringify(c.qbxmlVersions),
          t,
          c.homeCurrency,
        ],
      );
    },
    async setHealth(id: string, status: HealthStatus, code: string | null, message: string | null): Promise<void> {
      const t = now();
      await db.query(
        'UPDATE connections SET health_status = $2, health_code = $3, health_message = $4, health_at = $5, updated_at = $5 WHERE id = $1',
        [id, status, code, message, t],
      );
    },
    async pause(id: string, until: number | null): Promise<void> {
      await db.query('UPDATE connections SET paused_until = $2, updated_at = $3 WHERE id = $1', [id, until, now()]);
    },
    async touchSession(id: string): Promise<void> {
      const t = now();
      await db.query('UPDATE connections SET last_session_at = $2, updated_at = $2 WHERE id = $1', [id, t]);
    },
    /** The Web Connector called, for this connection or as this user (any call, any outcome); unknown ones change nothing. */
    async touchContact(by: { readonly id: string } | { readonly username: string }, at: number = now()): Promise<void> {
      await db.query(`UPDATE connections SET last_contact_at = $2 WHERE ${'id' in by ? 'id' : 'qbwc_username'} = $1`, [
        'id' in by ? by.id : by.username,
        at,
      ]);
    },
    /**
     * The target refuses calls until `until`; it is one org for every connection of the relay, so
     * all of them are paused. True when this is news (no pause yet, or a later end than known).
     */
    async pauseTarget(until: number): Promise<boolean> {
      const t = now();
      const rows = await db.query<{ id: string }>(
        `UPDATE connections SET target_paused_at = COALESCE(target_paused_at, $2), target_paused_until = $1, updated_at = $2
         WHERE target_paused_until IS NULL OR target_paused_until < $1 RETURNING id`,
        [until, t],
      );
      return rows.length > 0;
    },
    /** Ends a pause whose time is over. True when one was ended. */
    async endTargetPause(): Promise<boolean> {
      const t = now();
      const rows = await db.query<{ id: string }>(
        `UPDATE connections SET target_paused_at = NULL, target_paused_until = NULL, updated_at = $1
         WHERE target_paused_until IS NOT NULL AND target_paused_until <= $1 RETURNING id`,
        [t],
      );
      return rows.length > 0;
    },
  };
}

export type ConnectionsRepo = ReturnType<typeof connectionsRepo>;
