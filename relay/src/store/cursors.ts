/**
 * @module
 * Incremental-sync cursors, per connection and object type: the latest modification time
 * QuickBooks reported (kept in QuickBooks' own clock, as it sent it) and the IDs + EditSequences
 * seen at that boundary, so the overlap window of the next query can be de-duplicated. A cursor
 * only moves once the page that moved it is durably in the inbox.
 */
import type { Db } from './db.ts';

export interface Cursor {
  readonly objectType: string;
  /** QuickBooks' TimeModified (or TimeDeleted) of the newest record seen, as QuickBooks wrote it. */
  readonly fromModified: string | null;
  /** `[id, editSequence]` pairs of records modified within the overlap window before `fromModified`. */
  readonly boundary: readonly (readonly [string, string])[];
  readonly updatedAt: number;
}

interface Row {
  object_type: string;
  from_modified: string | null;
  boundary: string;
  updated_at: number;
}

const fromRow = (r: Row): Cursor => ({
  objectType: r.object_type,
  fromModified: r.from_modified,
  boundary: JSON.parse(r.boundary) as [string, string][],
  updatedAt: Number(r.updated_at),
});

/**
 * @example
 * const c = await cursorsRepo(db).get(connectionId, 'Customer');
 */
export function cursorsRepo(db: Db, now: () => number = Date.now) {
  return {
    async get(connectionId: string, objectType: string): Promise<Cursor | undefined> {
      const [row] = await db.query<Row>('SELECT * FROM cursors WHERE connection_id = $1 AND object_type = $2', [
        connectionId,
        objectType,
      ]);
      return row ? fromRow(row) : undefined;
    },
    async all(connectionId: string): Promise<Cursor[]> {
      return (
        await db.query<Row>('SELECT * FROM cursors WHERE connection_id = $1 ORDER BY object_type', [connectionId])
      ).map(fromRow);
    },
    async put(
      connectionId: string,
      c: { objectType: string; fromModified: string | null; boundary: readonly (readonly [string, string])[] },
    ): Promise<void> {
      await db.query(
        `INSERT INTO cursors (connection_id, object_type, from_modified, boundary, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (connection_id, object_type) DO UPDATE
           SET from_modified = excluded.from_modified, boundary = excluded.boundary, updated_at = excluded.updated_at`,
        [connectionId, c.objectType, c.fromModified, JSON.stringify(c.boundary), now()],
      );
    },
  };
}

export type CursorsRepo = ReturnType<typeof cursorsRepo>;
