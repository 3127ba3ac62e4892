/**
 * @module
 * The connection's API allowance: usage from `Sforce-Limit-Info`, and the pause that follows a
 * `403 REQUEST_LIMIT_EXCEEDED` (no call is sent until it ends; it doubles while the org keeps
 * refusing, up to a cap).
 */

export interface ApiUsage {
  readonly used: number;
  readonly limit: number;
}

/**
 * Parses the `Sforce-Limit-Info` header.
 * @example parseLimitInfo('api-usage=18/5000; api-bursts=1/750') // { used: 18, limit: 5000 }
 */
export function parseLimitInfo(header: string | undefined | null): ApiUsage | undefined {
  const m = /api-usage=(\d+)\/(\d+)/.exec(header ?? '');
  return m ? { used: Number(m[1]), limit: Number(m[2]) } : undefined;
}

export interface LimitTracker {
  record(usage: ApiUsage | undefined): void;
  usage(): ApiUsage | undefined;
  /** Starts (or extends) a pause after a refusal; `ms` overrides the doubling schedule. */
  pause(reason: string, ms?: number): void;
  /** Ends a pause early, e.g. after a successful call. */
  resume(): void;
  /** The pause in force, if any. */
  paused(): { readonly until: number; readonly reason: string } | undefined;
}

/** @example const limits = createLimitTracker({ now: Date.now, pauseMs: 15 * 60_000, maxPauseMs: 4 * 3600_000 }); */
export function createLimitTracker({
  now,
  pauseMs,
  maxPauseMs,
}: {
  now: () => number;
  pauseMs: number;
  maxPauseMs: number;
}): LimitTracker {
  let usage: ApiUsage | undefined;
  let pause: { until: number; reason: string; length: number } | undefined;
  let lastLength = 0;
  return {
    record: (u) => {
      if (u) usage = u;
    },
    usage: () => usage,
    pause(reason, ms) {
      const length = ms ?? Math.min(maxPauseMs, lastLength ? lastLength * 2 : pauseMs);
      lastLength = length;
      pause = { until: now() + length, reason, length };
    },
    resume() {
      pause = undefined;
      lastLength = 0;
    },
    paused() {
      if (pause && now() >= pause.until) pause = undefined;
      return pause ? { until: pause.until, reason: pause.reason } : undefined;
    },
  };
}
