/**
 * @module
 * What the relay connects: connections (one row per system instance, whatever its system), links
 * (a QuickBooks connection paired with a CRM connection) and flows (what moves from one side of a
 * link to the other). Connections made from the environment are ensured here at start-up;
 * per-system detail lives in that system's own tables (`qbd_companies`, ...).
 */
import { randomUUID } from 'node:crypto';
import type { HealthStatus } from './connections.ts';
import type { Db } from './db.ts';

export interface ConnectionRow {
  readonly id: string;
  /** The system's short code as its folder under `systems/` names it (`qbd`, `salesforce`). */
  readonly system: string;
  readonly label: string;
  readonly settings: Readonly<Record<string, unknown>>;
  /**
   * Set while the connection's work is held: a system refusing our calls (an API allowance used
   * up), or a source told to come back later. Since when, and until when.
   */
  readonly pause: { readonly since: number; readonly until: number } | null;
  /** The connection's own health as its system last told it (a Web Connector session's outcome, say). */
  readonly health: {
    readonly status: HealthStatus;
    readonly code: string | null;
    readonly message: string | null;
    readonly at: number | null;
  };
  /** The last time the system called us for this connection, or answered us. */
  readonly lastContactAt: number | null;
}

export type NewConnectionRow = Pick<ConnectionRow, 'id' | 'system' | 'label' | 'settings'>;

export interface Flow {
  readonly id: string;
  readonly linkId: string;
  readonly sourceConnectionId: string;
  readonly targetConnectionId: string;
  /** Canonical record kinds the flow carries. */
  readonly objects: readonly string[];
}

interface ConnectionRowData {
  id: string;
  system: string;
  label: string;
  settings: string;
  paused_at: number | null;
  paused_until: number | null;
  health_status: string;
  health_code: string | null;
  health_message: string | null;
  health_at: number | null;
  last_contact_at: number | null;
}

const CONNECTION_COLUMNS =
  'id, system, label, settings, paused_at, paused_until, health_status, health_code, health_message, health_at, last_contact_at';

interface FlowRowData {
  id: string;
  link_id: string;
  source_connection_id: string;
  target_connection_id: string;
  objects: string;
}

const toConnection = (r: ConnectionRowData): ConnectionRow => ({
  id: r.id,
  system: r.system,
  label: r.label,
  settings: JSON.parse(r.settings) as Record<string, unknown>,
  pause:
    r.paused_until === null || r.paused_at === null
      ? null
      : { since: Number(r.paused_at), until: Number(r.paused_until) },
  health: {
    status: r.health_status as ConnectionRow['health']['status'],
    code: r.health_code,
    message: r.health_message,
    at: r.health_at === null ? null : Number(r.health_at),
  },
  lastContactAt: r.last_contact_at === null ? null : Number(r.last_contact_at),
});

const toFlow = (r: FlowRowData): Flow => ({
  id: r.id,
  linkId: r.link_id,
  sourceConnectionId: r.source_connection_id,
  targetConnectionId: r.target_connection_id,
  objects: JSON.parse(r.objects) as string[],
});

const FLOW_COLUMNS = 'id, link_id, source_connection_id, target_connection_id, objects';

/** @example const flow = await topologyRepo(db).flowFrom('acme-desktop'); */
export function topologyRepo(db: Db, now: () => number = Date.now) {
  return {
    /** Creates a connection the configuration names, or brings its label and settings up to date. */
    async ensureConnection(c: NewConnectionRow): Promise<void> {
      const t = now();
      await db.query(
        `INSERT INTO connections (id, system, label, settings, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (id) DO UPDATE SET label = excluded.label, settings = excluded.settings, updated_at = excluded.updated_at`,
        [c.id, c.system, c.label, JSON.stringify(c.settings), t],
      );
    },
    async connection(id: string): Promise<ConnectionRow | undefined> {
      const [row] = await db.query<ConnectionRowData>(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE id = $1`, [
        id,
      ]);
      return row ? toConnection(row) : undefined;
    },
    async connections(system?: string): Promise<ConnectionRow[]> {
      const rows = await db.query<ConnectionRowData>(
        `SELECT ${CONNECTION_COLUMNS} FROM connections ${system ? 'WHERE system = $1' : ''} ORDER BY created_at, id`,
        system ? [system] : [],
      );
      return rows.map(toConnection);
    },
    /** Connections whose system last told of a problem (health `error`, `warning` or `reauthorize`). */
    async troubled(): Promise<ConnectionRow[]> {
      const rows = await db.query<ConnectionRowData>(
        `SELECT ${CONNECTION_COLUMNS} FROM connections WHERE health_status IN ('error', 'warning', 'reauthorize') ORDER BY id`,
      );
      return rows.map(toConnection);
    },
    /** Pairs a QuickBooks connection with a CRM connection (once) and returns the link's id. */
    async ensureLink(qbConnectionId: string, crmConnectionId: string): Promise<string> {
      await db.query(
        `INSERT INTO links (id, qb_connection_id, crm_connection_id, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (qb_connection_id, crm_connection_id) DO NOTHING`,
        [randomUUID(), qbConnectionId, crmConnectionId, now()],
      );
      const [row] = await db.query<{ id: string }>(
        'SELECT id FROM links WHERE qb_connection_id = $1 AND crm_connection_id = $2',
        [qbConnectionId, crmConnectionId],
      );
      return row!.id;
    },
    /** The flow from one side of a link to the other (created once; its objects brought up to date). */
    async ensureFlow(f: Omit<Flow, 'id'>): Promise<Flow> {
      await db.query(
        `INSERT INTO flows (id, link_id, source_connection_id, target_connection_id, objects, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (link_id, source_connection_id) DO UPDATE SET objects = excluded.objects`,
        [randomUUID(), f.linkId, f.sourceConnectionId, f.targetConnectionId, JSON.stringify(f.objects), now()],
      );
      const [row] = await db.query<FlowRowData>(
        `SELECT ${FLOW_COLUMNS} FROM flows WHERE link_id = $1 AND source_connection_id = $2`,
        [f.linkId, f.sourceConnectionId],
      );
      return toFlow(row!);
    },
    async flows(): Promise<Flow[]> {
      return (await db.query<FlowRowData>(`SELECT ${FLOW_COLUMNS} FROM flows ORDER BY created_at, id`)).map(toFlow);
    },
    /** When a flow was made (a link's first scheduled reconciliation counts from it). */
    async flowCreatedAt(id: string): Promise<number | undefined> {
      const [row] = await db.query<{ created_at: number }>('SELECT created_at FROM flows WHERE id = $1', [id]);
      return row ? Number(row.created_at) : undefined;
    },
    async flow(id: string): Promise<Flow | undefined> {
      const [row] = await db.query<FlowRowData>(`SELECT ${FLOW_COLUMNS} FROM flows WHERE id = $1`, [id]);
      return row ? toFlow(row) : undefined;
    },
    /** The flows that read from a connection. */
    async flowsFrom(sourceConnectionId: string): Promise<Flow[]> {
      const rows = await db.query<FlowRowData>(
        `SELECT ${FLOW_COLUMNS} FROM flows WHERE source_connection_id = $1 ORDER BY created_at, id`,
        [sourceConnectionId],
      );
      return rows.map(toFlow);
    },
    /**
     * The connection refuses calls until `until` (an API allowance used up). True when this is
     * news (no pause yet, or a later end than known).
     */
    async pause(connectionId: string, until: number): Promise<boolean> {
      const t = now();
      const rows = await db.query<{ id: string }>(
        `UPDATE connections SET paused_at = COALESCE(paused_at, $3), paused_until = $2, updated_at = $3
         WHERE id = $1 AND (paused_until IS NULL OR paused_until < $2) RETURNING id`,
        [connectionId, until, t],
      );
      return rows.length > 0;
    },
    /** Ends a connection's pause whose time is over. True when one was ended. */
    async endPause(connectionId: string): Promise<boolean> {
      const t = now();
      const rows = await db.query<{ id: string }>(
        `UPDATE connections SET paused_at = NULL, paused_until = NULL, updated_at = $2
         WHERE id = $1 AND paused_at IS NOT NULL AND paused_until <= $2 RETURNING id`,
        [connectionId, t],
      );
      return rows.length > 0;
    },
  };
}

export type TopologyRepo = ReturnType<typeof topologyRepo>;
