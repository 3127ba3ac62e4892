import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { chooseChromium, SYSTEM_CHROMIUM, type NpmChromium } from './chromium.ts';

describe('which Chromium the browser tests drive', () => {
  const npm: NpmChromium = {
    args: ['--no-zygote', '--single-process', '--disable-web-security', '--disable-features=X', '--no-sandbox'],
    executablePath: () => Promise.resolve('/tmp/unpacked-chromium'),
  };
  const present = (file: string) => file === SYSTEM_CHROMIUM;
  const absent = () => false;

  it("prefers Debian's when it exists", async () => {
    expect(await chooseChromium(npm, {}, present)).toMatchObject({
      source: 'system',
      executablePath: SYSTEM_CHROMIUM,
    });
  });

  it('falls back to the one inside @sparticuz/chromium, without the flags that make it lenient or fragile', async () => {
    const choice = await chooseChromium(npm, {}, absent);
    expect(choice).toMatchObject({ source: 'npm', executablePath: '/tmp/unpacked-chromium' });
    expect(choice.args).toEqual([
      '--no-zygote',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ]);
    expect(choice.description).toContain(`no ${SYSTEM_CHROMIUM}`);
  });

  it('uses only the npm one when LEDGERBRIDGE_TEST_NPM_ONLY=1, even beside a system one', async () => {
    const choice = await chooseChromium(npm, { LEDGERBRIDGE_TEST_NPM_ONLY: '1' }, present);
    expect(choice.source).toBe('npm');
    expect(choice.description).toContain('LEDGERBRIDGE_TEST_NPM_ONLY=1');
  });

  it('unpacks the real package to an executable under the temp directory (Node, as the browser runner does)', () => {
    // @sparticuz/chromium is an ES module, which Jest's CommonJS runtime cannot load: ask Node.
    const script = [
      "import npm from '@sparticuz/chromium';",
      "import fs from 'node:fs';",
      "import { chooseChromium } from './test/browser/chromium.ts';",
      "const c = await chooseChromium(npm, { LEDGERBRIDGE_TEST_NPM_ONLY: '1' });",
      'fs.accessSync(c.executablePath, fs.constants.X_OK);',
      'console.log(JSON.stringify(c));',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.join(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stderr).toBe('');
    const choice = JSON.parse(run.stdout) as { source: string; executablePath: string; args: string[] };
    expect(choice.source).toBe('npm');
    expect(choice.args).not.toContain('--single-process');
    expect(choice.args).toContain('--disable-background-networking');
  });
});
