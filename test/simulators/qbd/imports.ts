/**
 * @module
 * Which relay modules the simulator's runtime reaches. The runtime is every simulator file except
 * tests and fixtures.ts (which records what the relay's own request builder sends); its imports are
 * followed transitively through relative paths, so a helper that re-exports a relay module counts.
 */
import fs from 'node:fs';
import path from 'node:path';

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function runtimeFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && path.basename(f) !== 'fixtures.ts')
    .map((f) => path.join(dir, f));
}

/**
 * `[importing file, imported relay file]` pairs reachable from the simulator's runtime files under
 * `simulatorDir`, paths relative to `repoRoot`.
 * @example relayImports('/repo/test/simulators/qbd', '/repo') // [] when independent
 */
export function relayImports(simulatorDir: string, repoRoot: string): [string, string][] {
  const relay = path.join(repoRoot, 'relay', 'src') + path.sep;
  const seen = new Set<string>();
  const found: [string, string][] = [];
  const queue = runtimeFiles(simulatorDir);
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? '';
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      if (target.startsWith(relay)) found.push([path.relative(repoRoot, file), path.relative(repoRoot, target)]);
      else if (fs.existsSync(target)) queue.push(target);
    }
  }
  return found.sort();
}
