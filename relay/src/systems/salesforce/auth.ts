/**
 * @module
 * Sign-in with the OAuth 2.0 client-credentials flow against the org's My Domain. There is no
 * refresh token in this flow, so a new session is requested: on a 401 (jsforce's hook `refreshFn`
 * for its calls, {@link Auth.renew} for the Bulk transfers made next to jsforce), and proactively
 * before the session would idle out. Concurrent callers share one in-flight sign-in, and both 401
 * paths go through jsforce's refresh delegate, so one expiry costs one sign-in however many calls
 * and transfers met it. A 401 on a session renewed for a 401, before any call succeeded with it,
 * is a real auth failure: reported (health), the session dropped, never renewed again in a loop.
 */
import type { Connection } from 'jsforce';
import type { Logger } from '../../lib/logger.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { classifyOAuthError, classifyThrown, type SfError } from './errors.ts';

export interface Session {
  readonly instanceUrl: string;
  readonly orgId: string;
  readonly userId: string;
}

export interface Auth {
  /** Requests a new session (single-flight). */
  signIn(): Promise<Result<Session, SfError>>;
  /** Signs in when there is no session yet or it is about to idle out. */
  ensureSession(): Promise<Result<void, SfError>>;
  /** Records a successful API call (resets the idle clock and the re-auth guard). */
  touch(): void;
  /** For jsforce's `refreshFn`: re-authenticates once per failing request. */
  refreshFn(conn: Connection, callback: (err: Error | null, accessToken?: string) => void): void;
  /**
   * After a 401 on a call sent with `token` at `since` (`Date.now()`, jsforce's clock) outside
   * jsforce: a new session, unless one was issued since (by this or jsforce's refresh).
   */
  renew(token: string | undefined, since: number): Promise<Result<void, SfError>>;
  /** The failure of the last refresh attempted through {@link refreshFn}, taken once. */
  takeRefreshFailure(): SfError | undefined;
  /** The last sign-in failure, cleared by a successful sign-in. */
  lastFailure(): SfError | undefined;
  /** Sign-ins that succeeded. */
  readonly signIns: number;
}

export interface AuthOptions {
  /** Returns the connection (created after this module, which provides its `refreshFn`). */
  readonly conn: () => Connection;
  readonly log: Logger;
  readonly now: () => number;
  /** Session inactivity timeout of the org (Salesforce default: 2 hours). */
  readonly sessionIdleMs: number;
  /** Sign in again this long before the idle timeout would hit. */
  readonly refreshMarginMs: number;
}

/** jsforce throws token-endpoint errors as `Error` whose name is the OAuth `error`. */
const isOAuthError = (e: unknown): e is Error =>
  e instanceof Error && /^([a-z_]+|[A-Z_]+|ERROR_HTTP_\d+)$/.test(e.name) && e.name !== 'Error' && !('code' in e);

/** @example const auth = createAuth({ conn: () => conn, log, now: Date.now, sessionIdleMs: 7_200_000, refreshMarginMs: 300_000 }); */
export function createAuth({ conn, log, now, sessionIdleMs, refreshMarginMs }: AuthOptions): Auth {
  let inFlight: Promise<Result<Session, SfError>> | undefined;
  let lastActivity: number | undefined;
  let failure: SfError | undefined;
  let refreshFailure: SfError | undefined;
  let refreshesWithoutSuccess = 0;
  let signIns = 0;

  const doSignIn = async (): Promise<Result<Session, SfError>> => {
    try {
      const user = await conn().authorize({ grant_type: 'client_credentials' });
      signIns++;
      lastActivity = now();
      // A rejected fresh session stays reported until a call succeeds (touch), not just a sign-in.
      if (failure?.code !== 'sf_session_expired') failure = undefined;
      const session = { instanceUrl: conn().instanceUrl, orgId: user.organizationId, userId: user.id };
      log.info('salesforce signed in', { instanceUrl: session.instanceUrl, orgId: session.orgId });
      return ok(session);
    } catch (e) {
      failure = isOAuthError(e) ? classifyOAuthError(e.name, e.message) : classifyThrown(e);
      log.warn('salesforce sign-in failed', { code: failure.code, reason: failure.message });
      return err(failure);
    }
  };
  const signIn = () => {
    inFlight ??= doSignIn().finally(() => (inFlight = undefined));
    return inFlight;
  };

  return {
    signIn,
    async ensureSession() {
      const stale = lastActivity === undefined || now() - lastActivity >= sessionIdleMs - refreshMarginMs;
      if (!stale && conn().accessToken) return ok(undefined);
      if (lastActivity !== undefined) log.info('salesforce session near idle timeout; signing in again');
      const r = await signIn();
      return r.ok ? ok(undefined) : err(r.error);
    },
    touch() {
      lastActivity = now();
      refreshesWithoutSuccess = 0;
      if (failure?.code === 'sf_session_expired') failure = undefined;
    },
    refreshFn(c, callback) {
      if (refreshesWithoutSuccess >= 1) {
        refreshFailure = {
          code: 'sf_session_expired',
          message: 'Salesforce rejected a freshly issued session; not retrying again',
          retryable: false,
          sfCode: 'INVALID_SESSION_ID',
        };
        failure = refreshFailure;
        // The next call signs in afresh (once) instead of sending this session again.
        lastActivity = undefined;
        log.warn('salesforce rejected a freshly issued session', { code: failure.code });
        callback(new Error(refreshFailure.message));
        return;
      }
      refreshesWithoutSuccess++;
      log.info('salesforce session expired; signing in again');
      void signIn().then((r) => {
        if (r.ok) callback(null, c.accessToken ?? undefined);
        else {
          refreshFailure = r.error;
          callback(new Error(r.error.message));
        }
      });
    },
    async renew(token, since) {
      const c = conn();
      // Another call or transfer already replaced the session this one was sent with.
      if (token !== c.accessToken) return ok(undefined);
      const delegate = c._refreshDelegate;
      if (!delegate) throw new Error('the Salesforce connection was created without a refreshFn');
      try {
        await delegate.refresh(since);
        return ok(undefined);
      } catch (e) {
        const f = refreshFailure ?? classifyThrown(e);
        refreshFailure = undefined;
        return err(f);
      }
    },
    takeRefreshFailure() {
      const f = refreshFailure;
      refreshFailure = undefined;
      return f;
    },
    lastFailure: () => failure,
    get signIns() {
      return signIns;
    },
  };
}
