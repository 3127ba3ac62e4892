/**
 * @module
 * One Web Connector sign-in (SOAP `authenticate`, or the `.qwc` download), throttled per user name
 * and source address. The rule: failures from one address lock that user name at that address
 * only, for a backoff that doubles with each further failure and is capped (15 minutes by
 * default); while locked, that address is refused without checking the password. So the right
 * password from an address that is not throttled always signs in, and from a throttled address it
 * signs in once the backoff has passed. Every attempt is logged with user, address, outcome and
 * delay; never the password.
 */
import type { Logger } from '../../lib/logger.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import type { Connection } from '../../store/connections.ts';
import type { Repos } from '../../store/index.ts';
import { lockRemainingMs, nextThrottle, verifyPassword, type ThrottlePolicy } from './auth.ts';

export interface SignInAttempt {
  readonly username: string;
  readonly password: string;
  /** Where the attempt came from (the socket's peer, or what a trusted proxy forwarded). */
  readonly address: string;
}

export interface SignInDeps {
  readonly store: Pick<Repos, 'connections' | 'throttle'>;
  readonly log: Logger;
  readonly policy: ThrottlePolicy;
  readonly now: () => number;
  /** What the attempt was for, in the log: `authenticate` or `qwc`. */
  readonly via: string;
}

/** Why a sign-in failed (a RelayError); `retryAfterMs` is how long the address stays locked (0 when it is not). */
export interface SignInRefusal {
  readonly code: 'qbwc_sign_in_refused' | 'qbwc_sign_in_throttled';
  readonly message: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number;
}

/**
 * @example
 * const r = await signIn({ store, log, policy: DEFAULT_THROTTLE, now: Date.now, via: 'authenticate' }, { username, password, address });
 * if (!r.ok) return ['', 'nvu'];
 */
export async function signIn(d: SignInDeps, a: SignInAttempt): Promise<Result<Connection, SignInRefusal>> {
  const user = a.username.trim();
  const key = { username: user.toLowerCase(), address: a.address };
  const t = d.now();
  const state = await d.store.throttle.get(key);
  const fields = { via: d.via, user, address: a.address };
  const locked = lockRemainingMs(state, t);
  if (locked > 0) {
    d.log.warn('qbwc sign-in', { ...fields, outcome: 'throttled', delayMs: locked });
    return err({
      code: 'qbwc_sign_in_throttled',
      message: 'Too many failed sign-ins from this address; try again later.',
      retryable: true,
      retryAfterMs: locked,
    });
  }
  const connection = user ? await d.store.connections.byUsername(user) : undefined;
  if (!(await verifyPassword(a.password, connection?.passwordHash)) || !connection) {
    const next = nextThrottle(state, t, d.policy);
    await d.store.throttle.put(key, next);
    await d.store.throttle.prune(t - d.policy.windowMs, t);
    const delayMs = lockRemainingMs(next, t);
    d.log.warn('qbwc sign-in', { ...fields, outcome: 'refused', failures: next.failures, delayMs });
    return err({
      code: 'qbwc_sign_in_refused',
      message: 'Unknown user name or wrong password.',
      retryable: false,
      retryAfterMs: delayMs,
    });
  }
  if (state) await d.store.throttle.clear(key);
  d.log.info('qbwc sign-in', { ...fields, outcome: 'accepted', delayMs: 0, connection: connection.id });
  return ok(connection);
}
