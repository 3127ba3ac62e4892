/**
 * @module
 * Web Connector passwords: stored only as a salted scrypt hash (`scrypt$N$r$p$salt$key`, base64),
 * verified in constant time, and an unknown user name costs the same time as a wrong password.
 * The failure throttle ({@link nextThrottle}, per user name and source address) is pure; the store
 * keeps its state and `sign-in.ts` applies it.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (e, key) => (e ? reject(e) : resolve(key))),
  );

const DEFAULT = { N: 16384, r: 8, p: 1, keylen: 32 };

/**
 * @example const stored = await hashPassword('correct horse battery staple');
 */
export async function hashPassword(password: string, { N = DEFAULT.N } = {}): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, DEFAULT.keylen, { N, r: DEFAULT.r, p: DEFAULT.p, maxmem: 256 * N * 8 });
  return ['scrypt', N, DEFAULT.r, DEFAULT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

// A real hash of a random password: verifying against it takes as long as against a user's.
let dummy: Promise<string> | undefined;

/**
 * Checks `password` against a stored hash in constant time. `stored` undefined (unknown user)
 * still spends one scrypt and answers false.
 * @example if (!(await verifyPassword(input, connection?.passwordHash))) return ['', 'nvu'];
 */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const target = stored ?? (await (dummy ??= hashPassword(randomBytes(16).toString('hex'))));
  const parts = target.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, 'base64');
  const N = Number(n);
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * N * Number(r) + 1024 * 1024,
  });
  return timingSafeEqual(actual, expected) && stored !== undefined;
}

export interface ThrottlePolicy {
  /** Failures allowed inside `windowMs` before the user name is locked for that address. */
  readonly maxFailures: number;
  readonly windowMs: number;
  /**
   * First lock; doubles with every further failure, up to `maxLockMs`: the longest the right
   * password can be refused at an address after its last failure.
   */
  readonly lockMs: number;
  readonly maxLockMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 30_000,
  maxLockMs: 15 * 60_000,
};

export interface ThrottleState {
  readonly failures: number;
  readonly firstFailureAt: number;
  readonly lockedUntil: number | null;
}

/** How long until the lock passes (0 when not locked). @example lockRemainingMs(state, Date.now()) // 30000 */
export function lockRemainingMs(state: ThrottleState | undefined, now: number): number {
  return state?.lockedUntil != null ? Math.max(0, state.lockedUntil - now) : 0;
}

/**
 * The throttle state after one more failure at `now`.
 * @example nextThrottle(undefined, 1000) // { failures: 1, firstFailureAt: 1000, lockedUntil: null }
 */
export function nextThrottle(
  state: ThrottleState | undefined,
  now: number,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): ThrottleState {
  const fresh = !state || now - state.firstFailureAt > policy.windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const firstFailureAt = fresh ? now : state.firstFailureAt;
  const over = failures - policy.maxFailures;
  const lockedUntil = over >= 0 ? now + Math.min(policy.lockMs * 2 ** over, policy.maxLockMs) : null;
  return { failures, firstFailureAt, lockedUntil };
}
