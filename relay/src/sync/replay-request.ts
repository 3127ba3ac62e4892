/**
 * @module
 * A person asked, in the CRM, to replay a failure log (ticked its replay switch). The failed write
 * it is about goes back in line; the log is told what became of the request (Retrying, or why there
 * is nothing to replay) and its switch is cleared, through the reporter, as a write of the flow the
 * logged write belongs to. Whatever the CRM, the same: each system only finds the logs asked for.
 */
import type { Store } from '../store/index.ts';
import { LOGGED_WRITE, outboxRepo } from '../store/outbox.ts';
import type { Reporter } from './adapters.ts';
import type { SyncEngine } from './engine.ts';
import { toOutbox } from './ingest.ts';

export interface ReplayRequestDeps {
  readonly store: Store;
  readonly engine: Pick<SyncEngine, 'replay' | 'enqueue'>;
  readonly reporter: Reporter;
  readonly now: () => number;
}

/**
 * @param key the log's key, as its failure log write was sent under (its external id in the CRM)
 * @returns how many writes went back in line (0 or 1)
 * @example await replayRequested(deps, 'salesforce:Account:acme:80000001-1');
 */
export async function replayRequested(d: ReplayRequestDeps, key: string): Promise<number> {
  const outbox = outboxRepo(d.store.db, d.now);
  const found = await outbox.failureLog(key);
  if (!found) return 0; // not a log this relay wrote
  const { connectionId } = found.log;
  const row = found.write;
  const status = row?.status === 'failed' ? 'Retrying' : row ? 'Resolved' : 'Failed';
  const message = !row
    ? 'Nothing to replay: this record could not be read from the system it comes from. Fix it there; it is read again when it changes.'
    : row.status === 'failed'
      ? 'Replay requested: the relay is writing this record again.'
      : 'Nothing to replay: this record is already written (or on its way).';
  const replayed = row?.status === 'failed' ? await d.engine.replay({ ids: [row.id] }) : 0;
  // A write out of the CRM (into QuickBooks) is reported under the company it goes to, in its own flow.
  const outbound = row !== undefined && row.connectionId === d.reporter.connectionId;
  const logged = d.reporter.failureLogWrite({
    key,
    connectionKey: outbound ? row.targetConnectionId : connectionId,
    runKey: null,
    ...(outbound ? { outbound, record: { type: row.sourceType, id: row.sourceId } } : {}),
    sourceType: row?.sourceType ?? found.log.sourceType,
    sourceId: row?.sourceId ?? found.log.sourceId,
    targetObject: row?.object ?? '',
    targetExternalId: row?.externalId ?? '',
    status,
    errorCode: row?.errorCode ?? 'replay',
    errorMessage: message,
    attempts: row?.attempts ?? 0,
  });
  // The log's row keeps naming the write it is about.
  const write = row ? { ...logged, source: { type: LOGGED_WRITE, id: row.id } } : logged;
  if (outbound) {
    const flow = { id: row.flowId, sourceConnectionId: row.connectionId, targetConnectionId: row.targetConnectionId };
    await outbox.enqueue([toOutbox(write, flow, null, d.reporter.connectionId)]);
  } else await d.engine.enqueue(connectionId, [write]);
  return replayed;
}
