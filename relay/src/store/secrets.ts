/**
 * @module
 * Secrets at rest, each a connection's (an org's client secret, a realm's refresh token): stored
 * encrypted (AES-256-GCM, key id in every value, bound to the connection and the secret's name),
 * decrypted only on read. After a key rotation, {@link secretsRepo.rotate} re-encrypts
 * everything under the current key; a secret under a key that is no longer configured is reported,
 * never silently dropped.
 */
import type { Config } from '../config.ts';
import {
  createKeyring,
  decryptSecret,
  encryptSecret,
  loadOrCreateKey,
  needsRotation,
  type Keyring,
} from '../lib/crypto.ts';
import { err, ok, relayError, type Result } from '../lib/result.ts';
import type { Db } from './db.ts';

/** What a value is bound to: one connection's secret of one name, so no row can stand in for another. */
const context = (connectionId: string, name: string) => `secret:${JSON.stringify([connectionId, name])}`;

/** @example await secretsRepo(db, keyring).put('acme-online', 'refresh_token', token); */
export function secretsRepo(db: Db, keyring: Keyring, now: () => number = Date.now): SecretsRepo {
  return {
    /** The same secrets, read and written in `tx` (one transaction with other writes). */
    within: (tx: Db) => secretsRepo(tx, keyring, now),
    async put(connectionId: string, name: string, plaintext: string): Promise<void> {
      await db.query(
        `INSERT INTO secrets (connection_id, name, value, key_id, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (connection_id, name) DO UPDATE SET value = excluded.value, key_id = excluded.key_id,
           updated_at = excluded.updated_at`,
        [
          connectionId,
          name,
          encryptSecret(keyring, plaintext, context(connectionId, name)),
          keyring.currentKeyId,
          now(),
        ],
      );
    },
    async get(connectionId: string, name: string): Promise<Result<string | undefined>> {
      const [row] = await db.query<{ value: string }>(
        'SELECT value FROM secrets WHERE connection_id = $1 AND name = $2',
        [connectionId, name],
      );
      if (!row) return ok(undefined);
      const plain = decryptSecret(keyring, row.value, context(connectionId, name));
      return plain.ok ? ok(plain.value) : err(plain.error);
    },
    async delete(connectionId: string, name: string): Promise<void> {
      await db.query('DELETE FROM secrets WHERE connection_id = $1 AND name = $2', [connectionId, name]);
    },
    /** Key ids that stored secrets use and that the keyring lacks (they cannot be read). */
    async missingKeys(): Promise<string[]> {
      const rows = await db.query<{ key_id: string }>('SELECT DISTINCT key_id FROM secrets');
      return rows.map((r) => r.key_id).filter((id) => !keyring.keys.has(id));
    },
    /** Re-encrypts secrets stored under older keys with the current one; returns how many. */
    async rotate(): Promise<Result<number>> {
      const rows = await db.query<{ connection_id: string; name: string; value: string }>(
        'SELECT connection_id, name, value FROM secrets',
      );
      let n = 0;
      for (const r of rows) {
        if (!needsRotation(keyring, r.value)) continue;
        const plain = decryptSecret(keyring, r.value, context(r.connection_id, r.name));
        if (!plain.ok) {
          return err(relayError(plain.error.code, `Secret ${r.name} of ${r.connection_id}: ${plain.error.message}`));
        }
        await db.query(
          'UPDATE secrets SET value = $3, key_id = $4, updated_at = $5 WHERE connection_id = $1 AND name = $2',
          [
            r.connection_id,
            r.name,
            encryptSecret(keyring, plain.value, context(r.connection_id, r.name)),
            keyring.currentKeyId,
            now(),
          ],
        );
        n++;
      }
      return ok(n);
    },
  };
}

/**
 * The secrets a command opens from the configuration: the configured key (or the one generated
 * into the data directory) and the previous keys, over `db`.
 * @example const secrets = configuredSecrets(config, store.db);
 */
export function configuredSecrets(config: Config, db: Db): SecretsRepo {
  const { key } = loadOrCreateKey(config.secretKey, config.store.dataDir);
  return secretsRepo(db, createKeyring([key, ...config.previousSecretKeys]));
}

export interface SecretsRepo {
  within(tx: Db): SecretsRepo;
  put(connectionId: string, name: string, plaintext: string): Promise<void>;
  get(connectionId: string, name: string): Promise<Result<string | undefined>>;
  delete(connectionId: string, name: string): Promise<void>;
  missingKeys(): Promise<string[]>;
  rotate(): Promise<Result<number>>;
}
