/**
 * @module
 * A run as the engine reports it: its counts and outcome, the summary in words, and whether it was
 * quiet (nothing changed, nothing failed: told on the connection only, never as a run of its own).
 */
import type { SyncRun } from '../store/runs.ts';
import type { RunReport } from './adapters.ts';

/** The report of a run, with its summary in words. */
export const runReport = (run: SyncRun): RunReport => ({
  key: run.id,
  connectionKey: run.connectionId,
  startedAt: run.startedAt,
  finishedAt: run.finishedAt,
  read: run.read,
  created: run.created,
  updated: run.updated,
  unchanged: run.unchanged,
  failed: run.failed,
  outcome: run.outcome,
  summary:
    run.summary ??
    `Read ${run.read}: ${run.created} created, ${run.updated} updated, ${run.unchanged} unchanged, ${run.failed} failed.`,
});

/**
 * A run in which nothing changed (every record read was unchanged, nothing failed) is not
 * reported as a run: a Web Connector session every 15 minutes would otherwise add a record to the
 * target for each, tens of thousands a year. It finishes with one connection write instead,
 * which carries its summary.
 */
export const isQuiet = (run: SyncRun) => run.read === run.unchanged && run.failed === 0;

/** A quiet run's summary, as the connection record tells it. */
export const quietSummary = (run: SyncRun) =>
  run.read === 0
    ? 'Nothing changed: there was nothing to read.'
    : `Nothing changed: read ${run.read} ${run.read === 1 ? 'record' : 'records'}, all unchanged.`;
