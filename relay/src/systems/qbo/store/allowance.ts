/**
 * @module
 * One company's request allowance shared by every relay on the store (migration 25), so relays on
 * one PostgreSQL together stay under Intuit's per-company limits (reference §2.8: 500 requests a
 * minute, 10 a second, 10 at once). A request needs a free slot (8 per company by default: at most
 * 8 in flight across relays) and room in its second (7 by default). Seconds are fixed windows:
 * any 60 s holds at most 61 of them, so at most 427 requests; any second overlaps two, so at most
 * 14 — each relay's own limiter still spaces its requests at 8 a second.
 *
 * Slots are leased, not locked: the lease of a relay killed mid-request runs out (`leaseMs`, longer
 * than a request may take), and a released slot names its holder so a late release frees nothing
 * another relay took since.
 */
import type { Db } from '../../../store/db.ts';
import type { SharedAllowance } from '../api/limiter-shared.ts';

export interface AllowanceOptions {
  readonly connectionId: string;
  /** This relay (a slot's holder). */
  readonly owner: string;
  /** Requests a second, across relays. Default 7. */
  readonly perSecond?: number;
  /** Requests in flight at once, across relays. Default 8. */
  readonly slots?: number;
  /** How long a slot stays leased if it is never released. Default 120 s. */
  readonly leaseMs?: number;
  /** Real time: Intuit's windows pass in real time whatever clock the relay keeps. */
  readonly now?: () => number;
}

/** How long a relay waits before asking again for a slot another holds. */
const SLOT_RETRY_MS = 20;

/** @example const allowance = qboAllowanceRepo(db, { connectionId, owner }); const turn = await allowance.take(); */
export function qboAllowanceRepo(
  db: Db,
  { connectionId, owner, perSecond = 7, slots = 8, leaseMs = 120_000, now = Date.now }: AllowanceOptions,
): SharedAllowance {
  let seeded = false;
  let prunedAt = 0;

  const release = (slot: number) =>
    db.query(
      'UPDATE qbo_request_slots SET holder = NULL, leased_until = 0 WHERE connection_id = $1 AND slot = $2 AND holder = $3',
      [connectionId, slot, owner],
    );

  return {
    async take() {
      if (!seeded) {
        const values = Array.from({ length: slots }, (_, i) => `($1, ${i})`).join(', ');
        await db.query(`INSERT INTO qbo_request_slots (connection_id, slot) VALUES ${values} ON CONFLICT DO NOTHING`, [
          connectionId,
        ]);
        seeded = true;
      }
      const t = now();
      const second = Math.floor(t / 1000);
      const turn = await db.transaction(async (tx) => {
        const [leased] = await tx.query<{ slot: number }>(
          `UPDATE qbo_request_slots SET holder = $2, leased_until = $3
           WHERE connection_id = $1 AND (holder IS NULL OR leased_until < $4) AND slot = (
             SELECT slot FROM qbo_request_slots WHERE connection_id = $1 AND (holder IS NULL OR leased_until < $4)
             ORDER BY slot LIMIT 1)
           RETURNING slot`,
          [connectionId, owner, t + leaseMs, t],
        );
        if (!leased) return { ok: false as const, retryInMs: SLOT_RETRY_MS };
        const [counted] = await tx.query<{ used: number }>(
          `INSERT INTO qbo_request_seconds (connection_id, second, used) VALUES ($1, $2, 1)
           ON CONFLICT (connection_id, second) DO UPDATE SET used = qbo_request_seconds.used + 1
           WHERE qbo_request_seconds.used < $3
           RETURNING used`,
          [connectionId, second, perSecond],
        );
        if (!counted) {
          await tx.query(
            'UPDATE qbo_request_slots SET holder = NULL, leased_until = 0 WHERE connection_id = $1 AND slot = $2',
            [connectionId, leased.slot],
          );
          return { ok: false as const, retryInMs: Math.max(1, (second + 1) * 1000 - t) };
        }
        return { ok: true as const, slot: Number(leased.slot) };
      });
      if (t - prunedAt > 60_000) {
        prunedAt = t;
        await db.query('DELETE FROM qbo_request_seconds WHERE connection_id = $1 AND second < $2', [
          connectionId,
          second - 60,
        ]);
      }
      if (!turn.ok) return turn;
      return { ok: true, release: () => release(turn.slot).then(() => undefined) };
    },
  };
}
