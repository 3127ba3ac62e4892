/**
 * @module
 * The inbox: every payload a system delivers (a raw qbXML response from the Web Connector; later
 * webhook batches and change events), stored durably with its system and connection before the
 * sender gets its acknowledgement. A payload a sender may deliver twice carries a de-duplication
 * key and is stored once. The sync engine claims and processes rows later, outside the request. Responses the relay could not read are kept `quarantined` with the reason in words (the
 * raw payload is evidence, and can be put back in line once the relay reads it); each is reported
 * once (`logged_at`). A row remembers which cursor its page fed, so an unreadable page can rewind it.
 */
import type { Db, SqlValue } from './db.ts';
import { topologyRepo } from './topology.ts';

/** Adds a condition with one value to a query whose values are `params` (its `?` numbered next). */
const binder = (params: SqlValue[]) => (sql: string, value: SqlValue) => {
  params.push(value);
  return sql.replace('?', `$${params.length}`);
};

export type InboxStatus = 'pending' | 'quarantined' | 'processed';

export interface InboxItem {
  readonly id: string;
  /** The system that delivered it (the connection's). */
  readonly system: string;
  readonly connectionId: string;
  readonly sessionId: string | null;
  readonly requestKind: string;
  readonly requestId: string;
  readonly receivedAt: number;
  readonly payload: string;
  readonly status: InboxStatus;
  readonly error: string | null;
  /** Why it was quarantined, in words for a bookkeeper. */
  readonly errorMessage: string | null;
  /** When its quarantine was reported (a failure log queued); null while not yet. */
  readonly loggedAt: number | null;
  /** The cursor its page fed: object type, value before the page moved it, version once it was stored. */
  readonly cursor: { readonly type: string; readonly from: string | null; readonly version: number } | null;
  readonly processedAt: number | null;
  /** The partner connection it was stored for; `''`: any flow's (see {@link inboxRepo} `add`). */
  readonly forConnectionId: string;
}

interface Row {
  id: string;
  system: string;
  connection_id: string;
  session_id: string | null;
  request_kind: string;
  request_id: string;
  received_at: number;
  payload: string;
  status: string;
  error: string | null;
  error_message: string | null;
  logged_at: number | null;
  cursor_type: string | null;
  cursor_from: string | null;
  cursor_version: number | null;
  processed_at: number | null;
  for_connection_id: string;
}

const fromRow = (r: Row): InboxItem => ({
  id: r.id,
  system: r.system,
  connectionId: r.connection_id,
  sessionId: r.session_id,
  requestKind: r.request_kind,
  requestId: r.request_id,
  receivedAt: Number(r.received_at),
  payload: r.payload,
  status: r.status as InboxStatus,
  error: r.error,
  errorMessage: r.error_message,
  loggedAt: r.logged_at === null ? null : Number(r.logged_at),
  cursor:
    r.cursor_type === null
      ? null
      : { type: r.cursor_type, from: r.cursor_from, version: Number(r.cursor_version ?? 0) },
  processedAt: r.processed_at === null ? null : Number(r.processed_at),
  forConnectionId: r.for_connection_id,
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
      errorMessage?: string | null;
      cursor?: InboxItem['cursor'];
      /** Set for payloads a sender may deliver again (a webhook retried): a second one is not stored. */
      dedupKey?: string;
    }): Promise<boolean> {
      // Flowing into several connections, the payload is each one's (one row per flow's target, the
      // first under the id given); with one flow or none yet, it is one row any flow takes.
      const partners = (await topologyRepo(db, now).flowsFrom(item.connectionId)).map((f) => f.targetConnectionId);
      const copies = partners.length > 1 ? partners : [''];
      let stored = 0;
      for (const [n, forConnection] of copies.entries()) {
        const rows = await db.query(
          `INSERT INTO inbox (id, system, connection_id, session_id, request_kind, request_id, received_at, payload, status,
             error, error_message, cursor_type, cursor_from, cursor_version, dedup_key, for_connection_id)
           SELECT $1, c.system, c.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15 FROM connections c WHERE c.id = $2
           ON CONFLICT (connection_id, for_connection_id, dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING
           RETURNING id`,
          [
            n === 0 ? item.id : `${item.id}.${n}`,
            item.connectionId,
            item.sessionId,
            item.requestKind,
            item.requestId,
            now(),
            item.payload,
            item.status ?? 'pending',
            item.error ?? null,
            item.errorMessage ?? null,
            item.cursor?.type ?? null,
            item.cursor?.from ?? null,
            item.cursor?.version ?? null,
            item.dedupKey ?? null,
            forConnection,
          ],
        );
        stored += rows.length;
      }
      if (stored === 0 && item.dedupKey === undefined) throw new Error(`no connection ${item.connectionId}`);
      return stored > 0;
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
    /** Whether payloads of a connection still wait to be ingested. */
    async pending(connectionId: string): Promise<boolean> {
      const [row] = await db.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM inbox WHERE connection_id = $1 AND status = 'pending'`,
        [connectionId],
      );
      return Number(row?.n ?? 0) > 0;
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
    /**
     * Claims pending payloads (of one system's connections, when given), for a flow into
     * `forConnection` when given: payloads stored for another partner are not its.
     */
    async claim(
      worker: string,
      limit: number,
      leaseMs: number,
      system?: string,
      forConnection?: string,
    ): Promise<InboxItem[]> {
      const t = now();
      const params: SqlValue[] = [worker, t + leaseMs, t, limit];
      const and = binder(params);
      const rows = await db.query<Row>(
        `UPDATE inbox SET claimed_by = $1, claimed_until = $2
         WHERE id IN (
           SELECT id FROM inbox
           WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until < $3)
             ${system === undefined ? '' : and('AND system = ?', system)}
             ${forConnection === undefined ? '' : and("AND for_connection_id IN ('', ?)", forConnection)}
           ORDER BY received_at, id LIMIT $4 ${db.profile.claimSuffix}
         )
         RETURNING *`,
        params,
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
    /** Sets a claimed item aside as unreadable, with a stable code and the reason in words. */
    async quarantine(id: string, worker: string, error: { code: string; message: string }): Promise<boolean> {
      const rows = await db.query(
        `UPDATE inbox SET status = 'quarantined', error = $3, error_message = $4, claimed_until = NULL
         WHERE id = $1 AND claimed_by = $2 AND status = 'pending' RETURNING id`,
        [id, worker, error.code, error.message],
      );
      return rows.length === 1;
    },
    /** Quarantined items not yet reported, oldest first. */
    async unlogged(limit: number, system?: string, forConnection?: string): Promise<InboxItem[]> {
      const params: SqlValue[] = [limit];
      const and = binder(params);
      const rows = await db.query<Row>(
        `SELECT * FROM inbox WHERE status = 'quarantined' AND logged_at IS NULL
         ${system === undefined ? '' : and('AND system = ?', system)}
         ${forConnection === undefined ? '' : and("AND for_connection_id IN ('', ?)", forConnection)}
         ORDER BY received_at, id LIMIT $1`,
        params,
      );
      return rows.map(fromRow);
    },
    /** Notes that a quarantined item was reported; false when it already was (by another process, say). */
    async markLogged(id: string): Promise<boolean> {
      const rows = await db.query(
        `UPDATE inbox SET logged_at = $2 WHERE id = $1 AND status = 'quarantined' AND logged_at IS NULL RETURNING id`,
        [id, now()],
      );
      return rows.length === 1;
    },
    /**
     * Quarantined items of the cursor `page` fed that `page` (just processed) read again: reported,
     * from an earlier session, at or after where `page`'s step started. Notes it on them (once) and
     * returns them. A page of the same session is a neighbour, not a re-read.
     */
    async readAgainBy(page: InboxItem): Promise<InboxItem[]> {
      if (!page.cursor) return [];
      const rows = await db.query<Row>(
        `UPDATE inbox SET read_again_at = $5
         WHERE connection_id = $1 AND for_connection_id = $7 AND status = 'quarantined' AND cursor_type = $2 AND logged_at IS NOT NULL
           AND read_again_at IS NULL AND COALESCE(session_id, '') <> COALESCE($3, '') AND received_at <= $4
           AND (CAST($6 AS TEXT) IS NULL OR (cursor_from IS NOT NULL AND substr(cursor_from, 1, 19) >= substr(CAST($6 AS TEXT), 1, 19)))
         RETURNING *`,
        [
          page.connectionId,
          page.cursor.type,
          page.sessionId,
          page.receivedAt,
          now(),
          page.cursor.from,
          page.forConnectionId,
        ],
      );
      return rows.map(fromRow);
    },
    /**
     * Puts a quarantined item back in line (the relay can read it now), unless a later page that
     * fed the same cursor was processed since: that page read its records again, newer, and the old
     * ones must not overwrite them. Its reason and report are cleared: failing again reports again.
     */
    async requeue(id: string): Promise<'requeued' | 'not_quarantined' | 'read_again'> {
      const rows = await db.query<{ id: string }>(
        `UPDATE inbox SET status = 'pending', error = NULL, error_message = NULL, logged_at = NULL, read_again_at = NULL,
           claimed_by = NULL, claimed_until = NULL
         WHERE id = $1 AND status = 'quarantined' AND NOT EXISTS (
           SELECT 1 FROM inbox later WHERE later.connection_id = inbox.connection_id
             AND later.for_connection_id = inbox.for_connection_id
             AND later.cursor_type = inbox.cursor_type AND later.status = 'processed'
             AND later.received_at > inbox.received_at)
         RETURNING id`,
        [id],
      );
      if (rows.length === 1) return 'requeued';
      const [row] = await db.query<{ status: string }>('SELECT status FROM inbox WHERE id = $1', [id]);
      return row?.status === 'quarantined' ? 'read_again' : 'not_quarantined';
    },
  };
}

export type InboxRepo = ReturnType<typeof inboxRepo>;
