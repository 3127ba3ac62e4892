/**
 * @module
 * The Web API's Hono app: every request below `/api/data/v9.x/` goes injected fault → bearer token
 * (401 with `WWW-Authenticate`, as Dataverse answers a missing, foreign or expired token) → service
 * protection (429) → `$batch` or one operation (a CreateMultiple or UpdateMultiple is one). Answers
 * carry `OData-Version: 4.0` and JSON with exact decimals; each request is logged for tests.
 */
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { execute } from './api.ts';
import type { Authority } from './authority.ts';
import { operationCount, parseBatch, runBatch } from './batch.ts';
import type { SimClock } from './clock.ts';
import { DataverseError, executionTimeExceeded, serverError, tooManyConcurrent, tooManyRequests } from './errors.ts';
import type { DataverseFaults, Fault } from './faults.ts';
import { stringifyJson } from './json.ts';
import type { Limits, Throttle } from './limits.ts';
import type { Answer } from './rows.ts';
import type { Env } from './store.ts';

/** One Web API request as recorded for tests. */
export interface RequestRecord {
  readonly method: string;
  /** Below `/api/data/v9.2/`, with its query. */
  readonly path: string;
  readonly status: number;
  /** 1, or the number of operations in a `$batch`. */
  readonly operations: number;
  readonly at: number;
}

export interface AppDeps {
  readonly env: Env;
  readonly authority: Authority;
  readonly faults: DataverseFaults;
  readonly throttle: Throttle;
  readonly limits: Limits;
  readonly clock: SimClock;
  readonly requests: RequestRecord[];
  readonly baseUrl: () => string;
  readonly authorityUrl: () => string;
  readonly trackingWindowMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function respond(a: Answer): Response {
  const headers = new Headers({ 'OData-Version': '4.0', ...a.headers });
  if (a.body === undefined) return new Response(null, { status: a.status, headers });
  headers.set('content-type', 'application/json; odata.metadata=minimal');
  return new Response(stringifyJson(a.body), { status: a.status, headers });
}

function errorResponse(err: DataverseError): Response {
  if (err.headers['content-type'] === 'text/html') {
    return new Response(`<html><body><h2>Bad Request</h2><p>${err.message}</p></body></html>`, {
      status: err.status,
      headers: err.headers,
    });
  }
  return respond({ status: err.status, headers: { ...err.headers }, body: err.body() });
}

function injected(f: Fault, limits: Limits): Response | undefined {
  switch (f.kind) {
    case 'throttle': {
      const e = tooManyRequests(limits.requestsPerWindow, limits.windowMs / 1000, f.retryAfter);
      return errorResponse(e);
    }
    case 'throttle_concurrency':
      return errorResponse(tooManyConcurrent(limits.concurrent, f.retryAfter));
    case 'throttle_execution_time':
      return errorResponse(executionTimeExceeded(f.retryAfter));
    case 'server_error':
      return errorResponse(serverError());
    case 'unavailable':
      return new Response(null, { status: 503 });
    default:
      return undefined;
  }
}

export function createApp(d: AppDeps): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  const unauthorized = () =>
    new Response(null, {
      status: 401,
      headers: {
        'WWW-Authenticate': `Bearer error=invalid_token, error_description="Error during token validation!", authorization_uri=${d.authorityUrl()}/${d.authority.tenantId}/oauth2/authorize, resource_id=${d.baseUrl()}/`,
      },
    });

  app.all('/api/data/:version{v9\\.[0-2]}/*', async (c) => {
    const url = new URL(c.req.url);
    const path = url.pathname.slice(`/api/data/${c.req.param('version')}/`.length);
    const record = (status: number, operations = 1) =>
      void d.requests.push({
        method: c.req.method,
        path: `${path}${url.search}`,
        status,
        operations,
        at: d.clock.now(),
      });
    d.throttle.counters.calls++;
    const fault = d.faults.take(c.req.method, path);
    if (fault?.kind === 'network_reset') {
      c.env.incoming.socket.destroy();
      return new Response(null, { status: 500 });
    }
    const early = fault && (fault.kind === 'token_expired' ? unauthorized() : injected(fault, d.limits));
    if (early) {
      if (early.status === 429) d.throttle.counters.throttled++;
      record(early.status);
      return early;
    }
    const auth = c.req.header('authorization') ?? '';
    const grant = auth.startsWith('Bearer ') ? d.authority.check(auth.slice(7).trim()) : 'unknown';
    if (typeof grant === 'string' || grant.audience.replace(/\/$/, '') !== d.baseUrl()) {
      record(401);
      return unauthorized();
    }
    const refused = d.throttle.admit(grant.clientId, 1);
    if (refused) {
      record(429);
      return errorResponse(refused);
    }
    const ctx = {
      env: d.env,
      baseUrl: d.baseUrl(),
      now: d.clock.now(),
      trackingWindowMs: d.trackingWindowMs,
      counters: d.throttle.counters,
    };
    try {
      if (fault?.kind === 'slow') await sleep(fault.delayMs);
      const body = await c.req.text();
      if (path === '$batch' && c.req.method === 'POST') {
        const items = parseBatch(body, c.req.header('content-type'));
        const n = operationCount(items);
        d.throttle.charge(grant.clientId, n - 1);
        d.throttle.counters.batches++;
        d.throttle.counters.batchOperations += n;
        const continueOnError = /odata\.continue-on-error/.test(c.req.header('prefer') ?? '');
        const out = d.env.actingAs(d.env.userOf(grant.clientId), () => runBatch(items, ctx, continueOnError));
        record(out.status, n);
        const headers: Record<string, string> = { 'content-type': out.contentType, 'OData-Version': '4.0' };
        if (continueOnError) headers['Preference-Applied'] = 'odata.continue-on-error';
        return new Response(out.body, { status: out.status, headers });
      }
      const answer = d.env.actingAs(d.env.userOf(grant.clientId), () =>
        execute(
          { method: c.req.method, path, query: url.searchParams, headers: { get: (n) => c.req.header(n) }, body },
          { ...ctx, contentId: () => undefined },
        ),
      );
      record(answer.status);
      return respond(answer);
    } catch (err) {
      if (!(err instanceof DataverseError)) throw err;
      record(err.status);
      return errorResponse(err);
    } finally {
      d.throttle.release(grant.clientId);
    }
  });
  return app;
}
