/**
 * @module
 * What the engine keeps of the fields a field policy names, per entity (see `sync/field-policy.ts`):
 * one JSON object per entity, and apart from it (`custom_fields`) those of the books' custom fields
 * a policy names, by their name in the books (see `FieldRule.custom`). A write that lands on a connection clears the fields on their way to
 * it; a conflict kept on the side read stops those fields of the other side's write still waiting
 * in the outbox (they become fields set only on creation, which the record has had).
 */
import type { EntityFields, PendingWrite } from '../sync/field-policy.ts';
import type { Db } from './db.ts';
import { LOOKUP_CHUNK, type IdentityKey } from './identities.ts';

/** Record keys by connection, then object. */
function byConnectionAndObject(keys: readonly IdentityKey[]): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const k of keys) {
    const objects = out.get(k.connectionId) ?? new Map<string, string[]>();
    out.set(k.connectionId, objects);
    const keysOf = objects.get(k.object) ?? [];
    objects.set(k.object, keysOf);
    keysOf.push(k.key);
  }
  return out;
}

/** @example const fields = await fieldStatesRepo(db).get(entityId); */
export function fieldStatesRepo(db: Db, now: () => number = Date.now) {
  /** What was on its way to `connectionId` in one entity's states is agreed. */
  const agree = async (
    row: { entity_id: string; fields: string; custom_fields: string | null },
    connectionId: string,
  ) => {
    const at = now();
    const agreed = (states: EntityFields) => {
      const arrived = Object.entries(states).filter(([, s]) => s.to === connectionId);
      return arrived.length
        ? {
            ...states,
            ...Object.fromEntries(
              arrived.map(([f, s]) => [
                f,
                { value: s.value, ...(s.was === undefined ? {} : { landed: { on: connectionId, at, was: s.was } }) },
              ]),
            ),
          }
        : undefined;
    };
    const fields = JSON.parse(row.fields) as EntityFields;
    const custom = row.custom_fields ? (JSON.parse(row.custom_fields) as EntityFields) : {};
    const [f, c] = [agreed(fields), agreed(custom)];
    if (f || c) await repo.put(row.entity_id, f ?? fields, c);
  };
  const repo = {
    async get(entityId: string): Promise<EntityFields> {
      const [row] = await db.query<{ fields: string }>('SELECT fields FROM field_states WHERE entity_id = $1', [
        entityId,
      ]);
      return row ? (JSON.parse(row.fields) as EntityFields) : {};
    },
    /** The states of the books' custom fields a policy names, by their name in the books. */
    async custom(entityId: string): Promise<EntityFields> {
      const [row] = await db.query<{ custom_fields: string | null }>(
        'SELECT custom_fields FROM field_states WHERE entity_id = $1',
        [entityId],
      );
      return row?.custom_fields ? (JSON.parse(row.custom_fields) as EntityFields) : {};
    },
    /** `custom` undefined: the custom fields' states stay as they are. */
    async put(entityId: string, fields: EntityFields, custom?: EntityFields): Promise<void> {
      await db.query(
        `INSERT INTO field_states (entity_id, fields, custom_fields, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (entity_id) DO UPDATE SET fields = excluded.fields,
           custom_fields = COALESCE(excluded.custom_fields, field_states.custom_fields), updated_at = excluded.updated_at`,
        [entityId, JSON.stringify(fields), custom ? JSON.stringify(custom) : null, now()],
      );
    },
    /**
     * A write of `from`'s entity landed on `connectionId`: what was on its way there is agreed (and
     * noted landed, over what that side held, for a read of it taken before: `FieldState.landed`).
     */
    async landed(from: IdentityKey, connectionId: string): Promise<void> {
      await repo.landedAll([from], connectionId);
    },
    /**
     * {@link landed} for a page of writes: one lookup for the lot (a first sync settles hundreds of
     * thousands, and most of their entities have no field state at all).
     */
    async landedAll(froms: readonly IdentityKey[], connectionId: string): Promise<void> {
      for (const [from, objects] of byConnectionAndObject(froms)) {
        for (const [object, all] of objects) {
          for (let i = 0; i < all.length; i += LOOKUP_CHUNK) {
            const keys = all.slice(i, i + LOOKUP_CHUNK);
            const rows = await db.query<{ entity_id: string; fields: string; custom_fields: string | null }>(
              `SELECT DISTINCT f.entity_id, f.fields, f.custom_fields FROM identities i JOIN field_states f ON f.entity_id = i.entity_id
               WHERE i.connection_id = $1 AND i.object = $2 AND i.record_key IN (${keys.map((_, n) => `$${n + 3}`).join(', ')})`,
              [from, object, ...keys],
            );
            for (const row of rows) await agree(row, connectionId);
          }
        }
      }
    },
    /**
     * Takes a custom field's entries out of a write from `fromConnectionId` still waiting to be sent
     * (`PendingWrite.nested`): the record keeps what it holds. The entries taken (by field, by
     * name), or undefined when the write was no longer waiting.
     */
    async take(
      fromConnectionId: string,
      write: PendingWrite,
    ): Promise<Record<string, Record<string, unknown>> | undefined> {
      const [row] = await db.query<{ id: string; payload: string }>(
        `SELECT id, payload FROM outbox
         WHERE connection_id = $1 AND object = $2 AND external_id = $3 AND slot = '' AND status = 'pending'`,
        [fromConnectionId, write.object, write.externalId],
      );
      if (!row) return undefined;
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      const taken: Record<string, Record<string, unknown>> = {};
      for (const { field, names } of write.nested ?? []) {
        const held = payload[field];
        if (!held || typeof held !== 'object') continue;
        const entries = Object.entries(held as Record<string, unknown>);
        taken[field] = Object.fromEntries(entries.filter(([name]) => names.includes(name)));
        payload[field] = Object.fromEntries(entries.filter(([name]) => !names.includes(name)));
      }
      await db.query(`UPDATE outbox SET payload = $2, updated_at = $3 WHERE id = $1 AND status = 'pending'`, [
        row.id,
        JSON.stringify(payload),
        now(),
      ]);
      return taken;
    },
    /**
     * Stops fields of a write from `fromConnectionId` still waiting to be sent: they are left as
     * the record holds them (a custom field's entries are taken out of its write). Returns whether the write was still waiting.
     */
    async stop(fromConnectionId: string, write: PendingWrite): Promise<boolean> {
      if (write.nested?.length && !(await repo.take(fromConnectionId, write))) return false;
      const [row] = await db.query<{ id: string; create_only: string | null }>(
        `SELECT id, create_only FROM outbox
         WHERE connection_id = $1 AND object = $2 AND external_id = $3 AND slot = '' AND status = 'pending'`,
        [fromConnectionId, write.object, write.externalId],
      );
      if (!row) return false;
      const createOnly = new Set<string>(row.create_only ? (JSON.parse(row.create_only) as string[]) : []);
      for (const f of write.fields) createOnly.add(f);
      await db.query(`UPDATE outbox SET create_only = $2, updated_at = $3 WHERE id = $1 AND status = 'pending'`, [
        row.id,
        JSON.stringify([...createOnly]),
        now(),
      ]);
      return true;
    },
  };
  return repo;
}
