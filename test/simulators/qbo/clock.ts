/**
 * @module
 * The simulator's clock. Token lifetimes, CDC's 30-day look-back, MetaData timestamps and the
 * per-minute throttle all read it, so a test can age a refresh token by 101 days in one call.
 * QuickBooks writes times in the company's zone (`2026-05-05T03:22:45-07:00`); the zone is a fixed
 * offset here (Pacific daylight time by default, as the recorded samples show).
 */

export interface SimClock {
  now(): number;
  /** Moves time forward by `ms` (negative moves it back). */
  advance(ms: number): void;
  set(ms: number): void;
}

/**
 * A clock that stands still until moved, or with `ticking`, one that also runs as real time does
 * (per-second and per-minute throttles then clear as they do at Intuit, while a test can still jump
 * ahead by days).
 */
export function createClock(start: number = Date.now(), { ticking = false } = {}): SimClock {
  let t = start;
  let since = Date.now();
  const elapsed = () => (ticking ? Date.now() - since : 0);
  return {
    now: () => t + elapsed(),
    advance: (ms) => void (t += ms),
    set: (ms) => {
      t = ms;
      since = Date.now();
    },
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2026-05-05T03:22:45-07:00` (MetaData), or with milliseconds (a response's `time`). */
export function qboTime(ms: number, offsetMinutes: number, withMillis = false): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(offsetMinutes);
  const base =
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${base}${withMillis ? `.${pad(d.getUTCMilliseconds(), 3)}` : ''}${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
}

/** `2026-05-05` in the company's zone. */
export const qboDate = (ms: number, offsetMinutes: number): string => qboTime(ms, offsetMinutes).slice(0, 10);
