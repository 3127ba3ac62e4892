/**
 * @module
 * The company calendar's durable part: per connection, the time zone its day is read in and the
 * last company day statuses and roll-ups were recomputed for (so a restarted relay does not redo
 * a day), and the open transactions whose due date falls in a range of days — the ones a day
 * boundary can move from not overdue to overdue.
 */
import type { Db } from './db.ts';

export interface CalendarDay {
  readonly timeZone: string;
  /** `YYYY-MM-DD` in `timeZone`. */
  readonly day: string;
}

/** An open transaction as last mirrored, with when it was last written (epoch ms). */
export interface DueTransaction {
  readonly recordType: string;
  readonly sourceId: string;
  readonly partyId: string | null;
  readonly total: string | null;
  readonly balance: string;
  readonly dueDate: string;
  readonly writtenAt: number;
}

interface DueRow {
  record_type: string;
  source_id: string;
  party_id: string | null;
  total: string | null;
  balance: string;
  due_date: string;
  updated_at: number | string;
}

/** @example const last = await calendarRepo(db).get('acme'); */
export function calendarRepo(db: Db, now: () => number = Date.now) {
  return {
    async get(connectionId: string): Promise<CalendarDay | undefined> {
      const [row] = await db.query<{ time_zone: string; recomputed_day: string }>(
        'SELECT time_zone, recomputed_day FROM connection_calendar WHERE connection_id = $1',
        [connectionId],
      );
      return row ? { timeZone: row.time_zone, day: row.recomputed_day } : undefined;
    },

    async put(connectionId: string, d: CalendarDay): Promise<void> {
      await db.query(
        `INSERT INTO connection_calendar (connection_id, time_zone, recomputed_day, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (connection_id) DO UPDATE SET
           time_zone = excluded.time_zone, recomputed_day = excluded.recomputed_day, updated_at = excluded.updated_at`,
        [connectionId, d.timeZone, d.day, now()],
      );
    },

    /**
     * Transactions of `recordTypes` with a non-zero balance, not deleted, due on or after `from`
     * (any day when null) and before `to`.
     */
    async due(
      connectionId: string,
      recordTypes: readonly string[],
      from: string | null,
      to: string,
    ): Promise<DueTransaction[]> {
      const types = recordTypes.map((_, i) => `$${i + 4}`).join(', ');
      const rows = await db.query<DueRow>(
        `SELECT record_type, source_id, party_id, total, balance, due_date, updated_at FROM record_state
         WHERE connection_id = $1 AND deleted = 0 AND due_date >= $2 AND due_date < $3 AND record_type IN (${types})
           AND balance IS NOT NULL
         ORDER BY record_type, source_id`,
        [connectionId, from ?? '', to, ...recordTypes],
      );
      return rows.map((r) => ({
        recordType: r.record_type,
        sourceId: r.source_id,
        partyId: r.party_id,
        total: r.total,
        balance: r.balance,
        dueDate: r.due_date,
        writtenAt: Number(r.updated_at),
      }));
    },
  };
}
