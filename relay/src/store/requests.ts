/**
 * @module
 * Sync requests picked up from the target ("Sync with QuickBooks" on an Account, or on a whole
 * connection). They wait for the connection's next QuickBooks session, which takes them up itself
 * when it opens and re-reads what they ask for; they are completed once that session's records
 * have been written. The target side only records them and reports where they are. A request for
 * one record ("Push to QuickBooks" on a deal, scope `record`) is no session's: it waits for that
 * record's write into its connection to settle.
 */
import type { Db } from './db.ts';

export type RequestStatus = 'waiting' | 'in_progress' | 'completed' | 'failed';

export interface SyncRequest {
  /** The target's id of the request record. */
  readonly id: string;
  readonly connectionId: string;
  readonly scope: 'account' | 'connection' | 'record';
  /** QuickBooks customer to re-read, for the account scope. */
  readonly customerId: string | null;
  /** The CRM record whose write it waits for, for the record scope. */
  readonly recordId: string | null;
  readonly status: RequestStatus;
  readonly sessionId: string | null;
  readonly result: string | null;
  readonly createdAt: number;
}

interface Row {
  id: string;
  connection_id: string;
  scope: string;
  customer_id: string | null;
  record_id: string | null;
  status: string;
  session_id: string | null;
  result: string | null;
  created_at: number;
}

const fromRow = (r: Row): SyncRequest => ({
  id: r.id,
  connectionId: r.connection_id,
  scope: r.scope as SyncRequest['scope'],
  customerId: r.customer_id,
  recordId: r.record_id ?? null,
  status: r.status as RequestStatus,
  sessionId: r.session_id,
  result: r.result,
  createdAt: Number(r.created_at),
});

/** @example await requestsRepo(db).add({ id: 'a0X..', connectionId: 'acme', scope: 'account', customerId: 'C-1' }); */
export function requestsRepo(db: Db, now: () => number = Date.now) {
  return {
    /** Records a request once; false when it was already known. */
    async add(r: {
      id: string;
      connectionId: string;
      scope: SyncRequest['scope'];
      customerId: string | null;
      recordId?: string | null;
    }): Promise<boolean> {
      const t = now();
      const rows = await db.query(
        `INSERT INTO sync_requests (id, connection_id, scope, customer_id, record_id, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'waiting', $6, $6) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [r.id, r.connectionId, r.scope, r.customerId, r.recordId ?? null, t],
      );
      return rows.length === 1;
    },
    async waiting(connectionId: string): Promise<SyncRequest[]> {
      const rows = await db.query<Row>(
        `SELECT * FROM sync_requests WHERE connection_id = $1 AND status = 'waiting' AND scope <> 'record'
         ORDER BY created_at, id`,
        [connectionId],
      );
      return rows.map(fromRow);
    },
    /** Ties the waiting requests of a connection to the session that serves them (a record's are no session's). */
    async start(connectionId: string, sessionId: string): Promise<SyncRequest[]> {
      const rows = await db.query<Row>(
        `UPDATE sync_requests SET status = 'in_progress', session_id = $2, updated_at = $3
         WHERE connection_id = $1 AND status = 'waiting' AND scope <> 'record' RETURNING *`,
        [connectionId, sessionId, now()],
      );
      return rows.map(fromRow);
    },
    /**
     * The requests a session took up that the target has not been told of (their result is empty
     * until then), now with `result`: each is returned once, to be reported.
     */
    async noteStarted(result: string): Promise<SyncRequest[]> {
      const rows = await db.query<Row>(
        `UPDATE sync_requests SET result = $1, updated_at = $2
         WHERE status = 'in_progress' AND result IS NULL RETURNING *`,
        [result, now()],
      );
      return rows.map(fromRow);
    },
    /** The requests for one record still waiting for its write, oldest first. */
    async waitingForRecords(): Promise<SyncRequest[]> {
      const rows = await db.query<Row>(
        `SELECT * FROM sync_requests WHERE scope = 'record' AND status = 'waiting' ORDER BY created_at, id`,
      );
      return rows.map(fromRow);
    },
    async forSession(sessionId: string): Promise<SyncRequest[]> {
      const rows = await db.query<Row>(
        `SELECT * FROM sync_requests WHERE session_id = $1 AND status = 'in_progress' ORDER BY created_at, id`,
        [sessionId],
      );
      return rows.map(fromRow);
    },
    async finish(id: string, status: 'completed' | 'failed', result: string): Promise<void> {
      await db.query(`UPDATE sync_requests SET status = $2, result = $3, updated_at = $4 WHERE id = $1`, [
        id,
        status,
        result,
        now(),
      ]);
    },
    async get(id: string): Promise<SyncRequest | undefined> {
      const rows = await db.query<Row>('SELECT * FROM sync_requests WHERE id = $1', [id]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
  };
}
