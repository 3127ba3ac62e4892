/**
 * @module
 * One call to Conductor with everything every call needs: the base `<baseUrl>/v1`, the secret key
 * as `Authorization: Bearer`, the `Conductor-End-User-Id` header, a timeout (default 2 minutes;
 * Conductor itself waits up to 90 s for QuickBooks), and:
 * - one request at a time per end user: QuickBooks Desktop handles one request at a time, so calls
 *   to one company file queue behind each other — across every client of this process made for the
 *   same base URL and end user, not only within one;
 * - retries with exponential backoff (0.5 s, 1 s, 2 s … at most 8 s, or the answer's `Retry-After`
 *   up to 60 s), at most `retries` times, then the typed error. A call that may be repeated without
 *   harm (`idempotent`, the default for GET) is retried on no answer, a timeout, 408, 409, 429 and
 *   5xx. One that may not (a write, or a list page, which moves QuickBooks' iterator on) is retried
 *   only when it cannot have been carried out: 429, or a connection refused. Conductor's 502s that
 *   relay QuickBooks (INTEGRATION_ERROR, INTEGRATION_CONNECTION_ERROR) are never retried here: the
 *   same answer comes back until someone acts in QuickBooks.
 * The secret key never reaches a log line: a logger sees method, path, status and attempt only.
 */
import type { Logger } from '../../../lib/logger.ts';
import { err, ok, type Result } from '../../../lib/result.ts';
import { cdtError, faultError, readFault } from './errors.ts';
import type { ConductorJson } from './types.ts';

export interface TransportOptions {
  /** `https://api.conductor.is`, without `/v1`. */
  readonly baseUrl: string;
  readonly secretKey: string;
  readonly endUserId: string;
  readonly fetch: typeof fetch;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly timeoutMs: number;
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly log?: Logger;
}

export interface CallRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Below `/v1`: `/quickbooks-desktop/customers`. */
  readonly path: string;
  /** Query parameters; undefined ones are left out. */
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: ConductorJson;
  /** Whether sending it twice does no harm; default true for GET, false otherwise. */
  readonly idempotent?: boolean;
}

export interface CallAnswer {
  readonly status: number;
  readonly text: string;
}

/** Sends a call; a 2xx answer, or the failure it amounts to. */
export type Send = (req: CallRequest) => Promise<Result<CallAnswer>>;

type Exchange =
  | { readonly kind: 'answer'; readonly status: number; readonly headers: Headers; readonly text: string }
  | { readonly kind: 'failed'; readonly reason: string; readonly refused: boolean };

const MAX_BACKOFF_MS = 8000;
const MAX_RETRY_AFTER_MS = 60_000;

/** The tail of each end user's queue, by base URL and end user. */
const lanes = new Map<string, Promise<void>>();

/** Runs `work` after every call queued before it for the same `key`. */
async function inLane<T>(key: string, work: () => Promise<T>): Promise<T> {
  const run = (lanes.get(key) ?? Promise.resolve()).then(work);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  lanes.set(key, tail);
  try {
    return await run;
  } finally {
    if (lanes.get(key) === tail) lanes.delete(key);
  }
}

/** `Retry-After` seconds (or an HTTP date) → ms, at most a minute; undefined when absent or unreadable. */
function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - now;
  return Number.isNaN(ms) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)));
}

/** Whether another attempt is worth it (see the module comment). */
function worthRetrying(x: Exchange, idempotent: boolean): boolean {
  if (x.kind === 'failed') return x.refused || idempotent;
  if (x.status === 429) return true;
  if (!idempotent) return false;
  if (x.status === 408 || x.status === 409) return true;
  return x.status >= 500 && !readFault(x.status, x.text).type.startsWith('INTEGRATION_');
}

/**
 * `?a=1&b=x%2Cy`, values URL-encoded, undefined ones left out.
 * @example queryText({ status: 'all', cursor: undefined }) // '?status=all'
 */
function queryText(query: Readonly<Record<string, string | undefined>> = {}): string {
  const parts = Object.entries(query)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/**
 * @example
 * const send = createTransport({ baseUrl: 'https://api.conductor.is', secretKey, endUserId, fetch, sleep, now: Date.now, timeoutMs: 120_000, retries: 2 });
 * const health = await send({ method: 'GET', path: '/quickbooks-desktop/health-check' });
 */
export function createTransport(o: TransportOptions): Send {
  const base = `${o.baseUrl.replace(/\/+$/, '')}/v1`;
  const lane = `${base}\n${o.endUserId}`;

  const exchange = async (req: CallRequest, attempt: number): Promise<Exchange> => {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${o.secretKey}`,
      'conductor-end-user-id': o.endUserId,
    };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await o.fetch(`${base}${req.path}${queryText(req.query)}`, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      const text = await res.text();
      o.log?.debug('conductor call', { method: req.method, path: req.path, status: res.status, attempt });
      return { kind: 'answer', status: res.status, headers: res.headers, text };
    } catch (e) {
      // Duck-typed: undici's errors and DOMExceptions need not come from this realm's Error.
      const failure = e as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
      const timedOut = failure.name === 'TimeoutError' || failure.name === 'AbortError';
      const refused = failure.cause?.code === 'ECONNREFUSED';
      o.log?.debug('conductor call failed', { method: req.method, path: req.path, attempt, timedOut });
      const reason = timedOut
        ? `no answer within ${o.timeoutMs} ms`
        : String(failure.cause?.message ?? failure.message ?? e);
      return { kind: 'failed', reason, refused };
    }
  };

  const attempts = async (req: CallRequest): Promise<Result<CallAnswer>> => {
    const idempotent = req.idempotent ?? req.method === 'GET';
    for (let attempt = 0; ; attempt++) {
      const x = await exchange(req, attempt);
      if (x.kind === 'answer' && x.status >= 200 && x.status < 300) return ok({ status: x.status, text: x.text });
      if (attempt >= o.retries || !worthRetrying(x, idempotent)) {
        if (x.kind === 'answer') return err(faultError(x.status, x.text));
        const maybeDone = !idempotent && !x.refused ? '; the change may have been made in QuickBooks' : '';
        return err(cdtError('cdt_unavailable', undefined, `(${x.reason}${maybeDone})`));
      }
      const asked = x.kind === 'answer' ? retryAfterMs(x.headers.get('retry-after'), o.now()) : undefined;
      await o.sleep(asked ?? Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt));
    }
  };

  return (req) => inLane(lane, () => attempts(req));
}
