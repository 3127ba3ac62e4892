/**
 * @module
 * A realm's limiter that also takes a turn from an allowance shared with other relays
 * (`store/allowance.ts`): the process's own limiter orders its callers and spaces them; the shared
 * allowance keeps every relay on one store together under Intuit's per-company limits.
 */
import type { QboLimiter } from './limiter.ts';

/** A turn from the shared allowance, or how long to wait before asking again. */
export type SharedTurn =
  { readonly ok: true; release(): Promise<void> } | { readonly ok: false; readonly retryInMs: number };

export interface SharedAllowance {
  take(): Promise<SharedTurn>;
}

export interface SharedLimiterOptions {
  /** Where a failed release is told (the lease then runs out on its own). */
  readonly onReleaseError?: (e: unknown) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * @example
 * const limiter = withSharedAllowance(createQboLimiter(), qboAllowanceRepo(db, { connectionId, owner }));
 */
export function withSharedAllowance(
  local: QboLimiter,
  shared: SharedAllowance,
  { onReleaseError = () => {}, sleep = (ms) => new Promise((r) => setTimeout(r, ms)) }: SharedLimiterOptions = {},
): QboLimiter {
  return {
    async acquire(kind) {
      const releaseLocal = await local.acquire(kind);
      try {
        for (;;) {
          const turn = await shared.take();
          if (turn.ok) {
            // The next caller here goes once the slot is free again, not to find it still held.
            return () => void turn.release().catch(onReleaseError).finally(releaseLocal);
          }
          await sleep(turn.retryInMs);
        }
      } catch (e) {
        releaseLocal();
        throw e;
      }
    },
    counters: () => local.counters(),
  };
}
