/**
 * @module
 * Service protection (api-limits.md, reference §3.7), per user: requests in a sliding 5-minute
 * window (default 6000; each operation inside a `$batch` counts, as batches do not dodge the limits,
 * while a CreateMultiple or UpdateMultiple is one request however many rows it carries) and
 * concurrent requests (default 52). Over a limit: 429 with `Retry-After` in seconds and
 * Dataverse's body (0x80072322 / 0x80072326). Counters let tests and benches read what was sent.
 */
import type { SimClock } from './clock.ts';
import { tooManyConcurrent, tooManyRequests, type DataverseError } from './errors.ts';

export interface Limits {
  readonly requestsPerWindow: number;
  readonly windowMs: number;
  readonly concurrent: number;
}

export const DATAVERSE_LIMITS: Limits = { requestsPerWindow: 6000, windowMs: 300_000, concurrent: 52 };

export interface Counters {
  /** HTTP requests to the Web API (a `$batch` is one). */
  calls: number;
  /** Operations inside `$batch` requests. */
  batchOperations: number;
  batches: number;
  /** CreateMultiple and UpdateMultiple messages that reached the action (alone or inside a `$batch`). */
  bulkRequests: number;
  /** Targets those messages carried. */
  bulkRows: number;
  /** 429s answered, by the limits or injected. */
  throttled: number;
  /** Most requests in flight at once. */
  peakConcurrent: number;
}

export interface Throttle {
  /** Admits a request of `operations` operations for `user`, or the 429 to answer. */
  admit(user: string, operations: number): DataverseError | undefined;
  /** Marks the request finished (concurrency). */
  release(user: string): void;
  /** Counts more operations against the window (a batch, once its size is known). */
  charge(user: string, operations: number): void;
  readonly counters: Counters;
}

export function createThrottle(limits: Limits, clock: SimClock): Throttle {
  const windows = new Map<string, number[]>();
  const inFlight = new Map<string, number>();
  const counters: Counters = {
    calls: 0,
    batchOperations: 0,
    batches: 0,
    bulkRequests: 0,
    bulkRows: 0,
    throttled: 0,
    peakConcurrent: 0,
  };
  const recent = (user: string) => {
    const cutoff = clock.now() - limits.windowMs;
    const list = (windows.get(user) ?? []).filter((t) => t > cutoff);
    windows.set(user, list);
    return list;
  };
  return {
    counters,
    admit(user, operations) {
      const list = recent(user);
      if (list.length + operations > limits.requestsPerWindow) {
        counters.throttled++;
        const oldest = list[0] ?? clock.now();
        const wait = Math.max(1, Math.ceil((oldest + limits.windowMs - clock.now()) / 1000));
        return tooManyRequests(limits.requestsPerWindow, limits.windowMs / 1000, wait);
      }
      const busy = inFlight.get(user) ?? 0;
      if (busy >= limits.concurrent) {
        counters.throttled++;
        return tooManyConcurrent(limits.concurrent, 1);
      }
      inFlight.set(user, busy + 1);
      let total = 0;
      for (const n of inFlight.values()) total += n;
      counters.peakConcurrent = Math.max(counters.peakConcurrent, total);
      for (let i = 0; i < operations; i++) list.push(clock.now());
      return undefined;
    },
    release(user) {
      inFlight.set(user, Math.max(0, (inFlight.get(user) ?? 1) - 1));
    },
    charge(user, operations) {
      const list = recent(user);
      for (let i = 0; i < operations; i++) list.push(clock.now());
    },
  };
}
