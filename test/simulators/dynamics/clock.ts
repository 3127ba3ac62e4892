/**
 * @module
 * The simulator's clock. Token lifetimes, the service protection window, delta-token age and
 * `createdon`/`modifiedon` all read it, so a test can age a token past its hour in one call.
 */

export interface SimClock {
  now(): number;
  /** Moves time forward by `ms` (negative moves it back). */
  advance(ms: number): void;
  set(ms: number): void;
}

/** A clock that stands still until moved, or with `ticking`, one that also runs as real time does. */
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

/** `2026-05-05T03:22:45Z`, as Dataverse writes date-time columns (UTC, no milliseconds). */
export const dataverseTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
