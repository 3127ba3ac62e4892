/**
 * @module
 * A claim that spans ranks. A claimed batch (see `outbox.ts`) is one object of one rank; when the
 * target can write several objects in one call, the batch takes in the connection's other ready
 * writes too, rank after rank, so that a small company's first sync is a few packed calls rather
 * than one call per object and rank. The order that makes parents land first holds: a rank is
 * taken only when every unsettled write of the ranks below it is in the claim, and the target
 * writes the claim's ranks in order.
 */
import type { Db } from './db.ts';
import { outboxRepo, type NewOutboxItem, type OutboxBatch } from './outbox.ts';

export interface SpanLimits {
  /** Writes the claim may hold in all. */
  readonly limit: number;
  readonly leaseMs: number;
  /** A group (object and external-ID field of a rank) this large is left for a batch of its own (streamed). */
  readonly largeFrom: number;
  /**
   * How many of `n` more writes of a group (object and external-ID field) the claim still has room
   * for, told group by group in claim order (`all`: the claimed batch, in whole); counts them in.
   * Without it, a group is taken whole or not at all.
   */
  readonly room?: (object: string, externalIdField: string, n: number, all?: boolean) => number;
  /** Keeps a rank back for now (the engine gathers while its source is receiving). */
  readonly hold?: (tx: Db, connectionId: string, rank: number) => Promise<boolean>;
}

interface Group {
  rank: number;
  object: string;
  external_id_field: string;
  operation: string;
  n: number;
  ready: number;
}

/** @example const batch2 = await outboxSpanRepo(db).extend(batch, { limit: 10_000, leaseMs, largeFrom: 2000 }); */
export function outboxSpanRepo(db: Db, now: () => number = Date.now) {
  return {
    /**
     * Adds to a claimed batch the connection's other ready upserts: the rest of its rank, then the
     * ranks above while nothing below them is left out (held back, waiting for a retry, leased
     * elsewhere, too large, a removal, or past the limit or the room: a group may then be taken in
     * part, its first writes by id). Returns the batch with its new count.
     */
    async extend(batch: OutboxBatch, span: SpanLimits): Promise<OutboxBatch> {
      return db.transaction(async (tx) => {
        const t = now();
        const ready = `((status = 'pending' AND next_attempt_at <= $1) OR (status = 'leased' AND lease_until <= $1))`;
        // Within a rank, groups in the order the target is handed them (by their first row), which
        // is the order the room is measured in.
        const groups = await tx.query<Group>(
          `SELECT rank, object, external_id_field, operation, COUNT(*) AS n,
                  SUM(CASE WHEN ${ready} THEN 1 ELSE 0 END) AS ready
           FROM outbox WHERE connection_id = $2 AND rank >= $3 AND status IN ('pending', 'leased')
             AND (lease_owner IS NULL OR lease_owner <> $4) AND ($5 = '' OR target_connection_id = $5)
           GROUP BY rank, object, external_id_field, operation ORDER BY rank, MIN(id)`,
          [t, batch.connectionId, batch.rank, batch.token, batch.targetConnectionId],
        );
        let count = batch.count;
        span.room?.(batch.object, batch.externalIdField, batch.count, true);
        let complete = true;
        let rank = batch.rank;
        for (const g of groups) {
          const r = Number(g.rank);
          if (r !== rank) {
            if (!complete || (span.hold && (await span.hold(tx, batch.connectionId, r)))) break;
            rank = r;
          }
          const n = Number(g.n);
          const waiting = Number(g.ready);
          const wanted =
            g.operation !== 'upsert' || n >= span.largeFrom || waiting === 0
              ? 0
              : span.room
                ? span.room(g.object, g.external_id_field, Math.min(waiting, span.limit - count))
                : count + waiting > span.limit
                  ? 0
                  : waiting;
          if (wanted === 0) {
            complete = false;
            continue;
          }
          const leased = await tx.query<{ id: string }>(
            `UPDATE outbox SET status = 'leased', lease_owner = $6, lease_until = $7, updated_at = $1
             WHERE id IN (
               SELECT id FROM outbox WHERE ${ready} AND status IN ('pending', 'leased') AND connection_id = $2
                 AND rank = $3 AND object = $4 AND external_id_field = $5 AND operation = 'upsert'
                 AND ($8 = '' OR target_connection_id = $8)
               ORDER BY id LIMIT $9 ${tx.profile.claimSuffix}
             ) RETURNING id`,
            [
              t,
              batch.connectionId,
              r,
              g.object,
              g.external_id_field,
              batch.token,
              t + span.leaseMs,
              batch.targetConnectionId,
              wanted,
            ],
          );
          count += leased.length;
          if (leased.length < n) complete = false;
        }
        return { ...batch, count };
      });
    },

    /**
     * Queues writes and leases them with a claimed batch (they replace any unconfirmed version of
     * the same records; one equal to what the target confirmed is dropped). Returns the batch with
     * its new count.
     */
    async join(batch: OutboxBatch, items: readonly NewOutboxItem[], leaseMs: number): Promise<OutboxBatch> {
      return db.transaction(async (tx) => {
        const t = now();
        await outboxRepo(tx, now).enqueue(items);
        let count = batch.count;
        for (const i of items) {
          const leased = await tx.query<{ id: string }>(
            `UPDATE outbox SET status = 'leased', lease_owner = $5, lease_until = $6, updated_at = $7
             WHERE connection_id = $1 AND object = $2 AND external_id = $3 AND slot = $4 AND status = 'pending'
             RETURNING id`,
            [i.connectionId, i.object, i.externalId, i.slot ?? '', batch.token, t + leaseMs, t],
          );
          count += leased.length;
        }
        return { ...batch, count };
      });
    },

    /** Puts leased writes back in line untried (the target did not send them): no attempt is counted. */
    async release(token: string, ids: readonly string[]): Promise<void> {
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await db.query(
          `UPDATE outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL
           WHERE lease_owner = $1 AND status = 'leased' AND id IN (${chunk.map((_, k) => `$${k + 2}`).join(', ')})`,
          [token, ...chunk],
        );
      }
    },
  };
}
