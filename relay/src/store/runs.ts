/**
 * @module
 * Sync runs: one row per pass, with what it read, created, updated, left unchanged and failed.
 */
import type { Db } from './db.ts';

export interface RunCounts {
  readonly read: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly failed: number;
}

export interface SyncRun extends RunCounts {
  readonly id: string;
  readonly connectionId: string;
  /** The source's delivery the run counts (a Web Connector session), when it has one. */
  readonly deliveryId: string | null;
  /** `<source>_to_<target>`, e.g. `qb_to_sf`. */
  readonly direction: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly outcome: 'running' | 'succeeded' | 'completed_with_failures' | 'failed';
  readonly summary: string | null;
}

interface Row {
  id: string;
  connection_id: string;
  delivery_id: string | null;
  direction: string;
  started_at: number;
  finished_at: number | null;
  records_read: number;
  records_created: number;
  records_updated: number;
  records_unchanged: number;
  records_failed: number;
  outcome: string;
  summary: string | null;
}

const fromRow = (r: Row): SyncRun => ({
  id: r.id,
  connectionId: r.connection_id,
  deliveryId: r.delivery_id,
  direction: r.direction,
  startedAt: Number(r.started_at),
  finishedAt: r.finished_at === null ? null : Number(r.finished_at),
  read: Number(r.records_read),
  created: Number(r.records_created),
  updated: Number(r.records_updated),
  unchanged: Number(r.records_unchanged),
  failed: Number(r.records_failed),
  outcome: r.outcome as SyncRun['outcome'],
  summary: r.summary,
});

/** @example const run = await runsRepo(db).start('acme:S1', 'acme', 'qb_to_sf', 'S1'); */
export function runsRepo(db: Db, now: () => number = Date.now) {
  return {
    /** Starts a run; false when it had already started. */
    async start(
      id: string,
      connectionId: string,
      direction: string,
      deliveryId: string | null = null,
      flowId: string | null = null,
    ): Promise<boolean> {
      const rows = await db.query(
        `INSERT INTO sync_runs (id, connection_id, direction, started_at, outcome, delivery_id, flow_id)
         VALUES ($1, $2, $3, $4, 'running', $5, $6)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id, connectionId, direction, now(), deliveryId, flowId],
      );
      return rows.length === 1;
    },
    /** Runs still open, oldest first. */
    /** Runs not finished yet; of one direction (`<source>_to_<target>`) when given. */
    async running(direction?: string): Promise<SyncRun[]> {
      const rows = await db.query<Row>(
        `SELECT * FROM sync_runs WHERE outcome = 'running'${direction ? ' AND direction = $1' : ''} ORDER BY started_at, id`,
        direction ? [direction] : [],
      );
      return rows.map(fromRow);
    },
    /** Adds to the run's counters (atomic, so concurrent workers can share a run). */
    async add(id: string, counts: Partial<RunCounts>): Promise<void> {
      await db.query(
        `UPDATE sync_runs SET records_read = records_read + $2, records_created = records_created + $3,
           records_updated = records_updated + $4, records_unchanged = records_unchanged + $5,
           records_failed = records_failed + $6 WHERE id = $1`,
        [id, counts.read ?? 0, counts.created ?? 0, counts.updated ?? 0, counts.unchanged ?? 0, counts.failed ?? 0],
      );
    },
    async finish(id: string, outcome: SyncRun['outcome'], summary: string, at: number = now()): Promise<void> {
      await db.query(`UPDATE sync_runs SET finished_at = $2, outcome = $3, summary = $4 WHERE id = $1`, [
        id,
        at,
        outcome,
        summary,
      ]);
    },
    /**
     * Notes the finish time a running run's closing was sent with, ahead of its last writes'
     * confirmation (see `sync/closing.ts`); the run stays running until it is finished.
     */
    async closing(id: string, at: number): Promise<void> {
      await db.query(`UPDATE sync_runs SET finished_at = $2 WHERE id = $1 AND outcome = 'running'`, [id, at]);
    },
    async get(id: string): Promise<SyncRun | undefined> {
      const rows = await db.query<Row>('SELECT * FROM sync_runs WHERE id = $1', [id]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async latest(connectionId: string): Promise<SyncRun | undefined> {
      const rows = await db.query<Row>(
        'SELECT * FROM sync_runs WHERE connection_id = $1 ORDER BY started_at DESC, id DESC LIMIT 1',
        [connectionId],
      );
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    /** The connection's most recently finished run. */
    async lastFinished(connectionId: string): Promise<SyncRun | undefined> {
      const rows = await db.query<Row>(
        `SELECT * FROM sync_runs WHERE connection_id = $1 AND finished_at IS NOT NULL AND outcome <> 'running'
         ORDER BY finished_at DESC, id DESC LIMIT 1`,
        [connectionId],
      );
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
  };
}
