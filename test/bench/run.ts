/**
 * `npm run bench`: runs every `test/bench/*.bench.ts` (or the ones named on the command line) in its
 * own Node process, one after another, so each reports its own CPU time and peak memory.
 * Everything from the first option on is handed to each benchmark run
 * (`npm run bench -- sync-50k --mappings --invoices 5000`). Benchmarks print their figures; they do
 * not pass or fail on timing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('-'));
const wanted = firstOption < 0 ? args : args.slice(0, firstOption);
const options = firstOption < 0 ? [] : args.slice(firstOption);
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

if (benches.length === 0) {
  console.log(wanted.length ? `No benchmark matches ${wanted.join(', ')}` : 'No benchmarks yet.');
}
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const run = spawnSync(process.execPath, ['--expose-gc', path.join(dir, file), ...options], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.log(`${file} exited with ${run.status ?? run.signal}`);
  }
}
process.exitCode = failed ? 1 : 0;
