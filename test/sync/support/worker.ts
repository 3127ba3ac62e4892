/**
 * A relay sync worker as its own process, for the concurrency test: opens the shared PostgreSQL
 * store, drains it into the simulated org, prints what it did as JSON, and exits.
 * Environment: PG_URL, PG_SCHEMA, SF_URL, SF_CLIENT_ID, SF_CLIENT_SECRET, WORKER, START_AT (epoch ms).
 */
import { loadConfig } from '../../../relay/src/config.ts';
import { createLogger } from '../../../relay/src/lib/logger.ts';
import { openStore } from '../../../relay/src/store/index.ts';
import { createSyncEngine } from '../../../relay/src/sync/engine.ts';
import { createQbdSource } from '../../../relay/src/systems/qbd/source.ts';
import { createSalesforceClient } from '../../../relay/src/systems/salesforce/client.ts';
import { createSalesforceTarget } from '../../../relay/src/systems/salesforce/target.ts';
import { createSalesforceReporter } from '../../../relay/src/systems/salesforce/reporter.ts';

const env = process.env;
const config = loadConfig({
  SF_LOGIN_URL: env.SF_URL,
  SF_CLIENT_ID: env.SF_CLIENT_ID,
  SF_CLIENT_SECRET: env.SF_CLIENT_SECRET,
});
const log = createLogger({ level: 'warn' });
const store = await openStore({ kind: 'postgres', url: env.PG_URL!, schema: env.PG_SCHEMA! });
const sf = createSalesforceClient({ settings: config.salesforce, log, retry: { maxAttempts: 1 } });
const engine = createSyncEngine({
  store,
  source: createQbdSource({ connections: store.connections }),
  target: createSalesforceTarget(sf),
  reporter: createSalesforceReporter('salesforce'),
  log,
  worker: env.WORKER,
  backoff: () => 20,
  // Small rounds, so the two workers interleave.
  ingestLimit: 1,
  dispatchLimit: 20,
});
// Both workers start at the same moment, whatever their start-up times were.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(env.START_AT) - Date.now())));
const summary = await engine.drain({ waitForRetriesMs: 3000 });
await store.close();
process.stdout.write(JSON.stringify(summary) + '\n');
