/**
 * @module
 * A company's OAuth tokens, shared by every relay on the store. Access tokens last an hour and are
 * refreshed shortly before they expire (Intuit asks that refresh tokens be used only then);
 * refresh tokens rotate, and once rotated the old one is dead (`invalid_grant`). So a refresh is
 * single-flight across relays: one takes the company's lease in the database, re-reads (another may
 * have just rotated the tokens), refreshes, and stores the new tokens in the same transaction that
 * releases the lease; the others wait for the lease and read what it stored. A refresh token Intuit
 * refuses makes the connection Needs Reauthorization (`onReauthorize`): nothing retries it.
 */
import { err, ok, relayError, type Result } from '../../lib/result.ts';
import type { Db } from '../../store/db.ts';
import type { SecretsRepo } from '../../store/secrets.ts';
import type { AccessTokens } from './api/types.ts';
import type { TokenSet } from './oauth/token-endpoint.ts';
import { qboCompaniesRepo, type TokenExpiries } from './store/companies.ts';

/** Names of a company's secrets. */
export const SECRET = { access: 'qbo_access_token', refresh: 'qbo_refresh_token' } as const;

/** Refresh this long before the access token expires. */
const EARLY_MS = 5 * 60_000;
/** A refresh lease lasts this long (a refresh call takes seconds; a holder that died lets go by then). */
const LEASE_MS = 30_000;
const WAIT_MS = 200;

/** Lifetimes of a token set received at `at`. */
export const expiriesOf = (t: TokenSet, at: number): TokenExpiries => ({
  accessExpiresAt: at + t.expiresIn * 1000,
  refreshExpiresAt: at + t.refreshExpiresIn * 1000,
  refreshHardExpiresAt: t.refreshHardExpiresIn === undefined ? null : at + t.refreshHardExpiresIn * 1000,
});

export interface TokenStoreDeps {
  readonly db: Db;
  readonly secrets: SecretsRepo;
  readonly connectionId: string;
  /** Intuit's refresh call (`oauth/`); `qbo_reauthorize` when the refresh token is dead. */
  refresh(refreshToken: string): Promise<Result<TokenSet>>;
  /** This relay process, as lease holder. */
  readonly owner: string;
  /** The refresh token is dead: a person must connect the company again. */
  onReauthorize(reason: string): Promise<void>;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** @example const tokens = createTokenStore({ db, secrets, connectionId, refresh, owner, onReauthorize }); */
export function createTokenStore(d: TokenStoreDeps): AccessTokens {
  const now = d.now ?? Date.now;
  const sleep = d.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const companies = qboCompaniesRepo(d.db, now);
  let cached: { token: string; version: number; expiresAt: number } | undefined;

  const reauthorize = relayError(
    'qbo_reauthorize',
    'QuickBooks Online no longer accepts this connection: an admin must connect the company again.',
  );

  async function stored(): Promise<Result<{ token: string; version: number; expiresAt: number }>> {
    const company = await companies.byConnection(d.connectionId);
    if (!company) return err(reauthorize);
    if (cached && cached.version === company.tokenVersion) return ok(cached);
    const token = await d.secrets.get(d.connectionId, SECRET.access);
    if (!token.ok) return token;
    if (!token.value) return err(reauthorize);
    cached = { token: token.value, version: company.tokenVersion, expiresAt: company.accessExpiresAt };
    return ok(cached);
  }

  /** Refreshes unless another relay did since `seen` (then its token is used). */
  async function refreshAfter(seen: number): Promise<Result<string>> {
    const until = now() + 2 * LEASE_MS;
    while (now() < until) {
      if (await companies.lease(d.connectionId, d.owner, LEASE_MS)) {
        try {
          return await refreshHoldingLease(seen);
        } finally {
          await companies.release(d.connectionId, d.owner);
        }
      }
      await sleep(WAIT_MS);
      const current = await stored();
      if (current.ok && current.value.version !== seen && current.value.expiresAt - EARLY_MS > now())
        return ok(current.value.token);
    }
    return err(
      relayError('qbo_token_busy', 'Another relay has been refreshing the QuickBooks Online tokens for a minute.', {
        retryable: true,
      }),
    );
  }

  async function refreshHoldingLease(seen: number): Promise<Result<string>> {
    // Re-read under the lease: another relay may have rotated the tokens while this one waited.
    const current = await stored();
    if (!current.ok) return current;
    if (current.value.version !== seen && current.value.expiresAt - EARLY_MS > now()) return ok(current.value.token);
    const refreshToken = await d.secrets.get(d.connectionId, SECRET.refresh);
    if (!refreshToken.ok) return refreshToken;
    if (!refreshToken.value) return err(reauthorize);
    const at = now();
    const fresh = await d.refresh(refreshToken.value);
    if (!fresh.ok) {
      if (fresh.error.code === 'qbo_reauthorize') await d.onReauthorize(fresh.error.message);
      return fresh;
    }
    const tokens = fresh.value;
    await d.db.transaction(async (tx) => {
      const secrets = d.secrets.within(tx);
      await secrets.put(d.connectionId, SECRET.access, tokens.accessToken);
      await secrets.put(d.connectionId, SECRET.refresh, tokens.refreshToken);
      await qboCompaniesRepo(tx, now).refreshed(d.connectionId, d.owner, expiriesOf(tokens, at));
    });
    cached = undefined;
    return ok(tokens.accessToken);
  }

  return {
    async current() {
      const s = await stored();
      if (!s.ok) return s;
      if (s.value.expiresAt - EARLY_MS > now()) return ok(s.value.token);
      return refreshAfter(s.value.version);
    },
    async renew(rejected) {
      const s = await stored();
      if (!s.ok) return s;
      // Another relay (or call) has already replaced the rejected token.
      if (s.value.token !== rejected && s.value.expiresAt - EARLY_MS > now()) return ok(s.value.token);
      return refreshAfter(s.value.version);
    },
  };
}
