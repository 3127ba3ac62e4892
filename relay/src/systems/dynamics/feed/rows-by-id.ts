/**
 * @module
 * Rows read by the ids change tracking or a webhook named, with the table's `ROW_READS` select and
 * expand (change tracking forbids `$expand`), a chunk of ids a request:
 * `$filter=accountid eq … or accountid eq …` (50 GUIDs keep the URL near 3 KB, far inside
 * Dataverse's limit). An id no longer there (deleted since) answers nothing: its deletion comes
 * with the next change-tracking read.
 */
import type { Result } from '../../../lib/result.ts';
import type { DataverseClient, DataverseJson } from '../api/types.ts';
import { ROW_READS, type RowRead } from '../mapping/rows.ts';
import type { TrackedTable } from './tables.ts';

const CHUNK = 50;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` is a row id a filter may name (anything else in a filter would change its meaning). */
export const isRowId = (id: string): boolean => GUID.test(id);

/**
 * Pages of the rows naming `ids` in `reads.by`, a chunk of ids each.
 * @example for await (const rows of readByIds(client, { table: 'account', by: 'accountid' }, ids)) if (rows.ok) …
 */
export async function* readByIds(
  client: DataverseClient,
  reads: TrackedTable['reads'],
  ids: readonly string[],
): AsyncIterable<Result<readonly DataverseJson[]>> {
  const sorted = [...new Set(ids.map((id) => id.toLowerCase()))].sort();
  const bad = sorted.find((id) => !isRowId(id));
  if (bad !== undefined) throw new Error(`not a Dataverse row id: ${JSON.stringify(bad)}`);
  const read: RowRead = ROW_READS[reads.table];
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const filter = sorted
      .slice(i, i + CHUNK)
      .map((id) => `${reads.by} eq ${id}`)
      .join(' or ');
    const rows: DataverseJson[] = [];
    for await (const page of client.select(read.entitySet, { select: read.select, expand: read.expand, filter })) {
      if (!page.ok) {
        yield page;
        return;
      }
      rows.push(...page.value);
    }
    yield { ok: true, value: rows };
  }
}
