/**
 * @module
 * The QuickBooks Online Ids of what writes are about, from the relay's identities, as Desktop's
 * write phase finds them (`qbd/session/write-records.ts`): a record this target wrote is known by
 * the source's id it was written under (the engine notes `(connection, object, external id)` →
 * Id when a write is confirmed); a record that began in QuickBooks Online is its entity's record in
 * this connection (`identities.counterpart`), seen from any connection that flows into it. A
 * record found by its name that another source record already mirrors is told apart, as Desktop's.
 */
import type { Db } from '../../../store/db.ts';
import { identitiesRepo } from '../../../store/identities.ts';
import { topologyRepo } from '../../../store/topology.ts';
import { refKey, type RefKind, type Refs } from './bodies.ts';
import { OBJECTS } from './objects.ts';

const OBJECT_OF: Readonly<Record<RefKind, string>> = { customer: OBJECTS.customer, item: OBJECTS.item };

/** @example const ids = createReferences(db, 'qbo-acme'); await ids.resolve([['customer', '001…']]) */
export function createReferences(db: Db, connectionId: string, now: () => number = Date.now) {
  const identities = identitiesRepo(db, now);
  const written = (object: string, key: string) => identities.localId({ connectionId, object, key });
  const sources = async () =>
    (await topologyRepo(db, now).flows())
      .filter((f) => f.targetConnectionId === connectionId)
      .map((f) => f.sourceConnectionId);
  return {
    /** The QuickBooks Id each external id was written under, where it was. */
    async written(object: string, externalIds: readonly string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (const key of new Set(externalIds)) {
        const id = await written(object, key);
        if (id) out.set(key, id);
      }
      return out;
    },

    /** The QuickBooks Ids of the records named, where the company has them. */
    async resolve(named: readonly (readonly [RefKind, string])[]): Promise<Refs> {
      const refs = new Map<string, string>();
      const from = await sources();
      for (const [kind, sourceId] of named) {
        const key = refKey(kind, sourceId);
        if (refs.has(key)) continue;
        let id = await written(OBJECT_OF[kind], sourceId);
        for (const source of from) {
          if (id) break;
          id =
            (await identities.counterpart({ connectionId: source, object: kind, key: sourceId }, connectionId))
              ?.localId ?? undefined;
        }
        if (id) refs.set(key, id);
      }
      return refs;
    },

    /**
     * Whether the QuickBooks record a write found by its name is already another source record's
     * (its entity has a record, other than the write's own, in a connection flowing here): a likely
     * duplicate, for a person to decide.
     */
    async mirroredElsewhere(kind: RefKind, qboId: string, sourceId: string): Promise<boolean> {
      for (const source of await sources())
        if (await identities.mirroredElsewhere({ connectionId, object: kind, key: qboId }, source, sourceId))
          return true;
      return false;
    },
  };
}

export type References = ReturnType<typeof createReferences>;
