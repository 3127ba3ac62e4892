/**
 * A small company's first sync (1,000 invoices with their lines, about 1,900 QuickBooks records):
 * no object reaches the Bulk threshold, so everything goes through sObject Collections and
 * Composite. Runs the full-sync bench (`sync-50k.bench.ts`) at that size and judges the Salesforce
 * API calls per 1,000 QuickBooks records against 5 (a Composite call carries five Collections of 200).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const run = spawnSync(
  process.execPath,
  ['--expose-gc', path.join(import.meta.dirname, 'sync-50k.bench.ts'), '--invoices', '1000', '--calls-per-1000', '5'],
  { stdio: 'inherit' },
);
process.exitCode = run.status ?? 1;
