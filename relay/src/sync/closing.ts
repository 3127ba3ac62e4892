/**
 * @module
 * Closing runs. Once a run's delivery has ended and its writes have settled, the run is finished
 * and reported with its connection's health. The claim that carries a run's last writes carries
 * that closing too, as the run will stand once those writes are confirmed as expected (created
 * where the target has no record of them yet, updated where it has), so the report costs no call of
 * its own. When the run is finished, it keeps the time that closing gave only if the closing was
 * confirmed and is exactly what the run turned out to be; otherwise (a write failed, or was
 * created where it was expected to be updated) it is finished as it really ended, and the true
 * report is sent after. A report equal to what the target confirmed is never sent again.
 */
import type { Db } from '../store/db.ts';
import type { Store } from '../store/index.ts';
import { identitiesRepo } from '../store/identities.ts';
import { outboxRepo, type OutboxBatch } from '../store/outbox.ts';
import { outboxSpanRepo } from '../store/outbox-span.ts';
import { runsRepo, type SyncRun } from '../store/runs.ts';
import type { ConnectionReport, Reporter, RunReport, SourceAdapter, TargetWrite } from './adapters.ts';
import type { FlowResolver } from './flows.ts';
import { toOutbox } from './ingest.ts';
import { isRecordRank, REPORT_RANK } from './ranks.ts';
import { isQuiet, quietSummary, runReport } from './run-report.ts';

export interface RunClosingDeps {
  readonly store: Store;
  readonly source: Pick<SourceAdapter, 'deliveryOpen'>;
  readonly reporter: Reporter;
  readonly now: () => number;
  /** The runs' direction (`<source>_to_<target>`). */
  readonly direction: string;
  /** The connection the target writes to (its identities tell records it has). */
  readonly targetConnectionId: string;
  readonly flowFor: FlowResolver;
  readonly runReportOf: (run: SyncRun) => RunReport;
  /** The connection a source connection's runs are reported under. */
  readonly subjectOf: (connectionId: string) => string;
  readonly connectionReport: (connectionId: string) => Promise<ConnectionReport>;
  /** Whether the target already has (or has been sent) the run's record. */
  readonly announced: (run: SyncRun) => Promise<boolean>;
  /** Queues report writes of a source connection's run. */
  readonly enqueue: (connectionId: string, writes: readonly TargetWrite[], runId: string) => Promise<void>;
  readonly onRunFinished?: (run: SyncRun) => Promise<void>;
}

interface ClaimedRow {
  run_id: string | null;
  object: string;
  external_id: string;
  slot: string;
  rank: number;
}

/** @example const closing = runClosing(deps); await closing.finishRuns(); */
export function runClosing(d: RunClosingDeps) {
  const db: Db = d.store.db;
  const runs = runsRepo(db, d.now);
  const outcomeOf = (run: SyncRun) => (run.failed > 0 ? 'completed_with_failures' : 'succeeded');
  const closed = (run: SyncRun, finishedAt: number): SyncRun => ({
    ...run,
    finishedAt,
    outcome: outcomeOf(run),
    summary: runReport({ ...run, summary: null }).summary,
  });

  /**
   * Whether nothing of the run is still owed: its delivery ended, its connection's payloads
   * ingested, and none of its writes unsettled (but those of the claim `token`).
   */
  async function settled(run: SyncRun, token = ''): Promise<boolean> {
    if (run.deliveryId && (await d.source.deliveryOpen(db, run.connectionId, run.deliveryId, d.now()))) return false;
    const [waiting] = await db.query<{ n: number }>(
      `SELECT (SELECT COUNT(*) FROM inbox WHERE connection_id = $1
                AND (status = 'pending' OR (status = 'quarantined' AND logged_at IS NULL))) +
              (SELECT COUNT(*) FROM outbox WHERE run_id = $2 AND status IN ('pending', 'leased')
                AND (lease_owner IS NULL OR lease_owner <> $3)) AS n`,
      [run.connectionId, run.id, token],
    );
    return Number(waiting?.n ?? 0) === 0;
  }

  /** Whether the target confirmed this very record of the run (the one its closing sent ahead said). */
  async function confirmed(run: SyncRun, report: SyncRun): Promise<boolean> {
    const w = d.reporter.runWrite(d.runReportOf(report));
    if (!w) return false;
    const row = await outboxRepo(db, d.now).findByTarget(run.connectionId, w.object, w.externalId, w.slot);
    const sent = toOutbox(w, await d.flowFor(run.connectionId), run.id, d.reporter.connectionId);
    return row?.status === 'done' && row.contentHash === sent.contentHash;
  }

  return {
    /**
     * Closes runs whose delivery has ended and whose writes have all settled, and reports them and
     * the connection's health to the target.
     */
    async finishRuns(): Promise<number> {
      let finished = 0;
      for (const run of await runs.running(d.direction)) {
        if (!(await settled(run))) continue;
        const quiet = isQuiet(run) && !(await d.announced(run));
        const ahead = run.finishedAt !== null && !quiet && (await confirmed(run, closed(run, run.finishedAt)));
        await runs.finish(
          run.id,
          outcomeOf(run),
          quiet ? quietSummary(run) : closed(run, 0).summary!,
          ahead ? run.finishedAt! : d.now(),
        );
        const done = (await runs.get(run.id))!;
        const told = quiet ? undefined : d.reporter.runWrite(d.runReportOf(done));
        if (told) await d.enqueue(run.connectionId, [told], run.id);
        const health = d.reporter.connectionWrite(await d.connectionReport(d.subjectOf(run.connectionId)));
        if (health) await d.enqueue(run.connectionId, [health], run.id);
        await d.onRunFinished?.(done);
        finished++;
      }
      return finished;
    },

    /**
     * Adds to a claim the closing of each run whose last writes it holds, written after them: the
     * run and its connection as they will be once the claim's writes are confirmed as expected.
     */
    async closeAhead(batch: OutboxBatch, leaseMs: number): Promise<OutboxBatch> {
      const rows = await db.query<ClaimedRow>(
        `SELECT run_id, object, external_id, slot, rank FROM outbox WHERE lease_owner = $1`,
        [batch.token],
      );
      // The connection and run records the claim's records point at, still to be written with them:
      // a closing would take their place (one row per record), after the records. Closed after.
      if (rows.some((r) => Number(r.rank) < REPORT_RANK.log && !isRecordRank(Number(r.rank)))) return batch;
      const records = rows.filter((r) => isRecordRank(Number(r.rank)));
      const runIds = [...new Set(rows.map((r) => r.run_id).filter((id): id is string => id !== null))];
      const ids = identitiesRepo(db, d.now);
      const at = d.now();
      const items = [];
      for (const runId of runIds) {
        const run = await runs.get(runId);
        if (!run || run.outcome !== 'running' || run.direction !== d.direction) continue;
        // Only a run reported under the claim's own connection: its pending writes are the claim's.
        if (isQuiet(run) || d.subjectOf(run.connectionId) !== batch.connectionId) continue;
        if (!(await settled(run, batch.token))) continue;
        let created = 0;
        // A second write (a slot) is of a record written before it.
        const first = records.filter((x) => x.run_id === runId && x.slot === '');
        for (const object of new Set(first.map((r) => r.object))) {
          const keys = first.filter((r) => r.object === object).map((r) => r.external_id);
          const known = await ids.localIds(d.targetConnectionId, object, keys);
          created += keys.filter((k) => !known.has(k)).length;
        }
        const mine = records.filter((x) => x.run_id === runId).length;
        const expected = closed({ ...run, created: run.created + created, updated: run.updated + mine - created }, at);
        const health = await d.connectionReport(batch.connectionId);
        const connection: ConnectionReport = {
          ...health,
          pending: Math.max(0, health.pending - records.length),
          lastRunSummary: expected.summary!,
          ...(expected.outcome === 'succeeded' ? { lastSuccessAt: at } : {}),
        };
        const flow = await d.flowFor(run.connectionId);
        for (const w of [d.reporter.connectionWrite(connection), d.reporter.runWrite(d.runReportOf(expected))]) {
          if (w) items.push(toOutbox({ ...w, rank: REPORT_RANK.closing }, flow, run.id, d.reporter.connectionId));
        }
        await runs.closing(run.id, at);
      }
      return items.length ? outboxSpanRepo(db, d.now).join(batch, items, leaseMs) : batch;
    },
  };
}
