/**
 * @module
 * One call to the accounting API, with everything every call needs: `minorversion`, `Accept:
 * application/json`, the Bearer token, a turn from the realm's limiter, a timeout, the `intuit_tid`
 * logged at debug (never the token), and the retries Intuit's answers call for:
 * - 401 (3200, or the XML AuthenticationFault 100): `tokens.renew(rejected)` once, the call once more,
 *   then `qbo_unauthorized`;
 * - 429 / ThrottleExceeded: wait `Retry-After` or 60 s, up to `throttleRetries` times, then `qbo_throttled`;
 * - 5xx, a dropped connection or a timeout: one retry after a short pause, then `qbo_unavailable`.
 * A retried write goes out with the same URL, hence the same `requestid`: QuickBooks answers a
 * repeat with its first answer instead of writing twice (reference §2.6).
 * Answers are parsed with {@link parseExactJson}, so amounts stay their exact decimal text.
 */
import type { Logger } from '../../../lib/logger.ts';
import { err, ok, type Result } from '../../../lib/result.ts';
import { throttleWait, type RetryPolicy } from './backoff.ts';
import { faultError, isAuthFault, isThrottleFault, qboError } from './errors.ts';
import { faultsInJson, faultsInXml } from './faults.ts';
import { asObject, parseExactJson } from './json.ts';
import type { QboLimiter } from './limiter.ts';
import type { AccessTokens, QboFault, QboJson } from './types.ts';

/** What `onCall` hears of every HTTP exchange (status 0: no answer came). */
export interface CallInfo {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly intuitTid: string | undefined;
  readonly ms: number;
}

export interface TransportOptions {
  readonly baseUrl: string;
  readonly realmId: string;
  readonly tokens: AccessTokens;
  readonly minorVersion: number;
  readonly limiter: QboLimiter;
  readonly fetch: typeof fetch;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly log?: Logger;
  readonly onCall?: (info: CallInfo) => void;
}

export interface CallRequest {
  readonly method: 'GET' | 'POST';
  /** Below `/v3/company/{realmId}`: `/customer/1`, `/query`, `/batch`. */
  readonly path: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Default `application/json` when there is a body. */
  readonly contentType?: string;
  /** Counts against the limiter's batch allowance. */
  readonly batch?: boolean;
}

/** Sends a call; the JSON body of a successful answer that carries no fault. */
export type Send = (req: CallRequest) => Promise<Result<QboJson>>;

type Exchange =
  | { readonly kind: 'answer'; readonly status: number; readonly headers: Headers; readonly text: string }
  | { readonly kind: 'failed'; readonly timedOut: boolean; readonly reason: string };

function bodyFaults(text: string, contentType: string | null): { json?: unknown; faults: QboFault[] } {
  const trimmed = text.trimStart();
  if (/xml/i.test(contentType ?? '') || trimmed.startsWith('<')) return { faults: faultsInXml(trimmed) };
  try {
    const json = parseExactJson(text);
    return { json, faults: faultsInJson(json) };
  } catch {
    return { faults: [] };
  }
}

export function createTransport(o: TransportOptions): Send {
  const exchange = async (req: CallRequest, url: string, token: string): Promise<Exchange> => {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` };
    if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
    const release = await o.limiter.acquire(req.batch ? 'batch' : 'request');
    const started = o.now();
    try {
      const signal = AbortSignal.timeout(o.timeoutMs);
      const res = await o.fetch(url, { method: req.method, headers, body: req.body, signal });
      const text = await res.text();
      const tid = res.headers.get('intuit_tid') ?? undefined;
      const ms = o.now() - started;
      o.log?.debug('quickbooks call', { method: req.method, path: req.path, status: res.status, intuit_tid: tid, ms });
      o.onCall?.({ method: req.method, path: req.path, status: res.status, intuitTid: tid, ms });
      return { kind: 'answer', status: res.status, headers: res.headers, text };
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : undefined;
      const reason = timedOut ? `no answer within ${o.timeoutMs} ms` : (cause ?? String(e));
      o.log?.debug('quickbooks call failed', { method: req.method, path: req.path, reason });
      o.onCall?.({ method: req.method, path: req.path, status: 0, intuitTid: undefined, ms: o.now() - started });
      return { kind: 'failed', timedOut, reason };
    } finally {
      release();
    }
  };

  return async function send(req) {
    const query = new URLSearchParams({ ...req.params, minorversion: String(o.minorVersion) });
    const url = `${o.baseUrl.replace(/\/+$/, '')}/v3/company/${encodeURIComponent(o.realmId)}${req.path}?${query}`;
    let token: string | undefined;
    let renewed = false;
    let throttles = 0;
    let unavailable = 0;
    for (;;) {
      if (token === undefined) {
        const current = await o.tokens.current();
        if (!current.ok) return current;
        token = current.value;
      }
      const x = await exchange(req, url, token);
      if (x.kind === 'failed') {
        if (unavailable++ < 1) {
          await o.sleep(o.retry.unavailableWaitMs);
          continue;
        }
        const what = x.timedOut ? 'QuickBooks did not answer in time' : 'the connection to QuickBooks failed';
        return err(qboError('qbo_unavailable', undefined, `(${what}: ${x.reason})`));
      }
      const { json, faults } = bodyFaults(x.text, x.headers.get('content-type'));
      const status = x.status;
      if (status === 401 || faults.some(isAuthFault)) {
        if (renewed) return err(faultError(faults, 401));
        renewed = true;
        o.log?.info('quickbooks refused the access token; renewing it', { realmId: o.realmId });
        const fresh = await o.tokens.renew(token);
        if (!fresh.ok) return fresh;
        token = fresh.value;
        continue;
      }
      if (status === 429 || faults.some(isThrottleFault)) {
        if (throttles++ < o.retry.throttleRetries) {
          const wait = throttleWait(x.headers.get('retry-after'), o.now(), o.retry);
          o.log?.info('quickbooks throttled the realm; waiting', { realmId: o.realmId, ms: wait });
          await o.sleep(wait);
          continue;
        }
        return err(faultError(faults, 429));
      }
      if (status >= 500) {
        if (unavailable++ < 1) {
          await o.sleep(o.retry.unavailableWaitMs);
          continue;
        }
        return err(faultError(faults, status));
      }
      if (faults.length || status < 200 || status >= 300) return err(faultError(faults, status));
      const body = asObject(json);
      if (!body) return err(qboError('qbo_bad_response', undefined, `(HTTP ${status}, not a JSON object)`));
      return ok(body);
    }
  };
}
