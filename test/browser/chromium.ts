/**
 * @module
 * Which Chromium the browser tests drive: Debian's `/usr/bin/chromium` when it exists (it starts
 * faster and has the system fonts), otherwise the headless Chromium that ships inside the npm
 * package `@sparticuz/chromium` (unpacked to the OS temp directory on first use). With
 * `LEDGERBRIDGE_TEST_NPM_ONLY=1` the npm one is used even where Debian's is installed.
 * The package is passed in (harness.ts imports it) because it is an ES module Jest cannot load.
 */
import fs from 'node:fs';
import { npmOnly, NPM_ONLY_VARIABLE, type TestEnv } from '../support/toolchain.ts';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium otherwise calls home (component updates, sync, field trials) at start-up, which a
 * closed network refuses; a headless test run needs none of it.
 */
const QUIET_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * @sparticuz/chromium's flags are tuned for serverless hosts. Two would make the browser more
 * lenient than the one a person uses (a page relying on them must not pass here);
 * --single-process ends the whole browser when the first case closes its context; and its
 * --disable-features/--enable-features would replace playwright-core's own lists (Chromium keeps
 * the last of a repeated switch), which turn off the start-up requests to Google's services.
 */
const dropped = (flag: string) =>
  ['--disable-web-security', '--allow-running-insecure-content', '--single-process'].includes(flag) ||
  flag.startsWith('--disable-features=') ||
  flag.startsWith('--enable-features=');

/** What @sparticuz/chromium's default export offers. */
export interface NpmChromium {
  readonly args: readonly string[];
  executablePath(): Promise<string>;
}

export interface ChromiumChoice {
  readonly source: 'system' | 'npm';
  readonly executablePath: string;
  readonly args: readonly string[];
  /** One line for the test log. */
  readonly description: string;
}

export async function chooseChromium(
  npm: NpmChromium,
  env: TestEnv = process.env,
  systemExists: (file: string) => boolean = fs.existsSync,
): Promise<ChromiumChoice> {
  if (!npmOnly(env) && systemExists(SYSTEM_CHROMIUM)) {
    return {
      source: 'system',
      executablePath: SYSTEM_CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', ...QUIET_FLAGS],
      description: `browser: ${SYSTEM_CHROMIUM} (system; ${NPM_ONLY_VARIABLE}=1 uses @sparticuz/chromium instead)`,
    };
  }
  const why = npmOnly(env) ? `${NPM_ONLY_VARIABLE}=1` : `no ${SYSTEM_CHROMIUM}`;
  const executablePath = await npm.executablePath();
  return {
    source: 'npm',
    executablePath,
    args: [...npm.args.filter((flag) => !dropped(flag)), ...QUIET_FLAGS],
    description: `browser: @sparticuz/chromium from npm at ${executablePath} (${why})`,
  };
}
