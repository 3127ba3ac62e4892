/**
 * @module
 * Where each connection's queue stands: the connections with writes waiting, each one's lowest
 * waiting rank (the rows above it wait for it, however ready they are) and when that rank can next
 * be sent. Read by index seeks (migration 34's `outbox_ready_at`, and `outbox_waiting` for the rank), one connection at a time, not by grouping every
 * waiting row: a first sync queues hundreds of thousands of rows, and this is asked on every claim
 * and every tick of the engine.
 */
import type { Db } from './db.ts';

const WAITING = `status IN ('pending', 'leased')`;
/** When a waiting row can be sent: a pending one at its next attempt, a leased one when its lease runs out (`outbox_ready_at`). */
const READY_AT = `CASE WHEN status = 'pending' THEN next_attempt_at ELSE lease_until END`;

/** A connection's lowest waiting rank, and the soonest one of that rank's rows can be sent. */
export interface QueueHead {
  readonly connectionId: string;
  readonly rank: number;
  readonly readyAt: number;
}

/** The connections with rows waiting, in id order: one seek each (a skip scan of the index). */
async function waitingConnections(db: Db): Promise<string[]> {
  const rows = await db.query<{ id: string | null }>(
    `WITH RECURSIVE c(id) AS (
       SELECT MIN(connection_id) FROM outbox WHERE ${WAITING}
       UNION ALL
       SELECT (SELECT MIN(connection_id) FROM outbox WHERE ${WAITING} AND connection_id > c.id) FROM c WHERE c.id IS NOT NULL
     )
     SELECT id FROM c WHERE id IS NOT NULL`,
  );
  return rows.map((r) => r.id!);
}

/**
 * Each connection's head among the rows going to `to` (`''`: to any connection), soonest ready
 * first (then by connection id), so a connection whose writes wait for a retry does not hold back
 * the others.
 * @example const heads = await queueHeads(tx, { to: targetConnectionId });
 */
export async function queueHeads(
  db: Db,
  { to, connectionId }: { to: string; connectionId?: string },
): Promise<QueueHead[]> {
  const heads: QueueHead[] = [];
  for (const id of connectionId === undefined ? await waitingConnections(db) : [connectionId]) {
    const [head] = await db.query<{ rank: number }>(
      `SELECT rank FROM outbox WHERE connection_id = $1 AND ${WAITING} AND ($2 = '' OR target_connection_id = $2)
       ORDER BY rank LIMIT 1`,
      [id, to],
    );
    if (!head) continue;
    const rank = Number(head.rank);
    const [first] = await db.query<{ t: number }>(
      `SELECT ${READY_AT} AS t FROM outbox
       WHERE connection_id = $1 AND rank = $2 AND ${WAITING} AND ($3 = '' OR target_connection_id = $3)
       ORDER BY ${READY_AT} LIMIT 1`,
      [id, rank, to],
    );
    heads.push({ connectionId: id, rank, readyAt: Number(first?.t ?? 0) });
  }
  return heads.sort(
    (a, b) => a.readyAt - b.readyAt || (a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : 0),
  );
}
