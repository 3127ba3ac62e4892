/**
 * @module
 * Secrets at rest: AES-256-GCM with a key id in every ciphertext, so keys can rotate (old keys stay
 * in the keyring for reading; new writes use the current key). Ciphertexts are bound to where they
 * are stored (associated data), so one row's secret cannot be pasted into another row.
 *
 * Token format: `lb1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id is the first 8
 * bytes of SHA-256 of the key, hex: it identifies a key without revealing it.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { err, ok, relayError, type Result } from './result.ts';

const PREFIX = 'lb1';

export interface Keyring {
  /** Id of the key new secrets are encrypted with. */
  readonly currentKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

/** `sha256(key)[0..8]` in hex. */
export const keyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

function decodeKey(base64: string, where: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${where} is not a base64-encoded 32-byte key`);
  return key;
}

/**
 * Builds the keyring: the current key (first) and older keys still needed to read old secrets.
 * @example createKeyring([currentBase64, previousBase64])
 */
export function createKeyring(base64Keys: readonly string[]): Keyring {
  if (base64Keys.length === 0) throw new Error('A keyring needs at least one key');
  const keys = new Map(base64Keys.map((k, i) => [keyId(decodeKey(k, `key ${i + 1}`)), decodeKey(k, `key ${i + 1}`)]));
  return { currentKeyId: keyId(decodeKey(base64Keys[0]!, 'key 1')), keys };
}

/**
 * The configured key, or the one in `<dataDir>/secret.key`, generated (mode 0600) on first run.
 * @returns base64 of the key and whether it was just generated.
 */
export function loadOrCreateKey(configured: string | undefined, dataDir: string): { key: string; generated: boolean } {
  if (configured) return { key: configured, generated: false };
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, 'utf8').trim();
    decodeKey(key, file);
    return { key, generated: false };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  fs.writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
  return { key, generated: true };
}

/**
 * Encrypts with the current key. `context` (e.g. `connection:acme:sf_refresh_token`) must be given
 * again to decrypt.
 * @example const token = encryptSecret(keyring, 'hunter2', 'connection:acme:qbo_refresh_token');
 */
export function encryptSecret(keyring: Keyring, plaintext: string, context: string): string {
  const key = keyring.keys.get(keyring.currentKeyId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const b64 = (b: Buffer) => b.toString('base64url');
  return [PREFIX, keyring.currentKeyId, b64(iv), b64(cipher.getAuthTag()), b64(ct)].join('.');
}

/** Decrypts a token made by {@link encryptSecret}; typed failures for unknown keys and tampering. */
export function decryptSecret(keyring: Keyring, token: string, context: string): Result<string> {
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== PREFIX) {
    return err(relayError('crypto_bad_token', 'Stored secret is not in a format this relay can read'));
  }
  const [, id, iv, tag, ct] = parts as [string, string, string, string, string];
  const key = keyring.keys.get(id);
  if (!key) {
    return err(
      relayError(
        'crypto_unknown_key',
        `Stored secret was encrypted with key ${id}, which is not configured; restore that key (LEDGERBRIDGE_SECRET_KEY or its previous keys)`,
      ),
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return ok(Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8'));
  } catch (cause) {
    return err(relayError('crypto_tampered', 'Stored secret failed its integrity check (altered or moved)', { cause }));
  }
}

/** True when the token needs re-encrypting under the current key (after a rotation). */
export const needsRotation = (keyring: Keyring, token: string): boolean => token.split('.')[1] !== keyring.currentKeyId;
