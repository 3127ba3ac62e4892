/**
 * @module
 * Keeps one realm's requests under Intuit's throttles (reference §2.8: 500 requests a minute per
 * realm, 10 a second per realm and app, 40 batch requests a minute, at most 10 concurrent) with room
 * to spare: by default at most 450 requests in any 60 s window, 8 in any second, 4 at a time, and 30
 * `/batch` requests a minute. Callers wait in one queue and go in arrival order; a batch call held
 * back by the batch allowance lets the plain calls behind it pass.
 *
 * One limiter per realm per process: the client of a realm takes it as an option and every client
 * of that realm must share it. Relays sharing a store also share the company's allowance
 * (`limiter-shared.ts`, `store/allowance.ts`), so together they stay under Intuit's figures.
 */

export interface LimiterOptions {
  /** Requests in any 60 s window. Default 450. */
  readonly perMinute?: number;
  /** Requests in any 1 s window. Default 8. */
  readonly perSecond?: number;
  /** Requests in flight at once. Default 4. */
  readonly concurrent?: number;
  /** `/batch` requests in any 60 s window (counted in `perMinute` too). Default 30. */
  readonly batchPerMinute?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What a bench prints ("never more than 450 in a minute, 4 at once"). */
export interface LimiterCounters {
  readonly sent: number;
  readonly batches: number;
  /** The most requests sent in any 60 s window. */
  readonly peakPerMinute: number;
  readonly peakPerSecond: number;
  readonly peakConcurrent: number;
  readonly peakBatchPerMinute: number;
  /** Requests that had to wait for their turn. */
  readonly waited: number;
}

export interface QboLimiter {
  /** Waits for a turn; call the returned function once the answer is read (exactly once). */
  acquire(kind?: 'request' | 'batch'): Promise<() => void>;
  counters(): LimiterCounters;
}

const MINUTE = 60_000;
const SECOND = 1000;

interface Waiter {
  readonly batch: boolean;
  readonly go: (release: () => void) => void;
}

/**
 * @example
 * const limiter = createQboLimiter();
 * const release = await limiter.acquire();
 * try { await fetch(url) } finally { release() }
 */
export function createQboLimiter({
  perMinute = 450,
  perSecond = 8,
  concurrent = 4,
  batchPerMinute = 30,
  now = Date.now,
  sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}: LimiterOptions = {}): QboLimiter {
  const queue: Waiter[] = [];
  let stamps: number[] = [];
  let batchStamps: number[] = [];
  let inFlight = 0;
  let sleeping = false;
  const c = {
    sent: 0,
    batches: 0,
    peakPerMinute: 0,
    peakPerSecond: 0,
    peakConcurrent: 0,
    peakBatchPerMinute: 0,
    waited: 0,
  };

  const inLast = (list: readonly number[], t: number, span: number) => list.filter((s) => s > t - span).length;

  const admit = (w: Waiter, t: number) => {
    stamps.push(t);
    if (w.batch) batchStamps.push(t);
    inFlight++;
    c.sent++;
    if (w.batch) c.batches++;
    c.peakPerMinute = Math.max(c.peakPerMinute, stamps.length);
    c.peakPerSecond = Math.max(c.peakPerSecond, inLast(stamps, t, SECOND));
    c.peakConcurrent = Math.max(c.peakConcurrent, inFlight);
    c.peakBatchPerMinute = Math.max(c.peakBatchPerMinute, batchStamps.length);
    let released = false;
    w.go(() => {
      if (released) throw new Error('a QuickBooks limiter turn was released twice');
      released = true;
      inFlight--;
      pump();
    });
  };

  /** How long until a window that holds the queue back has room again. */
  const untilRoom = (t: number, minuteFull: boolean, secondFull: boolean): number => {
    const waits: number[] = [];
    if (minuteFull) waits.push(stamps[stamps.length - perMinute]! + MINUTE - t);
    if (secondFull) waits.push(stamps.filter((s) => s > t - SECOND).at(-perSecond)! + SECOND - t);
    if (!minuteFull && !secondFull && batchStamps.length) waits.push(batchStamps[0]! + MINUTE - t);
    return Math.max(1, Math.min(...waits));
  };

  function pump(): void {
    while (queue.length && inFlight < concurrent) {
      const t = now();
      stamps = stamps.filter((s) => s > t - MINUTE);
      batchStamps = batchStamps.filter((s) => s > t - MINUTE);
      const minuteFull = stamps.length >= perMinute;
      const secondFull = inLast(stamps, t, SECOND) >= perSecond;
      const batchRoom = batchStamps.length < batchPerMinute;
      const i = minuteFull || secondFull ? -1 : queue.findIndex((w) => !w.batch || batchRoom);
      if (i < 0) {
        if (!sleeping) {
          sleeping = true;
          void sleep(untilRoom(t, minuteFull, secondFull)).then(() => {
            sleeping = false;
            pump();
          });
        }
        return;
      }
      admit(queue.splice(i, 1)[0]!, t);
    }
  }

  return {
    acquire(kind = 'request') {
      return new Promise((go) => {
        queue.push({ batch: kind === 'batch', go });
        pump();
        if (queue.some((w) => w.go === go)) c.waited++;
      });
    },
    counters: () => ({ ...c }),
  };
}
