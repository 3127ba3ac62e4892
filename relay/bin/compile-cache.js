// Node's compile cache for the relay. The relay is TypeScript run through Node's type stripping,
// and the stripper (a WebAssembly build of swc) is loaded the first time a .ts file has to be
// stripped: about 22 MiB of resident memory for the life of the process. Node's compile cache
// (module.enableCompileCache) keeps each file's stripped and compiled form, keyed by its content,
// so a process whose files all hit the cache never loads the stripper. The cache is kept apart per
// Node version and V8 flags, so `ledgerbridge start` warms it for the flags the service runs with:
// once per set of sources (a marker names their paths, sizes and modification times), a short-lived
// child process with those flags imports every relay module. Any failure here only costs memory.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCES = fileURLToPath(new URL('../src/', import.meta.url));
const WARM = fileURLToPath(new URL('./warm-modules.js', import.meta.url));

/** The relay's own modules: every .ts file under relay/src except tests and their fixtures. */
export function relayModules(root = SOURCES) {
  return fs
    .readdirSync(root, { recursive: true })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.split(path.sep).includes('fixtures'))
    .sort()
    .map((f) => path.join(root, f));
}

/** What decides whether a warmed cache still holds: Node, the flags, and each module's path, size and time. */
export function warmKey(flags, root = SOURCES) {
  const hash = createHash('sha256').update(`${process.version}\0${flags.join(' ')}\0`);
  for (const file of relayModules(root)) {
    const s = fs.statSync(file);
    hash.update(`${path.relative(root, file)}\0${s.size}\0${s.mtimeMs}\0`);
  }
  return hash.digest('hex').slice(0, 32);
}

/** Turns Node's compile cache on for this process; its directory, or undefined when it cannot be used. */
export function enableCache() {
  const { status } = module.enableCompileCache();
  const { ENABLED, ALREADY_ENABLED } = module.constants.compileCacheStatus;
  return status === ENABLED || status === ALREADY_ENABLED ? module.getCompileCacheDir() : undefined;
}

/**
 * Warms the cache for a relay that runs with `flags`, unless it was warmed for these flags and
 * sources already. 'warmed', 'fresh' (nothing to do) or 'off' (no usable cache directory).
 */
export function warmCompileCache(flags, { root = SOURCES, dir = enableCache() } = {}) {
  if (!dir) return 'off';
  const marker = path.join(dir, `ledgerbridge-${warmKey(flags, root)}`);
  if (fs.existsSync(marker)) return 'fresh';
  const run = spawnSync(process.execPath, [...flags, WARM, root], { stdio: 'ignore', timeout: 120_000 });
  if (run.status !== 0) return 'off';
  fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
  return 'warmed';
}
