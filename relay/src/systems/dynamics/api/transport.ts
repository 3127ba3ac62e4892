/**
 * @module
 * One call to the Dataverse Web API with everything every call needs (reference §3.2, §3.7): the
 * base `<url>/api/data/v9.2/`, `OData-MaxVersion`/`OData-Version: 4.0`, `Accept: application/json`,
 * `If-None-Match: null` on reads without a condition, the bearer token, a timeout, and:
 * - at most `maxInFlight` requests in flight per client (default 8, well under Dataverse's 52);
 * - 429, or 503 with `Retry-After`: the whole client pauses `Retry-After` seconds (service
 *   protection counts per user, so hammering only lengthens the wait) and the same request goes
 *   again, up to `throttleRetries` times, then `dyn_throttled` (retryable);
 * - 401: one fresh token and the call once more, then `dyn_unauthorized`;
 * - no answer, a timeout, other 5xx: `dyn_unavailable` (retryable), not retried here, because a
 *   create may have happened; the caller's outbox decides.
 * Links the Web API hands out (`@odata.nextLink`, `@odata.deltaLink`) are followed only below the
 * environment's own base, so the token never leaves it.
 */
import type { Logger } from '../../../lib/logger.ts';
import { err, ok, type Result } from '../../../lib/result.ts';
import type { TokenSource } from './auth.ts';
import { dynError, faultError } from './errors.ts';

export interface TransportOptions {
  /** The environment URL, `https://contoso.crm.dynamics.com`. */
  readonly url: string;
  readonly tokens: TokenSource;
  readonly fetch: typeof fetch;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly timeoutMs: number;
  readonly maxInFlight: number;
  readonly throttleRetries: number;
  /** Longest single pause, whatever `Retry-After` says. */
  readonly maxWaitMs: number;
  readonly log?: Logger;
}

export interface CallRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below the base (`accounts?$select=name`), or an absolute link the Web API gave. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Default `application/json` when there is a body. */
  readonly contentType?: string;
}

export interface CallAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Sends a call; a 2xx (or 304) answer, or the failure it amounts to. */
export type Send = (req: CallRequest) => Promise<Result<CallAnswer>>;

/** Seconds of `Retry-After` (or an HTTP date) → ms; 2 s when absent or unreadable. */
function retryAfterMs(value: string | null, now: number): number {
  if (value && /^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
  const at = value ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? 2000 : Math.max(0, at - now);
}

/** A counting gate: `acquire` resolves when fewer than `max` holders remain. */
function gate(max: number): { acquire(): Promise<() => void> } {
  let held = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    held--;
    waiting.shift()?.();
  };
  return {
    async acquire() {
      while (held >= max) await new Promise<void>((resolve) => waiting.push(resolve));
      held++;
      return release;
    },
  };
}

/**
 * @example
 * const send = createTransport({ url, tokens, fetch, sleep, now, timeoutMs: 120_000, maxInFlight: 8, throttleRetries: 5, maxWaitMs: 300_000 });
 * const who = await send({ method: 'GET', path: 'WhoAmI' });
 */
export function createTransport(o: TransportOptions): Send {
  const base = `${o.url.replace(/\/+$/, '')}/api/data/v9.2/`;
  const inFlight = gate(o.maxInFlight);
  let pausedUntil = 0;

  const target = (path: string): string | undefined => {
    if (!/^https?:/i.test(path)) return `${base}${path.replace(/^\/+/, '')}`;
    return path.startsWith(base) ? path : undefined;
  };

  const exchange = async (req: CallRequest, url: string, token: string) => {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'odata-maxversion': '4.0',
      'odata-version': '4.0',
      authorization: `Bearer ${token}`,
    };
    if (req.method === 'GET') headers['if-none-match'] = 'null';
    if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
    const release = await inFlight.acquire();
    try {
      const res = await o.fetch(url, {
        method: req.method,
        headers,
        body: req.body,
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      const text = await res.text();
      o.log?.debug('dynamics call', { method: req.method, path: req.path.split('?')[0], status: res.status });
      return { kind: 'answer', status: res.status, headers: res.headers, text } as const;
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : undefined;
      return {
        kind: 'failed',
        reason: timedOut ? `no answer within ${o.timeoutMs} ms` : (cause ?? String(e)),
      } as const;
    } finally {
      release();
    }
  };

  return async function send(req) {
    const url = target(req.path);
    if (url === undefined)
      return err(dynError('dyn_bad_response', undefined, `(a link outside the environment: ${req.path})`));
    let renewed = false;
    let throttles = 0;
    let token = await o.tokens.token();
    for (;;) {
      if (!token.ok) return token;
      const wait = pausedUntil - o.now();
      if (wait > 0) await o.sleep(wait);
      const x = await exchange(req, url, token.value);
      if (x.kind === 'failed') return err(dynError('dyn_unavailable', undefined, `(${x.reason})`));
      const retryAfter = x.headers.get('retry-after');
      if (x.status === 429 || (x.status === 503 && retryAfter !== null)) {
        if (throttles++ >= o.throttleRetries) {
          const e = faultError(x.status, x.text);
          return err(e.code === 'dyn_throttled' ? e : dynError('dyn_throttled', undefined, `(HTTP ${x.status})`));
        }
        const ms = Math.min(o.maxWaitMs, retryAfterMs(retryAfter, o.now()));
        pausedUntil = Math.max(pausedUntil, o.now() + ms);
        o.log?.info('dynamics asked the relay to wait', { ms, status: x.status });
        continue;
      }
      if (x.status === 401 && !renewed) {
        renewed = true;
        token = await o.tokens.renew(token.value);
        continue;
      }
      if ((x.status >= 200 && x.status < 300) || x.status === 304) return ok(x);
      return err(faultError(x.status, x.text));
    }
  };
}
