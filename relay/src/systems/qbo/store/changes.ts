/**
 * @module
 * What webhooks told of, until it is fetched (`qbo_changes`, `qbo_webhook_events`, migration 21).
 * A notice names a record, never its content: it is noted per record (a second notice of the same
 * record only counts up `seq`), and a fetch settles the notices it saw, so a notice arriving while
 * the record is being fetched is fetched again. Notices already received (a gateway's retry, a
 * replayed request) are recognised by their event key and change nothing.
 */
import type { Db } from '../../../store/db.ts';

export interface ChangeNotice {
  readonly connectionId: string;
  /** Intuit's entity name (`Customer`, `Invoice`). */
  readonly entity: string;
  readonly entityId: string;
  /** `Create`, `Update`, `Delete`, `Merge`, `Void`, `Emailed`. */
  readonly operation: string;
  /** When Intuit says it changed, as sent. */
  readonly changedAt: string | null;
  /** Unique per notice (a CloudEvents id, or the legacy notice's fields). */
  readonly eventKey: string;
}

export interface PendingChange {
  readonly entity: string;
  readonly entityId: string;
  readonly operation: string;
  /** When Intuit says it last changed, as sent (null when the notice said not). */
  readonly changedAt: string | null;
  readonly seq: number;
}

/** @example await qboChangesRepo(tx).note(notices) */
export function qboChangesRepo(db: Db, now: () => number = Date.now) {
  return {
    /** Notes new notices (call in one transaction); returns how many were new. */
    async note(notices: readonly ChangeNotice[]): Promise<number> {
      const t = now();
      let fresh = 0;
      for (const n of notices) {
        const seen = await db.query<{ event_key: string }>(
          `INSERT INTO qbo_webhook_events (event_key, received_at) VALUES ($1, $2)
           ON CONFLICT (event_key) DO NOTHING RETURNING event_key`,
          [n.eventKey, t],
        );
        if (seen.length === 0) continue;
        fresh++;
        await db.query(
          `INSERT INTO qbo_changes (connection_id, entity, entity_id, operation, changed_at, received_at, seq)
           VALUES ($1, $2, $3, $4, $5, $6, 1)
           ON CONFLICT (connection_id, entity, entity_id) DO UPDATE SET seq = qbo_changes.seq + 1,
             operation = CASE WHEN excluded.changed_at IS NULL OR qbo_changes.changed_at IS NULL
               OR excluded.changed_at >= qbo_changes.changed_at THEN excluded.operation ELSE qbo_changes.operation END,
             changed_at = CASE WHEN excluded.changed_at IS NULL OR qbo_changes.changed_at IS NULL
               OR excluded.changed_at >= qbo_changes.changed_at THEN excluded.changed_at ELSE qbo_changes.changed_at END,
             received_at = excluded.received_at`,
          [n.connectionId, n.entity, n.entityId, n.operation, n.changedAt, t],
        );
      }
      return fresh;
    },
    /** Records of a company with notices not fetched yet, oldest first. */
    async pending(connectionId: string, limit = 5000): Promise<PendingChange[]> {
      const rows = await db.query<{
        entity: string;
        entity_id: string;
        operation: string;
        changed_at: string | null;
        seq: number;
      }>(
        `SELECT entity, entity_id, operation, changed_at, seq FROM qbo_changes
         WHERE connection_id = $1 AND (fetched_seq IS NULL OR fetched_seq < seq)
         ORDER BY received_at, entity, entity_id LIMIT $2`,
        [connectionId, limit],
      );
      return rows.map((r) => ({
        entity: r.entity,
        entityId: r.entity_id,
        operation: r.operation,
        changedAt: r.changed_at,
        seq: Number(r.seq),
      }));
    },
    /** The notices a fetch saw are settled (later ones stay pending). */
    async settle(connectionId: string, fetched: readonly PendingChange[]): Promise<void> {
      for (const c of fetched) {
        await db.query(
          `UPDATE qbo_changes SET fetched_seq = $4 WHERE connection_id = $1 AND entity = $2 AND entity_id = $3`,
          [connectionId, c.entity, c.entityId, c.seq],
        );
      }
    },
    /** Forgets received notices older than `before` (their retries have long stopped). */
    async prune(before: number): Promise<void> {
      await db.query('DELETE FROM qbo_webhook_events WHERE received_at < $1', [before]);
    },
  };
}
