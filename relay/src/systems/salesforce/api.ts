/**
 * @module
 * Every HTTP call to the org goes through {@link createApi}: it refuses to send while the
 * connection is paused, signs in when needed, re-authenticates once on a 401 (jsforce for its
 * calls, {@link Auth.renew} for transfers; one sign-in per expiry for both), retries
 * transient failures (5xx, network, timeout) with capped exponential backoff, pauses the
 * connection on `403 REQUEST_LIMIT_EXCEEDED`, and tracks `Sforce-Limit-Info`. jsforce's own retry
 * loop is switched off so there is exactly one retry policy.
 */
import type { Connection } from 'jsforce';
import type { Logger } from '../../lib/logger.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import type { Auth } from './auth.ts';
import { classifySalesforceCode, classifyThrown, type SfError } from './errors.ts';
import { parseLimitInfo, type LimitTracker } from './limits.ts';
import type { Namer } from './names.ts';
import { backoffDelay, type RetryPolicy } from './retry.ts';

export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the version root (`/composite/sobjects/Account/X__c`) or absolute from `/services/`. */
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Return the body as text (CSV results) instead of parsing it. */
  readonly raw?: boolean;
}

export interface Api {
  readonly namer: Namer;
  readonly version: string;
  readonly policy: RetryPolicy;
  readonly log: Logger;
  readonly now: () => number;
  /** Sends one request under the connection's policies. */
  request<T>(req: ApiRequest): Promise<Result<T, SfError>>;
  /**
   * A Bulk API 2.0 data transfer (job data up, result files down; tens of megabytes each) made next
   * to jsforce so neither side is ever held whole: the upload is streamed from `body`, the answer
   * handed back as a stream of text. Same session, API usage and error words as `request`. A 401
   * renews the session (shared with jsforce's refresh) and sends the transfer once more, after
   * `beforeResend`; other failures are not retried (a failed transfer fails its job, and the
   * outbox retries the records).
   */
  transfer(req: TransferRequest): Promise<Result<AsyncIterable<string>, SfError>>;
}

export interface TransferRequest {
  readonly method: 'GET' | 'PUT';
  /** Relative to the version root. */
  readonly url: string;
  readonly contentType?: string;
  /** The upload, read afresh for each send (a 401 mid-upload sends it again from the start). */
  readonly body?: () => AsyncIterable<string>;
  /**
   * Called after the session was renewed for a 401, before sending again; an error stops the
   * transfer with that error (an upload whose job is no longer open).
   */
  readonly beforeResend?: () => Promise<Result<void, SfError>>;
}

export interface ApiOptions {
  readonly conn: Connection;
  readonly auth: Auth;
  readonly limits: LimitTracker;
  readonly namer: Namer;
  readonly policy: RetryPolicy;
  readonly log: Logger;
  readonly now: () => number;
  readonly requestTimeoutMs: number;
  /** The `Sforce-Call-Options` header value (`client=…`) jsforce sends too. */
  readonly callOptions: string;
  /** Called with every failure (health reporting). */
  readonly onResult: (error: SfError | undefined) => void;
}

/** @example const api = createApi({ conn, auth, limits, namer, policy: DEFAULT_RETRY, log, now: Date.now, requestTimeoutMs: 120_000, onResult: () => {} }); */
export function createApi(o: ApiOptions): Api {
  const { conn, auth, limits, policy, log } = o;
  const pausedError = (p: { until: number; reason: string }): SfError => ({
    code: 'sf_rate_limited',
    message: `Connection paused until ${new Date(p.until).toISOString()}: ${p.reason}`,
    retryable: true,
    sfCode: 'REQUEST_LIMIT_EXCEEDED',
  });

  /** Why no call may be made now (allowance paused, no session), or undefined. */
  async function readyToCall(): Promise<SfError | undefined> {
    const paused = limits.paused();
    if (paused) return pausedError(paused);
    const session = await auth.ensureSession();
    if (session.ok) return undefined;
    o.onResult(session.error);
    return session.error;
  }

  async function request<T>(req: ApiRequest): Promise<Result<T, SfError>> {
    const url = req.url.startsWith('/services/') ? req.url : `/services/data/v${conn.version}${req.url}`;
    for (let attempt = 1; ; attempt++) {
      const refused = await readyToCall();
      if (refused) return err(refused);
      let error: SfError;
      try {
        const body =
          req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
        const headers: Record<string, string> = { ...(req.headers ?? {}) };
        if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
          headers['content-type'] = 'application/json';
        }
        const httpOptions = {
          retry: { maxRetries: 0 },
          timeout: o.requestTimeoutMs,
          ...(req.raw ? { responseType: 'text/plain' } : {}),
        };
        const result = await (conn.request as (r: unknown, opts: unknown) => Promise<T>)(
          { method: req.method, url, body, headers },
          httpOptions,
        );
        auth.touch();
        limits.record(conn.limitInfo?.apiUsage);
        o.onResult(undefined);
        return ok(result);
      } catch (e) {
        limits.record(conn.limitInfo?.apiUsage);
        const refreshFailure = /Unable to refresh session/.test(String((e as Error)?.message))
          ? auth.takeRefreshFailure()
          : undefined;
        error = refreshFailure ?? classifyThrown(e);
      }
      o.onResult(error);
      if (error.code === 'sf_rate_limited') {
        // Too many concurrent long-running requests clears in seconds; the daily allowance does not.
        limits.pause(error.message, /Concurrent/i.test(error.message) ? 30_000 : undefined);
        log.warn('salesforce API allowance exceeded; pausing this connection', {
          until: limits.paused()?.until,
          reason: error.message,
        });
        return err(error);
      }
      if (!error.retryable || error.code !== 'sf_unavailable' || attempt >= policy.maxAttempts) return err(error);
      const delay = backoffDelay(attempt, policy);
      log.warn('salesforce request failed; retrying', {
        method: req.method,
        url,
        attempt,
        delayMs: delay,
        code: error.code,
        reason: error.message,
      });
      await policy.sleep(delay);
    }
  }

  /** Whether a 401 says the session expired (jsforce's rule: two 401 bodies mean something else). */
  const sessionExpired = (status: number, text: string) =>
    status === 401 &&
    !/Connected app is not attached to Agent|This session is not valid for use with the REST API/.test(text);

  async function transfer(req: TransferRequest): Promise<Result<AsyncIterable<string>, SfError>> {
    for (let sends = 1; ; sends++) {
      const refused = await readyToCall();
      if (refused) return err(refused);
      const token = conn.accessToken ?? undefined;
      const since = Date.now();
      const sent = await send(req, token);
      if (!sent.ok) {
        o.onResult(sent.error);
        return sent;
      }
      const res = sent.value;
      limits.record(parseLimitInfo(res.headers.get('sforce-limit-info')));
      if (res.ok) {
        auth.touch();
        o.onResult(undefined);
        return ok(decoded(res.body));
      }
      const text = await res.text().catch(() => '');
      if (sessionExpired(res.status, text)) {
        // A 401 on a session renewed for a 401 ends here: renew() reports the rejected session. A
        // session that worked in between (the upload's job check) may expire again, but not forever.
        const renewed = await auth.renew(token, since);
        if (!renewed.ok || sends >= MAX_TRANSFER_SENDS) {
          const error = renewed.ok ? fromBody(res.status, text) : renewed.error;
          o.onResult(error);
          return err(error);
        }
        log.info('salesforce session renewed; sending the transfer again', { method: req.method, url: req.url });
        const go = (await req.beforeResend?.()) ?? ok(undefined);
        if (!go.ok) return go;
        continue;
      }
      const error = fromBody(res.status, text);
      o.onResult(error);
      if (error.code === 'sf_rate_limited') limits.pause(error.message);
      return err(error);
    }
  }

  /**
   * Sends one transfer. An upload's body is abandoned once the answer is in (an error can come
   * before the whole body was read), and finished before this returns, so a re-send reads its
   * source alone.
   */
  async function send(req: TransferRequest, token: string | undefined): Promise<Result<Response, SfError>> {
    const source = req.body?.();
    let answered = false;
    const upload = source
      ? (async function* () {
          for await (const text of source) {
            if (answered) return;
            yield Buffer.from(text, 'utf8');
          }
        })()
      : undefined;
    try {
      return ok(
        await fetch(`${conn.instanceUrl}/services/data/v${conn.version}${req.url}`, {
          method: req.method,
          headers: {
            authorization: `Bearer ${token}`,
            'sforce-call-options': o.callOptions,
            ...(req.contentType ? { 'content-type': req.contentType } : {}),
          },
          // A request fetch may follow a redirect for is cloned first, and the clone tees the body:
          // the unread branch would keep the whole upload (tens of megabytes) in memory. No
          // redirect and no window let the body stream through as it is read.
          ...(upload ? { body: ReadableStream.from(upload), duplex: 'half', redirect: 'error', window: null } : {}),
          signal: AbortSignal.timeout(o.requestTimeoutMs),
        } as RequestInit),
      );
    } catch (e) {
      return err(classifyThrown(e));
    } finally {
      answered = true;
      await upload?.return(undefined);
    }
  }

  return { namer: o.namer, version: conn.version, policy, log, now: o.now, request, transfer };
}

/** Sends of one transfer at most: the first, and one after each of at most two renewed sessions. */
const MAX_TRANSFER_SENDS = 3;

/** A failed answer's error words (`[{errorCode, message}]`, or the status and text). */
function fromBody(status: number, text: string): SfError {
  let first: { errorCode?: string; message?: string } | undefined;
  try {
    first = (JSON.parse(text) as { errorCode?: string; message?: string }[])[0];
  } catch {
    first = undefined;
  }
  return classifySalesforceCode(first?.errorCode ?? `ERROR_HTTP_${status}`, first?.message ?? text);
}

/** A response body as a stream of text. */
async function* decoded(stream: ReadableStream<Uint8Array> | null): AsyncIterable<string> {
  if (!stream) return;
  const decoder = new TextDecoder();
  for await (const chunk of stream) yield decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}
