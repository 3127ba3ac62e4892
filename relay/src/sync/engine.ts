/**
 * @module
 * The sync engine: drains the inbox into the outbox (`ingest.ts`) and the outbox into the target
 * (`dispatch.ts`), reports runs and connection health to the target, and replays failures. It
 * knows neither QuickBooks nor Salesforce: both come in as adapters.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../lib/logger.ts';
import type { Db } from '../store/db.ts';
import type { Store } from '../store/index.ts';
import type { InboxItem } from '../store/inbox.ts';
import { customFieldDefinitionsRepo } from '../store/custom-field-definitions.ts';
import { outboxRepo } from '../store/outbox.ts';
import { runsRepo, type SyncRun } from '../store/runs.ts';
import { topologyRepo } from '../store/topology.ts';
import type {
  ConnectionReport,
  RunReport,
  Reporter,
  SourceAdapter,
  TargetAdapter,
  TargetContext,
  TargetWrite,
} from './adapters.ts';
import { dispatch, type DispatchResult } from './dispatch.ts';
import { directionOf, ingest, toOutbox, type IngestResult } from './ingest.ts';
import { createCompanyCalendar } from './calendar.ts';
import { flowsInto, type FlowResolver } from './flows.ts';
import { connectionHealth } from './health.ts';
import { SYNC_ORDER } from './model.ts';
import { isRecordRank, rankOf, REPORT_RANK } from './ranks.ts';
import { isQuiet, runReport } from './run-report.ts';
import { reportPulled } from './pulled.ts';
import { runClosing } from './closing.ts';

export interface SyncEngineOptions {
  readonly store: Store;
  readonly source: SourceAdapter;
  readonly target: TargetAdapter;
  /** Where runs, connection health and failures are reported (through the outbox, to the target that carries them). */
  readonly reporter: Reporter;
  /**
   * The flow a source connection's records travel in. Default: every source connection flows
   * into the target's connection (one link each, made when first needed).
   */
  readonly flowFor?: FlowResolver;
  readonly log: Logger;
  readonly now?: () => number;
  /** Identifies this process's leases. */
  readonly worker?: string;
  readonly relayUrl?: string;
  /** The company's IANA time zone: its calendar day decides what is overdue (unset: see `calendar.ts`). */
  readonly timeZone?: string;
  /** Transient failures are retried this many times in all before a record is marked failed. */
  readonly maxAttempts?: number;
  readonly backoff?: (attempt: number) => number;
  /** Writes claimed per dispatch round, at most (at or above the target's `largeBatchFrom`, it streams them). */
  readonly dispatchLimit?: number;
  /**
   * While the source is still receiving for a connection (a live Web Connector session, payloads
   * not yet ingested), a rank of data records waits to gather one large batch per object — unless
   * its oldest write has waited this long. Default 5 minutes; 0 sends as soon as writes are ready.
   */
  readonly gatherMs?: number;
  /** Inbox payloads claimed per ingest round. */
  readonly ingestLimit?: number;
  /** Called when a run is finished and reported (completes the sync requests it served). */
  readonly onRunFinished?: (run: SyncRun) => Promise<void>;
}

export interface DrainSummary {
  readonly ingested: IngestResult;
  readonly dispatched: Omit<DispatchResult, 'pausedUntil'>;
  readonly pausedUntil?: number;
}

const NOTHING_SENT = { sent: 0, created: 0, updated: 0, retrying: 0, failed: 0 } as const;

const DEFAULT_BACKOFF = (attempt: number) => Math.min(15 * 60_000, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2);

export function createSyncEngine(o: SyncEngineOptions) {
  const now = o.now ?? Date.now;
  const worker = o.worker ?? `relay-${randomUUID().slice(0, 8)}`;
  const log = o.log.child({ component: 'sync' });
  /** Connections whose earlier writes the target has recalled (see {@link contextFor}). */
  const recalled = new Set<string>();
  const topology = topologyRepo(o.store.db, now);
  const targetConnectionId = o.target.connectionId;
  const flowFor =
    o.flowFor ??
    flowsInto(o.store, { id: targetConnectionId, system: o.target.system, label: o.target.name, settings: {} }, now);
  /** The source connections whose flows go into this engine's target. */
  const sources = async () =>
    (await topology.flows())
      .filter((f) => f.targetConnectionId === targetConnectionId)
      .map((f) => f.sourceConnectionId);
  const calendar = createCompanyCalendar({
    store: o.store,
    target: o.target,
    log,
    now,
    flowFor,
    sources,
    timeZone: o.timeZone,
  });
  const dispatchLimit = o.dispatchLimit ?? 200_000;
  const gatherMs = o.gatherMs ?? 5 * 60_000;
  let held = 0;

  /**
   * Gathering: a first sync of a large company arrives in hundreds of pages; sending each rank as
   * it trickles in would cost a Bulk job per object per round. Records wait while the source is
   * still receiving, so each object goes out in one batch when the session ends. The connection and
   * run records wait with the records they announce, so they go out in the same calls.
   */
  async function hold(tx: Db, connectionId: string, rank: number): Promise<boolean> {
    // Only a source that delivers in sessions (pull) has records still coming to wait for.
    if (gatherMs <= 0 || o.source.delivery !== 'pull' || rank >= REPORT_RANK.log) return false;
    if (!isRecordRank(rank)) {
      const [next] = await tx.query<{ rank: number | null }>(
        `SELECT MIN(rank) AS rank FROM outbox
         WHERE connection_id = $1 AND rank >= $2 AND rank < $3 AND status IN ('pending', 'leased')`,
        [connectionId, rankOf(SYNC_ORDER[0]!), REPORT_RANK.log],
      );
      return next?.rank != null && (await hold(tx, connectionId, Number(next.rank)));
    }
    const t = now();
    const [stored] = await tx.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM inbox WHERE connection_id = $1 AND status = 'pending'`,
      [connectionId],
    );
    if (Number(stored?.n ?? 0) === 0 && !(await o.source.receiving(tx, connectionId, t))) return false;
    // The IN term lets SQLite use the partial index of in-flight rows (it cannot infer it from `= 'pending'`).
    const [waiting] = await tx.query<{ oldest: number | null }>(
      `SELECT MIN(updated_at) AS oldest FROM outbox
       WHERE connection_id = $1 AND rank = $2 AND status IN ('pending', 'leased') AND status = 'pending'`,
      [connectionId, rank],
    );
    const gathering = waiting?.oldest != null && t - Number(waiting.oldest) < gatherMs;
    if (gathering) held++;
    return gathering;
  }

  /**
   * The target's mapping context: it asks nothing of the target, so records are mapped while the
   * target is down. Before a connection's first records, the target recalls what it queued before.
   */
  async function contextFor(connectionId: string): Promise<TargetContext> {
    const day = await calendar.today(connectionId);
    if (!recalled.has(connectionId)) {
      const outbox = outboxRepo(o.store.db, now);
      for (const object of o.target.recalls ?? []) {
        o.target.recall?.(connectionId, object, await outbox.lastWrites(connectionId, object));
      }
      recalled.add(connectionId);
    }
    return o.target.context(connectionId, day);
  }

  /** The run a payload belongs to: one per Web Connector session. */
  const runFor = (item: InboxItem) => `${item.connectionId}:${item.sessionId ?? 'manual'}`;

  /** Queues writes of a connection's flow: to its target, or with `report`, to where reports go. */
  async function enqueue(connectionId: string, writes: readonly TargetWrite[], runId: string | null, report = true) {
    const flow = await flowFor(connectionId);
    const to = report ? o.reporter.connectionId : flow.targetConnectionId;
    await outboxRepo(o.store.db, now).enqueue(writes.map((w) => toOutbox(w, flow, runId, to)));
  }

  /**
   * A run of the reporter's own system (the CRM's records going into QuickBooks) is reported under
   * the connection its records went to; that connection's health is its own flows' to report.
   */
  const subjectOf = (connectionId: string) =>
    connectionId === o.reporter.connectionId ? targetConnectionId : connectionId;
  const runReportOf = (run: SyncRun): RunReport => ({
    ...runReport(run),
    connectionKey: subjectOf(run.connectionId),
    ...(run.connectionId === o.reporter.connectionId ? { outbound: true } : {}),
  });

  /**
   * Queues the health report of the connection a source connection's runs are reported under (for
   * the reporter's own connection, the connection its records went to: its runs point at it).
   */
  async function reportConnection(connectionId: string, runId: string | null): Promise<void> {
    const health = o.reporter.connectionWrite(await connectionReport(subjectOf(connectionId)));
    if (health) await enqueue(connectionId, [health], runId);
  }

  async function connectionReport(connectionId: string): Promise<ConnectionReport> {
    const c = await topology.connection(connectionId);
    if (!c) throw new Error(`no connection ${connectionId}`);
    const targetPause = (await topology.connection(targetConnectionId))?.pause ?? undefined;
    const h = await connectionHealth(o.store.db, c, now(), o.target, targetPause);
    const last = await runsRepo(o.store.db, now).lastFinished(connectionId);
    const customFields = await customFieldDefinitionsRepo(o.store.db, now).of(connectionId);
    return {
      connectionKey: connectionId,
      edition: connectionId === targetConnectionId && o.target.edition ? o.target.edition : o.source.edition,
      status: h.status,
      companyName: c.label,
      ...(h.lastContactAt ? { lastContactAt: h.lastContactAt } : {}),
      ...(h.lastSuccessAt ? { lastSuccessAt: h.lastSuccessAt } : {}),
      ...(h.lastError ? { lastError: h.lastError } : {}),
      ...(last?.summary ? { lastRunSummary: last.summary } : {}),
      pending: h.pending,
      failed: h.failed,
      ...((await topology.flows()).some((f) => f.targetConnectionId === connectionId)
        ? { toBooks: await outboxRepo(o.store.db, now).countsInto(connectionId) }
        : {}),
      ...(o.relayUrl ? { relayUrl: o.relayUrl } : {}),
      timeZone: await calendar.zoneOf(connectionId),
      ...(customFields ? { customFields } : {}),
    };
  }

  /**
   * The target's pause belongs to its connection and lives in the store, so `ping` and every relay
   * sharing the store see it (and the flows into another target never do).
   * The honest sequence in the target: while paused nothing gets through, so the connection record
   * saying Paused is queued at once and, being of the lowest rank, is the first write sent when
   * calls are allowed again; the status turns back (Healthy, or what else is true) only once the
   * writes the pause held back have gone out, when nothing is left ready to send.
   */
  async function notePause(pausedUntil: number | undefined): Promise<void> {
    if (pausedUntil) {
      if (!(await topology.pause(targetConnectionId, pausedUntil))) return; // already known: a refusal of the queued record itself
      log.warn('target paused: API allowance used up', {
        connection: targetConnectionId,
        until: new Date(pausedUntil).toISOString(),
      });
    } else {
      const pause = (await topology.connection(targetConnectionId))?.pause;
      if (!pause || pause.until > now()) return;
      const next = await outboxRepo(o.store.db, now).nextReadyAt();
      if (next !== undefined && next <= now()) return; // still catching up
      if (!(await topology.endPause(targetConnectionId))) return;
      log.info('target pause over: the writes it held back have been sent', { connection: targetConnectionId });
    }
    for (const id of await sources()) {
      await reportConnection(id, null);
    }
  }

  /** The problem each source connection was last reported with, as this process knows it. */
  const toldProblems = new Map<string, string>();

  /**
   * A source connection's own problem (QuickBooks not running, a dialog open) is reported when it
   * arises: a session that failed before any page has no run whose end would report it, and the
   * org would go on saying Healthy. A recovery is reported by the run that follows.
   */
  async function reportProblems(): Promise<void> {
    const troubled = await topology.troubled();
    if (troubled.length === 0) return;
    const mine = new Set(await sources());
    for (const c of troubled) {
      if (!mine.has(c.id)) continue;
      const problem = JSON.stringify([c.health.status, c.health.code, c.health.at]);
      if (toldProblems.get(c.id) === problem) continue;
      toldProblems.set(c.id, problem);
      await reportConnection(c.id, null);
    }
  }

  /** Whether the target already has (or has been sent) this run's record. */
  async function announced(run: SyncRun): Promise<boolean> {
    const w = o.reporter.runWrite(runReportOf(run));
    if (!w) return true; // the reporter keeps no runs: nothing to announce
    return (
      (await outboxRepo(o.store.db, now).findByTarget(run.connectionId, w.object, w.externalId, w.slot)) !== undefined
    );
  }

  /** Reports runs with changes (and the connection) to the target before their records, so logs can point at them. */
  async function announceRuns(): Promise<void> {
    for (const run of await runsRepo(o.store.db, now).running(directionOf(o))) {
      if (isQuiet(run) || (await announced(run))) continue;
      await reportConnection(run.connectionId, run.id);
      await enqueue(run.connectionId, [o.reporter.runWrite(runReportOf(run))!], run.id);
    }
  }

  const closing = runClosing({
    store: o.store,
    source: o.source,
    reporter: o.reporter,
    now,
    direction: directionOf(o),
    targetConnectionId,
    flowFor,
    runReportOf,
    subjectOf,
    connectionReport,
    announced,
    enqueue: (connectionId, writes, runId) => enqueue(connectionId, writes, runId),
    ...(o.onRunFinished ? { onRunFinished: o.onRunFinished } : {}),
  });

  return {
    worker,

    /** One ingest round and one dispatch round; `held` counts ranks kept back to gather (see `gatherMs`). */
    async step(): Promise<{ ingested: IngestResult; dispatched: DispatchResult; held: number }> {
      held = 0;
      // The first step of a new company day writes what the day changed (invoices falling due).
      await calendar.step(contextFor);
      const ingested = await ingest(
        {
          store: o.store,
          source: o.source,
          target: o.target,
          reporter: o.reporter,
          log,
          worker,
          now,
          runFor,
          contextFor,
          flowFor,
        },
        { limit: o.ingestLimit ?? 2 },
      );
      await announceRuns();
      await reportProblems();
      // A pull target's session sends its writes; the engine only reports the ones that failed.
      if (o.target.delivery === 'pull') {
        await reportPulled({ store: o.store, reporter: o.reporter, targetConnectionId, now });
        return { ingested, dispatched: NOTHING_SENT, held };
      }
      const dispatched = await dispatch(
        {
          store: o.store,
          target: o.target,
          reporter: o.reporter,
          log,
          worker,
          now,
          backoff: o.backoff ?? DEFAULT_BACKOFF,
          maxAttempts: o.maxAttempts ?? 8,
          hold,
          closeAhead: closing.closeAhead,
          direction: directionOf(o),
          targetConnectionId,
        },
        { limit: dispatchLimit },
      );
      await notePause(dispatched.pausedUntil);
      return { ingested, dispatched, held };
    },

    /**
     * Works until nothing is ready: every stored payload ingested, every ready write sent. Writes
     * waiting for a retry stay in the outbox, unless their retry is due within `waitForRetriesMs`.
     */
    async drain({ maxRounds = 10_000, waitForRetriesMs = 0 } = {}): Promise<DrainSummary> {
      const ingested = { payloads: 0, read: 0, changed: 0, unchanged: 0, failed: 0 };
      const dispatched = { sent: 0, created: 0, updated: 0, retrying: 0, failed: 0 };
      let pausedUntil: number | undefined;
      for (let round = 0; round < maxRounds; round++) {
        const r = await this.step();
        for (const k of Object.keys(ingested) as (keyof typeof ingested)[]) ingested[k] += r.ingested[k];
        for (const k of Object.keys(dispatched) as (keyof typeof dispatched)[]) dispatched[k] += r.dispatched[k];
        if (r.dispatched.pausedUntil) pausedUntil = r.dispatched.pausedUntil;
        if (r.ingested.payloads === 0 && r.dispatched.sent === 0) {
          if (r.held > 0) break; // gathering while the source still receives: the next pass sends them
          // Only writes waiting for a retry are left: wait for them if asked to, else stop.
          const next = await outboxRepo(o.store.db, now).nextReadyAt();
          const wait = next === undefined ? Infinity : next - now();
          if (wait > waitForRetriesMs) break;
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait) + 1));
        }
      }
      return { ingested, dispatched, ...(pausedUntil ? { pausedUntil } : {}) };
    },

    /** Closes runs whose delivery has ended and whose writes have all settled, and reports them (see `closing.ts`). */
    finishRuns: () => closing.finishRuns(),

    /**
     * Takes back what a killed relay process left claimed: on a store only one process uses (the
     * embedded one), payloads and writes under a lease at start-up belong to a process that is
     * gone, and would otherwise wait out their leases (up to 10 minutes, stalling every write of
     * a higher rank behind them). Where processes share the store, leases expire as usual.
     */
    async releaseAbandoned(): Promise<{ payloads: number; writes: number }> {
      if (o.store.db.profile.multiProcess) return { payloads: 0, writes: 0 };
      const payloads = await o.store.inbox.releaseClaims();
      const writes = await outboxRepo(o.store.db, now).releaseLeases();
      if (payloads + writes > 0) log.info('took back work a stopped relay process left claimed', { payloads, writes });
      return { payloads, writes };
    },

    /** Puts failed writes back in line: all of a connection's, or the ones named by id. */
    async replay(filter: { connectionId?: string; ids?: readonly string[] } = {}): Promise<number> {
      const n = await outboxRepo(o.store.db, now).replay(filter);
      log.info('replay requested', { records: n, ...filter });
      return n;
    },

    connectionReport,

    /** The flow a source connection's records travel in. */
    flowFor,

    /** Queues writes the target owes outside of any record (request updates, say). */
    enqueue: (connectionId: string, writes: readonly TargetWrite[]) => enqueue(connectionId, writes, null, false),
  };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
