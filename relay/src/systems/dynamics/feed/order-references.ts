/**
 * @module
 * Sales orders go into the inbox after the accounts and products they name, read again with them:
 * a row the relay wrote from QuickBooks then joins its QuickBooks customer or item before the
 * order's invoice needs it (the relay does not read back its own writes' webhooks), and one a
 * salesperson made in Dynamics becomes a QuickBooks customer or item just in time, before the
 * invoice naming it.
 */
import { ok, type Result } from '../../../lib/result.ts';
import type { DataverseClient, DataverseJson } from '../api/types.ts';
import type { PageTable } from './page.ts';
import { isRowId, readByIds } from './rows-by-id.ts';
import type { PageWriter } from './writer.ts';

/**
 * Adds a page of `table`'s rows to `w`; a page of sales orders after the pages of their accounts
 * and products.
 * @example await addRows(client, w, 'salesorder', orders) // ok: their accounts', their products', then theirs
 */
export async function addRows(
  client: DataverseClient,
  w: PageWriter,
  table: PageTable,
  rows: readonly DataverseJson[],
): Promise<Result<void>> {
  if (table === 'salesorder') {
    const lines = rows.flatMap((r) => (Array.isArray(r.order_details) ? (r.order_details as DataverseJson[]) : []));
    const named = {
      account: rows.map((r) => r._customerid_value),
      product: lines.map((l) => l._productid_value),
    } as const;
    for (const [t, values] of Object.entries(named) as [keyof typeof named, unknown[]][]) {
      const ids = values.filter((id): id is string => typeof id === 'string' && isRowId(id));
      for await (const found of readByIds(client, { table: t, by: `${t}id` }, ids)) {
        if (!found.ok) return found;
        await w.add({ table: t, rows: [...found.value], deleted: [] });
      }
    }
  }
  await w.add({ table, rows: [...rows], deleted: [] });
  return ok(undefined);
}
