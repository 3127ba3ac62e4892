/**
 * @module
 * The audit trail: one row per record moved (or that failed to move): when, in which run, from
 * which source record to which target record, the operation, the outcome, and a hash of what was
 * written. Successes live only here, sparing the org's storage; failures also reach the org as
 * sync logs.
 */
import type { ReviewDecision } from '../sync/adapters.ts';
import type { Db } from './db.ts';

export interface AuditEntry {
  readonly id: string;
  readonly at: number;
  readonly runId: string | null;
  readonly connectionId: string;
  readonly flowId: string;
  /** `<source>_to_<target>`, e.g. `qb_to_sf`. */
  readonly direction: string;
  readonly sourceType: string;
  readonly sourceId: string;
  readonly targetObject: string;
  readonly targetExternalId: string;
  readonly targetId: string | null;
  /** `conflict`: no write — both sides changed a field, and the field policy settled it (`changes` holds both values). */
  readonly operation: 'create' | 'update' | 'upsert' | 'delete' | 'skip_unchanged' | 'conflict' | 'review';
  /** A conflict: the value of the side read kept (`kept_source`), the other side's (`kept_target`), or neither until a person decides. */
  readonly outcome:
    | 'succeeded'
    | 'failed'
    | 'retrying'
    | 'kept_source'
    | 'kept_target'
    | 'needs_review'
    /** `review`: a person's decision on a review log (source id: the log's key; target id: who decided). */
    | ReviewDecision;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly contentHash: string;
  /** What the write overwrote, per field: the value the target held, and the value written. */
  readonly changes?: Readonly<Record<string, readonly [unknown, unknown]>>;
}

interface Row {
  id: string;
  at: number;
  run_id: string | null;
  connection_id: string;
  flow_id: string;
  direction: string;
  source_type: string;
  source_id: string;
  target_object: string;
  target_external_id: string;
  target_id: string | null;
  operation: string;
  outcome: string;
  error_code: string | null;
  error_message: string | null;
  content_hash: string;
  changes: string | null;
}

/** @example await auditRepo(db).add([entry]); */
export function auditRepo(db: Db) {
  return {
    async add(entries: readonly AuditEntry[]): Promise<void> {
      for (const e of entries) {
        await db.query(
          `INSERT INTO audit_log (id, at, run_id, connection_id, direction, source_type, source_id, target_object,
             target_external_id, target_id, operation, outcome, error_code, error_message, content_hash, flow_id, changes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
          [
            e.id,
            e.at,
            e.runId,
            e.connectionId,
            e.direction,
            e.sourceType,
            e.sourceId,
            e.targetObject,
            e.targetExternalId,
            e.targetId,
            e.operation,
            e.outcome,
            e.errorCode,
            e.errorMessage,
            e.contentHash,
            e.flowId,
            e.changes ? JSON.stringify(e.changes) : null,
          ],
        );
      }
    },
    /** The trail of one source record, oldest first. */
    async forRecord(connectionId: string, sourceType: string, sourceId: string): Promise<AuditEntry[]> {
      const rows = await db.query<Row>(
        `SELECT * FROM audit_log WHERE connection_id = $1 AND source_type = $2 AND source_id = $3 ORDER BY at, id`,
        [connectionId, sourceType, sourceId],
      );
      return rows.map((r) => ({
        id: r.id,
        at: Number(r.at),
        runId: r.run_id,
        connectionId: r.connection_id,
        flowId: r.flow_id,
        direction: r.direction,
        sourceType: r.source_type,
        sourceId: r.source_id,
        targetObject: r.target_object,
        targetExternalId: r.target_external_id,
        targetId: r.target_id,
        operation: r.operation as AuditEntry['operation'],
        outcome: r.outcome as AuditEntry['outcome'],
        errorCode: r.error_code,
        errorMessage: r.error_message,
        contentHash: r.content_hash,
        ...(r.changes ? { changes: JSON.parse(r.changes) as AuditEntry['changes'] } : {}),
      }));
    },
    async count(connectionId: string, outcome?: AuditEntry['outcome']): Promise<number> {
      const rows = await db.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM audit_log WHERE connection_id = $1${outcome ? ' AND outcome = $2' : ''}`,
        outcome ? [connectionId, outcome] : [connectionId],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}
