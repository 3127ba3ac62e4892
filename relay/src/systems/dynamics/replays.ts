/**
 * @module
 * Replays asked for in Dynamics: a person ticks **Replay requested** on a row of Ledgerbridge's
 * sync log. The relay looks for such rows once a minute (or at once when told to) and hands each
 * to the engine's replay (`sync/replay-request.ts`), which puts the failed write back in line and
 * clears the switch with what became of the request.
 */
import type { Logger } from '../../lib/logger.ts';
import type { Store } from '../../store/index.ts';
import type { Reporter } from '../../sync/adapters.ts';
import type { SyncEngine } from '../../sync/engine.ts';
import { replayRequested } from '../../sync/replay-request.ts';
import type { Companion } from '../registry.ts';
import type { DataverseClient } from './api/types.ts';
import { SYNC_LOG_SET } from './reporter.ts';

const EVERY_MS = 60_000;
/** Rows read a round, at most (the rest are read on the next). */
const PER_ROUND = 200;

export interface ReplayReaderDeps {
  readonly client: DataverseClient;
  readonly store: Store;
  readonly engine: SyncEngine;
  readonly reporter: Reporter;
  readonly log: Logger;
  readonly now: () => number;
}

/** @example const companion = createReplayReader({ client, store, engine, reporter, log, now }); await companion.round(true); */
export function createReplayReader(d: ReplayReaderDeps): Companion {
  let last = -Infinity;
  return {
    async round(force) {
      if (!force && d.now() - last < EVERY_MS) return;
      last = d.now();
      const asked: string[] = [];
      for await (const page of d.client.select(SYNC_LOG_SET, {
        select: ['lb_synclogid'],
        filter: 'lb_replayrequested eq true',
        top: PER_ROUND,
      })) {
        if (!page.ok) {
          d.log.warn('could not read replay requests from Dynamics', { code: page.error.code });
          return;
        }
        for (const row of page.value) if (typeof row.lb_synclogid === 'string') asked.push(row.lb_synclogid);
      }
      let replayed = 0;
      for (const id of asked) replayed += await replayRequested(d, id);
      if (asked.length) d.log.info('replays requested in Dynamics', { logs: asked.length, replayed });
    },
    runFinished: async () => {},
  };
}
