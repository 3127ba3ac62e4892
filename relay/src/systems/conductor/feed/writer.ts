/**
 * @module
 * Storing a read's pages: each page goes into the inbox under the read's id (the delivery its run
 * counts), with the read's heartbeat, in one transaction. A page already stored (the same records
 * at the same revisions: a list restarted from its first page, a read repeated after a crash) is
 * not stored twice (`mapping/pages.ts`' de-duplication key). Counts records stored per resource.
 */
import type { Store } from '../../../store/index.ts';
import type { ConductorJson } from '../api/types.ts';
import { encodePage, type ConductorPage } from '../mapping/pages.ts';
import { conductorReadsRepo } from '../reads.ts';
import { uuidv7 } from '../../../lib/ids.ts';

export interface ReadTarget {
  readonly store: Store;
  readonly connectionId: string;
  readonly readId: string;
  readonly now: () => number;
  /** Records stored so far, per resource (pages stored before are not counted again). */
  readonly counts: Record<string, number>;
}

/** @example await storePage(target, { resource: 'customers', records }) */
export async function storePage(t: ReadTarget, page: ConductorPage): Promise<void> {
  if (page.records.length === 0) return;
  const { payload, dedupKey } = encodePage(page);
  const n = (t.counts[`${page.resource}Pages`] ?? 0) + 1;
  t.counts[`${page.resource}Pages`] = n;
  const stored = await t.store.transaction(async (tx) => {
    const added = await tx.inbox.add({
      id: uuidv7(),
      connectionId: t.connectionId,
      sessionId: t.readId,
      requestKind: page.resource,
      requestId: `${page.resource} page ${n}`,
      payload,
      dedupKey,
    });
    await conductorReadsRepo(tx.db, t.now).beat(t.readId);
    return added;
  });
  if (stored) t.counts[page.resource] = (t.counts[page.resource] ?? 0) + page.records.length;
}

/** A record's `updatedAt` as epoch ms (Conductor sends it with the PC's offset); NaN when absent. */
export const updatedMs = (r: ConductorJson): number =>
  typeof r.updatedAt === 'string' ? Date.parse(r.updatedAt) : NaN;

/** ISO instant without milliseconds, in UTC (Conductor reads the `Z` as an offset). */
export const instant = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
