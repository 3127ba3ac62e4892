import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from './config.ts';
import { createLogger } from './lib/logger.ts';
import { startRuntime, type Runtime } from './runtime.ts';
import { topologyRepo } from './store/topology.ts';

const quiet = createLogger({ level: 'silent' });
const key = () => randomBytes(32).toString('base64');
/** A connection whose credentials are secrets (an Online company, say). */
const online = (r: Runtime) =>
  topologyRepo(r.store.db).ensureConnection({ id: 'acme-online', system: 'qbo', label: 'Acme', settings: {} });

describe('relay runtime: the key for secrets at rest', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-rt-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates a key into the data directory on first run and reads secrets back after a restart', async () => {
    const config = loadConfig({ LEDGERBRIDGE_DATA_DIR: dir });
    const first = await startRuntime(config, quiet, { background: false });
    await online(first);
    await first.secrets.put('acme-online', 'refresh_token', 'token-1');
    await first.close();
    expect(fs.readFileSync(path.join(dir, 'secret.key'), 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const again = await startRuntime(config, quiet, { background: false });
    expect(await again.secrets.get('acme-online', 'refresh_token')).toEqual({ ok: true, value: 'token-1' });
    await again.close();
  });

  it('refuses to start without the key stored secrets need, and rotates to a new key when given the old one', async () => {
    const oldKey = key();
    const newKey = key();
    const first = await startRuntime(
      loadConfig({ LEDGERBRIDGE_DATA_DIR: dir, LEDGERBRIDGE_SECRET_KEY: oldKey }),
      quiet,
      {
        background: false,
      },
    );
    await online(first);
    await first.secrets.put('acme-online', 'refresh_token', 'token-2');
    await first.close();
    await expect(
      startRuntime(loadConfig({ LEDGERBRIDGE_DATA_DIR: dir, LEDGERBRIDGE_SECRET_KEY: newKey }), quiet, {
        background: false,
      }),
    ).rejects.toThrow(/encrypted with key\(s\) [0-9a-f]{16}, which are not configured/);
    const rotated = await startRuntime(
      loadConfig({
        LEDGERBRIDGE_DATA_DIR: dir,
        LEDGERBRIDGE_SECRET_KEY: newKey,
        LEDGERBRIDGE_PREVIOUS_SECRET_KEYS: oldKey,
      }),
      quiet,
      { background: false },
    );
    await rotated.close();
    const onlyNew = await startRuntime(
      loadConfig({ LEDGERBRIDGE_DATA_DIR: dir, LEDGERBRIDGE_SECRET_KEY: newKey }),
      quiet,
      {
        background: false,
      },
    );
    expect(await onlyNew.secrets.get('acme-online', 'refresh_token')).toEqual({ ok: true, value: 'token-2' });
    await onlyNew.close();
  });
});
