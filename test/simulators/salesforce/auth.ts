/**
 * @module
 * The org's OAuth 2.0 client-credentials token endpoint and its sessions. A session is an opaque
 * token with an inactivity timeout; the endpoint answers with the documented error bodies for an
 * unknown client id, a bad secret, and an app an admin has blocked (revoked).
 */
import crypto from 'node:crypto';

export interface AuthOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Inactivity timeout of a session (Salesforce default: 2 hours). */
  readonly sessionIdleMs: number;
  readonly orgId: string;
  readonly userId: string;
}

export interface Sessions {
  /** Handles `POST /services/oauth2/token`; `instanceUrl` is this server's URL. */
  token(
    form: URLSearchParams,
    authorization: string | undefined,
    instanceUrl: string,
  ): { status: number; body: unknown };
  /** True when `authorization` (`Bearer …`) is a live session; touches it. */
  check(authorization: string | undefined): boolean;
  /** Invalidates every session (what an expiry or an admin "revoke" does). */
  expireAll(): void;
  /** Blocks the app: sessions die and new tokens are refused until {@link unblock}. */
  block(): void;
  unblock(): void;
  /** Token requests answered with a token. */
  readonly issued: number;
}

/** @example const sessions = createSessions({ clientId, clientSecret, sessionIdleMs: 7_200_000, orgId, userId }, Date.now); */
export function createSessions(opts: AuthOptions, now: () => number): Sessions {
  const live = new Map<string, number>();
  let blocked = false;
  let issued = 0;
  const safeEqual = (a: string, b: string) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && crypto.timingSafeEqual(x, y);
  };
  return {
    token(form, authorization, instanceUrl) {
      let clientId = form.get('client_id') ?? '';
      let clientSecret = form.get('client_secret') ?? '';
      if (authorization?.startsWith('Basic ')) {
        const [id, secret] = Buffer.from(authorization.slice(6), 'base64').toString().split(':');
        clientId = decodeURIComponent(id ?? '');
        clientSecret = decodeURIComponent(secret ?? '');
      }
      if (form.get('grant_type') !== 'client_credentials') {
        return {
          status: 400,
          body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' },
        };
      }
      if (clientId !== opts.clientId) {
        return { status: 400, body: { error: 'invalid_client_id', error_description: 'client identifier invalid' } };
      }
      if (!safeEqual(clientSecret, opts.clientSecret)) {
        return { status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } };
      }
      if (blocked) {
        return { status: 400, body: { error: 'OAUTH_APP_BLOCKED', error_description: 'this app is blocked by admin' } };
      }
      const accessToken = `${opts.orgId}!${crypto.randomBytes(24).toString('base64url')}`;
      live.set(accessToken, now());
      issued++;
      return {
        status: 200,
        body: {
          access_token: accessToken,
          signature: crypto.randomBytes(32).toString('base64'),
          scope: 'api',
          instance_url: instanceUrl,
          id: `${instanceUrl}/id/${opts.orgId}/${opts.userId}`,
          token_type: 'Bearer',
          issued_at: String(now()),
        },
      };
    },
    check(authorization) {
      const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
      const last = token === undefined ? undefined : live.get(token);
      if (last === undefined || token === undefined) return false;
      if (now() - last > opts.sessionIdleMs) {
        live.delete(token);
        return false;
      }
      live.set(token, now());
      return true;
    },
    expireAll: () => live.clear(),
    block() {
      blocked = true;
      live.clear();
    },
    unblock: () => (blocked = false),
    get issued() {
      return issued;
    },
  };
}
