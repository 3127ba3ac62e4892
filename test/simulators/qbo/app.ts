/**
 * @module
 * The simulator's Hono app. OAuth endpoints under the brief's short names and Intuit's own paths
 * (`/connect/oauth2`, `/oauth2/v1/tokens/bearer`, `/v2/oauth2/tokens/revoke`, discovery document), then
 * for every `/v3/company/{realmId}/…` request: injected fault → Bearer token (401 with the lower-case
 * body) → realm the token was issued for (403, code 3100) → throttle (429 XML) → handler. Every
 * answer carries an `intuit_tid`, as Intuit's do (reference §1.4).
 */
import crypto from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { handleApi } from './api.ts';
import type { SimClock } from './clock.ts';
import { qboTime } from './clock.ts';
import type { SimCompany } from './company.ts';
import { gatewayFault, throttled, xmlFault, type SimResponse } from './errors.ts';
import type { QboFaults } from './faults.ts';
import type { Throttle } from './limits.ts';
import type { OAuthServer } from './oauth.ts';
import type { QboSchema } from './xsd.ts';

/** One API request as recorded for tests (after the realm is known). */
export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly realmId: string;
  readonly status: number;
  /** The `minorversion` sent (undefined when none): Intuit serves 75 for a missing or lower one (§2.2). */
  readonly minorVersion: string | undefined;
  readonly requestId: string | undefined;
}

export interface AppDeps {
  readonly oauth: OAuthServer;
  readonly companies: ReadonlyMap<string, SimCompany>;
  readonly faults: QboFaults;
  readonly throttle: Throttle;
  readonly clock: SimClock;
  readonly schema: QboSchema;
  readonly requests: RequestRecord[];
  readonly baseUrl: () => string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tid = () => `1-${crypto.randomBytes(4).toString('hex')}-${crypto.randomBytes(12).toString('hex')}`;

function respond(res: SimResponse): Response {
  const headers = new Headers({ intuit_tid: tid(), ...(res.headers ?? {}) });
  if (res.text !== undefined) {
    headers.set('content-type', res.contentType ?? 'text/plain');
    return new Response(res.text, { status: res.status, headers });
  }
  if (res.body === undefined) return new Response(null, { status: res.status, headers });
  headers.set('content-type', 'application/json;charset=UTF-8');
  return new Response(JSON.stringify(res.body), { status: res.status, headers });
}

export function createApp(d: AppDeps): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  const time = () => qboTime(d.clock.now(), -420, true);

  app.get('/.well-known/openid_configuration', (c) =>
    c.json({
      issuer: `${d.baseUrl()}/op/v1`,
      authorization_endpoint: `${d.baseUrl()}/connect/oauth2`,
      token_endpoint: `${d.baseUrl()}/oauth2/v1/tokens/bearer`,
      revocation_endpoint: `${d.baseUrl()}/v2/oauth2/tokens/revoke`,
      response_types_supported: ['code'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    }),
  );

  for (const path of ['/oauth2/authorize', '/connect/oauth2']) {
    app.get(path, (c) => {
      const res = d.oauth.authorize(new URL(c.req.url).searchParams);
      if ('redirect' in res) return c.redirect(res.redirect, 302);
      return respond({ status: res.status, text: res.text, contentType: 'text/html' });
    });
  }
  for (const path of ['/oauth2/tokens/bearer', '/oauth2/v1/tokens/bearer']) {
    app.post(path, async (c) => {
      const form = new URLSearchParams(await c.req.text());
      const hard = c.req.header('x-include-refresh-token-hard-expires-in') === 'true';
      const res = d.oauth.token(form, c.req.header('authorization'), hard);
      return respond({ status: res.status, body: res.body, headers: { 'cache-control': 'no-cache, no-store' } });
    });
  }
  for (const path of ['/oauth2/revoke', '/v2/oauth2/tokens/revoke']) {
    app.post(path, async (c) => {
      let token: string | undefined;
      try {
        const body = JSON.parse(await c.req.text()) as { token?: unknown };
        token = typeof body.token === 'string' ? body.token : undefined;
      } catch {
        token = undefined;
      }
      const res = d.oauth.revoke(token, c.req.header('authorization'));
      return respond({ status: res.status, body: res.status === 200 ? undefined : res.body });
    });
  }

  app.all('/v3/company/:realmId/*', async (c) => {
    const realmId = c.req.param('realmId');
    const url = new URL(c.req.url);
    const path = url.pathname.slice(`/v3/company/${realmId}`.length) || '/';
    const fault = d.faults.take(realmId, c.req.method, path);
    if (fault?.kind === 'network_reset') {
      c.env.incoming.socket.destroy();
      return new Response(null, { status: 500 });
    }
    const injected = fault && injectedAnswer(fault.kind, d.clock.now(), time());
    if (injected) return respond(injected);
    const auth = c.req.header('authorization') ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    const check = token ? d.oauth.check(token) : ({ error: 'unknown' } as const);
    if ('error' in check) return respond(authFailed(check.error, token, d.clock.now()));
    const company = d.companies.get(realmId);
    if (check.realmId !== realmId || !company) {
      return respond(
        gatewayFault(
          403,
          '3100',
          'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403',
          `The token was issued for another company; realmId ${realmId} is not authorized`,
          'SERVICE',
          d.clock.now(),
        ),
      );
    }
    const endpoint = `${c.req.method} ${(path.split('/')[1] ?? '').toLowerCase()}`;
    if (!d.throttle.admit(realmId, endpoint)) return respond(throttled(time()));
    try {
      const text = c.req.method === 'GET' ? '' : await c.req.text();
      const res = handleApi(company, d.schema, { method: c.req.method, path, query: url.searchParams, text });
      // Processed first, answered late: a client that gives up has still written (what requestid is for).
      if (fault?.kind === 'slow') await sleep(fault.delayMs);
      d.requests.push({
        method: c.req.method,
        path,
        realmId,
        status: res.status,
        minorVersion: url.searchParams.get('minorversion') ?? undefined,
        requestId: url.searchParams.get('requestid') ?? undefined,
      });
      return respond(res);
    } finally {
      d.throttle.done(realmId);
    }
  });

  app.notFound((c) => c.text('Not Found', 404));
  return app;
}

function authFailed(why: 'expired' | 'unknown', token: string, now: number): SimResponse {
  const detail =
    why === 'expired' ? `Token expired: ${token.slice(0, 12)}...` : 'Malformed bearer token: too short or too long';
  return gatewayFault(
    401,
    '3200',
    'message=AuthenticationFailed; errorCode=003200; statusCode=401',
    detail,
    'AUTHENTICATION',
    now,
  );
}

function injectedAnswer(kind: string, now: number, time: string): SimResponse | undefined {
  switch (kind) {
    case 'throttle':
      return throttled(time);
    case 'throttle_403':
      return xmlFault(
        403,
        'SERVICE',
        '3001',
        'message=ThrottleExceeded; errorCode=003001; statusCode=403',
        'The request limit was reached.  Try again later',
        time,
      );
    case 'token_expired':
      return authFailed('expired', 'injected-token', now);
    case 'auth_xml':
      return xmlFault(
        401,
        'AuthenticationFault',
        '100',
        'General Authentication Error',
        'AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401',
        time,
      );
    case 'system_error':
      return xmlFault(
        500,
        'SystemFault',
        '10000',
        'An application error has occurred while processing your request',
        'System Failure Error: An unexpected error occurred',
        time,
      );
    case 'unavailable':
      return { status: 503 };
    default:
      return undefined;
  }
}
