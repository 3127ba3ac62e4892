/**
 * @module
 * Sign-in with the OAuth 2.0 client-credentials flow against the org's My Domain. There is no
 * refresh token in this flow, so a new session is requested: on jsforce's 401 hook (`refreshFn`,
 * at most once per request), and proactively before the session would idle out. Concurrent
 * callers share one in-flight sign-in.
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
      failure = undefined;
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
    },
    refreshFn(c, callback) {
      if (refreshesWithoutSuccess >= 1) {
        refreshFailure = {
          code: 'sf_session_expired',
          message: 'Salesforce rejected a freshly issued session; not retrying again',
          retryable: false,
          sfCode: 'INVALID_SESSION_ID',
        };
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
