/**
 * @module
 * Sign-in to a Dataverse environment with client credentials (reference §3.1): msal-node's
 * `ConfidentialClientApplication`, authority `<authorityUrl>/<tenantId>` (Microsoft's
 * `https://login.microsoftonline.com` by default; any other host is listed in `knownAuthorities`,
 * so msal reads its OpenID configuration instead of Microsoft's instance discovery), scope
 * `<environment url>/.default`. msal keeps the token cache; this module asks it before every
 * request, asks it to skip the cache when the token is within five minutes of expiry on the
 * injected clock (the clock the relay, or a simulator, runs on) or after the Web API refused it,
 * and lets only one acquisition run at a time. Failures are typed results in words, never throws.
 */
import { AuthError, ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import { err, ok, type Result } from '../../../lib/result.ts';
import { dynError, type DynErrorCode } from './errors.ts';
import { fetchNetworkClient } from './sign-in-network.ts';

export const MICROSOFT_AUTHORITY = 'https://login.microsoftonline.com';
/** msal's own renewal offset (DEFAULT_TOKEN_RENEWAL_OFFSET_SEC). */
const RENEW_BEFORE_MS = 300_000;

export interface SignInOptions {
  /** The environment URL, `https://contoso.crm.dynamics.com`. */
  readonly url: string;
  /** Default {@link MICROSOFT_AUTHORITY}. */
  readonly authorityUrl?: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The sign-in's HTTP (default the global `fetch`). */
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly timeoutMs?: number;
}

/** Where the transport gets its bearer token. */
export interface TokenSource {
  /** A token valid now: msal's cached one, or a new one near expiry. */
  token(): Promise<Result<string>>;
  /** After the Web API refused `rejected` (401): a new token, unless one has replaced it already. */
  renew(rejected: string): Promise<Result<string>>;
}

/** The stable code of an msal failure (its `errorCode`, the AADSTS number in its message). */
function signInCode(e: unknown): DynErrorCode {
  const code = e instanceof AuthError ? e.errorCode : '';
  const text = e instanceof Error ? e.message : String(e);
  if (/invalid_client|unauthorized_client|AADSTS(7000215|700016|7000222)\b/.test(`${code} ${text}`))
    return 'dyn_sign_in_refused';
  if (/invalid_tenant|AADSTS90002\b|endpoints_resolution_error|AADSTS900023\b/.test(`${code} ${text}`))
    return 'dyn_sign_in_unknown_tenant';
  if (/invalid_resource|invalid_scope|AADSTS500011\b|AADSTS1002012\b/.test(`${code} ${text}`))
    return 'dyn_sign_in_wrong_environment';
  return 'dyn_sign_in_unavailable';
}

/** msal's words without the trace and correlation ids it appends. */
const msalWords = (e: unknown): string =>
  (e instanceof AuthError ? e.errorMessage || e.message : e instanceof Error ? e.message : String(e))
    .replace(/\s*Trace ID:[\s\S]*$/, '')
    .trim();

/**
 * @example
 * const signIn = createSignIn({ url: 'https://contoso.crm.dynamics.com', tenantId, clientId, clientSecret });
 * const token = await signIn.token(); // ok('eyJ0…') or err(dyn_sign_in_refused …)
 */
export function createSignIn(o: SignInOptions): TokenSource {
  const now = o.now ?? Date.now;
  const authorityUrl = (o.authorityUrl ?? MICROSOFT_AUTHORITY).replace(/\/+$/, '');
  const host = new URL(authorityUrl).host;
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      authority: `${authorityUrl}/${o.tenantId}`,
      ...(authorityUrl === MICROSOFT_AUTHORITY ? {} : { knownAuthorities: [host] }),
    },
    system: {
      networkClient: fetchNetworkClient(o.fetch ?? fetch, o.timeoutMs ?? 30_000),
      loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
    },
  });
  const scopes = [`${o.url.replace(/\/+$/, '')}/.default`];
  let current: { token: string; expiresAt: number } | undefined;
  let pending: Promise<Result<string>> | undefined;

  const acquire = (skipCache: boolean): Promise<Result<string>> => {
    pending ??= (async () => {
      try {
        const r = await app.acquireTokenByClientCredential({ scopes, skipCache });
        if (!r?.accessToken) return err(dynError('dyn_sign_in_unavailable', undefined, '(no access token came back)'));
        if (current?.token !== r.accessToken) {
          // msal dates expiry on the machine's clock; the relay's clock may differ (a simulator's).
          const lifetime = (r.expiresOn?.getTime() ?? Date.now()) - Date.now();
          current = { token: r.accessToken, expiresAt: now() + lifetime };
        }
        return ok(r.accessToken);
      } catch (e) {
        return err({ ...dynError(signInCode(e), undefined, `Microsoft said: ${msalWords(e)}`), cause: e });
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  return {
    async token() {
      if (pending) return pending;
      const nearExpiry = current !== undefined && now() >= current.expiresAt - RENEW_BEFORE_MS;
      return acquire(nearExpiry);
    },
    async renew(rejected) {
      if (pending) return pending;
      if (current && current.token !== rejected && now() < current.expiresAt - RENEW_BEFORE_MS)
        return ok(current.token);
      return acquire(true);
    },
  };
}
