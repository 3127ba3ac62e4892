/**
 * @module
 * Incremental-sync cursors, per connection and object type: the latest modification time
 * QuickBooks reported (kept in QuickBooks' own clock, as it sent it) and the IDs + EditSequences
 * seen at that boundary, so the overlap window of the next query can be de-duplicated. A cursor
 * only moves once the page that moved it is durably in the inbox. Every change bumps its version:
 * a step moves the cursor only if it is still at the version the step read it at, so a rewind (a
 * page of the step could not be read, see {@link cursorsRepo} `rewind`) is never overwritten.
 */
import type { Db } from './db.ts';

export interface Cursor {
  readonly objectType: string;
  /** QuickBooks' TimeModified (or TimeDeleted) of the newest record seen, as QuickBooks wrote it. */
  readonly fromModified: string | null;
  /** `[id, editSequence]` pairs of records modified within the overlap window before `fromModified`. */
  readonly boundary: readonly (readonly [string, string])[];
  readonly updatedAt: number;
  /** Changes so far (puts and rewinds); 0 for a cursor never stored. */
  readonly version: number;
}

interface Row {
  object_type: string;
  from_modified: string | null;
  boundary: string;
  updated_at: number;
  version: number;
}

const fromRow = (r: Row): Cursor => ({
  objectType: r.object_type,
  fromModified: r.from_modified,
  boundary: JSON.parse(r.boundary) as [string, string][],
  updatedAt: Number(r.updated_at),
  version: Number(r.version),
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
    /**
     * Moves the cursor and bumps its version. With `ifVersion`, only when the cursor is still at
     * that version (0: not stored yet). Returns the new version, or `undefined` when it did not move.
     */
    async put(
      connectionId: string,
      c: { objectType: string; fromModified: string | null; boundary: readonly (readonly [string, string])[] },
      { ifVersion }: { ifVersion?: number } = {},
    ): Promise<number | undefined> {
      const params = [connectionId, c.objectType, c.fromModified, JSON.stringify(c.boundary), now()];
      const guard = ifVersion === undefined ? '' : `WHERE cursors.version = $${params.push(ifVersion)}`;
      const [row] = await db.query<{ version: number }>(
        `INSERT INTO cursors (connection_id, object_type, from_modified, boundary, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, 1)
         ON CONFLICT (connection_id, object_type) DO UPDATE
           SET from_modified = excluded.from_modified, boundary = excluded.boundary, updated_at = excluded.updated_at,
               version = cursors.version + 1
           ${guard}
         RETURNING version`,
        params,
      );
      return row ? Number(row.version) : undefined;
    },
    /**
     * Moves the cursor back to `to` (never forward: an earlier value stays; `null` means from the
     * beginning), forgets its boundary and bumps its version, in one statement, so a rewind racing a
     * put of the same cursor is applied after it or makes it fail its version check. Values are
     * compared as the timestamps they are, by date and time (their first 19 characters), ignoring
     * the offset as the planner does. Returns the new version.
     */
    async rewind(connectionId: string, objectType: string, to: string | null): Promise<number> {
      const [row] = await db.query<{ version: number }>(
        `INSERT INTO cursors (connection_id, object_type, from_modified, boundary, updated_at, version)
         VALUES ($1, $2, NULL, '[]', $4, 1)
         ON CONFLICT (connection_id, object_type) DO UPDATE
           SET from_modified = CASE
                 WHEN cursors.from_modified IS NULL OR CAST($3 AS TEXT) IS NULL THEN NULL
                 WHEN substr(cursors.from_modified, 1, 19) > substr(CAST($3 AS TEXT), 1, 19) THEN CAST($3 AS TEXT)
                 ELSE cursors.from_modified END,
               boundary = '[]', updated_at = excluded.updated_at, version = cursors.version + 1
         RETURNING version`,
        [connectionId, objectType, to, now()],
      );
      return Number(row!.version);
    },
  };
}

export type CursorsRepo = ReturnType<typeof cursorsRepo>;
