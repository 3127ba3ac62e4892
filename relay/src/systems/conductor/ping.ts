/**
 * @module
 * What `ledgerbridge ping` says of each Conductor connection: QuickBooks is asked through
 * Conductor's health check now (how long it took, or what is wrong in Conductor's words), with
 * when the relay last read the company file; a connection whose key was forgotten says how to
 * connect it again.
 */
import type { Config } from '../../config.ts';
import type { Store } from '../../store/index.ts';
import { configuredSecrets } from '../../store/secrets.ts';
import { topologyRepo } from '../../store/topology.ts';
import { inWords } from '../../sync/health.ts';
import { createConductorClient } from './api/index.ts';
import { SECRET_KEY, settingsOf } from './connections.ts';

export interface ConductorCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** @example for (const c of await conductorChecks(config, store, Date.now)) print(c) */
export async function conductorChecks(
  config: Config,
  store: Store,
  now: () => number,
  fetchFn?: typeof fetch,
): Promise<ConductorCheck[]> {
  const connections = await topologyRepo(store.db, now).connections('conductor');
  if (connections.length === 0) return [];
  const secrets = configuredSecrets(config, store.db);
  const checks: ConductorCheck[] = [];
  for (const c of connections) {
    const name = `QuickBooks Desktop through Conductor (${c.label})`;
    const settings = settingsOf(c);
    const secret = await secrets.get(c.id, SECRET_KEY);
    if (!settings || !secret.ok || !secret.value) {
      checks.push({
        name,
        ok: false,
        detail: 'Not connected (its key was forgotten): run `ledgerbridge connect conductor --end-user …` again.',
      });
      continue;
    }
    const client = createConductorClient({
      secretKey: secret.value,
      endUserId: settings.endUserId,
      baseUrl: config.conductor.apiUrl,
      retries: 0,
      ...(fetchFn ? { fetch: fetchFn } : {}),
    });
    const health = await client.healthCheck();
    const read = c.lastContactAt ? `last read ${inWords(now() - c.lastContactAt)} ago` : 'not read yet';
    checks.push(
      health.ok
        ? { name, ok: true, detail: `QuickBooks answered in ${health.value.duration} ms; ${read}.` }
        : { name, ok: false, detail: `${health.error.message} (${read})` },
    );
  }
  return checks;
}
