import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKeyring, decryptSecret, encryptSecret, keyId, loadOrCreateKey, needsRotation } from './crypto.ts';

const newKey = () => randomBytes(32).toString('base64');

describe('secrets at rest', () => {
  it('round-trips a secret, and the token reveals neither the secret nor the key', () => {
    const key = newKey();
    const ring = createKeyring([key]);
    const token = encryptSecret(ring, 'refresh-token-value', 'connection:acme:qbo_refresh_token');
    expect(token).toMatch(/^lb1\.[0-9a-f]{16}\./);
    expect(token).not.toContain('refresh-token-value');
    expect(token).not.toContain(key);
    expect(decryptSecret(ring, token, 'connection:acme:qbo_refresh_token')).toEqual({
      ok: true,
      value: 'refresh-token-value',
    });
    // A fresh IV each time.
    expect(encryptSecret(ring, 'x', 'c')).not.toBe(encryptSecret(ring, 'x', 'c'));
  });

  it('refuses a token moved to another row, or altered', () => {
    const ring = createKeyring([newKey()]);
    const token = encryptSecret(ring, 's3cret', 'connection:acme:pw');
    const moved = decryptSecret(ring, token, 'connection:other:pw');
    expect(moved.ok || moved.error.code).toBe('crypto_tampered');
    const parts = token.split('.');
    parts[4] = Buffer.from('forged').toString('base64url');
    const altered = decryptSecret(ring, parts.join('.'), 'connection:acme:pw');
    expect(altered.ok || altered.error.code).toBe('crypto_tampered');
  });

  it('rotates keys: old secrets stay readable, new ones use the new key', () => {
    const oldKey = newKey();
    const oldToken = encryptSecret(createKeyring([oldKey]), 'v1', 'ctx');
    const rotated = createKeyring([newKey(), oldKey]);
    expect(decryptSecret(rotated, oldToken, 'ctx')).toEqual({ ok: true, value: 'v1' });
    expect(needsRotation(rotated, oldToken)).toBe(true);
    expect(needsRotation(rotated, encryptSecret(rotated, 'v2', 'ctx'))).toBe(false);
    const withoutOld = decryptSecret(createKeyring([newKey()]), oldToken, 'ctx');
    expect(withoutOld.ok || withoutOld.error.code).toBe('crypto_unknown_key');
    expect(withoutOld.ok || withoutOld.error.message).toContain(keyId(Buffer.from(oldKey, 'base64')));
  });

  it('generates a key file once, private to its owner, and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-key-'));
    const first = loadOrCreateKey(undefined, dir);
    expect(first.generated).toBe(true);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKey(undefined, dir)).toEqual({ key: first.key, generated: false });
    expect(loadOrCreateKey('configured', dir)).toEqual({ key: 'configured', generated: false });
    expect(() => createKeyring(['too-short'])).toThrow(/not a base64-encoded 32-byte key/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
