/**
 * @module
 * The relay's reads of a Dynamics 365 environment (`dynamics_reads`, migration 27, kept as
 * `store/reads.ts` keeps every feed's reads): webhook notices drained, or change tracking.
 */
import type { Db } from '../../../store/db.ts';
import { readsRepo } from '../../../store/reads.ts';

export { SILENT_MS } from '../../../store/reads.ts';

export type ReadKind = 'notices' | 'tracking';

/** @example const id = await dynamicsReadsRepo(db).open(connectionId, 'tracking'); */
export const dynamicsReadsRepo = (db: Db, now: () => number = Date.now) =>
  readsRepo<ReadKind>(db, 'dynamics_reads', now);

export type DynamicsReadsRepo = ReturnType<typeof dynamicsReadsRepo>;
