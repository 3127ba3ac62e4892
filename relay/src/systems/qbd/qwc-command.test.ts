import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config.ts';
import { openStore, storeLocation } from '../../store/index.ts';
import { verifyPassword } from './auth.ts';
import { runQwc } from './qwc-command.ts';

describe('ledgerbridge qwc', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-qwc-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const config = () =>
    loadConfig({ LEDGERBRIDGE_DATA_DIR: dir, QBWC_USERNAME: 'acme', QBWC_PASSWORD: 'acme password 123' });
  const run = async (args: string[], input?: string) => {
    let out = '';
    let err = '';
    const code = await runQwc(args, config(), {
      out: (s) => (out += s),
      err: (s) => (err += s),
      ...(input === undefined ? {} : { input: async () => input }),
    });
    return { code, out, err };
  };

  it('sets up a second company file’s Web Connector user from a password on standard input, and writes its file', async () => {
    const second = await run(['--user', 'globex', '--password-stdin', '--out', '-'], 'globex password 456\n');
    expect(second.code).toBe(0);
    expect(second.err).toContain('Web Connector user "globex" can sign in with that password.');
    expect(second.out).toContain('<UserName>globex</UserName>');
    expect(second.out).not.toContain('globex password');
    const store = await openStore(storeLocation(config()));
    try {
      const users = (await store.connections.list()).map((c) => c.qbwcUsername).sort();
      expect(users).toEqual(['acme', 'globex']);
      const globex = (await store.connections.byUsername('globex'))!;
      expect(await verifyPassword('globex password 456', globex.passwordHash)).toBe(true);
      expect(globex.fileId).not.toBe((await store.connections.byUsername('acme'))!.fileId);
    } finally {
      await store.close();
    }
    // Without --user there are now two connections to choose from.
    const which = await run(['--out', '-']);
    expect(which.code).toBe(0); // QBWC_USERNAME names one
  });

  it('refuses a short password, or one with no user to set it for, and stores nothing', async () => {
    expect(await run(['--user', 'globex', '--password-stdin'], 'short\n')).toMatchObject({
      code: 2,
      err: expect.stringContaining('at least 12 characters (it read 5)'),
    });
    expect(await run(['--password-stdin'], 'a long enough password\n')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--user NAME'),
    });
    const store = await openStore(storeLocation(config()));
    try {
      expect((await store.connections.list()).map((c) => c.qbwcUsername)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
