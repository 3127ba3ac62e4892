/**
 * @module
 * Identities tie the same entity across systems. Per connection, a record is known by its key
 * there (the QuickBooks ListID or TxnID we read it by, the external ID we upsert it by), with the
 * id that system gave it, its version (EditSequence, SyncToken, SystemModstamp) and the hash of
 * what was last exchanged with it: for a record we read, of the writes its mirror was last given;
 * for a record we write, of what we last wrote there. Records of one entity share an `entityId`.
 * A record that says it mirrors another system's record (it carries that system's id) is marked
 * a mirror: the entity began over there. Entity ids are time-ordered (`uuidv7`): a first sync
 * notes hundreds of thousands, and random ones would dirty pages all over the entity index.
 */
import { uuidv7 } from '../lib/ids.ts';
import type { Db } from './db.ts';

export interface IdentityKey {
  readonly connectionId: string;
  readonly object: string;
  readonly key: string;
}

export interface Identity extends IdentityKey {
  readonly localId: string | null;
  readonly version: string | null;
  readonly contentHash: string | null;
  /** What the system holds of the record, as a write into it would set it (see `CanonicalRecord.held`). */
  readonly heldHash: string | null;
  /** Of a record read: its mirror's writes without the fields the field policy tracks (see `sync/policy-step.ts`). */
  readonly restHash: string | null;
  readonly entityId: string;
}

interface Row {
  connection_id: string;
  object: string;
  record_key: string;
  local_id: string | null;
  version: string | null;
  content_hash: string | null;
  held_hash: string | null;
  rest_hash: string | null;
  entity_id: string;
}

const fromRow = (r: Row): Identity => ({
  connectionId: r.connection_id,
  object: r.object,
  key: r.record_key,
  localId: r.local_id,
  version: r.version,
  contentHash: r.content_hash,
  heldHash: r.held_hash,
  restHash: r.rest_hash,
  entityId: r.entity_id,
});

const WHERE = 'connection_id = $1 AND object = $2 AND record_key = $3';

/** Keys looked up per statement: well under every backend's limit on parameters. */
export const LOOKUP_CHUNK = 500;

/** @example await identitiesRepo(db).get({ connectionId: 'sf', object: 'Account', key: 'acme:80000001-1' }); */
export function identitiesRepo(db: Db, now: () => number = Date.now) {
  return {
    async get(k: IdentityKey): Promise<Identity | undefined> {
      const [row] = await db.query<Row>(
        `SELECT connection_id, object, record_key, local_id, version, content_hash, held_hash, rest_hash, entity_id FROM identities WHERE ${WHERE}`,
        [k.connectionId, k.object, k.key],
      );
      return row ? fromRow(row) : undefined;
    },
    /** The id the system gave a record, when it has it. */
    async localId(k: IdentityKey): Promise<string | undefined> {
      const [row] = await db.query<{ local_id: string | null }>(`SELECT local_id FROM identities WHERE ${WHERE}`, [
        k.connectionId,
        k.object,
        k.key,
      ]);
      return row?.local_id ?? undefined;
    },
    /**
     * {@link localId} of many records of one object in one connection, by key (those the system
     * has given an id), in one statement per few hundred keys.
     */
    async localIds(connectionId: string, object: string, keys: readonly string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      const unique = [...new Set(keys)];
      for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
        const chunk = unique.slice(i, i + LOOKUP_CHUNK);
        const rows = await db.query<{ record_key: string; local_id: string | null }>(
          `SELECT record_key, local_id FROM identities WHERE connection_id = $1 AND object = $2
             AND record_key IN (${chunk.map((_, n) => `$${n + 3}`).join(', ')})`,
          [connectionId, object, ...chunk],
        );
        for (const r of rows) if (r.local_id !== null) out.set(r.record_key, r.local_id);
      }
      return out;
    },
    /**
     * A record read from a system: its version, the hash of the writes its mirror was given, and
     * what the system holds of it (when its source says). Resolves to its entity's id.
     */
    async noteRead(
      k: IdentityKey,
      version: string | null,
      contentHash: string,
      held?: string,
      rest?: string,
    ): Promise<string> {
      const [row] = await db.query<{ entity_id: string }>(
        `INSERT INTO identities (connection_id, object, record_key, local_id, version, content_hash, entity_id, updated_at,
           held_hash, rest_hash)
         VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (connection_id, object, record_key) DO UPDATE SET
           version = excluded.version, content_hash = excluded.content_hash, updated_at = excluded.updated_at,
           held_hash = COALESCE(excluded.held_hash, identities.held_hash), rest_hash = excluded.rest_hash
         RETURNING entity_id`,
        [k.connectionId, k.object, k.key, version, contentHash, uuidv7(now()), now(), held ?? null, rest ?? null],
      );
      return row!.entity_id;
    },
    /**
     * A record written to a system, with the id it has there and the hash of what was written; it
     * joins the entity of the record it mirrors (`from`), when that one is known.
     */
    async noteWritten(k: IdentityKey, localId: string, contentHash: string | null, from?: IdentityKey): Promise<void> {
      await db.query(
        `INSERT INTO identities (connection_id, object, record_key, local_id, content_hash, entity_id, updated_at)
         VALUES ($1, $2, $3, $4, $5,
           COALESCE((SELECT entity_id FROM identities WHERE connection_id = $7 AND object = $8 AND record_key = $9), $6), $10)
         ON CONFLICT (connection_id, object, record_key) DO UPDATE SET
           local_id = excluded.local_id, content_hash = COALESCE(excluded.content_hash, identities.content_hash),
           entity_id = COALESCE((SELECT entity_id FROM identities WHERE connection_id = $7 AND object = $8 AND record_key = $9),
             identities.entity_id),
           updated_at = excluded.updated_at`,
        [
          k.connectionId,
          k.object,
          k.key,
          localId,
          contentHash,
          uuidv7(now()),
          from?.connectionId ?? '',
          from?.object ?? '',
          from?.key ?? '',
          now(),
        ],
      );
    },
    /** The version a record has now in its system (the EditSequence a write was answered with). */
    async noteVersion(k: IdentityKey, version: string): Promise<void> {
      await db.query(`UPDATE identities SET version = $4, updated_at = $5 WHERE ${WHERE}`, [
        k.connectionId,
        k.object,
        k.key,
        version,
        now(),
      ]);
    },
    /**
     * Makes `k` one entity with `other` (a record that says it mirrors another), when `other` is
     * known: `k`'s entity, and every record already in it, joins `other`'s.
     */
    async join(k: IdentityKey, other: IdentityKey): Promise<void> {
      const [row] = await db.query<{ entity_id: string }>(`SELECT entity_id FROM identities WHERE ${WHERE}`, [
        other.connectionId,
        other.object,
        other.key,
      ]);
      if (!row) return;
      const [mine] = await db.query<{ entity_id: string }>(`SELECT entity_id FROM identities WHERE ${WHERE}`, [
        k.connectionId,
        k.object,
        k.key,
      ]);
      if (!mine) {
        await db.query(
          `INSERT INTO identities (connection_id, object, record_key, local_id, entity_id, updated_at, mirror)
           VALUES ($1, $2, $3, $3, $4, $5, 1)`,
          [k.connectionId, k.object, k.key, row.entity_id, now()],
        );
        return;
      }
      if (mine.entity_id !== row.entity_id) {
        await db.query('UPDATE identities SET entity_id = $1, updated_at = $3 WHERE entity_id = $2', [
          row.entity_id,
          mine.entity_id,
          now(),
        ]);
      }
      await db.query(`UPDATE identities SET mirror = 1 WHERE ${WHERE}`, [k.connectionId, k.object, k.key]);
    },
    /**
     * The record of `k`'s entity in another connection, of the same object, when that record was
     * made there (not a mirror of another system's record), if there is one.
     */
    async counterpart(k: IdentityKey, connectionId: string): Promise<Identity | undefined> {
      const [row] = await db.query<Row>(
        // The entity first (one row by key), then its few records: never the connection's many.
        `SELECT o.connection_id, o.object, o.record_key, o.local_id, o.version, o.content_hash, o.held_hash, o.rest_hash, o.entity_id
         FROM identities o
         WHERE o.entity_id = (SELECT k.entity_id FROM identities k WHERE k.connection_id = $1 AND k.object = $2 AND k.record_key = $3)
           AND o.connection_id = $4 AND o.object = $2 AND o.mirror = 0
         ORDER BY o.updated_at DESC LIMIT 1`,
        [k.connectionId, k.object, k.key, connectionId],
      );
      return row ? fromRow(row) : undefined;
    },
    /** {@link counterpart} of a record whose entity is known. */
    async counterpartIn(entityId: string, object: string, connectionId: string): Promise<Identity | undefined> {
      const [row] = await db.query<Row>(
        // The entity's few records: never the connection's many.
        `SELECT connection_id, object, record_key, local_id, version, content_hash, held_hash, rest_hash, entity_id
         FROM identities WHERE entity_id = $1 AND connection_id = $2 AND object = $3 AND mirror = 0
         ORDER BY updated_at DESC LIMIT 1`,
        [entityId, connectionId, object],
      );
      return row ? fromRow(row) : undefined;
    },
    /**
     * Whether `k`'s entity already has records in `connectionId` other than `except` (an Account
     * already mirrors the customer a new Account matched by name, say).
     */
    async mirroredElsewhere(k: IdentityKey, connectionId: string, except: string): Promise<boolean> {
      const [row] = await db.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM identities k JOIN identities o ON o.entity_id = k.entity_id
         WHERE k.connection_id = $1 AND k.object = $2 AND k.record_key = $3 AND o.connection_id = $4
           AND o.record_key <> $5 AND (o.local_id IS NULL OR o.local_id <> $5)`,
        [k.connectionId, k.object, k.key, connectionId, except],
      );
      return Number(row?.n ?? 0) > 0;
    },
    /**
     * Forgets what was exchanged with every record of an entity, keeping the links: the next read
     * of it sends it whole again, and no side takes it as already written (a reconciliation's repair).
     */
    async forgetExchanged(entityId: string): Promise<void> {
      await db.query('UPDATE identities SET content_hash = NULL, rest_hash = NULL WHERE entity_id = $1', [entityId]);
    },
    /**
     * {@link forgetExchanged} for every entity with a record of `objects` in `connectionId` (an
     * admin's resync of those objects); resolves to how many entities.
     */
    async forgetExchangedOf(connectionId: string, objects: readonly string[]): Promise<number> {
      if (objects.length === 0) return 0;
      const list = objects.map((_, i) => `$${i + 2}`).join(', ');
      const of = `SELECT entity_id FROM identities WHERE connection_id = $1 AND object IN (${list})`;
      const [row] = await db.query<{ n: number }>(`SELECT COUNT(DISTINCT entity_id) AS n FROM (${of}) e`, [
        connectionId,
        ...objects,
      ]);
      await db.query(`UPDATE identities SET content_hash = NULL, rest_hash = NULL WHERE entity_id IN (${of})`, [
        connectionId,
        ...objects,
      ]);
      return Number(row?.n ?? 0);
    },
    /** Forgets a record removed from its system (a later write of the same key creates it anew). */
    async forget(k: IdentityKey): Promise<void> {
      await db.query(`DELETE FROM identities WHERE ${WHERE}`, [k.connectionId, k.object, k.key]);
    },
    /** Records of one entity, in every connection. */
    async entity(entityId: string): Promise<Identity[]> {
      const rows = await db.query<Row>(
        `SELECT connection_id, object, record_key, local_id, version, content_hash, held_hash, rest_hash, entity_id FROM identities
         WHERE entity_id = $1 ORDER BY connection_id, object`,
        [entityId],
      );
      return rows.map(fromRow);
    },
    /** The keys of a connection's records of one object. */
    async keys(connectionId: string, object: string): Promise<string[]> {
      const rows = await db.query<{ record_key: string }>(
        'SELECT record_key FROM identities WHERE connection_id = $1 AND object = $2 ORDER BY record_key',
        [connectionId, object],
      );
      return rows.map((r) => r.record_key);
    },
    async count(connectionId: string, object?: string): Promise<number> {
      const rows = await db.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM identities WHERE connection_id = $1${object ? ' AND object = $2' : ''}`,
        object ? [connectionId, object] : [connectionId],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}
