/**
 * @module
 * Change tracking of one table into the inbox. With a delta link stored (`cursors`, per
 * connection and table), the changes since are read through it — only the ids, since change
 * tracking forbids `$expand` — and the changed rows then read with their related rows
 * (`rows-by-id.ts`); deleted ids become a page of deletions. Without one (the first read, or one
 * after a delta link expired, `dyn_delta_expired`, which is logged), the table is read in full:
 * first a tracking read of its ids alone for the delta link, then every row with `ROW_READS`, so a
 * change made during the full read comes again through the link rather than being lost. A contact
 * read in full (see `tables.ts`) has the accounts read in full after it. The delta link moves in
 * the transaction of the last page (`writer.ts`).
 */
import { ok, type Result } from '../../../lib/result.ts';
import type { Logger } from '../../../lib/logger.ts';
import type { Store } from '../../../store/index.ts';
import type { DataverseClient } from '../api/types.ts';
import { ROW_READS, type RowRead } from '../mapping/rows.ts';
import { addRows } from './order-references.ts';
import { readByIds } from './rows-by-id.ts';
import type { TrackedTable } from './tables.ts';
import type { PageWriter } from './writer.ts';

export interface TrackingDeps {
  readonly store: Store;
  readonly client: DataverseClient;
  readonly connectionId: string;
  readonly log: Logger;
  readonly now: () => number;
  /** Rows a page of a full read. */
  readonly pageSize: number;
}

/** What one table's tracking read did: whether it read in full. */
export type Tracked = Result<{ readonly full: boolean }>;

interface Delta {
  readonly upserted: readonly string[];
  readonly deleted: readonly string[];
  readonly deltaLink: string;
}

/** Reads a delta link to its end: the ids changed and deleted, and the next link. */
async function delta(d: TrackingDeps, key: string, deltaLink: string): Promise<Result<Delta>> {
  const upserted = new Set<string>();
  const deleted = new Set<string>();
  for await (const page of d.client.changes({ deltaLink })) {
    if (!page.ok) return page;
    for (const c of page.value.changes) {
      if (c.kind === 'deleted') {
        deleted.add(c.id);
        upserted.delete(c.id);
      } else if (typeof c.row[key] === 'string') upserted.add(c.row[key]);
    }
    if (page.value.deltaLink)
      return ok({ upserted: [...upserted], deleted: [...deleted], deltaLink: page.value.deltaLink });
  }
  throw new Error('change tracking ended without a delta link'); // the client yields an error instead
}

/** The table's first tracking read, of its ids alone, for the delta link. */
async function firstLink(d: TrackingDeps, read: RowRead): Promise<Result<string>> {
  for await (const page of d.client.changes({ entitySet: read.entitySet, select: [read.key] })) {
    if (!page.ok) return page;
    if (page.value.deltaLink) return ok(page.value.deltaLink);
  }
  throw new Error('change tracking ended without a delta link');
}

async function full(d: TrackingDeps, t: TrackedTable, w: PageWriter): Promise<Tracked> {
  const link = await firstLink(d, ROW_READS[t.table]);
  if (!link.ok) return link;
  if (t.reads.table !== t.table) {
    // The rows a change of it is read as are read in full instead, after it.
    await w.finish([
      { table: t.table, deltaLink: link.value },
      { table: t.reads.table, deltaLink: null },
    ]);
    return ok({ full: true });
  }
  const read: RowRead = ROW_READS[t.reads.table];
  for await (const rows of d.client.select(read.entitySet, {
    select: read.select,
    expand: read.expand,
    pageSize: d.pageSize,
  })) {
    if (!rows.ok) return rows;
    await w.add({ table: t.reads.table, rows: [...rows.value], deleted: [] });
  }
  await w.finish([{ table: t.table, deltaLink: link.value }]);
  return ok({ full: true });
}

/** @example await trackTable(deps, TRACKED[1], pageWriter(target)) // ok({ full: false }) */
export async function trackTable(d: TrackingDeps, t: TrackedTable, w: PageWriter): Promise<Tracked> {
  const cursor = await d.store.cursors.get(d.connectionId, t.table);
  if (!cursor?.fromModified) return full(d, t, w);
  const changes = await delta(d, ROW_READS[t.table].key, cursor.fromModified);
  if (!changes.ok) {
    if (changes.error.code !== 'dyn_delta_expired') return changes;
    d.log.info('a Dynamics 365 delta link expired: reading the table in full again', {
      connection: d.connectionId,
      table: t.table,
    });
    return full(d, t, w);
  }
  for await (const rows of readByIds(d.client, t.reads, changes.value.upserted)) {
    if (!rows.ok) return rows;
    const added = await addRows(d.client, w, t.reads.table, rows.value);
    if (!added.ok) return added;
  }
  if (t.deletes) {
    const deletedAt = new Date(d.now()).toISOString();
    await w.add({ table: t.reads.table, rows: [], deleted: changes.value.deleted.map((id) => ({ id, deletedAt })) });
  }
  await w.finish([{ table: t.table, deltaLink: changes.value.deltaLink }]);
  return ok({ full: false });
}
