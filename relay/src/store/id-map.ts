/**
 * @module
 * The cross-system id map: which target record (a Salesforce id) each external ID became. Written
 * when the target confirms a write; read to know whether a record exists there already.
 */
import type { Db } from './db.ts';

/** @example await idMapRepo(db).put('acme', 'Account', 'acme:80000001-1', '001000000000001AAA'); */
export function idMapRepo(db: Db, now: () => number = Date.now) {
  return {
    async put(connectionId: string, object: string, externalId: string, targetId: string): Promise<void> {
      const t = now();
      await db.query(
        `INSERT INTO id_map (connection_id, object, external_id, target_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (connection_id, object, external_id) DO UPDATE SET target_id = excluded.target_id, updated_at = $5`,
        [connectionId, object, externalId, targetId, t],
      );
    },
    /** Forgets a target record that was removed there (a later write of the same external ID creates it anew). */
    async remove(connectionId: string, object: string, externalId: string): Promise<void> {
      await db.query('DELETE FROM id_map WHERE connection_id = $1 AND object = $2 AND external_id = $3', [
        connectionId,
        object,
        externalId,
      ]);
    },
    async get(connectionId: string, object: string, externalId: string): Promise<string | undefined> {
      const rows = await db.query<{ target_id: string }>(
        'SELECT target_id FROM id_map WHERE connection_id = $1 AND object = $2 AND external_id = $3',
        [connectionId, object, externalId],
      );
      return rows[0]?.target_id;
    },
    async count(connectionId: string, object?: string): Promise<number> {
      const rows = await db.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM id_map WHERE connection_id = $1${object ? ' AND object = $2' : ''}`,
        object ? [connectionId, object] : [connectionId],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}
