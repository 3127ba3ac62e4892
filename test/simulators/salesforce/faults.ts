/**
 * @module
 * Per-call fault injection. Each injected fault fires `times` times (default once) on the next
 * matching request, then is gone, so jsforce's own GET retries see a healthy org afterwards.
 */

export type FaultKind =
  /** 401 INVALID_SESSION_ID, and every session issued so far is invalidated. */
  | 'session_expired'
  /** 403 REQUEST_LIMIT_EXCEEDED. */
  | 'request_limit'
  /** 503 Service Unavailable. */
  | 'unavailable'
  /** 500 UNKNOWN_EXCEPTION. */
  | 'server_error'
  /** The connection is destroyed without an answer. */
  | 'network_reset'
  /** The answer is delayed by `delayMs` (the request is still processed). */
  | 'slow'
  /** Record-level: the next saves fail with UNABLE_TO_LOCK_ROW. */
  | 'row_lock'
  /** Bulk: the org aborts the job the matching request names (as an admin can in Setup), then answers it. */
  | 'job_aborted'
  /**
   * Bulk: the next job closed fails after processing `afterRows` of its rows, with `message` (as when
   * a batch exceeds its retries or the daily record allowance runs out): what it processed stays.
   */
  | 'job_failed';

export interface FaultSpec {
  readonly kind: FaultKind;
  /** HTTP method to match (any when omitted). */
  readonly method?: string;
  /** Substring or pattern the request path must match (any when omitted). */
  readonly path?: string | RegExp;
  /** How many requests (or, for `row_lock`, record saves) it affects. Default 1. */
  readonly times?: number;
  readonly delayMs?: number;
  /** `row_lock` only: affect just these external-ID values. */
  readonly externalIds?: readonly string[];
  /** `job_failed` only: rows processed before the job fails (default 0). */
  readonly afterRows?: number;
  /** `job_failed` only: the job's `errorMessage`. */
  readonly message?: string;
}

/** Kinds that the Bulk handler applies itself, not the request pipeline. */
const BULK_KINDS: readonly FaultKind[] = ['job_aborted', 'job_failed'];

/**
 * The requests of each step of a Bulk API 2.0 ingest job, for faults at a chosen step, e.g.
 * `faults.inject({ kind: 'session_expired', ...BULK_STEPS.upload })`.
 */
export const BULK_STEPS = {
  create: { method: 'POST', path: /^\/jobs\/ingest\/?$/ },
  upload: { method: 'PUT', path: /^\/jobs\/ingest\/[^/]+\/batches\/?$/ },
  close: { method: 'PATCH', path: /^\/jobs\/ingest\/[^/]+\/?$/ },
  poll: { method: 'GET', path: /^\/jobs\/ingest\/[^/]+\/?$/ },
  results: { method: 'GET', path: /^\/jobs\/ingest\/[^/]+\/(successfulResults|failedResults|unprocessedrecords)\/?$/ },
} as const satisfies Record<string, { method: string; path: RegExp }>;

export interface Faults {
  inject(spec: FaultSpec): void;
  clear(): void;
  /** Faults not yet fired. */
  pending(): readonly FaultSpec[];
  /** The request-level fault this request triggers, if any (consumes one use). */
  takeRequestFault(method: string, path: string): FaultSpec | undefined;
  /** True when a row-lock fault applies to this record save (consumes one use). */
  takeRowLock(object: string, externalId: string | undefined): boolean;
  /** The Bulk fault of this kind this request triggers, if any (consumes one use). */
  takeBulkFault(kind: 'job_aborted' | 'job_failed', method: string, path: string): FaultSpec | undefined;
}

/** @example const faults = createFaults(); faults.inject({ kind: 'unavailable', path: '/composite' }); */
export function createFaults(): Faults {
  let list: { spec: FaultSpec; left: number }[] = [];
  const matches = (spec: FaultSpec, method: string, path: string) =>
    (!spec.method || spec.method.toUpperCase() === method.toUpperCase()) &&
    (!spec.path || (typeof spec.path === 'string' ? path.includes(spec.path) : spec.path.test(path)));
  const consume = (entry: { spec: FaultSpec; left: number }) => {
    entry.left--;
    list = list.filter((e) => e.left > 0);
    return entry.spec;
  };
  return {
    inject: (spec) => list.push({ spec, left: spec.times ?? 1 }),
    clear: () => (list = []),
    pending: () => list.map((e) => e.spec),
    takeRequestFault(method, path) {
      const entry = list.find(
        (e) => e.spec.kind !== 'row_lock' && !BULK_KINDS.includes(e.spec.kind) && matches(e.spec, method, path),
      );
      return entry ? consume(entry) : undefined;
    },
    takeBulkFault(kind, method, path) {
      const entry = list.find((e) => e.spec.kind === kind && matches(e.spec, method, path));
      return entry ? consume(entry) : undefined;
    },
    takeRowLock(_object, externalId) {
      const entry = list.find(
        (e) =>
          e.spec.kind === 'row_lock' &&
          (!e.spec.externalIds || (externalId !== undefined && e.spec.externalIds.includes(externalId))),
      );
      return entry ? (consume(entry), true) : false;
    },
  };
}
