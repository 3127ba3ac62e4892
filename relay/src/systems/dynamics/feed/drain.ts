/**
 * @module
 * Draining webhook notices into the inbox: the rows they name are read by id with `ROW_READS`
 * (a post-image has none of the related rows an account or order is read with) and stored as
 * pages exactly like change tracking's (`tables.ts` says what each table's change is read as); a
 * Delete is a deletion at the time Dataverse ran it. Notices of tables the relay does not read,
 * or naming no row id, need nothing. Only once every page is stored are the notices marked
 * done, so a crash reads them again (pages unchanged are not stored twice).
 */
import { ok, type Result } from '../../../lib/result.ts';
import type { DataverseClient } from '../api/types.ts';
import type { PendingChange } from './notices.ts';
import { addRows } from './order-references.ts';
import { isRowId, readByIds } from './rows-by-id.ts';
import { TRACKED } from './tables.ts';
import { pageWriter, type ReadTarget } from './writer.ts';

/** @example await drainNotices(client, pending, target) // ok(undefined): their rows are in the inbox */
export async function drainNotices(
  client: DataverseClient,
  pending: readonly PendingChange[],
  target: ReadTarget,
): Promise<Result<void>> {
  for (const t of TRACKED) {
    const notes = pending.filter((p) => p.entity === t.table && isRowId(p.rowId));
    if (notes.length === 0) continue;
    const w = pageWriter(target);
    const live = notes.filter((p) => p.messageName !== 'Delete').map((p) => p.rowId);
    for await (const rows of readByIds(client, t.reads, live)) {
      if (!rows.ok) return rows;
      const added = await addRows(client, w, t.reads.table, rows.value);
      if (!added.ok) return added;
    }
    if (t.deletes) {
      const deleted = notes
        .filter((p) => p.messageName === 'Delete')
        .map((p) => ({ id: p.rowId.toLowerCase(), deletedAt: p.changedAt }));
      await w.add({ table: t.reads.table, rows: [], deleted });
    }
    await w.finish([]);
  }
  return ok(undefined);
}
