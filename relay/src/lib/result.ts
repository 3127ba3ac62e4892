/**
 * @module
 * Expected failures are values, not exceptions: functions in `systems/*` and `sync/*` return a
 * {@link Result}. Bugs still throw.
 */

/** A success carrying `value`, or a failure carrying `error`. */
export type Result<T, E = RelayError> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** @example return ok(records); */
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

/** @example return err(relayError('sf_rate_limited', 'Daily API allowance used up', { retryable: true })); */
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/**
 * An expected failure with a stable, machine-readable code (snake_case, prefixed by system:
 * `qbwc_`, `qbxml_`, `sf_`, `store_`, ...), a message a person can act on, and whether retrying
 * later may succeed.
 */
export interface RelayError {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  readonly cause?: unknown;
}

export function relayError(
  code: string,
  message: string,
  { retryable = false, cause }: { retryable?: boolean; cause?: unknown } = {},
): RelayError {
  return cause === undefined ? { code, message, retryable } : { code, message, retryable, cause };
}
