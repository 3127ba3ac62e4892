/**
 * @module
 * Reads a system's feed makes of a connection (`dynamics_reads`, migration 27; `conductor_reads`,
 * migration 28): each is a delivery: the inbox pages it stores carry its id, and the runs that count
 * them close once it has finished. Every page stored moves the read's `alive_at` in the page's own
 * transaction ({@link readsRepo} `beat`); a read silent for {@link SILENT_MS} is a stopped relay's
 * and counts as ended (what it stored stays, and the next read goes on from the cursors, which
 * moved only with pages stored). A feed takes such a read over with {@link readsRepo} `endAbandoned`.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './db.ts';

/** The tables of reads, one per system that reads its connections itself (same columns). */
export type ReadsTable = 'dynamics_reads' | 'conductor_reads';

/** A read that stored nothing for this long is no longer in progress (longer than the systems' longest waits). */
export const SILENT_MS = 15 * 60_000;
/** Finished reads are kept this long (the feeds' schedules look back at most a day). */
const KEPT_MS = 2 * 86_400_000;

/** @example const id = await readsRepo(db, 'conductor_reads').open(connectionId, 'changes'); */
export function readsRepo<Kind extends string>(db: Db, table: ReadsTable, now: () => number = Date.now) {
  const open = `finished_at IS NULL AND alive_at >= $2`;
  const close = async (id: string): Promise<void> => {
    await db.query(`UPDATE ${table} SET finished_at = $2 WHERE id = $1 AND finished_at IS NULL`, [id, now()]);
  };
  return {
    async open(connectionId: string, kind: Kind): Promise<string> {
      const id = randomUUID();
      const t = now();
      await db.query(`DELETE FROM ${table} WHERE connection_id = $1 AND started_at < $2`, [connectionId, t - KEPT_MS]);
      await db.query(
        `INSERT INTO ${table} (id, connection_id, kind, started_at, alive_at) VALUES ($1, $2, $3, $4, $4)`,
        [id, connectionId, kind, t],
      );
      return id;
    },
    /** The read stored a page (called inside the page's transaction). */
    async beat(id: string): Promise<void> {
      await db.query(`UPDATE ${table} SET alive_at = $2 WHERE id = $1`, [id, now()]);
    },
    close,
    /**
     * Ends the connection's reads a stopped relay left unfinished, so that the next read goes on at
     * once: those silent for {@link SILENT_MS}, or with `all` every unfinished one (at start-up on a
     * store no other process uses, where none can be in progress). Returns how many it ended.
     */
    async endAbandoned(connectionId: string, { all = false }: { all?: boolean } = {}): Promise<number> {
      const left = await db.query<{ id: string }>(
        `SELECT id FROM ${table} WHERE connection_id = $1 AND finished_at IS NULL AND alive_at < $2`,
        [connectionId, all ? Number.MAX_SAFE_INTEGER : now() - SILENT_MS],
      );
      for (const { id } of left) await close(id);
      return left.length;
    },
    async isOpen(connectionId: string, id: string): Promise<boolean> {
      const rows = await db.query(`SELECT id FROM ${table} WHERE connection_id = $1 AND id = $3 AND ${open}`, [
        connectionId,
        now() - SILENT_MS,
        id,
      ]);
      return rows.length > 0;
    },
    async anyOpen(connectionId: string): Promise<boolean> {
      const rows = await db.query(`SELECT id FROM ${table} WHERE connection_id = $1 AND ${open}`, [
        connectionId,
        now() - SILENT_MS,
      ]);
      return rows.length > 0;
    },
    /** When the connection's last read of this kind started (epoch ms), if any is kept. */
    async lastStarted(connectionId: string, kind: Kind): Promise<number | undefined> {
      const [row] = await db.query<{ at: number | null }>(
        `SELECT MAX(started_at) AS at FROM ${table} WHERE connection_id = $1 AND kind = $2`,
        [connectionId, kind],
      );
      return row?.at == null ? undefined : Number(row.at);
    },
  };
}

export type ReadsRepo<Kind extends string> = ReturnType<typeof readsRepo<Kind>>;
