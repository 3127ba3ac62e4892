/**
 * @module
 * What a flow last mirrored of each source record: the target records it wrote, whether it was
 * deleted, and what the Account roll-ups are computed from: a transaction's party and amounts, an
 * invoice's date, department and class, a customer's own class. Its version and the hash of what
 * was written for it are its identity (`identities.ts`).
 */
import type { Db } from './db.ts';

/** A target record a source record's last mirror wrote (structured: never a key to split). */
export interface TargetRef {
  readonly object: string;
  readonly externalIdField: string;
  readonly externalId: string;
}

export interface RecordState {
  readonly connectionId: string;
  readonly recordType: string;
  readonly sourceId: string;
  readonly flowId: string;
  readonly deleted: boolean;
  /** Customer or vendor the transaction belongs to. */
  readonly partyId: string | null;
  readonly total: string | null;
  readonly balance: string | null;
  readonly dueDate: string | null;
  /** An invoice's date (none for a sales order), department and class; a customer's own class. */
  readonly txnDate: string | null;
  readonly department: string | null;
  readonly className: string | null;
  /** The target records its last mirror wrote, so the ones it no longer writes can be removed. */
  readonly targets: readonly TargetRef[];
}

interface Row {
  connection_id: string;
  record_type: string;
  source_id: string;
  flow_id: string;
  deleted: number | boolean;
  party_id: string | null;
  total: string | null;
  balance: string | null;
  due_date: string | null;
  txn_date: string | null;
  department: string | null;
  class_name: string | null;
  targets: string | null;
}

const fromRow = (r: Row): RecordState => ({
  connectionId: r.connection_id,
  recordType: r.record_type,
  sourceId: r.source_id,
  flowId: r.flow_id,
  deleted: Boolean(Number(r.deleted)),
  partyId: r.party_id,
  total: r.total,
  balance: r.balance,
  dueDate: r.due_date,
  txnDate: r.txn_date,
  department: r.department,
  className: r.class_name,
  targets: r.targets ? (JSON.parse(r.targets) as TargetRef[]) : [],
});

const COLUMNS =
  'connection_id, record_type, source_id, flow_id, deleted, party_id, total, balance, due_date, targets, txn_date, department, class_name';

/** @example const state = await recordStateRepo(db).get('acme', 'invoice', 'T1'); */
export function recordStateRepo(db: Db, now: () => number = Date.now) {
  return {
    async get(connectionId: string, recordType: string, sourceId: string): Promise<RecordState | undefined> {
      const rows = await db.query<Row>(
        `SELECT ${COLUMNS} FROM record_state WHERE connection_id = $1 AND record_type = $2 AND source_id = $3`,
        [connectionId, recordType, sourceId],
      );
      return rows[0] ? fromRow(rows[0]) : undefined;
    },

    async put(
      s: Omit<RecordState, 'deleted' | 'targets' | 'txnDate' | 'department' | 'className'> &
        Partial<Pick<RecordState, 'txnDate' | 'department' | 'className'>> & {
          deleted?: boolean;
          targets?: readonly TargetRef[];
        },
    ): Promise<void> {
      await db.query(
        `INSERT INTO record_state (${COLUMNS}, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $11, $12, $13, $14, $10)
         ON CONFLICT (connection_id, record_type, source_id) DO UPDATE SET
           flow_id = excluded.flow_id, deleted = excluded.deleted,
           party_id = COALESCE(excluded.party_id, record_state.party_id), total = excluded.total,
           balance = excluded.balance, due_date = excluded.due_date, txn_date = excluded.txn_date,
           department = excluded.department, class_name = excluded.class_name,
           targets = COALESCE(excluded.targets, record_state.targets), updated_at = excluded.updated_at`,
        [
          s.connectionId,
          s.recordType,
          s.sourceId,
          s.flowId,
          s.deleted ? 1 : 0,
          s.partyId,
          s.total,
          s.balance,
          s.dueDate,
          now(),
          s.targets ? JSON.stringify(s.targets) : null,
          s.txnDate ?? null,
          s.department ?? null,
          s.className ?? null,
        ],
      );
    },

    /** The transactions of one party (customer or vendor) not deleted, for its roll-ups. */
    async forParty(connectionId: string, recordType: string, partyId: string): Promise<RecordState[]> {
      const rows = await db.query<Row>(
        `SELECT ${COLUMNS} FROM record_state WHERE connection_id = $1 AND record_type = $2 AND party_id = $3 AND deleted = 0`,
        [connectionId, recordType, partyId],
      );
      return rows.map(fromRow);
    },

    async count(connectionId: string, recordType?: string): Promise<number> {
      const rows = await db.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM record_state WHERE connection_id = $1${recordType ? ' AND record_type = $2' : ''}`,
        recordType ? [connectionId, recordType] : [connectionId],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}
