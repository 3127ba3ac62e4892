/**
 * @module
 * The simulator's Hono app: the token endpoint, then for every `/services/data/vXX.X/...` request
 * session check → injected fault → daily allowance → count → handler, with `Sforce-Limit-Info`
 * on every answer.
 */
import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { RestError, type SimResponse } from './errors.ts';
import type { SimOrg } from './org.ts';
import type { Router } from './router.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** API versions a Summer '26 org serves (31.0 to 67.0); 7.0 to 30.0 are retired and answer 410 GONE. */
const SUPPORTED_VERSIONS = Array.from({ length: 67 - 31 + 1 }, (_, i) => 31 + i);
const RETIRED_VERSIONS = { from: 7, to: 30 };

/** `Summer '26` for 67: three releases a year, 31 was Summer '14. */
function releaseName(major: number): string {
  const i = major - 31;
  return `${['Summer', 'Winter', 'Spring'][i % 3]} '${14 + Math.floor((i + 2) / 3)}`;
}

/** @example const app = createSimulatorApp(org, router, () => 'http://127.0.0.1:1234'); */
export function createSimulatorApp(
  org: SimOrg,
  router: Router,
  baseUrl: () => string,
): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>();

  app.post('/services/oauth2/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const res = org.sessions.token(form, c.req.header('authorization'), baseUrl());
    return c.json(res.body as object, res.status as 200);
  });

  app.get('/services/data', (c) =>
    c.json(
      SUPPORTED_VERSIONS.map((n) => ({ label: releaseName(n), url: `/services/data/v${n}.0`, version: `${n}.0` })),
    ),
  );

  app.all('/services/data/:version/*', async (c) => {
    const version = c.req.param('version');
    const url = new URL(c.req.url);
    const path = url.pathname.slice(`/services/data/${version}`.length) || '/';
    const limitHeader = () => ({ 'Sforce-Limit-Info': `api-usage=${org.apiUsage}/${org.apiLimit}` });
    const send = (res: SimResponse) => respond(c, res, limitHeader());
    const major = /^v(\d{1,3})\.0$/.exec(version)?.[1];
    if (major !== undefined && Number(major) >= RETIRED_VERSIONS.from && Number(major) <= RETIRED_VERSIONS.to)
      return send({ status: 410, body: [{ errorCode: 'GONE', message: `API version ${major}.0 has been retired` }] });
    if (major === undefined || !SUPPORTED_VERSIONS.includes(Number(major)))
      return send({
        status: 404,
        body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
      });
    if (!org.sessions.check(c.req.header('authorization'))) return send(sessionExpired());
    const fault = org.faults.takeRequestFault(c.req.method, path);
    if (fault?.kind === 'session_expired') {
      org.sessions.expireAll();
      return send(sessionExpired());
    }
    if (fault?.kind === 'request_limit') return send(limitExceeded());
    if (fault?.kind === 'unavailable') {
      return send({
        status: 503,
        body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable' }],
      });
    }
    if (fault?.kind === 'server_error') {
      return send({
        status: 500,
        body: [
          {
            errorCode: 'UNKNOWN_EXCEPTION',
            message:
              'An unexpected error occurred. Please include this ErrorId if you contact support: 1931337-42 (-1)',
          },
        ],
      });
    }
    if (fault?.kind === 'network_reset') {
      c.env.incoming.socket.destroy();
      return new Response(null, { status: 500 });
    }
    if (org.apiUsage >= org.apiLimit) return send(limitExceeded());
    org.apiUsage++;
    const text = ['GET', 'HEAD', 'DELETE'].includes(c.req.method) ? '' : await c.req.text();
    if (fault?.kind === 'slow') await sleep(fault.delayMs ?? 1000);
    let res: SimResponse;
    try {
      res = router.dispatch({
        method: c.req.method,
        path,
        query: url.searchParams,
        headers: c.req.raw.headers,
        text,
        version: version.slice(1),
      });
    } catch (e) {
      if (!(e instanceof RestError)) throw e;
      res = e.toResponse();
    }
    org.calls.push({
      method: c.req.method,
      path,
      status: res.status,
      version: version.slice(1),
      callOptions: c.req.header('sforce-call-options'),
      ...(url.searchParams.has('q') ? { soql: url.searchParams.get('q')! } : {}),
      ...(c.req.method === 'POST' && path === '/composite' ? { subrequests: describeSubrequests(text) } : {}),
    });
    return send(res);
  });

  app.notFound((c) => c.json([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }], 404));
  return app;
}

/** Each subrequest of a Composite body as `METHOD object-or-path ×records`. */
function describeSubrequests(text: string): string[] {
  try {
    const body = JSON.parse(text) as { compositeRequest?: { method: string; url: string; body?: unknown }[] };
    return (body.compositeRequest ?? []).map((sub) => {
      const path = /^\/services\/data\/v[\d.]+(\/[^?]*)/.exec(sub.url)?.[1] ?? sub.url;
      const records = (sub.body as { records?: { attributes?: { type?: string } }[] } | undefined)?.records;
      if (records) return `${sub.method} ${records[0]?.attributes?.type ?? path} ×${records.length}`;
      const sobject = /^\/sobjects\/([^/]+)/.exec(path)?.[1];
      return sobject ? `${sub.method} ${sobject} ×1` : `${sub.method} ${path}`;
    });
  } catch {
    return ['(not JSON)'];
  }
}

function sessionExpired(): SimResponse {
  return { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] };
}

function limitExceeded(): SimResponse {
  return { status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] };
}

function respond(c: Context, res: SimResponse, extra: Record<string, string>): Response {
  const headers = new Headers({ ...extra, ...(res.headers ?? {}) });
  if (res.text !== undefined) return new Response(res.text, { status: res.status, headers });
  if (res.body === undefined || res.status === 204) return new Response(null, { status: res.status, headers });
  headers.set('content-type', 'application/json;charset=UTF-8');
  void c;
  return new Response(JSON.stringify(res.body), { status: res.status, headers });
}
