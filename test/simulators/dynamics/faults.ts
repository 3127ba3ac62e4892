/**
 * @module
 * Injected failures, each firing on the next `times` matching Web API requests (default once), then
 * gone, as the other simulators' faults do. Answers are Dataverse's: 429 with `Retry-After` and the
 * service protection body, 500 with an error body, 503 with none, 401 as for an expired token, a
 * dropped connection, or a slow answer.
 */

export type DataverseFaultKind =
  /** 429 0x80072322 (requests over the window) with `Retry-After`. */
  | 'throttle'
  /** 429 0x80072326 (concurrent requests). */
  | 'throttle_concurrency'
  /** 429 0x80072321 (combined execution time). */
  | 'throttle_execution_time'
  /** 500 0x80040216 "An unexpected error occurred." */
  | 'server_error'
  /** 503 with no body, as the front end answers when the service is down. */
  | 'unavailable'
  /** 401 as for an expired token, whatever the token. */
  | 'token_expired'
  /** The connection is dropped without an answer. */
  | 'network_reset'
  /** The request is processed, but the answer waits `delayMs`. */
  | 'slow';

export interface FaultOptions {
  readonly times?: number;
  /** Substring or pattern of the path below `/api/data/v9.2/` (any when omitted). */
  readonly path?: string | RegExp;
  readonly method?: string;
  /** Seconds for `Retry-After` (throttles); default 2. */
  readonly retryAfter?: number;
  readonly delayMs?: number;
}

export interface Fault {
  readonly kind: DataverseFaultKind;
  readonly retryAfter: number;
  readonly delayMs: number;
}

export interface DataverseFaults {
  inject(kind: DataverseFaultKind, opts?: FaultOptions): void;
  clear(): void;
  pending(): readonly { kind: DataverseFaultKind; left: number }[];
  /** The fault this request triggers, if any (uses one). */
  take(method: string, path: string): Fault | undefined;
}

export function createFaults(): DataverseFaults {
  let list: { kind: DataverseFaultKind; opts: FaultOptions; left: number }[] = [];
  return {
    inject: (kind, opts = {}) => void list.push({ kind, opts, left: opts.times ?? 1 }),
    clear: () => void (list = []),
    pending: () => list.map(({ kind, left }) => ({ kind, left })),
    take(method, path) {
      const f = list.find(
        ({ opts: o }) =>
          (!o.method || o.method.toUpperCase() === method.toUpperCase()) &&
          (!o.path || (typeof o.path === 'string' ? path.includes(o.path) : o.path.test(path))),
      );
      if (!f) return undefined;
      f.left--;
      list = list.filter((e) => e.left > 0);
      return { kind: f.kind, retryAfter: f.opts.retryAfter ?? 2, delayMs: f.opts.delayMs ?? 1000 };
    },
  };
}
