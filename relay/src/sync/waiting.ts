/**
 * @module
 * Whether the other side of a link still has a write on its way into a record a source read back
 * after the relay's own write into it (`SourceAdapter.readBack`). Such a read holds our earlier
 * write: mirrored now, it would set the other side back to that (its own earlier change over a
 * newer one), and the newer write, waiting, would be overwritten in turn when the mirror is read
 * there. So it is only noted as read (its version and its mirror's hash: a later read of the same
 * state is nothing new); the read back after the waiting write lands is mirrored as usual, with
 * whatever else the source changed meanwhile.
 */
import type { Db } from '../store/db.ts';
import { identitiesRepo } from '../store/identities.ts';
import { outboxRepo } from '../store/outbox.ts';

/**
 * Whether a record of `entityId` in `from` (the other side) has a write of `recordType` waiting or
 * being sent into `into`, the source just read.
 * @example await writeOnItsWay(db, now, seen.entityId, { from: flow.targetConnectionId, into: flow.sourceConnectionId }, 'customer')
 */
export async function writeOnItsWay(
  db: Db,
  now: () => number,
  entityId: string,
  link: { readonly from: string; readonly into: string },
  recordType: string,
): Promise<boolean> {
  const others = (await identitiesRepo(db, now).entity(entityId)).filter(
    (i) => i.connectionId === link.from && i.object === recordType,
  );
  for (const other of others) {
    const rows = await outboxRepo(db, now).forSource(link.from, link.into, recordType, other.key);
    if (rows.some((r) => r.status === 'pending' || r.status === 'leased')) return true;
  }
  return false;
}
