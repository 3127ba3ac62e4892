/**
 * @module
 * A Microsoft-identity-like sign-in for one tenant, for the client credentials grant (reference
 * §3.1): the OpenID configuration msal-node reads for an authority in `knownAuthorities`
 * (`/{tenant}/v2.0/.well-known/openid-configuration`), the v1 document and instance discovery, and
 * the v2 (`scope=<env>/.default`) and v1 (`resource=<env>`) token endpoints. Failures answer as
 * Entra ID does: `{error, error_description: "AADSTS…", error_codes, timestamp, trace_id,
 * correlation_id, error_uri}`. Tokens last 3599 s on the simulated clock.
 */
import crypto from 'node:crypto';
import { Hono } from 'hono';
import type { SimClock } from './clock.ts';

export interface ClientApp {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface IssuedToken {
  readonly clientId: string;
  readonly audience: string;
  readonly expiresAt: number;
}

export interface Authority {
  readonly tenantId: string;
  /** A token for `clientId` without a round trip (tests of the Web API alone). */
  issue(clientId?: string): string;
  /** The token's grant if it was issued and has not expired, else why not. */
  check(token: string): IssuedToken | 'unknown' | 'expired';
  /** Tokens issued by the token endpoint, oldest first. */
  readonly issued: readonly IssuedToken[];
  app(authorityUrl: () => string): Hono;
}

export const TOKEN_LIFETIME_S = 3599;

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

export function createAuthority(opts: {
  tenantId: string;
  apps: readonly ClientApp[];
  resource: () => string;
  clock: SimClock;
}): Authority {
  const tokens = new Map<string, IssuedToken>();
  const issued: IssuedToken[] = [];
  const mint = (clientId: string): { token: string; grant: IssuedToken } => {
    const now = opts.clock.now();
    const grant = { clientId, audience: opts.resource(), expiresAt: now + TOKEN_LIFETIME_S * 1000 };
    const payload = {
      aud: grant.audience,
      iss: `https://sts.windows.net/${opts.tenantId}/`,
      iat: Math.floor(now / 1000),
      nbf: Math.floor(now / 1000),
      exp: Math.floor(grant.expiresAt / 1000),
      appid: clientId,
      tid: opts.tenantId,
      oid: crypto.randomUUID(),
      ver: '1.0',
    };
    const token = `${b64url({ typ: 'JWT', alg: 'RS256' })}.${b64url(payload)}.${crypto.randomBytes(32).toString('base64url')}`;
    tokens.set(token, grant);
    return { token, grant };
  };

  const fail = (status: number, error: string, code: number, text: string) => {
    const traceId = crypto.randomUUID();
    const correlationId = crypto.randomUUID();
    const timestamp = new Date(opts.clock.now())
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    return Response.json(
      {
        error,
        error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
        error_codes: [code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlationId,
        error_uri: `https://login.microsoftonline.com/error?code=${code}`,
      },
      { status, headers: { 'cache-control': 'no-store, no-cache' } },
    );
  };

  const token = (form: URLSearchParams, v1: boolean): Response => {
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials') {
      return fail(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${grantType ?? ''}'.`,
      );
    }
    const clientId = form.get('client_id') ?? '';
    const app = opts.apps.find((a) => a.clientId === clientId);
    if (!app) {
      return fail(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${opts.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    if (form.get('client_secret') !== app.clientSecret) {
      return fail(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
    const resource = opts.resource().replace(/\/$/, '');
    const asked = v1
      ? (form.get('resource') ?? '').replace(/\/$/, '')
      : (form.get('scope') ?? '').split(' ').find((s) => s.endsWith('/.default'));
    if (!v1 && !asked) {
      return fail(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${form.get('scope') ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    const target = v1 ? asked : asked!.slice(0, -'/.default'.length).replace(/\/$/, '');
    if (target !== resource) {
      return fail(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${target} was not found in the tenant named ${opts.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    const { token: accessToken } = mint(clientId);
    issued.push(tokens.get(accessToken)!);
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_S,
      ext_expires_in: TOKEN_LIFETIME_S,
      access_token: accessToken,
    };
    if (v1)
      Object.assign(body, { resource, expires_on: String(Math.floor(opts.clock.now() / 1000) + TOKEN_LIFETIME_S) });
    return Response.json(body, { headers: { 'cache-control': 'no-store, no-cache' } });
  };

  return {
    tenantId: opts.tenantId,
    issued,
    issue: (clientId = opts.apps[0]?.clientId ?? 'client') => mint(clientId).token,
    check(t) {
      const grant = tokens.get(t);
      if (!grant) return 'unknown';
      return grant.expiresAt <= opts.clock.now() ? 'expired' : grant;
    },
    app(authorityUrl) {
      const app = new Hono();
      const tenantOk = (tenant: string) => tenant.toLowerCase() === opts.tenantId.toLowerCase();
      const unknownTenant = (tenant: string) =>
        fail(
          400,
          'invalid_tenant',
          90002,
          `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        );
      const config = (tenant: string, v2: boolean) => {
        const base = `${authorityUrl()}/${tenant}`;
        return {
          token_endpoint: `${base}/oauth2/${v2 ? 'v2.0/' : ''}token`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          jwks_uri: `${authorityUrl()}/${tenant}/discovery/${v2 ? 'v2.0/' : ''}keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          issuer: v2 ? `${authorityUrl()}/${tenant}/v2.0` : `${authorityUrl()}/${tenant}/`,
          authorization_endpoint: `${base}/oauth2/${v2 ? 'v2.0/' : ''}authorize`,
          end_session_endpoint: `${base}/oauth2/${v2 ? 'v2.0/' : ''}logout`,
          tenant_region_scope: 'NA',
          cloud_instance_name: 'microsoftonline.com',
        };
      };
      app.get('/:tenant/v2.0/.well-known/openid-configuration', (c) =>
        tenantOk(c.req.param('tenant'))
          ? c.json(config(c.req.param('tenant'), true))
          : unknownTenant(c.req.param('tenant')),
      );
      app.get('/:tenant/.well-known/openid-configuration', (c) =>
        tenantOk(c.req.param('tenant'))
          ? c.json(config(c.req.param('tenant'), false))
          : unknownTenant(c.req.param('tenant')),
      );
      app.get('/common/discovery/instance', (c) => {
        const host = new URL(authorityUrl()).host;
        return c.json({
          tenant_discovery_endpoint: `${authorityUrl()}/${opts.tenantId}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        });
      });
      app.get('/:tenant/discovery/keys', (c) => c.json({ keys: [] }));
      app.get('/:tenant/discovery/v2.0/keys', (c) => c.json({ keys: [] }));
      for (const [path, v1] of [
        ['/:tenant/oauth2/v2.0/token', false],
        ['/:tenant/oauth2/token', true],
      ] as const) {
        app.post(path, async (c) => {
          if (!tenantOk(c.req.param('tenant'))) return unknownTenant(c.req.param('tenant'));
          return token(new URLSearchParams(await c.req.text()), v1);
        });
      }
      return app;
    },
  };
}
