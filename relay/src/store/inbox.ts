/**
 * @module
 * The inbox: every raw qbXML response QuickBooks sends, stored durably before the Web Connector
 * gets its acknowledgement. The sync engine claims and processes rows later, outside the SOAP
 * request. Responses the relay could not read are kept `quarantined` (evidence, never processed).
 */
import type { Db } from './db.ts';

export type InboxStatus = 'pending' | 'quarantined' | 'processed';

export interface InboxItem {
  readonly id: string;
  readonly connectionId: string;
  readonly sessionId: string | null;
  readonly requestKind: string;
  readonly requestId: string;
  readonly receivedAt: number;
  readonly payload: string;
  readonly status: InboxStatus;
  readonly error: string | null;
  readonly processedAt: number | null;
}

interface Row {
  id: string;
  connection_id: string;
  session_id: string | null;
  request_kind: string;
  request_id: string;
  received_at: number;
  payload: string;
  status: string;
  error: string | null;
  processed_at: number | null;
}

const fromRow = (r: Row): InboxItem => ({
  id: r.id,
  connectionId: r.connection_id,
  sessionId: r.session_id,
  requestKind: r.request_kind,
  requestId: r.request_id,
  receivedAt: Number(r.received_at),
  payload: r.payload,
  status: r.status as InboxStatus,
  error: r.error,
  processedAt: r.processed_at === null ? null : Number(r.processed_at),
});

/**
 * @example
 * await inboxRepo(db).add({ id, connectionId, sessionId, requestKind: 'CustomerQuery', requestId, payload });
 */
export function inboxRepo(db: Db, now: () => number = Date.now) {
  return {
    async add(item: {
      id: string;
      connectionId: string;
      sessionId: string | null;
      requestKind: string;
      requestId: string;
      payload: string;
      status?: InboxStatus;
      error?: string | null;
    }): Promise<void> {
      await db.query(
        `INSERT INTO inbox (id, connection_id, session_id, request_kind, request_id, received_at, payload, status, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          item.id,
          item.connectionId,
          item.sessionId,
          item.requestKind,
          item.requestId,
          now(),
          item.payload,
          item.status ?? 'pending',
          item.error ?? null,
        ],
      );
    },
    /** Items of one connection in arrival order (tests, diagnostics). */
    async list(connectionId: string, { status }: { status?: InboxStatus } = {}): Promise<InboxItem[]> {
      const rows = status
        ? await db.query<Row>('SELECT * FROM inbox WHERE connection_id = $1 AND status = $2 ORDER BY received_at, id', [
            connectionId,
            status,
          ])
        : await db.query<Row>('SELECT * FROM inbox WHERE connection_id = $1 ORDER BY received_at, id', [connectionId]);
      return rows.map(fromRow);
    },
    async count(connectionId: string): Promise<number> {
      const [row] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM inbox WHERE connection_id = $1', [
        connectionId,
      ]);
      return Number(row?.n ?? 0);
    },
    /**
     * Claims up to `limit` pending items for `worker` for `leaseMs`: concurrent workers never get
     * the same row (PostgreSQL skips locked rows; SQLite has one writer).
     */
    async claim(worker: string, limit: number, leaseMs: number): Promise<InboxItem[]> {
      const t = now();
      const rows = await db.query<Row>(
        `UPDATE inbox SET claimed_by = $1, claimed_until = $2
         WHERE id IN (
           SELECT id FROM inbox
           WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until < $3)
           ORDER BY received_at, id LIMIT $4 ${db.profile.claimSuffix}
         )
         RETURNING *`,
        [worker, t + leaseMs, t, limit],
      );
      return rows.map(fromRow).sort((a, b) => a.receivedAt - b.receivedAt || a.id.localeCompare(b.id));
    },
    /**
     * Drops every claim on pending items at once, instead of when it runs out. Only for a store no
     * other process shares, at start-up: the claims are then a dead process's.
     */
    async releaseClaims(): Promise<number> {
      const rows = await db.query<{ id: string }>(
        `UPDATE inbox SET claimed_by = NULL, claimed_until = NULL
         WHERE status = 'pending' AND claimed_until IS NOT NULL RETURNING id`,
      );
      return rows.length;
    },
    async markProcessed(id: string, worker: string): Promise<boolean> {
      const rows = await db.query(
        `UPDATE inbox SET status = 'processed', processed_at = $3, claimed_until = NULL
         WHERE id = $1 AND claimed_by = $2 AND status = 'pending' RETURNING id`,
        [id, worker, now()],
      );
      return rows.length === 1;
    },
  };
}

export type InboxRepo = ReturnType<typeof inboxRepo>;
