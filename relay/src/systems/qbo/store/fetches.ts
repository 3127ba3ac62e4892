/**
 * @module
 * The relay's reads of a QuickBooks Online company (`qbo_fetches`, migration 21): a full read, the
 * records webhooks named, or a Change Data Capture read. Each is a delivery: the pages it stores
 * carry its id, and the runs that count them close once it has finished.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../store/db.ts';

export type FetchKind = 'full' | 'changes' | 'cdc';

/** @example const id = await qboFetchesRepo(db).open(connectionId, 'full'); */
export function qboFetchesRepo(db: Db, now: () => number = Date.now) {
  return {
    async open(connectionId: string, kind: FetchKind): Promise<string> {
      const id = randomUUID();
      await db.query('INSERT INTO qbo_fetches (id, connection_id, kind, started_at) VALUES ($1, $2, $3, $4)', [
        id,
        connectionId,
        kind,
        now(),
      ]);
      return id;
    },
    async close(id: string): Promise<void> {
      await db.query('UPDATE qbo_fetches SET finished_at = $2 WHERE id = $1 AND finished_at IS NULL', [id, now()]);
    },
    async isOpen(connectionId: string, id: string): Promise<boolean> {
      const [row] = await db.query<{ n: number }>(
        'SELECT COUNT(*) AS n FROM qbo_fetches WHERE connection_id = $1 AND id = $2 AND finished_at IS NULL',
        [connectionId, id],
      );
      return Number(row?.n ?? 0) > 0;
    },
    async anyOpen(connectionId: string): Promise<boolean> {
      const [row] = await db.query<{ n: number }>(
        'SELECT COUNT(*) AS n FROM qbo_fetches WHERE connection_id = $1 AND finished_at IS NULL',
        [connectionId],
      );
      return Number(row?.n ?? 0) > 0;
    },
    /** Reads a stopped relay left open are closed (what they stored stays; the next read goes on). */
    async closeAbandoned(startedBefore: number): Promise<number> {
      const rows = await db.query<{ id: string }>(
        'UPDATE qbo_fetches SET finished_at = $2 WHERE finished_at IS NULL AND started_at < $1 RETURNING id',
        [startedBefore, now()],
      );
      return rows.length;
    },
  };
}
