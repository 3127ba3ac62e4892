/**
 * @module
 * Intuit's token endpoint and revocation endpoint (reference §1.2–§1.4), called with the built-in
 * fetch and holding no state: the relay's token store owns the tokens, decides when to refresh
 * (single-flight per realm) and saves the new refresh token before anything else.
 *
 * Not `intuit-oauth`: its client is stateful (one token per instance), retries a refresh up to three
 * times on timeouts and 5xx with the same refresh token, which may be dead by then (a refresh that
 * succeeded unseen has rotated it), and pulls in axios and winston. Here nothing is retried; a
 * failure says whether retrying can help.
 *
 * | code | when | retryable |
 * |---|---|---|
 * | `qbo_reauthorize` | `invalid_grant`: code used or expired, refresh token superseded, expired or revoked | no: reconnect |
 * | `qbo_app_credentials` | `invalid_client`: the relay's QBO_CLIENT_ID / QBO_CLIENT_SECRET are wrong | no |
 * | `qbo_token_request` | any other refusal (`invalid_request`, `unsupported_grant_type`, …) | no |
 * | `qbo_token_response` | a 200 without the fields a token answer has | no |
 * | `qbo_unavailable` | 429, 5xx, a dropped connection, a timeout | yes |
 */
import { z } from 'zod';
import { err, ok, relayError, type RelayError, type Result } from '../../../lib/result.ts';

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly fetch?: typeof fetch;
  /** Default 30 s. */
  readonly timeoutMs?: number;
}

/** What a token answer gives; lifetimes in seconds from now. */
export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  /** The rolling lifetime of the refresh token (about 101 days). */
  readonly refreshExpiresIn: number;
  /** The refresh token's 5-year hard cap, when Intuit reports it (always asked for). */
  readonly refreshHardExpiresIn?: number;
}

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  x_refresh_token_expires_in: z.number().int().nonnegative(),
  x_refresh_token_hard_expires_in: z.number().int().nonnegative().optional(),
});

const ErrorAnswer = z.object({ error: z.string(), error_description: z.string().optional() });

const basic = (c: ClientCredentials) => `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`;

type Answer = { readonly status: number; readonly json: unknown };

async function post(c: ClientCredentials, url: string, init: RequestInit): Promise<Result<Answer>> {
  try {
    const res = await (c.fetch ?? fetch)(url, {
      ...init,
      method: 'POST',
      signal: AbortSignal.timeout(c.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return ok({ status: res.status, json });
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    const reason = timedOut ? 'it did not answer in time' : 'the connection failed';
    return err(
      relayError('qbo_unavailable', `Intuit's sign-in service could not be reached (${reason}); try again later.`, {
        retryable: true,
        cause: e instanceof Error ? { name: e.name, message: e.message } : e,
      }),
    );
  }
}

/** The failure a refused token or revoke request amounts to. */
function refusal({ status, json }: Answer): RelayError {
  const parsed = ErrorAnswer.safeParse(json);
  const error = parsed.success ? parsed.data.error : undefined;
  const said = parsed.success
    ? ` Intuit said: ${error}${parsed.data.error_description ? ` (${parsed.data.error_description})` : ''}.`
    : ` (HTTP ${status})`;
  const cause = { status, error, description: parsed.success ? parsed.data.error_description : undefined };
  if (error === 'invalid_grant') {
    return relayError(
      'qbo_reauthorize',
      `QuickBooks no longer accepts this company's connection (it was disconnected, replaced or has expired); reconnect the company.${said}`,
      { cause },
    );
  }
  if (error === 'invalid_client') {
    return relayError(
      'qbo_app_credentials',
      `Intuit did not recognise the relay's app credentials; check QBO_CLIENT_ID and QBO_CLIENT_SECRET.${said}`,
      { cause },
    );
  }
  if (status === 429 || status >= 500) {
    return relayError('qbo_unavailable', `Intuit's sign-in service is busy or down; try again later.${said}`, {
      retryable: true,
      cause,
    });
  }
  return relayError('qbo_token_request', `Intuit refused the sign-in request.${said}`, { cause });
}

async function tokenCall(
  c: ClientCredentials,
  tokenUrl: string,
  form: Record<string, string>,
): Promise<Result<TokenSet>> {
  const r = await post(c, tokenUrl, {
    headers: {
      authorization: basic(c),
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'x-include-refresh-token-hard-expires-in': 'true',
    },
    body: new URLSearchParams(form).toString(),
  });
  if (!r.ok) return r;
  if (r.value.status !== 200) return err(refusal(r.value));
  const parsed = TokenAnswer.safeParse(r.value.json);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    return err(relayError('qbo_token_response', `Intuit's token answer is not usable (${reason}).`));
  }
  const t = parsed.data;
  return ok({
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresIn: t.expires_in,
    refreshExpiresIn: t.x_refresh_token_expires_in,
    ...(t.x_refresh_token_hard_expires_in === undefined
      ? {}
      : { refreshHardExpiresIn: t.x_refresh_token_hard_expires_in }),
  });
}

/**
 * Trades the callback's single-use `code` for tokens (a second exchange of one code poisons the grant:
 * make the callback idempotent).
 * @example const t = await exchangeCode({ tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer', clientId, clientSecret, code, redirectUri });
 */
export function exchangeCode(
  o: ClientCredentials & { readonly tokenUrl: string; readonly code: string; readonly redirectUri: string },
): Promise<Result<TokenSet>> {
  return tokenCall(o, o.tokenUrl, { grant_type: 'authorization_code', code: o.code, redirect_uri: o.redirectUri });
}

/**
 * A new access token; the answer's refresh token may be a new value, and the one sent is then dead
 * at once: save it before anything else.
 * @example const t = await refreshTokens({ tokenUrl, clientId, clientSecret, refreshToken });
 */
export function refreshTokens(
  o: ClientCredentials & { readonly tokenUrl: string; readonly refreshToken: string },
): Promise<Result<TokenSet>> {
  return tokenCall(o, o.tokenUrl, { grant_type: 'refresh_token', refresh_token: o.refreshToken });
}

/**
 * Revokes a refresh or access token, which disconnects the app from the company.
 * @example await revokeToken({ revokeUrl: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke', clientId, clientSecret, token: refreshToken });
 */
export async function revokeToken(
  o: ClientCredentials & { readonly revokeUrl: string; readonly token: string },
): Promise<Result<void>> {
  const r = await post(o, o.revokeUrl, {
    headers: { authorization: basic(o), accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ token: o.token }),
  });
  if (!r.ok) return r;
  return r.value.status === 200 ? ok(undefined) : err(refusal(r.value));
}
