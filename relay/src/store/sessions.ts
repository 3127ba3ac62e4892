/**
 * @module
 * Web Connector sessions, persisted so that no state lives only in the relay's memory. A session
 * is found by the SHA-256 of its ticket (the ticket itself is never stored), belongs to exactly
 * one connection, and records the call it expects next, the request QuickBooks is working on,
 * the planner's position and the progress. At most one session per connection is live (a partial
 * unique index enforces it on both backends).
 */
import type { Db } from './db.ts';

/** The call a session expects next. */
export type SessionState = 'send' | 'receive' | 'error' | 'done';

export interface QbwcSession<P = unknown> {
  readonly id: string;
  readonly connectionId: string;
  readonly state: SessionState;
  readonly step: number;
  /** The planner's own state (iterator, pending cursor, counts), stored as JSON. */
  readonly plan: P;
  readonly request: { readonly kind: string; readonly id: string; readonly xml: string } | null;
  readonly progress: number;
  readonly records: number;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly createdAt: number;
  readonly touchedAt: number;
  readonly expiresAt: number;
  readonly closedAt: number | null;
  readonly closeReason: string | null;
}

interface Row {
  id: string;
  connection_id: string;
  state: string;
  step: number;
  plan: string;
  request_kind: string | null;
  request_id: string | null;
  request_xml: string | null;
  progress: number;
  records: number;
  error_code: string | null;
  error_message: string | null;
  created_at: number;
  touched_at: number;
  expires_at: number;
  closed_at: number | null;
  close_reason: string | null;
}

function fromRow<P>(r: Row): QbwcSession<P> {
  return {
    id: r.id,
    connectionId: r.connection_id,
    state: r.state as SessionState,
    step: Number(r.step),
    plan: JSON.parse(r.plan) as P,
    request:
      r.request_kind && r.request_id ? { kind: r.request_kind, id: r.request_id, xml: r.request_xml ?? '' } : null,
    progress: Number(r.progress),
    records: Number(r.records),
    error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
    createdAt: Number(r.created_at),
    touchedAt: Number(r.touched_at),
    expiresAt: Number(r.expires_at),
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
    closeReason: r.close_reason,
  };
}

/** The fields a transition may change. */
export type SessionPatch<P> = Partial<
  Pick<QbwcSession<P>, 'state' | 'step' | 'plan' | 'request' | 'progress' | 'records' | 'error'>
>;

/**
 * @example
 * const sessions = sessionsRepo(db);
 * const s = await sessions.open({ id, ticketHash, connectionId, plan, idleMs: 900_000 });
 */
export function sessionsRepo(db: Db, now: () => number = Date.now) {
  return {
    /**
     * Opens a live session unless the connection already has one that has not expired (then
     * `undefined`: the caller answers `busy`). Expired live sessions are closed first.
     */
    async open<P>(s: {
      id: string;
      ticketHash: string;
      connectionId: string;
      plan: P;
      idleMs: number;
    }): Promise<QbwcSession<P> | undefined> {
      const t = now();
      return db.transaction(async (tx) => {
        await tx.query(
          `UPDATE qbwc_sessions SET closed_at = $2, close_reason = 'expired'
           WHERE connection_id = $1 AND closed_at IS NULL AND expires_at <= $2`,
          [s.connectionId, t],
        );
        const [row] = await tx.query<Row>(
          `INSERT INTO qbwc_sessions (id, ticket_hash, connection_id, state, step, plan, created_at, touched_at, expires_at)
           VALUES ($1, $2, $3, 'send', 0, $4, $5, $5, $6)
           ON CONFLICT DO NOTHING
           RETURNING *`,
          [s.id, s.ticketHash, s.connectionId, JSON.stringify(s.plan), t, t + s.idleMs],
        );
        return row ? fromRow<P>(row) : undefined;
      });
    },
    async byTicketHash<P>(ticketHash: string): Promise<QbwcSession<P> | undefined> {
      const [row] = await db.query<Row>('SELECT * FROM qbwc_sessions WHERE ticket_hash = $1', [ticketHash]);
      return row ? fromRow<P>(row) : undefined;
    },
    async byId<P>(id: string): Promise<QbwcSession<P> | undefined> {
      const [row] = await db.query<Row>('SELECT * FROM qbwc_sessions WHERE id = $1', [id]);
      return row ? fromRow<P>(row) : undefined;
    },
    async live(connectionId: string): Promise<QbwcSession | undefined> {
      const [row] = await db.query<Row>('SELECT * FROM qbwc_sessions WHERE connection_id = $1 AND closed_at IS NULL', [
        connectionId,
      ]);
      return row ? fromRow(row) : undefined;
    },
    /**
     * Applies `patch` if the session is still live and still in `from` (optimistic: a concurrent or
     * repeated call finds it moved on and gets `undefined`). Also extends the idle expiry.
     */
    async transition<P>(
      id: string,
      from: SessionState,
      patch: SessionPatch<P>,
      idleMs: number,
    ): Promise<QbwcSession<P> | undefined> {
      const t = now();
      const sets: string[] = ['touched_at = $3', 'expires_at = $4'];
      const params: unknown[] = [id, from, t, t + idleMs];
      const set = (col: string, v: unknown) => {
        params.push(v);
        sets.push(`${col} = $${params.length}`);
      };
      if (patch.state !== undefined) set('state', patch.state);
      if (patch.step !== undefined) set('step', patch.step);
      if (patch.plan !== undefined) set('plan', JSON.stringify(patch.plan));
      if (patch.request !== undefined) {
        set('request_kind', patch.request?.kind ?? null);
        set('request_id', patch.request?.id ?? null);
        set('request_xml', patch.request?.xml ?? null);
      }
      if (patch.progress !== undefined) set('progress', patch.progress);
      if (patch.records !== undefined) set('records', patch.records);
      if (patch.error !== undefined) {
        set('error_code', patch.error?.code ?? null);
        set('error_message', patch.error?.message ?? null);
      }
      const [row] = await db.query<Row>(
        `UPDATE qbwc_sessions SET ${sets.join(', ')} WHERE id = $1 AND state = $2 AND closed_at IS NULL RETURNING *`,
        params as never,
      );
      return row ? fromRow<P>(row) : undefined;
    },
    /** Closes a session (idempotent); `error` is kept for a late getLastError. */
    async close(id: string, reason: string, error?: { code: string; message: string }): Promise<void> {
      const t = now();
      await db.query(
        `UPDATE qbwc_sessions SET closed_at = $2, close_reason = $3, touched_at = $2,
           error_code = COALESCE($4, error_code), error_message = COALESCE($5, error_message)
         WHERE id = $1 AND closed_at IS NULL`,
        [id, t, reason, error?.code ?? null, error?.message ?? null],
      );
    },
    /**
     * Ends the live sessions a starting relay may end: on a store no other process shares, every
     * live session (it belongs to a relay process that is gone); where several relays share the
     * store, only expired ones — the others are running on a live relay, and any relay can serve
     * their next call from the stored state.
     */
    async closeAbandoned(
      reason: string,
      error: { code: string; message: string },
      { shared }: { shared: boolean },
    ): Promise<number> {
      const t = now();
      const rows = await db.query(
        `UPDATE qbwc_sessions SET closed_at = $1, close_reason = $2, error_code = $3, error_message = $4
         WHERE closed_at IS NULL ${shared ? 'AND expires_at <= $1' : ''} RETURNING id`,
        [t, reason, error.code, error.message],
      );
      return rows.length;
    },
  };
}

export type SessionsRepo = ReturnType<typeof sessionsRepo>;
