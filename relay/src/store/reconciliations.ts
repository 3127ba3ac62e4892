/**
 * @module
 * Reconciliations (migration 30). One is asked for a link (by `ledgerbridge reconcile` or the
 * schedule); a books system that can only be read when it calls (QuickBooks Desktop) takes the
 * asked ones up with its next session, stores the figures under that session and marks them read;
 * one relay then claims each read one, compares it with the CRM and keeps the result. Repairs are
 * the customers a comparison asked the next session to read again.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './db.ts';

export type ReconciliationStatus = 'asked' | 'reading' | 'read' | 'compared' | 'failed';

export interface Reconciliation {
  readonly id: string;
  readonly booksConnectionId: string;
  readonly crmConnectionId: string;
  readonly status: ReconciliationStatus;
  readonly repair: boolean;
  readonly requestedBy: 'command' | 'schedule';
  readonly sessionId: string | null;
  readonly askedAt: number;
  readonly readAt: number | null;
  readonly comparedAt: number | null;
  readonly differences: number | null;
  /** The comparison as JSON (see `reconcile/runner.ts`), or why it could not be made. */
  readonly result: string | null;
}

interface Row {
  id: string;
  books_connection_id: string;
  crm_connection_id: string;
  status: string;
  repair: number;
  requested_by: string;
  session_id: string | null;
  asked_at: number;
  read_at: number | null;
  compared_at: number | null;
  differences: number | null;
  result: string | null;
}

const num = (v: number | null) => (v === null ? null : Number(v));
const fromRow = (r: Row): Reconciliation => ({
  id: r.id,
  booksConnectionId: r.books_connection_id,
  crmConnectionId: r.crm_connection_id,
  status: r.status as ReconciliationStatus,
  repair: Number(r.repair) === 1,
  requestedBy: r.requested_by as Reconciliation['requestedBy'],
  sessionId: r.session_id,
  askedAt: Number(r.asked_at),
  readAt: num(r.read_at),
  comparedAt: num(r.compared_at),
  differences: num(r.differences),
  result: r.result,
});

/** How long one relay holds a comparison before another may take it over. */
const CLAIM_MS = 10 * 60_000;

/** @example const id = await reconciliationsRepo(db).ask({ booksConnectionId, crmConnectionId, repair: false, requestedBy: 'command' }); */
export function reconciliationsRepo(db: Db, now: () => number = Date.now) {
  return {
    async ask(r: {
      booksConnectionId: string;
      crmConnectionId: string;
      repair: boolean;
      requestedBy: Reconciliation['requestedBy'];
    }): Promise<string> {
      const id = randomUUID();
      await db.query(
        `INSERT INTO reconciliations (id, books_connection_id, crm_connection_id, status, repair, requested_by, asked_at)
         VALUES ($1, $2, $3, 'asked', $4, $5, $6)`,
        [id, r.booksConnectionId, r.crmConnectionId, r.repair ? 1 : 0, r.requestedBy, now()],
      );
      return id;
    },
    async get(id: string): Promise<Reconciliation | undefined> {
      const [row] = await db.query<Row>('SELECT * FROM reconciliations WHERE id = $1', [id]);
      return row ? fromRow(row) : undefined;
    },
    /** The newest reconciliation of a link, whatever its state. */
    async latest(booksConnectionId: string, crmConnectionId: string): Promise<Reconciliation | undefined> {
      const [row] = await db.query<Row>(
        `SELECT * FROM reconciliations WHERE books_connection_id = $1 AND crm_connection_id = $2
         ORDER BY asked_at DESC, id DESC LIMIT 1`,
        [booksConnectionId, crmConnectionId],
      );
      return row ? fromRow(row) : undefined;
    },
    /**
     * A session of the books connection takes up its asked reconciliations, and those an earlier
     * session took up but did not finish reading. Returns how many.
     */
    async startReading(booksConnectionId: string, sessionId: string): Promise<number> {
      const rows = await db.query<{ id: string }>(
        `UPDATE reconciliations SET status = 'reading', session_id = $2
         WHERE books_connection_id = $1 AND status IN ('asked', 'reading') RETURNING id`,
        [booksConnectionId, sessionId],
      );
      return rows.length;
    },
    /** One record's figures as the session read them. */
    async putFigures(
      sessionId: string,
      figures: readonly { object: string; key: string; json: string }[],
    ): Promise<void> {
      for (const f of figures)
        await db.query(
          `INSERT INTO reconcile_figures (session_id, object, record_key, figures) VALUES ($1, $2, $3, $4)
           ON CONFLICT (session_id, object, record_key) DO UPDATE SET figures = EXCLUDED.figures`,
          [sessionId, f.object, f.key, f.json],
        );
    },
    async figures(sessionId: string): Promise<string[]> {
      const rows = await db.query<{ figures: string }>(
        'SELECT figures FROM reconcile_figures WHERE session_id = $1 ORDER BY object, record_key',
        [sessionId],
      );
      return rows.map((r) => r.figures);
    },
    /** The session read every figure: its reconciliations are ready to compare. */
    async read(sessionId: string): Promise<void> {
      await db.query(
        `UPDATE reconciliations SET status = 'read', read_at = $2 WHERE session_id = $1 AND status = 'reading'`,
        [sessionId, now()],
      );
    },
    /** The session could not read the figures: its reconciliations fail, saying why. */
    async failReading(sessionId: string, why: string): Promise<void> {
      await db.query(
        `UPDATE reconciliations SET status = 'failed', result = $2, compared_at = $3 WHERE session_id = $1 AND status = 'reading'`,
        [sessionId, JSON.stringify({ error: why }), now()],
      );
      await db.query('DELETE FROM reconcile_figures WHERE session_id = $1', [sessionId]);
    },
    /** Claims one read reconciliation to compare (none claimed by another relay in the last minutes). */
    async claimRead(): Promise<Reconciliation | undefined> {
      const t = now();
      const [row] = await db.query<Row>(
        `UPDATE reconciliations SET claimed_until = $1 WHERE id = (
           SELECT id FROM reconciliations WHERE status = 'read' AND (claimed_until IS NULL OR claimed_until < $2)
           ORDER BY read_at, id LIMIT 1)
         AND status = 'read' AND (claimed_until IS NULL OR claimed_until < $2) RETURNING *`,
        [t + CLAIM_MS, t],
      );
      return row ? fromRow(row) : undefined;
    },
    /** Claims the oldest asked reconciliation of a link whose books are read directly (no session reads them). */
    async claimAsked(booksConnectionId: string, crmConnectionId: string): Promise<Reconciliation | undefined> {
      const t = now();
      const [row] = await db.query<Row>(
        `UPDATE reconciliations SET claimed_until = $3 WHERE id = (
           SELECT id FROM reconciliations WHERE books_connection_id = $1 AND crm_connection_id = $2 AND status = 'asked'
             AND (claimed_until IS NULL OR claimed_until < $4) ORDER BY asked_at, id LIMIT 1)
         AND status = 'asked' AND (claimed_until IS NULL OR claimed_until < $4) RETURNING *`,
        [booksConnectionId, crmConnectionId, t + CLAIM_MS, t],
      );
      return row ? fromRow(row) : undefined;
    },
    /** Gives a claimed reconciliation back, to be compared in a later round. */
    async release(id: string): Promise<void> {
      await db.query('UPDATE reconciliations SET claimed_until = NULL WHERE id = $1', [id]);
    },
    /** Keeps the comparison's result; the figures go once no other reconciliation needs them. */
    async finish(id: string, status: 'compared' | 'failed', differences: number | null, result: string): Promise<void> {
      const [row] = await db.query<{ session_id: string | null }>(
        `UPDATE reconciliations SET status = $2, differences = $3, result = $4, compared_at = $5, claimed_until = NULL
         WHERE id = $1 RETURNING session_id`,
        [id, status, differences, result, now()],
      );
      if (row?.session_id)
        await db.query(
          `DELETE FROM reconcile_figures WHERE session_id = $1 AND NOT EXISTS (
             SELECT 1 FROM reconciliations WHERE session_id = $1 AND status IN ('reading', 'read'))`,
          [row.session_id],
        );
    },
    /** A repair: the next session of the books connection reads these customers again. */
    async addRepairs(booksConnectionId: string, reconciliationId: string, customers: readonly string[]): Promise<void> {
      for (const c of customers)
        await db.query(
          `INSERT INTO reconcile_repairs (books_connection_id, customer_key, reconciliation_id) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING`,
          [booksConnectionId, c, reconciliationId],
        );
    },
    /**
     * The customers waiting to be read again, taken by a session; those an earlier session took
     * but did not complete are taken again.
     */
    async takeRepairs(booksConnectionId: string, sessionId: string): Promise<string[]> {
      const rows = await db.query<{ customer_key: string }>(
        `UPDATE reconcile_repairs SET session_id = $2
         WHERE books_connection_id = $1 AND (session_id IS NULL OR session_id <> $2) RETURNING customer_key`,
        [booksConnectionId, sessionId],
      );
      return [...new Set(rows.map((r) => r.customer_key))];
    },
    /** A session that took repairs completed: they are done. */
    async repaired(sessionId: string): Promise<void> {
      await db.query('DELETE FROM reconcile_repairs WHERE session_id = $1', [sessionId]);
    },
  };
}

export type ReconciliationsRepo = ReturnType<typeof reconciliationsRepo>;
