/**
 * @module
 * A connection's health as the store knows it: one reading for the connection record the engine
 * sends to the target and for `ledgerbridge ping`, so the two never tell different stories. It
 * reads only the store (never a process's memory), so every relay sharing it, and `ping` run
 * beside them, see the same pause, contact times and last error.
 */
import type { Db } from '../store/db.ts';
import { outboxRepo } from '../store/outbox.ts';
import type { ConnectionRow } from '../store/topology.ts';
import type { ConnectionReport } from './adapters.ts';
import { kindInWords } from './model.ts';

export interface ConnectionHealth {
  readonly status: ConnectionReport['status'];
  /** The current problem in words, with what happens next; absent when there is none. */
  readonly lastError?: string;
  readonly lastContactAt?: number;
  readonly lastSuccessAt?: number;
  readonly pending: number;
  readonly failed: number;
  /** The target's pause, while it lasts or while the writes it held back are still going out. */
  readonly pause?: { readonly since: number; readonly until: number };
}

/** A message as a sentence: ends with a full stop. */
const sentence = (s: string) => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

/** `2026-03-15 18:00 UTC`. */
export const utcMinute = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * A duration as a person says it.
 * @example inWords(65 * 60_000) // '1 hour 5 minutes'
 */
export function inWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const part = (n: number, unit: string) => (n ? `${n} ${unit}${n === 1 ? '' : 's'}` : '');
  return [part(h, 'hour'), part(m, 'minute')].filter(Boolean).join(' ');
}

/** Who paused the sync and why, in words (the target adapter's `name` and `pauseCause`). */
export interface PauseTeller {
  readonly name: string;
  readonly pauseCause: string;
}

/** What the target's pause means, in words. */
export function pauseInWords(pause: { since: number; until: number }, now: number, target: PauseTeller): string {
  const refused = `${target.name} refused further API calls at ${utcMinute(pause.since)} (${target.pauseCause})`;
  return pause.until > now
    ? `${refused}; syncing resumes at ${utcMinute(pause.until)} (in ${inWords(pause.until - now)}).`
    : `${refused}; calls are allowed again since ${utcMinute(pause.until)}, and the writes held back are being sent.`;
}

/**
 * @example const h = await connectionHealth(store.db, connection, Date.now(), target);
 */
export async function connectionHealth(
  db: Db,
  c: Pick<ConnectionRow, 'id' | 'health' | 'pause' | 'lastContactAt'>,
  now: number,
  target: PauseTeller,
  /** The target connection's pause (its API allowance used up), if it has one. */
  pause?: { readonly since: number; readonly until: number },
): Promise<ConnectionHealth> {
  const counts = await outboxRepo(db, () => now).counts(c.id);
  const [success] = await db.query<{ t: number | null }>(
    `SELECT MAX(finished_at) AS t FROM sync_runs WHERE connection_id = $1 AND outcome = 'succeeded'`,
    [c.id],
  );
  const [lastFailure] = counts.failed
    ? await db.query<{ error_message: string | null; source_type: string; source_id: string }>(
        `SELECT error_message, source_type, source_id FROM outbox WHERE connection_id = $1 AND status = 'failed'
         ORDER BY updated_at DESC, id DESC LIMIT 1`,
        [c.id],
      )
    : [];
  const sourcePaused = c.pause !== null && c.pause.until > now;
  const sourceProblem = c.health.status !== 'ok' && c.health.status !== 'unknown';
  const status: ConnectionReport['status'] =
    c.health.status === 'reauthorize'
      ? 'Needs Reauthorization'
      : pause || sourcePaused
        ? 'Paused'
        : c.health.status === 'error'
          ? 'Offline'
          : c.health.status === 'warning' || counts.failed > 0
            ? 'Degraded'
            : 'Healthy';
  const failedInWords = lastFailure
    ? `${counts.failed} record(s) failed; the last one (${kindInWords(lastFailure.source_type)} ${lastFailure.source_id}): ${sentence(lastFailure.error_message ?? 'no reason given')} See the sync log.`
    : undefined;
  const lastError = pause
    ? pauseInWords(pause, now, target)
    : sourceProblem && c.health.message
      ? c.health.message
      : failedInWords;
  const successAt = success?.t == null ? undefined : Number(success.t);
  const contactAt = c.lastContactAt ?? undefined;
  return {
    status,
    ...(lastError ? { lastError } : {}),
    ...(contactAt ? { lastContactAt: contactAt } : {}),
    ...(successAt ? { lastSuccessAt: successAt } : {}),
    pending: counts.pending,
    failed: counts.failed,
    ...(pause ? { pause } : {}),
  };
}
