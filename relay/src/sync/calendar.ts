/**
 * @module
 * The company calendar: which day it is for a connection, in the company's own time zone (an
 * invoice due on the 9th is not overdue in Los Angeles at 06:30 UTC on the 10th), and the daily
 * recompute of what a passing day changes without any change in the source — transactions that
 * fall due turn Overdue, and their customers' overdue roll-ups grow. "Overdue" is the Account
 * panel's own definition (`agingBuckets`), shared with the mapping and the roll-ups.
 *
 * The recompute runs once per company day and connection (the day is kept in the store, so a
 * restarted relay does not redo it), and writes only the transactions whose status crossed a due
 * date since it was last written, and the roll-ups of their customers: a day with nothing falling
 * due costs no write at all.
 */
import {
  isKnownTimeZone,
  isPastDue,
  localIsoDate,
} from '../../../force-app/main/default/lwc/agingBuckets/agingBuckets.ts';
import type { Logger } from '../lib/logger.ts';
import { compare, decimal } from '../lib/money.ts';
import { calendarRepo } from '../store/calendar.ts';
import type { Store } from '../store/index.ts';
import { outboxRepo } from '../store/outbox.ts';
import { recordStateRepo } from '../store/record-state.ts';
import type { TargetAdapter, TargetContext, TargetWrite } from './adapters.ts';
import type { FlowResolver } from './flows.ts';
import { toOutbox } from './ingest.ts';
import { rollup } from './rollups.ts';

export interface CompanyCalendarDeps {
  readonly store: Store;
  readonly target: TargetAdapter;
  readonly log: Logger;
  readonly now: () => number;
  readonly flowFor: FlowResolver;
  /** The source connections whose flows the calendar keeps current. */
  readonly sources: () => Promise<readonly string[]>;
  /**
   * The company's IANA time zone, from configuration. Unset: the UTC offset the source's latest
   * modification time carries (QuickBooks Desktop reports no zone, only offsets), else UTC.
   */
  readonly timeZone?: string;
}

/** How long a connection's zone and day are taken as known before they are read again. */
const RECHECK_MS = 60_000;
/** The records whose status depends on the day (canonical types). */
const DUE_TYPES = ['invoice', 'bill'] as const;
const ZERO = decimal('0');

/**
 * The UTC offset an ISO 8601 timestamp carries, as `±HH:MM` (`Z` is UTC); undefined without one.
 * @example offsetOf('2026-11-22T10:15:00-08:00') // '-08:00'
 */
export function offsetOf(timestamp: string | null | undefined): string | undefined {
  const m = /(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})$/.exec(timestamp ?? '');
  if (!m) return undefined;
  return m[1] === 'Z' ? 'UTC' : m[1];
}

/** @example const calendar = createCompanyCalendar({ store, target, log, now, timeZone: 'America/Los_Angeles' }); */
export function createCompanyCalendar(deps: CompanyCalendarDeps) {
  if (deps.timeZone !== undefined && !isKnownTimeZone(deps.timeZone)) {
    throw new Error(`Unknown time zone ${deps.timeZone}`);
  }
  const zones = new Map<string, { zone: string; checkedAt: number }>();
  /** The day each connection was last recomputed for, as this process knows it. */
  const recomputed = new Map<string, string>();
  let listedAt = -Infinity;

  async function zoneOf(connectionId: string): Promise<string> {
    if (deps.timeZone) return deps.timeZone;
    // The cursor moved last holds the latest modification time the source reported, in its clock.
    const [row] = await deps.store.db.query<{ from_modified: string | null }>(
      `SELECT from_modified FROM cursors WHERE connection_id = $1 AND from_modified IS NOT NULL
       ORDER BY updated_at DESC LIMIT 1`,
      [connectionId],
    );
    return offsetOf(row?.from_modified) ?? 'UTC';
  }

  /** The connection's time zone (read again at most once a minute) and its calendar day now. */
  async function today(connectionId: string): Promise<{ zone: string; day: string }> {
    const t = deps.now();
    let cached = zones.get(connectionId);
    if (!cached || t - cached.checkedAt >= RECHECK_MS || t < cached.checkedAt) {
      cached = { zone: await zoneOf(connectionId), checkedAt: t };
      zones.set(connectionId, cached);
    }
    return { zone: cached.zone, day: localIsoDate(new Date(t), cached.zone) };
  }

  /**
   * Recomputes one connection for today, unless that was done already (by this process, another
   * one sharing the store, or this one before a restart). Returns the writes enqueued.
   */
  async function recompute(
    connectionId: string,
    contextFor: (connectionId: string) => Promise<TargetContext>,
  ): Promise<number> {
    const { zone, day } = await today(connectionId);
    if (recomputed.get(connectionId) === day) return 0;
    const ctx = await contextFor(connectionId);
    const flow = await deps.flowFor(connectionId);
    const enqueued = await deps.store.transaction(async (repos) => {
      // Under the connection's lock: ingest computes the same roll-ups.
      const lock = repos.db.profile.connectionLock;
      if (lock) await repos.db.query(lock, [connectionId]);
      const calendar = calendarRepo(repos.db, deps.now);
      const last = await calendar.get(connectionId);
      if (last?.day === day && last.timeZone === zone) return 0;
      // Only a due date between the last day recomputed and today can have been crossed.
      const [from, to] = !last ? [null, day] : last.day < day ? [last.day, day] : [day, last.day];
      const writes: TargetWrite[] = [];
      const customers = new Set<string>();
      for (const t of await calendar.due(connectionId, DUE_TYPES, from, to)) {
        const sign = compare(decimal(t.balance), ZERO);
        if (sign === 0) continue;
        // Its status was last decided on the day it was written, or at the last recompute.
        const written = localIsoDate(new Date(t.writtenAt), zone);
        const decided = last && last.day > written ? last.day : written;
        if (isPastDue(t.dueDate, decided) === isPastDue(t.dueDate, day)) continue;
        writes.push(
          ...deps.target.statusWrites(
            { type: t.recordType, id: t.sourceId, total: t.total ?? t.balance, balance: t.balance, dueDate: t.dueDate },
            ctx,
          ),
        );
        if (t.recordType === 'invoice' && t.partyId && sign > 0) customers.add(t.partyId);
      }
      const states = recordStateRepo(repos.db, deps.now);
      for (const customer of [...customers].sort()) {
        const open = await states.forParty(connectionId, 'invoice', customer);
        const own = await states.get(connectionId, 'customer', customer);
        writes.push(...deps.target.rollupWrites(customer, rollup(open, day, own), ctx));
      }
      await outboxRepo(repos.db, deps.now).enqueue(writes.map((w) => toOutbox(w, flow, null)));
      await calendar.put(connectionId, { timeZone: zone, day });
      return writes.length;
    });
    recomputed.set(connectionId, day);
    if (enqueued > 0)
      deps.log.info('a new company day: statuses and roll-ups recomputed', { connectionId, day, writes: enqueued });
    return enqueued;
  }

  return {
    today: async (connectionId: string) => (await today(connectionId)).day,
    zoneOf: async (connectionId: string) => (await today(connectionId)).zone,

    /**
     * Recomputes every connection whose company day changed. Cheap when none did: connections are
     * listed at most once a minute.
     */
    async step(contextFor: (connectionId: string) => Promise<TargetContext>): Promise<number> {
      const t = deps.now();
      if (t - listedAt < RECHECK_MS && t >= listedAt) return 0;
      listedAt = t;
      let enqueued = 0;
      for (const id of await deps.sources()) enqueued += await recompute(id, contextFor);
      return enqueued;
    },
  };
}

export type CompanyCalendar = ReturnType<typeof createCompanyCalendar>;
