/**
 * @module
 * One-time connect links (`qbo_connect_tokens`, migration 21). An admin's `ledgerbridge connect qbo`
 * (or the org's connect request) issues a token valid 15 minutes; opening the link redeems it once
 * for an OAuth `state`, which Intuit's callback must bring back, once, within 15 minutes. Only
 * SHA-256 hashes are stored: the store alone cannot connect anything.
 */
import { createHash, randomBytes } from 'node:crypto';
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import type { Db } from '../../../store/db.ts';

/** How long a connect link, and the state it is exchanged for, stay valid. */
export const CONNECT_LINK_MS = 15 * 60_000;

const hash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('base64url');
const secret = () => randomBytes(32).toString('base64url');

/** @example const token = await connectTokensRepo(db).issue(); */
export function connectTokensRepo(db: Db, now: () => number = Date.now) {
  return {
    /** A new one-time connect token (the plaintext, shown once). */
    async issue(): Promise<{ token: string; expiresAt: number }> {
      const token = secret();
      const t = now();
      await db.query('INSERT INTO qbo_connect_tokens (token_hash, created_at, expires_at) VALUES ($1, $2, $3)', [
        hash(token),
        t,
        t + CONNECT_LINK_MS,
      ]);
      return { token, expiresAt: t + CONNECT_LINK_MS };
    },
    /** Redeems a connect token, once, for the OAuth state that goes to Intuit. */
    async redeem(token: string): Promise<Result<string>> {
      const t = now();
      const state = secret();
      const rows = await db.query<{ token_hash: string }>(
        `UPDATE qbo_connect_tokens SET used_at = $2, state_hash = $3, state_expires_at = $4
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING token_hash`,
        [hash(token), t, hash(state), t + CONNECT_LINK_MS],
      );
      if (rows.length > 0) return ok(state);
      const [row] = await db.query<{ used_at: number | null; expires_at: number }>(
        'SELECT used_at, expires_at FROM qbo_connect_tokens WHERE token_hash = $1',
        [hash(token)],
      );
      if (!row) return err(relayError('qbo_connect_link_unknown', 'This connect link is not one the relay issued.'));
      if (row.used_at !== null)
        return err(relayError('qbo_connect_link_used', 'This connect link was already used: each link works once.'));
      return err(
        relayError('qbo_connect_link_expired', 'This connect link has expired: links are valid for 15 minutes.'),
      );
    },
    /** Consumes the state Intuit's callback brought back, once. */
    async consumeState(state: string): Promise<Result<void>> {
      const t = now();
      const rows = await db.query<{ token_hash: string }>(
        `UPDATE qbo_connect_tokens SET state_used_at = $2
         WHERE state_hash = $1 AND state_used_at IS NULL AND state_expires_at > $2 RETURNING token_hash`,
        [hash(state), t],
      );
      if (rows.length > 0) return ok(undefined);
      const [row] = await db.query<{ state_used_at: number | null }>(
        'SELECT state_used_at FROM qbo_connect_tokens WHERE state_hash = $1',
        [hash(state)],
      );
      if (!row)
        return err(
          relayError(
            'qbo_state_unknown',
            'This sign-in did not start from a connect link of this relay (unknown state).',
          ),
        );
      if (row.state_used_at !== null)
        return err(relayError('qbo_state_used', 'This sign-in was already completed: open a new connect link.'));
      return err(relayError('qbo_state_expired', 'This sign-in took longer than 15 minutes: open a new connect link.'));
    },
  };
}
