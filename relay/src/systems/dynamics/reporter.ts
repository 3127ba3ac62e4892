/**
 * @module
 * Dynamics as the engine's reporter: each failure is a row of Ledgerbridge's sync log
 * (`lb_synclog`: the record, the reason in words, attempts, status, the replay switch), under an id
 * derived from the log's key so a failure told twice updates one row; a record of Dynamics on its
 * way into QuickBooks shows where it stands in its `lb_syncstatus`. The environment keeps no runs
 * and no connection health (the names Ledgerbridge adds are a contract, and those are not in it):
 * they stay in the relay's store and `GET /health`.
 */
import type { FailureLog, OutboundStatus, Reporter } from '../../sync/adapters.ts';
import { kindInWords } from '../../sync/model.ts';
import { REPORT_RANK } from '../../sync/ranks.ts';
import { isGuid } from './api/keys.ts';
import { stableId } from './provision/requests.ts';
import { LOG_STATUS, SYNC_STATUS, SYNC_STATUS_COLUMN } from './provision/schema.ts';
import { BY_ID, BY_ROW } from './target/writes.ts';

export const SYNC_LOG_SET = 'lb_synclogs';

/** The row of Dynamics that shows where a record going into QuickBooks stands, by kind. */
const STATUS_SET: Readonly<Record<string, string>> = {
  customer: 'accounts',
  vendor: 'accounts',
  item: 'products',
  invoice: 'salesorders', // a sales order becomes a QuickBooks invoice
};

const STATUS: Readonly<Record<OutboundStatus, number>> = {
  Queued: SYNC_STATUS.queued,
  Failed: SYNC_STATUS.failed,
  'Needs Review': SYNC_STATUS.needsReview,
  Synced: SYNC_STATUS.synced,
  'Not Synced': SYNC_STATUS.notSynced,
};

const LOG: Readonly<Record<FailureLog['status'], number>> = {
  Failed: LOG_STATUS.failed,
  Retrying: LOG_STATUS.retrying,
  Replayed: LOG_STATUS.replayed,
  Resolved: LOG_STATUS.resolved,
};

/**
 * The sync log row of a failure log's key: a GUID derived from it, the same every time; a row's own
 * id names that row (a replay asked for in Dynamics knows the row, not the key).
 * @example syncLogId('dynamics:accounts:8-1') // '6c1e…'
 */
export const syncLogId = (key: string) => (isGuid(key) ? key.toLowerCase() : stableId('lb_synclog', key));

/** @example const reporter = createDynamicsReporter('dynamics'); reporter.failureLogWrite(log) */
export function createDynamicsReporter(connectionId: string): Reporter {
  return {
    connectionId,
    ownerOf: () => undefined, // the sync log names the record by its QuickBooks id, not by a lookup
    failureLogWrite: (log) => ({
      object: SYNC_LOG_SET,
      externalIdField: BY_ID,
      externalId: syncLogId(log.key),
      fields: {
        lb_name: `${kindInWords(log.sourceType)} ${log.sourceId}`.slice(0, 200),
        lb_object: kindInWords(log.sourceType).slice(0, 100),
        // Going into QuickBooks, the record is Dynamics' own and has no QuickBooks id yet.
        lb_quickbooksid: log.outbound ? null : log.sourceId.slice(0, 100),
        lb_errorcode: log.errorCode.slice(0, 100),
        lb_errormessage: log.errorMessage.slice(0, 4000),
        lb_attempts: log.attempts,
        lb_status: LOG[log.status],
        lb_replayrequested: false,
      },
      rank: REPORT_RANK.log,
      source: { type: 'syncLog', id: log.key },
    }),
    outboundStatusWrite({ type, id }, status) {
      const set = STATUS_SET[type];
      if (!set) return undefined;
      return {
        object: set,
        externalIdField: BY_ROW,
        externalId: id,
        slot: 'status',
        fields: { [SYNC_STATUS_COLUMN]: STATUS[status] },
        rank: REPORT_RANK.run,
        source: { type, id },
      };
    },
    // Dynamics' sales orders become QuickBooks invoices, which are edited in place and come back as
    // mirrors: no write of its records posts a trail (reversals) to keep.
    historyWrite: () => undefined,
    runWrite: () => undefined,
    connectionWrite: () => undefined,
  };
}
