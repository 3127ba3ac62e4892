/**
 * The compile cache `ledgerbridge start` warms (compile-cache.js): once warmed for the service's
 * flags, a process importing the relay never loads Node's TypeScript stripper (Node lists the
 * internal modules it loaded in `process.moduleLoadList`); it is warmed once per set of sources
 * and flags, again when a source changes. Each case runs in child processes with a cache
 * directory of its own (`NODE_COMPILE_CACHE`), as the relay's processes do.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = path.join(__dirname);
const RELAY_SOURCES = path.join(__dirname, '../src');
const FLAGS = ['--max-semi-space-size=16', '--max-old-space-size=256'];

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-compile-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs an ES module snippet in a child Node with `flags` and this test's cache; its stdout. */
function node(flags: string[], code: string): string {
  const run = spawnSync(process.execPath, [...flags, '--no-warnings', '--input-type=module', '-e', code], {
    env: { PATH: process.env.PATH ?? '', NODE_COMPILE_CACHE: path.join(dir, 'cache') },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`child failed (${run.status}): ${run.stderr}`);
  return run.stdout.trim();
}

const warm = (flags: string[], root: string) =>
  node(
    [],
    `import { warmCompileCache } from ${JSON.stringify(path.join(BIN, 'compile-cache.js'))};
     process.stdout.write(warmCompileCache(${JSON.stringify(flags)}, { root: ${JSON.stringify(root)} }));`,
  );

/** Whether a process with `flags` importing the relay's command line loads the stripper. */
const stripperLoaded = (flags: string[]) =>
  node(
    flags,
    `const { enableCache } = await import(${JSON.stringify(path.join(BIN, 'compile-cache.js'))});
     enableCache();
     await import(${JSON.stringify(path.join(RELAY_SOURCES, 'cli.ts'))});
     process.stdout.write(String(process.moduleLoadList.some((m) => m.includes('amaro'))));`,
  );

describe('the relay compile cache', () => {
  it('once warmed for the flags the relay runs with, the relay loads without the TypeScript stripper', () => {
    expect(stripperLoaded(FLAGS)).toBe('true'); // a cold cache strips
    expect(warm(FLAGS, RELAY_SOURCES)).toBe('warmed');
    expect(stripperLoaded(FLAGS)).toBe('false');
    expect(stripperLoaded(['--max-semi-space-size=8'])).toBe('true'); // other flags, another cache
  });

  it('is warmed once per set of sources and flags, and again when a module changes', () => {
    const root = path.join(dir, 'src');
    fs.mkdirSync(path.join(root, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(root, 'lib/a.ts'), 'export const a: number = 1;\n');
    fs.writeFileSync(path.join(root, 'b.ts'), "import { a } from './lib/a.ts';\nexport const b: number = a + 1;\n");
    fs.writeFileSync(path.join(root, 'b.test.ts'), 'throw new Error("tests are not relay modules");\n');
    expect(warm(FLAGS, root)).toBe('warmed');
    expect(warm(FLAGS, root)).toBe('fresh');
    fs.writeFileSync(path.join(root, 'b.test.ts'), 'throw new Error("still not a relay module");\n');
    expect(warm(FLAGS, root)).toBe('fresh'); // a test is not what the relay runs
    expect(warm(['--max-semi-space-size=8'], root)).toBe('warmed');
    fs.writeFileSync(path.join(root, 'lib/a.ts'), 'export const a: number = 41;\n');
    expect(warm(FLAGS, root)).toBe('warmed');
    expect(warm(FLAGS, root)).toBe('fresh');
  });
});
