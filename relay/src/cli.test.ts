import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const bin = path.resolve(import.meta.dirname, '..', 'bin', 'ledgerbridge.js');
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });

describe('ledgerbridge command line', () => {
  it('prints help listing the commands, and exits 2 on an unknown command', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: ledgerbridge <command>/);
    expect(help.stdout).toMatch(/start\s+Run the relay/);
    expect(help.stdout).toMatch(/dynamics\s+Create in the Dynamics 365 environment what Ledgerbridge needs/);
    const unknown = run(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
  });

  it('`dynamics provision` explains itself, and without Dynamics settings says which to set (exit 2)', () => {
    const help = run(['dynamics', 'provision', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ledgerbridge dynamics provision \[--dry-run\]/);
    expect(help.stdout).toContain('--dry-run   print what would be created, and change nothing');
    const unset = run(['dynamics', 'provision']);
    expect(unset.status).toBe(2);
    expect(unset.stderr).toContain('Dynamics 365 is not configured: set DYNAMICS_URL, DYNAMICS_TENANT_ID');
    expect(run(['dynamics', 'frobnicate']).status).toBe(2);
  });

  it('refuses a bad configuration with every problem listed and exit code 78', () => {
    const result = run(['config'], { PORT: 'x', DATABASE_URL: 'mysql://db', SF_CLIENT_SECRET: 'never-shown-secret' });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/Invalid configuration:/);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/DATABASE_URL/);
    expect(result.stderr).not.toContain('never-shown-secret');
  });

  it('`start` serves /health and drains on SIGTERM', async () => {
    // The relay writes its database and secret key there: never inside the working tree.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-cli-'));
    const child = spawn(process.execPath, [bin, 'start'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        LEDGERBRIDGE_DATA_DIR: dataDir,
      },
    });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`relay did not start: ${stderr}`)), 15000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /"url":"(http:\/\/[^"]+)"/.exec(stderr);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', store: 'embedded' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/"msg":"shutting down","signal":"SIGTERM"/);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
