/**
 * @module
 * Reading one resource since its cursor. A cursor (the store's `cursors`, one per connection and
 * resource) is the newest `updatedAt` read and the `[id, revisionNumber]` of the records within the
 * overlap before it. The next read asks for `updatedAfter` the cursor less the overlap (QuickBooks'
 * clock is the PC's, and a record saved while a list was paged is in the next read), skips the
 * records it has at the same revision, and moves the cursor once every page is stored: a read cut
 * short starts again from where the cursor stood, and nothing is skipped. List objects are asked
 * for with `status=all`, so a record made inactive is read (and deactivates its mirror). No cursor
 * yet: the resource is read in full. A list whose iterator expired starts again from its first
 * page (`api/reads.ts`); its repeated pages are not stored twice (`writer.ts`).
 */
import type { Result } from '../../../lib/result.ts';
import { ok } from '../../../lib/result.ts';
import type { ConductorClient, ConductorResource } from '../api/types.ts';
import { isListResource } from '../reads.ts';
import { instant, storePage, updatedMs, type ReadTarget } from './writer.ts';

const pair = (id: unknown, rev: unknown) => `${String(id)}\n${String(rev)}`;

/** Reads `resource` since its cursor into the inbox; `ok(ids read)`. */
export async function readResource(
  client: ConductorClient,
  resource: ConductorResource,
  t: ReadTarget,
  overlapMs: number,
): Promise<Result<Set<string>>> {
  const cursor = await t.store.cursors.get(t.connectionId, resource);
  const from = cursor?.fromModified ? Date.parse(cursor.fromModified) : undefined;
  const seen = new Set((cursor?.boundary ?? []).map(([id, rev]) => pair(id, rev)));
  const startedAt = t.now();
  let newest = from;
  const boundary = new Map<string, { rev: string; ms: number }>();
  const ids = new Set<string>();
  const opts = {
    ...(isListResource(resource) ? { status: 'all' as const } : {}),
    ...(from !== undefined ? { updatedAfter: instant(from - overlapMs) } : {}),
  };
  for await (const page of client.list(resource, opts)) {
    if (!page.ok) return page;
    const fresh = page.value.filter((r) => !seen.has(pair(r.id, r.revisionNumber)));
    for (const r of page.value) {
      ids.add(String(r.id));
      const ms = updatedMs(r);
      if (Number.isNaN(ms)) continue;
      newest = newest === undefined ? ms : Math.max(newest, ms);
      boundary.set(String(r.id), { rev: String(r.revisionNumber), ms });
    }
    await storePage(t, { resource, records: fresh });
  }
  // Nothing read yet: the read's own start stands for it (the overlap covers the clocks' difference).
  const to = newest ?? startedAt;
  await t.store.cursors.put(t.connectionId, {
    objectType: resource,
    fromModified: instant(to),
    boundary: [...boundary].filter(([, b]) => b.ms >= to - overlapMs).map(([id, b]) => [id, b.rev] as const),
  });
  return ok(ids);
}
