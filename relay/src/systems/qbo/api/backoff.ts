/**
 * @module
 * How long the client waits before trying again: after a throttle, what `Retry-After` says or else
 * the 60 s Intuit asks for (reference §2.8); after a 5xx, a connection failure or a timeout, a short
 * pause before the single retry Intuit recommends ("500: resubmit once", §2.7).
 */

export interface RetryPolicy {
  /** Retries after a throttle before giving up with `qbo_throttled`. Default 3. */
  readonly throttleRetries: number;
  /** Wait after a throttle without `Retry-After`. Default 60 s. */
  readonly throttleWaitMs: number;
  /** Wait before the one retry after a 5xx, a connection failure or a timeout. Default 2 s. */
  readonly unavailableWaitMs: number;
  /** A longer `Retry-After` is cut to this. Default 10 minutes. */
  readonly maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  throttleRetries: 3,
  throttleWaitMs: 60_000,
  unavailableWaitMs: 2000,
  maxWaitMs: 600_000,
};

/**
 * The wait a throttled answer asks for: `Retry-After` in seconds or as an HTTP date, else the default.
 * @example throttleWait('5', Date.now(), DEFAULT_RETRY) // 5000
 * @example throttleWait(null, Date.now(), DEFAULT_RETRY) // 60000
 */
export function throttleWait(retryAfter: string | null, now: number, policy: RetryPolicy): number {
  const value = retryAfter?.trim() ?? '';
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : undefined;
  const date = seconds === undefined && value ? Date.parse(value) - now : undefined;
  const ms = seconds ?? (date !== undefined && !Number.isNaN(date) ? date : policy.throttleWaitMs);
  return Math.min(policy.maxWaitMs, Math.max(0, ms));
}
