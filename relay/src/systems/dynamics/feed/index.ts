/**
 * @module
 * Reading Dynamics 365 environments into the inbox: the registry's `Feed` for every connection of
 * system `dynamics` in the store, one round each before the engines (a connection paused, or with
 * no signed-in client, is left for a later round).
 * - **Webhook notices** (when a queue is given) are drained first, every round (`drain.ts`).
 * - **Change tracking** (`tracking.ts`, table by table in `tables.ts`' order) is the catch-up for
 *   notices lost or never sent, and the only reading when no webhook comes: it runs every
 *   `changesMinutes` (`DYNAMICS_CHANGES_MINUTES`, 15 by default) while webhooks arrive (a notice
 *   read within that time) and every table has its delta link; otherwise once a minute (rounds
 *   come every second or so; a minute is as fresh as the org's fallback polling, and costs four
 *   requests of Dataverse's 6,000 per five minutes). `force` runs it now.
 * Each is a read (`dynamics_reads`): the delivery its pages' run counts. A read that fails is the
 * connection's health, in words; each read logs how many rows and deletions it stored per table,
 * never what they hold.
 */
import type { Logger } from '../../../lib/logger.ts';
import type { Result } from '../../../lib/result.ts';
import type { Store } from '../../../store/index.ts';
import type { ConnectionRow } from '../../../store/topology.ts';
import { topologyRepo } from '../../../store/topology.ts';
import type { Feed } from '../../registry.ts';
import type { DataverseClient } from '../api/types.ts';
import { dynamicsReadsRepo, type ReadKind } from '../store/reads.ts';
import { drainNotices } from './drain.ts';
import type { NoticeQueue } from './notices.ts';
import { TRACKED } from './tables.ts';
import { trackTable } from './tracking.ts';
import { pageWriter, type Counts, type ReadTarget } from './writer.ts';

export type { NoticeQueue, PendingChange } from './notices.ts';

/** Notices drained in one round, at most (the rest wait for the next). */
const NOTICES_PER_ROUND = 1000;
/** Change tracking's interval while no webhook arrives. */
const POLL_MS = 60_000;

export interface DynamicsFeedDeps {
  readonly store: Store;
  readonly log: Logger;
  readonly now: () => number;
  /** The signed-in Web API client of a connection; undefined while it has none. */
  clientFor(connectionId: string): DataverseClient | undefined;
  readonly notices?: NoticeQueue;
  /** Change tracking's interval while webhooks arrive, in minutes (default 15). */
  readonly changesMinutes?: number;
  /** Rows a page of a full read (default 5,000, the most Dataverse serves). */
  readonly pageSize?: number;
}

/** @example const feed = createDynamicsFeed({ store, log, now, clientFor, notices }); await feed.round(false); */
export function createDynamicsFeed(d: DynamicsFeedDeps): Feed {
  const topology = topologyRepo(d.store.db, d.now);
  const reads = dynamicsReadsRepo(d.store.db, d.now);
  const log = d.log.child({ system: 'dynamics' });
  const changesMs = (d.changesMinutes ?? 15) * 60_000;

  /** Runs one read as a delivery, logs what it stored, and makes its failure the connection's health. */
  async function read(c: ConnectionRow, kind: ReadKind, body: (target: ReadTarget) => Promise<Result<unknown>>) {
    const readId = await reads.open(c.id, kind);
    const counts: Counts = {};
    try {
      const done = await body({ store: d.store, connectionId: c.id, readId, now: d.now, counts });
      log.info('read Dynamics 365', { connection: c.id, read: kind, ok: done.ok, ...flat(counts) });
      if (done.ok) {
        await d.store.connections.touchContact({ id: c.id });
        if (c.health.status !== 'ok') await d.store.connections.setHealth(c.id, 'ok', null, null);
        return;
      }
      log.warn('reading Dynamics 365 failed', { connection: c.id, read: kind, code: done.error.code });
      await d.store.connections.setHealth(
        c.id,
        done.error.retryable ? 'warning' : 'error',
        done.error.code,
        `${done.error.message}${done.error.retryable ? ' The relay tries again shortly.' : ''}`,
      );
    } finally {
      await reads.close(readId);
    }
  }

  async function trackingDue(c: ConnectionRow, force: boolean): Promise<boolean> {
    if (force) return true;
    const last = await reads.lastStarted(c.id, 'tracking');
    if (last === undefined) return true;
    const noticed = d.notices ? await reads.lastStarted(c.id, 'notices') : undefined;
    const linked = new Set((await d.store.cursors.all(c.id)).filter((k) => k.fromModified).map((k) => k.objectType));
    const flowing = noticed !== undefined && d.now() - noticed < changesMs && TRACKED.every((t) => linked.has(t.table));
    return d.now() - last >= (flowing ? changesMs : POLL_MS);
  }

  async function roundOf(c: ConnectionRow, force: boolean): Promise<void> {
    if (c.pause && c.pause.until > d.now()) return;
    const client = d.clientFor(c.id);
    if (!client) return;
    const pending = d.notices ? await d.notices.pending(c.id, NOTICES_PER_ROUND) : [];
    if (pending.length > 0)
      await read(c, 'notices', async (target) => {
        const drained = await drainNotices(client, pending, target);
        if (drained.ok) await d.notices!.done(c.id, pending);
        return drained;
      });
    if (!(await trackingDue(c, force))) return;
    const deps = { store: d.store, client, connectionId: c.id, log, now: d.now, pageSize: d.pageSize ?? 5000 };
    await read(c, 'tracking', async (target) => {
      const full: string[] = [];
      for (const t of TRACKED) {
        const tracked = await trackTable(deps, t, pageWriter(target));
        if (!tracked.ok) return tracked;
        if (tracked.value.full) full.push(t.table);
      }
      if (full.length > 0) log.info('read Dynamics 365 tables in full', { connection: c.id, tables: full.join(',') });
      return { ok: true, value: undefined };
    });
  }

  return {
    async round(force) {
      for (const c of await topology.connections('dynamics')) {
        try {
          await roundOf(c, force);
        } catch (error) {
          log.error('a Dynamics 365 read failed', { connection: c.id, err: error });
        }
      }
    },
  };
}

/** `{ account: { rows: 3, deleted: 1 } }` → `{ accountRows: 3, accountDeleted: 1 }`. */
const flat = (counts: Counts) =>
  Object.fromEntries(
    Object.entries(counts).flatMap(([table, c]) => [
      [`${table}Rows`, c.rows],
      [`${table}Deleted`, c.deleted],
    ]),
  );
