import { randomBytes } from 'node:crypto';
import { testBackends } from '../../../test/qbwc/support/stores.ts';
import { createKeyring } from '../lib/crypto.ts';
import type { Store } from './index.ts';
import { secretsRepo } from './secrets.ts';
import { topologyRepo } from './topology.ts';

const key = () => randomBytes(32).toString('base64');

describe.each(testBackends().map((b) => [b.name, b] as const))('secrets at rest on %s', (_name, backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open();
    await topologyRepo(store.db).ensureConnection({ id: 'acme', system: 'qbo', label: 'Acme', settings: {} });
    await topologyRepo(store.db).ensureConnection({ id: 'other', system: 'qbo', label: 'Other', settings: {} });
  });
  afterEach(async () => {
    await store.close();
  });

  it('stores secrets encrypted, reads them back, and survives a key rotation', async () => {
    const oldKey = key();
    const before = secretsRepo(store.db, createKeyring([oldKey]));
    await before.put('acme', 'refresh_token', 'AB11-refresh-token-value');
    const [raw] = await store.db.query<{ value: string }>('SELECT value FROM secrets');
    expect(raw!.value).not.toContain('refresh-token-value');
    expect(await before.get('acme', 'refresh_token')).toEqual({ ok: true, value: 'AB11-refresh-token-value' });
    // Another connection's secret of the same name is its own, and one row cannot stand in for another.
    expect(await before.get('other', 'refresh_token')).toEqual({ ok: true, value: undefined });
    await store.db.query(
      "INSERT INTO secrets (connection_id, name, value, key_id, updated_at) SELECT 'other', name, value, key_id, 1 FROM secrets",
    );
    const copied = await before.get('other', 'refresh_token');
    expect(copied.ok).toBe(false);
    await before.delete('other', 'refresh_token');

    const rotated = secretsRepo(store.db, createKeyring([key(), oldKey]));
    expect(await rotated.rotate()).toEqual({ ok: true, value: 1 });
    expect(await rotated.rotate()).toEqual({ ok: true, value: 0 });
    expect(await rotated.get('acme', 'refresh_token')).toEqual({ ok: true, value: 'AB11-refresh-token-value' });
    // The old key alone can no longer read it, and says which key is missing.
    const stale = secretsRepo(store.db, createKeyring([oldKey]));
    expect((await stale.missingKeys()).length).toBe(1);
    const read = await stale.get('acme', 'refresh_token');
    expect(read.ok || read.error.code).toBe('crypto_unknown_key');
  });
});
