/**
 * @module
 * Reading QuickBooks Desktop company files through Conductor into the inbox: the registry's `Feed`
 * for every connection of system `conductor` in the store. Conductor sends no webhooks, so each
 * company file is read on a schedule (`CONDUCTOR_READ_MINUTES`, 15 by default; `force` reads now):
 * 1. **Health first.** `GET /health-check` before each read: when QuickBooks cannot answer (not
 *    running, another company file open, a dialog waiting) the connection's health says so in
 *    Conductor's words (the CRM shows it) and the read waits, tried again after 1, 2, 4 … minutes
 *    (at most the schedule's interval); other connections go on. The next good read clears it.
 * 2. **Records**, resource by resource in `reads.ts`' order, each since its cursor (`resources.ts`):
 *    a first sync reads everything, later reads what changed; inactive records are read too.
 * 3. **Deletions** since their cursors (`deletions.ts`). QuickBooks keeps them 90 days: a company
 *    file not read for longer is read in full again, the connection says why, and what the relay
 *    mirrored that is no longer there is taken as deleted.
 * Each read is a delivery (`conductor_reads`): its pages' run closes once it has finished. Conductor
 * answers one request at a time per company file (`api/transport.ts`); a read never runs beside
 * another read of the same connection (a second relay on the same store skips it). A read a
 * stopped relay cut short is taken over at once, not at the next scheduled read: on the embedded
 * store at start-up, on a shared store once it has been silent for `SILENT_MS` (`store/reads.ts`);
 * it goes on from the cursors, which moved only with pages stored.
 */
import type { Logger } from '../../../lib/logger.ts';
import type { Result } from '../../../lib/result.ts';
import { ok } from '../../../lib/result.ts';
import type { Store } from '../../../store/index.ts';
import { identitiesRepo } from '../../../store/identities.ts';
import { topologyRepo, type ConnectionRow } from '../../../store/topology.ts';
import type { Feed } from '../../registry.ts';
import type { ConductorClient } from '../api/types.ts';
import { conductorReadsRepo, READ_RESOURCES, type ReadKind } from '../reads.ts';
import { deletionsGap, readDeletions, startDeletions, sweep } from './deletions.ts';
import { readResource } from './resources.ts';
import type { ReadTarget } from './writer.ts';

/** The first wait after a failed health check; doubled after each failure, up to the read interval. */
const FIRST_RETRY_MS = 60_000;

export interface ConductorFeedDeps {
  readonly store: Store;
  readonly log: Logger;
  readonly now: () => number;
  /** The connection's client; undefined when its end user or key cannot be read. */
  clientFor(c: ConnectionRow): Promise<ConductorClient | undefined>;
  readonly readMinutes: number;
  readonly overlapSeconds: number;
}

const GAP_MESSAGE =
  'Ledgerbridge had not read this company file for more than 90 days, and QuickBooks keeps deletions only that long: it read the company file in full again, and records no longer in it were taken as deleted.';

/** @example const feed = createConductorFeed({ store, log, now, clientFor, readMinutes: 15, overlapSeconds: 120 }); */
export function createConductorFeed(d: ConductorFeedDeps): Feed {
  const topology = topologyRepo(d.store.db, d.now);
  const reads = conductorReadsRepo(d.store.db, d.now);
  const identities = identitiesRepo(d.store.db, d.now);
  const log = d.log.child({ system: 'conductor' });
  const intervalMs = d.readMinutes * 60_000;
  const overlapMs = d.overlapSeconds * 1000;
  /** Per connection, after a failed health check: when to try again, and the wait after that. */
  const retry = new Map<string, { at: number; nextWaitMs: number }>();

  async function due(c: ConnectionRow, force: boolean): Promise<boolean> {
    const waiting = retry.get(c.id);
    if (waiting) return d.now() >= waiting.at;
    if (force) return true;
    const last = Math.max(
      (await reads.lastStarted(c.id, 'changes')) ?? 0,
      (await reads.lastStarted(c.id, 'full')) ?? 0,
    );
    return d.now() - last >= intervalMs;
  }

  /** The health check; a failure becomes the connection's health, in words, and a later retry. */
  async function healthy(c: ConnectionRow, client: ConductorClient): Promise<boolean> {
    const health = await client.healthCheck();
    if (health.ok) return true;
    const wait = retry.get(c.id)?.nextWaitMs ?? FIRST_RETRY_MS;
    retry.set(c.id, { at: d.now() + wait, nextWaitMs: Math.min(wait * 2, intervalMs) });
    log.warn('QuickBooks Desktop cannot answer through Conductor', {
      connection: c.id,
      code: health.error.code,
      retryInSeconds: wait / 1000,
    });
    await d.store.connections.setHealth(
      c.id,
      health.error.code === 'cdt_unauthorized' ? 'reauthorize' : 'error',
      health.error.code,
      `${health.error.message} Ledgerbridge checks again in ${Math.round(wait / 60_000)} minute${wait === 60_000 ? '' : 's'}.`,
    );
    return false;
  }

  async function read(c: ConnectionRow, client: ConductorClient, kind: ReadKind, gap: boolean): Promise<Result<void>> {
    const readId = await reads.open(c.id, kind);
    const t: ReadTarget = { store: d.store, connectionId: c.id, readId, now: d.now, counts: {} };
    try {
      const startedAt = d.now();
      const found = new Map<string, ReadonlySet<string>>();
      for (const resource of READ_RESOURCES) {
        const r = await readResource(client, resource, t, overlapMs);
        if (!r.ok) return r;
        found.set(resource, r.value);
      }
      if (kind === 'full' && !gap) await startDeletions(t, startedAt);
      else {
        const deleted = await readDeletions(client, t, overlapMs);
        if (!deleted.ok) return deleted;
      }
      if (gap) {
        const swept = await sweep(t, found, { ids: (type) => identities.keys(c.id, type) });
        log.warn('read a company file in full after a gap longer than QuickBooks keeps deletions', {
          connection: c.id,
          deleted: swept,
        });
      }
      log.info('read QuickBooks Desktop through Conductor', { connection: c.id, read: kind, ...t.counts });
      return ok(undefined);
    } finally {
      await reads.close(readId);
    }
  }

  async function roundOf(c: ConnectionRow, force: boolean, startingUp: boolean): Promise<void> {
    if (c.pause && c.pause.until > d.now()) return;
    const cutShort = (await reads.endAbandoned(c.id, { all: startingUp })) > 0;
    if (!cutShort && !(await due(c, force))) return;
    if (await reads.anyOpen(c.id)) return; // another relay is reading it
    const client = await d.clientFor(c);
    if (!client || !(await healthy(c, client))) return;
    retry.delete(c.id);
    const cursors = await d.store.cursors.all(c.id);
    const first = READ_RESOURCES.some((r) => !cursors.some((k) => k.objectType === r && k.fromModified));
    const gap = !first && (await deletionsGap({ store: d.store, connectionId: c.id, now: d.now }));
    if (gap) for (const r of READ_RESOURCES) await d.store.cursors.rewind(c.id, r, null);
    const done = await read(c, client, first || gap ? 'full' : 'changes', gap);
    if (done.ok) {
      await d.store.connections.touchContact({ id: c.id });
      await d.store.connections.setHealth(
        c.id,
        gap ? 'warning' : 'ok',
        gap ? 'cdt_deletions_gap' : null,
        gap ? GAP_MESSAGE : null,
      );
      return;
    }
    log.warn('reading QuickBooks Desktop through Conductor failed', { connection: c.id, code: done.error.code });
    await d.store.connections.setHealth(
      c.id,
      done.error.retryable ? 'warning' : 'error',
      done.error.code,
      `${done.error.message}${done.error.retryable ? ' The relay tries again at its next read.' : ''}`,
    );
  }

  /** The first round of a relay on a store no other process uses: reads left open are a stopped relay's. */
  let startingUp = !d.store.db.profile.multiProcess;
  return {
    async round(force) {
      const first = startingUp;
      startingUp = false;
      for (const c of await topology.connections('conductor')) {
        try {
          await roundOf(c, force, first);
        } catch (error) {
          log.error('a Conductor read failed', { connection: c.id, err: error });
        }
      }
    },
  };
}
