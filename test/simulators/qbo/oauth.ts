/**
 * @module
 * Intuit's OAuth 2.0 authorisation-code flow as reference §1 describes it: one registered app
 * (client id, secret, redirect URIs); `authorize` sends "the user" back with `code`, `state` and the
 * `realmId` of the company they picked; a code is single-use and a second exchange revokes what the
 * first one issued (oauth-jsclient#173); access tokens live 3600 s; a refresh token lives 8 726 400 s
 * (x_refresh_token_expires_in in the samples) and keeps its value for 24 h, after which a refresh
 * returns a new value and the old one is dead at once (§1.3: "design for immediate invalidation");
 * every grant has a 5-year hard cap, reported as `x_refresh_token_hard_expires_in` only when the request
 * carries `x-include-refresh-token-hard-expires-in: true`. Errors are `{"error":"invalid_grant",…}` (400)
 * and `{"error":"invalid_client"}` (401, oauth-rubyclient#14).
 */
import crypto from 'node:crypto';
import type { SimClock } from './clock.ts';

export const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';
const ACCESS_TTL_S = 3600;
const REFRESH_TTL_S = 8_726_400;
const HARD_CAP_S = 157_680_000;
const ROTATE_AFTER_MS = 24 * 3600_000;
/** Authorisation codes are short-lived (minutes); five here. */
const CODE_TTL_MS = 5 * 60_000;

export interface OAuthApp {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
}

export interface Consent {
  /** The company the user picks on Intuit's consent screen. */
  readonly realmId?: string;
  /** The user clicks Cancel: the redirect carries `error=access_denied`. */
  readonly deny?: boolean;
}

interface Grant {
  readonly realmId: string;
  readonly started: number;
  revoked: boolean;
}
interface RefreshToken {
  readonly grant: Grant;
  readonly issued: number;
  readonly expires: number;
  superseded: boolean;
}
interface Code {
  readonly realmId: string;
  readonly redirectUri: string;
  readonly expires: number;
  used: boolean;
  grant?: Grant;
}

export interface TokenAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface OAuthServer {
  /** The redirect for `GET /oauth2/authorize`, or a 400 page for a request Intuit refuses outright. */
  authorize(query: URLSearchParams): { redirect: string } | { status: number; text: string };
  token(form: URLSearchParams, authorization: string | undefined, includeHardExpiry: boolean): TokenAnswer;
  revoke(token: string | undefined, authorization: string | undefined): TokenAnswer;
  /** The realm a live access token is for, or why it is not live. */
  check(accessToken: string): { realmId: string } | { error: 'expired' | 'unknown' };
  /** What the next consent screen answers (tests); default: the first company. */
  nextConsent(consent: Consent): void;
  /** Mints tokens for a realm without the browser step (tests that start connected). */
  connect(realmId: string): { access_token: string; refresh_token: string };
  /** Token requests answered with tokens. */
  readonly issued: number;
}

export function createOAuthServer(app: OAuthApp, realms: () => readonly string[], clock: SimClock): OAuthServer {
  const codes = new Map<string, Code>();
  const refreshTokens = new Map<string, RefreshToken>();
  const accessTokens = new Map<string, { grant: Grant; expires: number }>();
  let consent: Consent = {};
  let issued = 0;
  const random = (prefix: string) => `${prefix}${crypto.randomBytes(24).toString('base64url')}`;

  const safeEqual = (a: string, b: string) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && crypto.timingSafeEqual(x, y);
  };
  /** Basic (or, per the discovery document, client_secret_post) client authentication. */
  const clientOk = (form: URLSearchParams, authorization: string | undefined) => {
    let id = form.get('client_id') ?? '';
    let secret = form.get('client_secret') ?? '';
    if (authorization?.startsWith('Basic ')) {
      const decoded = Buffer.from(authorization.slice(6), 'base64').toString();
      const i = decoded.indexOf(':');
      id = decoded.slice(0, i);
      secret = decoded.slice(i + 1);
    }
    return id === app.clientId && safeEqual(secret, app.clientSecret);
  };
  const invalidClient = (): TokenAnswer => ({ status: 401, body: { error: 'invalid_client' } });
  const invalidGrant = (description: string): TokenAnswer => ({
    status: 400,
    body: { error_description: description, error: 'invalid_grant' },
  });

  const mint = (grant: Grant, rt: string, includeHard: boolean): TokenAnswer => {
    const now = clock.now();
    const at = random('eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..');
    accessTokens.set(at, { grant, expires: now + ACCESS_TTL_S * 1000 });
    const record = refreshTokens.get(rt)!;
    const hardLeft = Math.floor((grant.started + HARD_CAP_S * 1000 - now) / 1000);
    issued++;
    return {
      status: 200,
      body: {
        token_type: 'bearer',
        access_token: at,
        expires_in: ACCESS_TTL_S,
        refresh_token: rt,
        x_refresh_token_expires_in: Math.min(Math.floor((record.expires - now) / 1000), hardLeft),
        ...(includeHard ? { x_refresh_token_hard_expires_in: hardLeft } : {}),
      },
    };
  };
  const newRefreshToken = (grant: Grant): string => {
    const now = clock.now();
    const value = random('RT1-');
    const expires = Math.min(now + REFRESH_TTL_S * 1000, grant.started + HARD_CAP_S * 1000);
    refreshTokens.set(value, { grant, issued: now, expires, superseded: false });
    return value;
  };
  const revokeGrant = (grant: Grant) => {
    grant.revoked = true;
  };

  return {
    authorize(q) {
      const redirectUri = q.get('redirect_uri') ?? '';
      if (q.get('client_id') !== app.clientId) return { status: 400, text: 'invalid_client: unknown client_id' };
      if (!app.redirectUris.includes(redirectUri)) {
        return { status: 400, text: 'The redirect_uri query parameter value is invalid.' };
      }
      const back = new URL(redirectUri);
      const state = q.get('state');
      const fail = (error: string) => {
        back.searchParams.set('error', error);
        if (state !== null) back.searchParams.set('state', state);
        return { redirect: back.toString() };
      };
      if (q.get('response_type') !== 'code') return fail('unsupported_response_type');
      if (!(q.get('scope') ?? '').split(/\s+/).includes(ACCOUNTING_SCOPE)) return fail('invalid_scope');
      if (!state) return fail('invalid_request');
      const pick = consent;
      consent = {};
      if (pick.deny) return fail('access_denied');
      const realmId = pick.realmId ?? realms()[0]!;
      const code = random('AB11');
      codes.set(code, { realmId, redirectUri, expires: clock.now() + CODE_TTL_MS, used: false });
      back.searchParams.set('code', code);
      back.searchParams.set('state', state);
      back.searchParams.set('realmId', realmId);
      return { redirect: back.toString() };
    },

    token(form, authorization, includeHard) {
      if (!clientOk(form, authorization)) return invalidClient();
      const grantType = form.get('grant_type');
      if (grantType === 'authorization_code') {
        const code = codes.get(form.get('code') ?? '');
        if (!code) return invalidGrant('Token invalid');
        if (code.used) {
          // A second exchange of one code poisons the grant (oauth-jsclient#173).
          if (code.grant) revokeGrant(code.grant);
          return invalidGrant('Token invalid');
        }
        code.used = true;
        if (clock.now() > code.expires) return invalidGrant('Token invalid');
        if (form.get('redirect_uri') !== code.redirectUri) return invalidGrant('Incorrect redirect_uri');
        const grant: Grant = { realmId: code.realmId, started: clock.now(), revoked: false };
        code.grant = grant;
        return mint(grant, newRefreshToken(grant), includeHard);
      }
      if (grantType === 'refresh_token') {
        const value = form.get('refresh_token') ?? '';
        const rt = refreshTokens.get(value);
        if (!rt || rt.superseded || rt.grant.revoked) return invalidGrant('Incorrect or invalid refresh token');
        if (clock.now() >= rt.expires) return invalidGrant('Token has been expired or revoked');
        if (clock.now() - rt.issued < ROTATE_AFTER_MS) return mint(rt.grant, value, includeHard);
        rt.superseded = true;
        return mint(rt.grant, newRefreshToken(rt.grant), includeHard);
      }
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    },

    revoke(token, authorization) {
      if (!clientOk(new URLSearchParams(), authorization)) return invalidClient();
      if (!token) return { status: 400, body: { error: 'invalid_request' } };
      const grant = refreshTokens.get(token)?.grant ?? accessTokens.get(token)?.grant;
      // Revoking either token disconnects the app from the company (reference §1.2).
      if (grant) revokeGrant(grant);
      return { status: 200, body: {} };
    },

    check(token) {
      const at = accessTokens.get(token);
      if (!at) return { error: 'unknown' };
      if (at.grant.revoked || clock.now() >= at.expires) return { error: 'expired' };
      return { realmId: at.grant.realmId };
    },

    nextConsent: (c) => void (consent = c),

    connect(realmId) {
      const grant: Grant = { realmId, started: clock.now(), revoked: false };
      const body = mint(grant, newRefreshToken(grant), false).body;
      return { access_token: String(body.access_token), refresh_token: String(body.refresh_token) };
    },

    get issued() {
      return issued;
    },
  };
}
