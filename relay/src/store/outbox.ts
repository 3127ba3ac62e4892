/**
 * @module
 * The outbox: every write the sync engine owes the target, kept until the target confirms it.
 * One row per target record (`connection, object, external id`): a newer version of a record
 * replaces the pending one (a `generation` counter tells a confirmation of the old content from one
 * of the new). Workers claim rows with a lease, lowest reference rank first, so several relay
 * processes sharing PostgreSQL never send the same row twice at once, and a crashed worker's rows
 * come back when its lease runs out.
 */
import { randomUUID } from 'node:crypto';
import type { ReviewDetails } from '../sync/adapters.ts';
import type { Db, SqlValue } from './db.ts';
import { queueHeads } from './outbox-heads.ts';

/** Ranks of data records; lower ranks are the connection and runs, higher ones failure logs (see `sync/ranks.ts`). */
const RECORD_RANKS = { from: 10, to: 90 } as const;

/** The source type of a failure log's row that is about a write: its source id is that write's row id. */
export const LOGGED_WRITE = 'write';

export type OutboxStatus = 'pending' | 'leased' | 'done' | 'failed';
/** What a row asks of its target record: write it, or remove it (it no longer exists in the source). */
export type OutboxOperation = 'upsert' | 'remove';

export interface OutboxItem {
  readonly id: string;
  /** The connection whose change the write mirrors (the flow's source). */
  readonly connectionId: string;
  readonly flowId: string;
  /** The connection the write goes to (a flow's target; for a report, the CRM that shows it). */
  readonly targetConnectionId: string;
  readonly rank: number;
  readonly object: string;
  readonly externalIdField: string;
  readonly externalId: string;
  /** Separates independent writes to one target record (`''`, or e.g. `rollup`). */
  readonly slot: string;
  readonly operation: OutboxOperation;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly createOnly: readonly string[];
  /** What the write changes, per field, as the relay knows it (the other side's agreed value, and ours), for the audit trail. */
  readonly changes?: WriteChanges;
  readonly sourceType: string;
  readonly sourceId: string;
  readonly contentHash: string;
  readonly generation: number;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  /** A failure that asks a person to decide: what there is to decide (the candidate of a match). */
  readonly review?: ReviewDetails;
  readonly runId: string | null;
  readonly updatedAt: number;
}

export interface NewOutboxItem {
  readonly id: string;
  readonly connectionId: string;
  readonly flowId: string;
  readonly targetConnectionId: string;
  readonly rank: number;
  readonly object: string;
  readonly externalIdField: string;
  readonly externalId: string;
  readonly slot?: string;
  readonly operation?: OutboxOperation;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly createOnly?: readonly string[];
  readonly changes?: WriteChanges;
  readonly sourceType: string;
  readonly sourceId: string;
  readonly contentHash: string;
  readonly runId: string | null;
}

/** Per field, the value before and the value written. */
export type WriteChanges = Readonly<Record<string, readonly [unknown, unknown]>>;

interface Row {
  id: string;
  connection_id: string;
  flow_id: string;
  target_connection_id: string;
  rank: number;
  object: string;
  external_id_field: string;
  external_id: string;
  slot: string;
  operation: string;
  payload: string;
  create_only: string | null;
  changes: string | null;
  source_type: string;
  source_id: string;
  content_hash: string;
  generation: number;
  status: string;
  attempts: number;
  next_attempt_at: number;
  error_code: string | null;
  error_message: string | null;
  review: string | null;
  run_id: string | null;
  updated_at: number;
}

const COLUMNS = `id, connection_id, flow_id, target_connection_id, rank, object, external_id_field, external_id, slot, operation, payload, create_only, changes, source_type,
  source_id, content_hash, generation, status, attempts, next_attempt_at, error_code, error_message, review, run_id, updated_at`;

const WITHOUT_PAYLOAD = COLUMNS.replace('payload', `'{}' AS payload`);
/** The columns of a row named `f` in a join. */
const COLUMNS_OF_F = COLUMNS.split(',')
  .map((c) => `f.${c.trim()}`)
  .join(', ');

const fromRow = (r: Row): OutboxItem => ({
  id: r.id,
  connectionId: r.connection_id,
  flowId: r.flow_id,
  targetConnectionId: r.target_connection_id,
  rank: Number(r.rank),
  object: r.object,
  externalIdField: r.external_id_field,
  externalId: r.external_id,
  slot: r.slot,
  operation: r.operation as OutboxOperation,
  fields: JSON.parse(r.payload) as Record<string, unknown>,
  createOnly: r.create_only ? (JSON.parse(r.create_only) as string[]) : [],
  ...(r.changes ? { changes: JSON.parse(r.changes) as WriteChanges } : {}),
  sourceType: r.source_type,
  sourceId: r.source_id,
  contentHash: r.content_hash,
  generation: Number(r.generation),
  status: r.status as OutboxStatus,
  attempts: Number(r.attempts),
  nextAttemptAt: Number(r.next_attempt_at),
  errorCode: r.error_code,
  errorMessage: r.error_message,
  ...(r.review ? { review: JSON.parse(r.review) as ReviewDetails } : {}),
  runId: r.run_id,
  updatedAt: Number(r.updated_at),
});

/** Rows of one connection, rank and object leased together under one token. */
export interface OutboxBatch {
  readonly token: string;
  readonly connectionId: string;
  readonly rank: number;
  readonly object: string;
  readonly externalIdField: string;
  readonly operation: OutboxOperation;
  readonly count: number;
  /** The destination the batch was claimed for (`''`: any). */
  readonly targetConnectionId: string;
}

/** Outcome of one attempt, as the dispatcher reports it. */
export type Attempt =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      /** A failure that asks a person to decide: what there is to decide. */
      readonly review?: ReviewDetails;
      /** When to try again; `undefined` means give up (the row becomes `failed`). */
      readonly retryAt: number | undefined;
    };

/**
 * @example await outboxRepo(db).enqueue([item]); const batch = await outboxRepo(db).claim('worker-1', 200, 60_000);
 */
export function outboxRepo(db: Db, now: () => number = Date.now) {
  return {
    /**
     * Adds writes, replacing any not-yet-confirmed version of the same target record. A write whose
     * content equals what the target last confirmed for that record is dropped: nothing to send.
     */
    async enqueue(items: readonly NewOutboxItem[]): Promise<void> {
      const t = now();
      for (const i of items) {
        await db.query(
          `INSERT INTO outbox (id, connection_id, rank, object, external_id_field, external_id, slot, operation, payload,
             create_only, source_type, source_id, content_hash, generation, status, attempts, next_attempt_at, run_id,
             created_at, updated_at, flow_id, target_connection_id, changes)
           VALUES ($1, $2, $3, $4, $5, $6, $14, $15, $7, $8, $9, $10, $11, 1, 'pending', 0, $12, $13, $12, $12, $16, $17, $18)
           ON CONFLICT (connection_id, object, external_id, slot) DO UPDATE SET
             rank = excluded.rank, external_id_field = excluded.external_id_field, operation = excluded.operation,
             payload = excluded.payload,
             create_only = excluded.create_only, changes = excluded.changes, source_type = excluded.source_type, source_id = excluded.source_id,
             content_hash = excluded.content_hash, generation = outbox.generation + 1,
             status = CASE WHEN outbox.status = 'leased' AND outbox.lease_until > $12 THEN 'leased' ELSE 'pending' END,
             attempts = 0, next_attempt_at = $12, error_code = NULL, error_message = NULL,
             run_id = excluded.run_id, flow_id = excluded.flow_id, target_connection_id = excluded.target_connection_id,
             updated_at = $12
           WHERE outbox.status <> 'done' OR outbox.content_hash <> excluded.content_hash`,
          [
            i.id,
            i.connectionId,
            i.rank,
            i.object,
            i.externalIdField,
            i.externalId,
            JSON.stringify(i.fields),
            i.createOnly?.length ? JSON.stringify(i.createOnly) : null,
            i.sourceType,
            i.sourceId,
            i.contentHash,
            t,
            i.runId,
            i.slot ?? '',
            i.operation ?? 'upsert',
            i.flowId,
            i.targetConnectionId,
            i.changes ? JSON.stringify(i.changes) : null,
          ],
        );
      }
    },

    /**
     * Leases up to `limit` ready rows of one connection, at its lowest unfinished reference rank and
     * of one object there, for `leaseMs`, under a fresh lease token; returns the batch (its rows are
     * read with {@link leased}). A rank waits while a lower one of the same connection is still in
     * flight or waiting for a retry, so parents always land before their children, across workers
     * too. `hold` may keep a rank back for now (the engine gathers a large batch while its source is
     * still receiving).
     */
    async claimBatch(
      owner: string,
      {
        limit,
        leaseMs,
        connectionId,
        targetConnectionId,
        hold,
      }: {
        limit: number;
        leaseMs: number;
        connectionId?: string;
        /** Only writes to this connection (each target's engine sends its own). */
        targetConnectionId?: string;
        hold?: (tx: Db, connectionId: string, rank: number) => Promise<boolean>;
      },
    ): Promise<OutboxBatch | undefined> {
      return db.transaction(async (tx) => {
        const t = now();
        const to = targetConnectionId ?? '';
        const heads = await queueHeads(tx, { to, ...(connectionId === undefined ? {} : { connectionId }) });
        // `$to`: the parameter holding the destination filter (`''` for any).
        const ready = (
          to: string,
        ) => `((status = 'pending' AND next_attempt_at <= $1) OR (status = 'leased' AND lease_until <= $1))
          AND status IN ('pending', 'leased') AND connection_id = $2 AND rank = $3 AND (${to} = '' OR target_connection_id = ${to})`;
        for (const head of heads) {
          const rank = head.rank;
          // One object at a time within the rank: a batch is then one Bulk API job, not one per object.
          if (hold && (await hold(tx, head.connectionId, rank))) continue;
          const [first] = await tx.query<{ object: string; external_id_field: string; operation: string }>(
            `SELECT object, external_id_field, operation FROM outbox WHERE ${ready('$4')}
             ORDER BY object, external_id_field, operation LIMIT 1`,
            [t, head.connectionId, rank, to],
          );
          if (!first) continue;
          const token = `${owner}:${randomUUID()}`;
          await tx.query(
            `UPDATE outbox SET status = 'leased', lease_owner = $6, lease_until = $7, updated_at = $1
             WHERE id IN (
               SELECT id FROM outbox WHERE ${ready('$10')} AND object = $4 AND external_id_field = $8 AND operation = $9
               ORDER BY next_attempt_at, id LIMIT $5 ${tx.profile.claimSuffix}
             )`,
            [
              t,
              head.connectionId,
              rank,
              first.object,
              limit,
              token,
              t + leaseMs,
              first.external_id_field,
              first.operation,
              to,
            ],
          );
          const [n] = await tx.query<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE lease_owner = $1`, [token]);
          const count = Number(n?.n ?? 0);
          if (count === 0) continue; // another worker holds them all
          return {
            token,
            connectionId: head.connectionId,
            targetConnectionId: to,
            rank,
            object: first.object,
            externalIdField: first.external_id_field,
            operation: first.operation as OutboxOperation,
            count,
          };
        }
        return undefined;
      });
    },

    /**
     * Writes to a connection that failed since their failure log was last queued (a pull target's
     * session settles them; the engine that reports writes its logs).
     */
    async failedUnlogged(targetConnectionId: string, limit: number): Promise<OutboxItem[]> {
      const rows = await db.query<Row>(
        `SELECT ${COLUMNS} FROM outbox f WHERE f.target_connection_id = $1 AND f.status = 'failed'
           AND NOT EXISTS (SELECT 1 FROM outbox l WHERE l.source_type = '${LOGGED_WRITE}' AND l.source_id = f.id
                             AND l.updated_at >= f.updated_at)
         ORDER BY f.id LIMIT $2`,
        [targetConnectionId, limit],
      );
      return rows.map(fromRow);
    },

    /**
     * Takes back a source record's writes to a connection that still wait to be sent (the record
     * was deleted, or the order cancelled, before they went: a pull target's session had not come
     * yet). A write a session holds now is on its way, and one that failed has its failure on
     * record: both stay. Returns how many were taken back.
     */
    async withdraw(targetConnectionId: string, sourceType: string, sourceId: string): Promise<number> {
      const rows = await db.query<{ id: string }>(
        `DELETE FROM outbox WHERE target_connection_id = $1 AND source_type = $2 AND source_id = $3
           AND (status = 'pending' OR (status = 'leased' AND lease_until <= $4)) RETURNING id`,
        [targetConnectionId, sourceType, sourceId, now()],
      );
      return rows.length;
    },

    /**
     * Puts back in line the writes to a connection leased by owners whose name starts with
     * `ownerPrefix` (a pull target's sessions, when a new one opens: only one runs at a time, so
     * a lease left behind is a session's that ended mid-batch). Returns how many.
     */
    async releaseLeasesOf(targetConnectionId: string, ownerPrefix: string): Promise<number> {
      const rows = await db.query<{ id: string }>(
        `UPDATE outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = $3
         WHERE target_connection_id = $1 AND status = 'leased' AND lease_owner LIKE $2 RETURNING id`,
        [targetConnectionId, `${ownerPrefix}%`, now()],
      );
      return rows.length;
    },

    /** Writes to a connection confirmed since their failure log was last queued (a replay that worked). */
    async doneSinceLogged(targetConnectionId: string, limit: number): Promise<OutboxItem[]> {
      const rows = await db.query<Row>(
        // From the logs (few) to their writes, not from every confirmed write (many).
        `SELECT ${COLUMNS_OF_F} FROM outbox l JOIN outbox f ON f.id = l.source_id
         WHERE l.source_type = '${LOGGED_WRITE}' AND f.target_connection_id = $1 AND f.status = 'done'
           AND l.updated_at < f.updated_at
         ORDER BY f.id LIMIT $2`,
        [targetConnectionId, limit],
      );
      return rows.map(fromRow);
    },

    /** Whether writes to a connection are ready to go (a pull target's session asks before it ends). */
    async readyFor(targetConnectionId: string): Promise<boolean> {
      const [row] = await db.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM outbox WHERE target_connection_id = $1
           AND ((status = 'pending' AND next_attempt_at <= $2) OR (status = 'leased' AND lease_until <= $2))`,
        [targetConnectionId, now()],
      );
      return Number(row?.n ?? 0) > 0;
    },

    /**
     * One page of a claimed batch, in id order after `afterId` (rows settled meanwhile drop out).
     * `fields: false` leaves the payload unread (`fields` is then empty): for settling a batch already sent.
     */
    async leased(token: string, afterId: string, limit: number, { fields = true } = {}): Promise<OutboxItem[]> {
      const rows = await db.query<Row>(
        `SELECT ${fields ? COLUMNS : WITHOUT_PAYLOAD} FROM outbox WHERE lease_owner = $1 AND id > $2 ORDER BY id LIMIT $3`,
        [token, afterId, limit],
      );
      return rows.map(fromRow);
    },

    /** Keeps a batch's lease alive while its rows are being written (a heartbeat). */
    async extendLease(token: string, leaseMs: number): Promise<void> {
      await db.query(`UPDATE outbox SET lease_until = $2 WHERE lease_owner = $1 AND status = 'leased'`, [
        token,
        now() + leaseMs,
      ]);
    },

    /**
     * Claims a batch (see {@link claimBatch}) and reads all its rows: for small batches and tests.
     * @example const items = await outboxRepo(db).claim('worker-1', 200, 60_000);
     */
    async claim(owner: string, limit: number, leaseMs: number, connectionId?: string): Promise<OutboxItem[]> {
      const batch = await this.claimBatch(owner, { limit, leaseMs, ...(connectionId ? { connectionId } : {}) });
      if (!batch) return [];
      const items: OutboxItem[] = [];
      for (let page = await this.leased(batch.token, '', 1000); page.length;) {
        items.push(...page);
        page = await this.leased(batch.token, page.at(-1)!.id, 1000);
      }
      return items;
    },

    /**
     * Records the outcome of an attempt on the `generation` that was sent. A newer generation that
     * arrived meanwhile stays pending, so its content is sent next.
     */
    async settle(item: Pick<OutboxItem, 'id' | 'generation'>, attempt: Attempt): Promise<void> {
      const t = now();
      if (attempt.ok) {
        await db.query(
          `UPDATE outbox SET
             status = CASE WHEN generation = $2 THEN 'done' ELSE 'pending' END,
             attempts = CASE WHEN generation = $2 THEN attempts + 1 ELSE attempts END,
             error_code = NULL, error_message = NULL, review = NULL, lease_owner = NULL, lease_until = NULL, updated_at = $3
           WHERE id = $1`,
          [item.id, item.generation, t],
        );
        return;
      }
      await db.query(
        `UPDATE outbox SET
           status = CASE WHEN generation <> $2 THEN 'pending' WHEN CAST($5 AS BIGINT) IS NULL THEN 'failed' ELSE 'pending' END,
           attempts = attempts + 1, next_attempt_at = COALESCE(CAST($5 AS BIGINT), next_attempt_at),
           error_code = $3, error_message = $4, review = $7, lease_owner = NULL, lease_until = NULL, updated_at = $6
         WHERE id = $1`,
        // Whole milliseconds: a jittered backoff has a fraction, which BIGINT refuses.
        [
          item.id,
          item.generation,
          attempt.code,
          attempt.message,
          attempt.retryAt === undefined ? null : Math.ceil(attempt.retryAt),
          t,
          attempt.review ? JSON.stringify(attempt.review) : null,
        ],
      );
    },

    /**
     * Puts every leased row back in line at once, instead of when its lease runs out. Only for a
     * store no other process shares, at start-up: the leases are then a dead process's.
     */
    async releaseLeases(): Promise<number> {
      const rows = await db.query<{ id: string }>(
        `UPDATE outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = $1
         WHERE status = 'leased' RETURNING id`,
        [now()],
      );
      return rows.length;
    },

    /** Puts failed rows back in line (replay); returns how many. */
    async replay(filter: { connectionId?: string; ids?: readonly string[] } = {}): Promise<number> {
      const t = now();
      const params: SqlValue[] = [t];
      let where = `status = 'failed'`;
      if (filter.connectionId !== undefined) {
        params.push(filter.connectionId);
        where += ` AND connection_id = $${params.length}`;
      }
      if (filter.ids) {
        if (filter.ids.length === 0) return 0;
        where += ` AND id IN (${filter.ids.map((id) => (params.push(id), `$${params.length}`)).join(', ')})`;
      }
      const rows = await db.query<{ id: string }>(
        `UPDATE outbox SET status = 'pending', next_attempt_at = $1, updated_at = $1 WHERE ${where} RETURNING id`,
        params,
      );
      return rows.length;
    },

    async get(id: string): Promise<OutboxItem | undefined> {
      const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM outbox WHERE id = $1`, [id]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },

    /**
     * A failure log the engine queued, by its key (unique among the target's records), and the
     * write it is about when it is about one (its row names that write: source `write`, the id).
     */
    async failureLog(logKey: string): Promise<{ log: OutboxItem; write: OutboxItem | undefined } | undefined> {
      const [row] = await db.query<Row>(`SELECT ${COLUMNS} FROM outbox WHERE external_id = $1 AND rank >= $2`, [
        logKey,
        RECORD_RANKS.to,
      ]);
      if (!row) return undefined;
      const log = fromRow(row);
      return { log, write: log.sourceType === LOGGED_WRITE ? await this.get(log.sourceId) : undefined };
    },

    /**
     * Forgets what was sent for one source record's writes, so the next mapping of it is sent again
     * even if unchanged (a reconciliation's repair: the target no longer holds what it confirmed).
     */
    async forgetSent(flowId: string, sourceType: string, sourceId: string): Promise<void> {
      await db.query(
        `UPDATE outbox SET content_hash = '' WHERE flow_id = $1 AND source_type = $2 AND source_id = $3 AND status = 'done'`,
        [flowId, sourceType, sourceId],
      );
    },

    /** {@link forgetSent} for every record of `sourceTypes` the flow wrote (an admin's resync). */
    async forgetSentOf(flowId: string, sourceTypes: readonly string[]): Promise<void> {
      if (sourceTypes.length === 0) return;
      const list = sourceTypes.map((_, i) => `$${i + 2}`).join(', ');
      await db.query(
        `UPDATE outbox SET content_hash = '' WHERE flow_id = $1 AND source_type IN (${list}) AND status = 'done'`,
        [flowId, ...sourceTypes],
      );
    },

    /** The writes into one target connection that mirror one source record (its record and any other it makes). */
    async forSource(
      connectionId: string,
      targetConnectionId: string,
      sourceType: string,
      sourceId: string,
    ): Promise<OutboxItem[]> {
      const rows = await db.query<Row>(
        `SELECT ${COLUMNS} FROM outbox
         WHERE connection_id = $1 AND target_connection_id = $2 AND source_type = $3 AND source_id = $4 ORDER BY id`,
        [connectionId, targetConnectionId, sourceType, sourceId],
      );
      return rows.map(fromRow);
    },

    async findByTarget(
      connectionId: string,
      object: string,
      externalId: string,
      slot = '',
    ): Promise<OutboxItem | undefined> {
      const rows = await db.query<Row>(
        `SELECT ${COLUMNS} FROM outbox WHERE connection_id = $1 AND object = $2 AND external_id = $3 AND slot = $4`,
        [connectionId, object, externalId, slot],
      );
      return rows[0] ? fromRow(rows[0]) : undefined;
    },

    /** The last upsert queued for each of a connection's records of one object (its own write, not a second slot's). */
    async lastWrites(
      connectionId: string,
      object: string,
    ): Promise<{ externalId: string; fields: Record<string, unknown> }[]> {
      const rows = await db.query<{ external_id: string; payload: string }>(
        `SELECT external_id, payload FROM outbox
         WHERE connection_id = $1 AND object = $2 AND slot = '' AND operation = 'upsert' ORDER BY external_id`,
        [connectionId, object],
      );
      return rows.map((r) => ({ externalId: r.external_id, fields: JSON.parse(r.payload) as Record<string, unknown> }));
    },

    async list(filter: { connectionId?: string; status?: OutboxStatus } = {}): Promise<OutboxItem[]> {
      const params: string[] = [];
      const where: string[] = [];
      if (filter.connectionId !== undefined) where.push(`connection_id = $${params.push(filter.connectionId)}`);
      if (filter.status !== undefined) where.push(`status = $${params.push(filter.status)}`);
      const rows = await db.query<Row>(
        `SELECT ${COLUMNS} FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY rank, id`,
        params,
      );
      return rows.map(fromRow);
    },

    /**
     * When a waiting row can next be sent (retries wait, leases run out), if any row is waiting.
     * Only each connection's lowest waiting rank counts: rows above it wait for it however ready
     * they are themselves.
     */
    async nextReadyAt(): Promise<number | undefined> {
      const heads = await queueHeads(db, { to: '' });
      return heads.length ? Math.min(...heads.map((h) => h.readyAt)) : undefined;
    },

    /** Records from other connections waiting to go into this one and failed there (the other direction's counts). */
    async countsInto(targetConnectionId: string): Promise<{ pending: number; failed: number }> {
      const rows = await db.query<{ status: string; n: number }>(
        `SELECT status, COUNT(*) AS n FROM outbox
         WHERE target_connection_id = $1 AND connection_id <> $1 AND status <> 'done' AND rank >= $2 AND rank < $3
         GROUP BY status`,
        [targetConnectionId, RECORD_RANKS.from, RECORD_RANKS.to],
      );
      const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
      return { pending: n('pending') + n('leased'), failed: n('failed') };
    },

    /** Records waiting (pending or in flight) and failed, for the connection's health (bookkeeping rows excluded). */
    async counts(connectionId: string): Promise<{ pending: number; failed: number }> {
      const rows = await db.query<{ status: string; n: number }>(
        `SELECT status, COUNT(*) AS n FROM outbox
         WHERE connection_id = $1 AND status <> 'done' AND rank >= $2 AND rank < $3 GROUP BY status`,
        [connectionId, RECORD_RANKS.from, RECORD_RANKS.to],
      );
      const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
      return { pending: n('pending') + n('leased'), failed: n('failed') };
    },
  };
}
