/**
 * @module
 * What the store knows of the QuickBooks records writes through Conductor are about, from the
 * relay's identities (as `qbo/outbound/references.ts` and the Web Connector's write records find
 * them): the record a write's source is linked to — by the source's id it was written under (the
 * engine notes `(connection, object, external id)` → id when a write is confirmed), or as its
 * entity's record in this connection (`identities.counterpart`, a record that began in QuickBooks)
 * — the `revisionNumber` the relay last saw of it (read from QuickBooks, or answered to its last
 * write), the ids of an invoice's customer and items, and whether a record found by name already
 * mirrors another source record.
 */
import type { Db } from '../../../store/db.ts';
import { identitiesRepo } from '../../../store/identities.ts';
import { topologyRepo } from '../../../store/topology.ts';
import { OBJECTS } from '../../../lib/qb-writes.ts';
import type { TargetWrite } from '../../../sync/adapters.ts';

const OBJECT_OF: Readonly<Record<string, string>> = { customer: OBJECTS.customer, item: OBJECTS.item };

/** @example const refs = createReferences(db, 'cdt-acme'); await refs.linked(write) */
export function createReferences(db: Db, connectionId: string, now: () => number) {
  const identities = identitiesRepo(db, now);
  const sources = async () =>
    (await topologyRepo(db, now).flows())
      .filter((f) => f.targetConnectionId === connectionId)
      .map((f) => f.sourceConnectionId);

  /** The QuickBooks id of a source record of `kind`, where the company has it. */
  async function idOf(kind: string, object: string, sourceId: string): Promise<string | undefined> {
    const written = await identities.localId({ connectionId, object, key: sourceId });
    if (written) return written;
    for (const source of await sources()) {
      const c = await identities.counterpart({ connectionId: source, object: kind, key: sourceId }, connectionId);
      if (c?.localId) return c.localId;
    }
    return undefined;
  }

  return {
    /** The QuickBooks record a write's source is linked to, and the revision the relay last saw of it. */
    async linked(w: TargetWrite): Promise<{ id: string; seen: string | undefined } | undefined> {
      const id = await idOf(w.source.type, w.object, w.source.id);
      if (!id) return undefined;
      const read = await identities.get({ connectionId, object: w.source.type, key: id });
      return { id, seen: read?.version ?? undefined };
    },

    /** The QuickBooks id of the customer or item a write names by its source id. */
    resolve: (kind: 'customer' | 'item', sourceId: string) => idOf(kind, OBJECT_OF[kind]!, sourceId),

    /**
     * Whether the QuickBooks record a write found by its name is already another source record's
     * (its entity has a record, other than the write's own, in a connection flowing here).
     */
    async mirroredElsewhere(w: TargetWrite, qbId: string): Promise<boolean> {
      for (const source of await sources())
        if (await identities.mirroredElsewhere({ connectionId, object: w.source.type, key: qbId }, source, w.source.id))
          return true;
      return false;
    },
  };
}

export type References = ReturnType<typeof createReferences>;
