/**
 * @module
 * Secrets at rest: stored encrypted (AES-256-GCM, key id in every value, bound to the secret's
 * name), decrypted only on read. After a key rotation, {@link secretsRepo.rotate} re-encrypts
 * everything under the current key; a secret under a key that is no longer configured is reported,
 * never silently dropped.
 */
import { decryptSecret, encryptSecret, needsRotation, type Keyring } from '../lib/crypto.ts';
import { err, ok, relayError, type Result } from '../lib/result.ts';
import type { Db } from './db.ts';

const context = (name: string) => `secret:${name}`;

/** @example await secretsRepo(db, keyring).put('qbo:acme:refresh_token', token); */
export function secretsRepo(db: Db, keyring: Keyring, now: () => number = Date.now) {
  return {
    async put(name: string, plaintext: string): Promise<void> {
      await db.query(
        `INSERT INTO secrets (name, value, key_id, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, key_id = excluded.key_id, updated_at = excluded.updated_at`,
        [name, encryptSecret(keyring, plaintext, context(name)), keyring.currentKeyId, now()],
      );
    },
    async get(name: string): Promise<Result<string | undefined>> {
      const [row] = await db.query<{ value: string }>('SELECT value FROM secrets WHERE name = $1', [name]);
      if (!row) return ok(undefined);
      const plain = decryptSecret(keyring, row.value, context(name));
      return plain.ok ? ok(plain.value) : err(plain.error);
    },
    async delete(name: string): Promise<void> {
      await db.query('DELETE FROM secrets WHERE name = $1', [name]);
    },
    /** Key ids that stored secrets use and that the keyring lacks (they cannot be read). */
    async missingKeys(): Promise<string[]> {
      const rows = await db.query<{ key_id: string }>('SELECT DISTINCT key_id FROM secrets');
      return rows.map((r) => r.key_id).filter((id) => !keyring.keys.has(id));
    },
    /** Re-encrypts secrets stored under older keys with the current one; returns how many. */
    async rotate(): Promise<Result<number>> {
      const rows = await db.query<{ name: string; value: string }>('SELECT name, value FROM secrets');
      let n = 0;
      for (const r of rows) {
        if (!needsRotation(keyring, r.value)) continue;
        const plain = decryptSecret(keyring, r.value, context(r.name));
        if (!plain.ok) return err(relayError(plain.error.code, `Secret ${r.name}: ${plain.error.message}`));
        await db.query('UPDATE secrets SET value = $2, key_id = $3, updated_at = $4 WHERE name = $1', [
          r.name,
          encryptSecret(keyring, plain.value, context(r.name)),
          keyring.currentKeyId,
          now(),
        ]);
        n++;
      }
      return ok(n);
    },
  };
}
