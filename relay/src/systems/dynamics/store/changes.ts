/**
 * @module
 * What Dataverse's webhooks told of, until a fetch reads it (`dynamics_changes`,
 * `dynamics_webhook_events`, migration 26). A notice is stored per row: a second notice of a row
 * still pending merges into it — the latest `changedAt` and its post-image; a Delete wins over a
 * Create or Update (unless the row was created again after it); a Create wins over an Update (the
 * row is new to the relay either way) — and gives the pending row a new id, so a fetch that read it
 * before settles nothing (`done`) and the row is read again. A delivery already received (a
 * duplicate, a retry: the same `dedupeKey`) changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../store/db.ts';
import type { DataverseNotice } from '../webhooks/notice.ts';

export interface PendingChange {
  readonly id: string; // the dynamics_changes row id
  readonly entity: string; // 'account' | 'contact' | 'product' | 'salesorder' | ...
  readonly rowId: string; // Dataverse row GUID, lower case
  readonly messageName: 'Create' | 'Update' | 'Delete';
  readonly changedAt: string; // ISO-8601
  readonly postImage?: Readonly<Record<string, unknown>>;
}

export interface NoticeQueue {
  /** Oldest first, at most `limit`. */
  pending(connectionId: string, limit: number): Promise<readonly PendingChange[]>;
  /** Marks them done — only if unchanged since `pending` read them (a newer notice for the row keeps it pending). */
  done(connectionId: string, changes: readonly PendingChange[]): Promise<void>;
}

export interface DynamicsChangesRepo extends NoticeQueue {
  /** Stores a notice of the connection's environment; `duplicate` when its delivery was received before. */
  add(connectionId: string, notice: DataverseNotice): Promise<'stored' | 'duplicate'>;
  /** Forgets changes done and deliveries received before `before` (epoch ms); returns how many rows went. */
  prune(before: number): Promise<number>;
}

interface Row {
  id: string;
  entity: string;
  row_id: string;
  message_name: PendingChange['messageName'];
  changed_at: string;
  post_image: string | null;
}

const fromRow = (r: Row): PendingChange => ({
  id: r.id,
  entity: r.entity,
  rowId: r.row_id,
  messageName: r.message_name,
  changedAt: r.changed_at,
  ...(r.post_image === null ? {} : { postImage: JSON.parse(r.post_image) as Record<string, unknown> }),
});

const OLD = 'dynamics_changes';
const NEW = 'excluded';
/** The merged message (see the module comment); both sides' values are the row's before the merge. */
const MERGED_MESSAGE = `CASE
  WHEN ${NEW}.message_name = 'Delete' OR ${OLD}.message_name = 'Delete' THEN CASE
    WHEN ${NEW}.message_name = 'Create' AND ${NEW}.changed_at > ${OLD}.changed_at THEN 'Create'
    WHEN ${OLD}.message_name = 'Create' AND ${OLD}.changed_at > ${NEW}.changed_at THEN 'Create'
    ELSE 'Delete' END
  WHEN ${NEW}.message_name = 'Create' OR ${OLD}.message_name = 'Create' THEN 'Create'
  ELSE 'Update' END`;

/** Ids settled per statement, well under either backend's parameter limit. */
const DONE_CHUNK = 500;

/** @example await dynamicsChangesRepo(store.db).add(connectionId, notice) // 'stored' */
export function dynamicsChangesRepo(db: Db, now: () => number = Date.now): DynamicsChangesRepo {
  return {
    add: (connectionId, notice) =>
      db.transaction(async (tx) => {
        const t = now();
        const fresh = await tx.query<{ dedupe_key: string }>(
          `INSERT INTO dynamics_webhook_events (connection_id, dedupe_key, received_at) VALUES ($1, $2, $3)
           ON CONFLICT (connection_id, dedupe_key) DO NOTHING RETURNING dedupe_key`,
          [connectionId, notice.dedupeKey, t],
        );
        if (fresh.length === 0) return 'duplicate';
        await tx.query(
          `INSERT INTO dynamics_changes (id, connection_id, entity, row_id, message_name, changed_at, post_image,
             received_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending')
           ON CONFLICT (connection_id, entity, row_id) WHERE status = 'pending' DO UPDATE SET
             id = ${NEW}.id,
             message_name = ${MERGED_MESSAGE},
             post_image = CASE WHEN (${MERGED_MESSAGE}) = 'Delete' THEN NULL
               WHEN ${NEW}.changed_at >= ${OLD}.changed_at THEN ${NEW}.post_image ELSE ${OLD}.post_image END,
             changed_at = CASE WHEN ${NEW}.changed_at > ${OLD}.changed_at THEN ${NEW}.changed_at
               ELSE ${OLD}.changed_at END`,
          [
            randomUUID(),
            connectionId,
            notice.entity,
            notice.id.toLowerCase(),
            notice.messageName,
            notice.changedAt,
            notice.messageName === 'Delete' || !notice.postImage ? null : JSON.stringify(notice.postImage),
            t,
          ],
        );
        return 'stored';
      }),

    async pending(connectionId, limit) {
      const rows = await db.query<Row>(
        `SELECT id, entity, row_id, message_name, changed_at, post_image FROM dynamics_changes
         WHERE connection_id = $1 AND status = 'pending' ORDER BY received_at, entity, row_id LIMIT $2`,
        [connectionId, limit],
      );
      return rows.map(fromRow);
    },

    done: (connectionId, changes) =>
      db.transaction(async (tx) => {
        const t = now();
        for (let i = 0; i < changes.length; i += DONE_CHUNK) {
          const ids = changes.slice(i, i + DONE_CHUNK).map((c) => c.id);
          await tx.query(
            `UPDATE dynamics_changes SET status = 'done', done_at = $2
             WHERE connection_id = $1 AND status = 'pending' AND id IN (${ids.map((_, j) => `$${j + 3}`).join(', ')})`,
            [connectionId, t, ...ids],
          );
        }
      }),

    prune: (before) =>
      db.transaction(async (tx) => {
        const changes = await tx.query(
          `DELETE FROM dynamics_changes WHERE status = 'done' AND done_at < $1 RETURNING id`,
          [before],
        );
        const events = await tx.query(
          'DELETE FROM dynamics_webhook_events WHERE received_at < $1 RETURNING dedupe_key',
          [before],
        );
        return changes.length + events.length;
      }),
  };
}
