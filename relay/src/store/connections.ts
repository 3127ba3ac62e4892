/**
 * @module
 * QuickBooks Desktop connections: one per Web Connector user name and company file. What every
 * connection has (system, label, health, pause, last contact) is its row in `connections`; what
 * only a Desktop company has is in `qbd_companies`: the password hash (never the password), and
 * the company-file identity recorded from the first session (with the company's home currency,
 * read again every session). This repository reads and writes both as one Desktop connection.
 */
import type { Db } from './db.ts';

/** `reauthorize`: the system refuses the relay's credentials until a person connects it again. */
export type HealthStatus = 'unknown' | 'ok' | 'warning' | 'error' | 'reauthorize';

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
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface Row {
  id: string;
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
  created_at: number;
  updated_at: number;
}

function fromRow(r: Row): Connection {
  return {
    id: r.id,
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
/** A Desktop connection is its `connections` row and its `qbd_companies` row. */
const SELECT = `SELECT c.id, c.health_status, c.health_code, c.health_message, c.health_at, c.last_contact_at,
    c.paused_until, c.created_at, c.updated_at, q.qbwc_username, q.password_hash, q.owner_id, q.file_id,
    q.company_identity, q.company_name, q.company_file_path, q.product_name, q.country, q.qbxml_versions,
    q.home_currency, q.last_session_at
  FROM connections c JOIN qbd_companies q ON q.id = c.id`;

export function connectionsRepo(db: Db, now: () => number = Date.now) {
  const byId = async (id: string): Promise<Connection | undefined> => {
    const [row] = await db.query<Row>(`${SELECT} WHERE c.id = $1`, [id]);
    return row ? fromRow(row) : undefined;
  };
  return {
    /** Creates the connection, or updates only its password hash when the user name exists. */
    async upsert(c: NewConnection): Promise<Connection> {
      const t = now();
      const [existing] = await db.query<{ id: string }>('SELECT id FROM qbd_companies WHERE qbwc_username = $1', [
        c.qbwcUsername,
      ]);
      if (existing) {
        await db.query('UPDATE qbd_companies SET password_hash = $2 WHERE id = $1', [existing.id, c.passwordHash]);
        await db.query('UPDATE connections SET updated_at = $2 WHERE id = $1', [existing.id, t]);
        return (await byId(existing.id))!;
      }
      await db.query(
        `INSERT INTO connections (id, system, label, created_at, updated_at) VALUES ($1, 'qbd', $2, $3, $3)`,
        [c.id, c.qbwcUsername, t],
      );
      await db.query(
        `INSERT INTO qbd_companies (id, qbwc_username, password_hash, owner_id, file_id) VALUES ($1, $2, $3, $4, $5)`,
        [c.id, c.qbwcUsername, c.passwordHash, c.ownerId, c.fileId],
      );
      return (await byId(c.id))!;
    },
    async byUsername(username: string): Promise<Connection | undefined> {
      const [row] = await db.query<Row>(`${SELECT} WHERE q.qbwc_username = $1`, [username]);
      return row ? fromRow(row) : undefined;
    },
    byId,
    async list(): Promise<Connection[]> {
      return (await db.query<Row>(`${SELECT} ORDER BY c.created_at, c.id`)).map(fromRow);
    },
    async recordCompany(id: string, c: CompanyIdentity): Promise<void> {
      const t = now();
      await db.query(
        `UPDATE qbd_companies SET company_identity = $2, company_name = $3, company_file_path = $4, product_name = $5,
           country = $6, qbxml_versions = $7, home_currency = $9, identity_recorded_at = COALESCE(identity_recorded_at, $8)
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
      if (c.companyName)
        await db.query('UPDATE connections SET label = $2, updated_at = $3 WHERE id = $1', [id, c.companyName, t]);
    },
    async setHealth(id: string, status: HealthStatus, code: string | null, message: string | null): Promise<void> {
      const t = now();
      await db.query(
        'UPDATE connections SET health_status = $2, health_code = $3, health_message = $4, health_at = $5, updated_at = $5 WHERE id = $1',
        [id, status, code, message, t],
      );
    },
    /** Holds the connection's Web Connector sessions off until `until` (null: no longer). */
    async pause(id: string, until: number | null): Promise<void> {
      const t = now();
      await db.query(
        until === null
          ? 'UPDATE connections SET paused_until = NULL, paused_at = NULL, updated_at = $2 WHERE id = $1'
          : 'UPDATE connections SET paused_until = $3, paused_at = COALESCE(paused_at, $2), updated_at = $2 WHERE id = $1',
        until === null ? [id, t] : [id, t, until],
      );
    },

    async touchSession(id: string): Promise<void> {
      const t = now();
      await db.query('UPDATE qbd_companies SET last_session_at = $1 WHERE id = $2', [t, id]);
      await db.query('UPDATE connections SET updated_at = $1 WHERE id = $2', [t, id]);
    },
    /** The Web Connector called, for this connection or as this user (any call, any outcome); unknown ones change nothing. */
    async touchContact(by: { readonly id: string } | { readonly username: string }, at: number = now()): Promise<void> {
      const which = 'id' in by ? 'id = $1' : 'id = (SELECT id FROM qbd_companies WHERE qbwc_username = $1)';
      await db.query(`UPDATE connections SET last_contact_at = $2 WHERE ${which}`, [
        'id' in by ? by.id : by.username,
        at,
      ]);
    },
  };
}

export type ConnectionsRepo = ReturnType<typeof connectionsRepo>;
