/**
 * @module
 * Which tools the tests may borrow from the machine. The suite needs only what `npm install`
 * brings (xmllint-wasm, the Chromium inside @sparticuz/chromium); Debian's `xmllint` and
 * `/usr/bin/chromium` are used when present because they start faster. CI sets
 * `LEDGERBRIDGE_TEST_NPM_ONLY=1` so that the npm-only path is the one proven, even on a machine
 * that has the system tools. Test-only: the relay never reads this (its settings live in
 * relay/src/config.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

export const NPM_ONLY_VARIABLE = 'LEDGERBRIDGE_TEST_NPM_ONLY';

export type TestEnv = Readonly<Record<string, string | undefined>>;

/** True when the tests must ignore system tools even where they are installed. */
export function npmOnly(env: TestEnv = process.env): boolean {
  return env[NPM_ONLY_VARIABLE] === '1';
}

/** The first executable called `name` on `PATH`, or undefined. */
export function onPath(name: string, env: TestEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here: keep looking.
    }
  }
  return undefined;
}
