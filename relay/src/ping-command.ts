/**
 * @module
 * `ledgerbridge ping`: checks each configured system and says in words what is wrong and how to
 * fix it — the store, the Salesforce sign-in, the last QuickBooks Web Connector contact, and each
 * company file connected through Conductor (asked now). A relay with Conductor connections and no
 * Web Connector user is not told to set one up.
 */
import type { Config } from './config.ts';
import type { Logger } from './lib/logger.ts';
import { openStore, storeLocation, type Store } from './store/index.ts';
import type { Connection } from './store/connections.ts';
import { topologyRepo } from './store/topology.ts';
import { connectionHealth, inWords, pauseInWords } from './sync/health.ts';
import { SALESFORCE_PAUSE } from './systems/salesforce/target.ts';
import { createSalesforceClient } from './systems/salesforce/client.ts';
import { conductorChecks } from './systems/conductor/ping.ts';

type Check = { readonly name: string; readonly ok: boolean; readonly detail: string };

const FIXES: Record<string, string> = {
  sf_auth_invalid_client:
    'Check SF_CLIENT_ID and SF_CLIENT_SECRET: the consumer key and secret of the "Ledgerbridge Relay" External Client App.',
  sf_auth_revoked:
    'In Setup → External Client App Manager → Ledgerbridge Relay: enable the client credentials flow and choose a run-as user with the Ledgerbridge_Integration permission set.',
  sf_unavailable: 'Salesforce could not be reached: check SF_LOGIN_URL (your My Domain URL) and the network.',
};

const ago = (ms: number) => `${Math.round(ms / 60_000)} minute(s) ago`;

/** The sync's state as the store has it: the target's pause, failed records with the last reason, what is pending. */
async function syncCheck(store: Store, c: Connection, t: number): Promise<Check> {
  const topology = topologyRepo(store.db);
  const targets = await Promise.all(
    (await topology.flowsFrom(c.id)).map((f) => topology.connection(f.targetConnectionId)),
  );
  const pause = targets.find((target) => target?.pause)?.pause ?? undefined;
  const row = await topology.connection(c.id);
  if (!row) throw new Error(`no connection ${c.id}`);
  const h = await connectionHealth(store.db, row, t, SALESFORCE_PAUSE, pause);
  if (h.pause && h.pause.until > t)
    return { name: 'Sync', ok: false, detail: `Paused. ${pauseInWords(h.pause, t, SALESFORCE_PAUSE)}` };
  if (h.pause) return { name: 'Sync', ok: true, detail: `Catching up. ${pauseInWords(h.pause, t, SALESFORCE_PAUSE)}` };
  if (h.failed > 0)
    return {
      name: 'Sync',
      ok: false,
      detail: `${h.status}. ${h.lastError ?? ''} Fix the cause, then run \`ledgerbridge replay --failed\`.`,
    };
  const success = h.lastSuccessAt ? `last complete sync ${inWords(t - h.lastSuccessAt)} ago` : 'no complete sync yet';
  return { name: 'Sync', ok: true, detail: `${h.status}: ${h.pending} write(s) pending, ${success}.` };
}

/**
 * @param options.store an open store to read instead of the configured one (left open)
 * @returns the process exit code: 0 when every check passed
 */
export async function runPing(
  config: Config,
  log: Logger,
  out: (s: string) => void,
  { now = Date.now, store: given }: { now?: () => number; store?: Store } = {},
): Promise<number> {
  const checks: Check[] = [];
  try {
    const store = given ?? (await openStore(storeLocation(config)));
    try {
      checks.push({
        name: 'Store',
        ok: true,
        detail: `${config.store.kind}, schema version ${store.migrations.current}`,
      });
      const username = config.qbwc.username;
      const connection = username ? await store.connections.byUsername(username) : (await store.connections.list())[0];
      const throughConductor = await conductorChecks(config, store, now);
      if (!connection && !username && throughConductor.length > 0) {
        // Desktop is reached through Conductor only: no Web Connector user to set up.
      } else if (!connection) {
        checks.push({
          name: 'QuickBooks Desktop',
          ok: false,
          detail:
            'No Web Connector connection yet: set QBWC_USERNAME and QBWC_PASSWORD, start the relay, and add the file from `ledgerbridge qwc` to the Web Connector.',
        });
      } else if (!connection.lastContactAt && !connection.lastSessionAt) {
        checks.push({
          name: 'QuickBooks Desktop',
          ok: false,
          detail: `The Web Connector has not connected yet as "${connection.qbwcUsername}": open the .qwc file from \`ledgerbridge qwc\` in the Web Connector on the QuickBooks machine and enter the password.`,
        });
      } else {
        const t = now();
        const contact = connection.lastContactAt ?? connection.lastSessionAt ?? t;
        const session = connection.lastSessionAt
          ? `last completed session ${ago(t - connection.lastSessionAt)}`
          : 'no completed session yet';
        const problem = connection.health.status === 'error' || connection.health.status === 'warning';
        checks.push({
          name: 'QuickBooks Desktop',
          ok: !problem,
          detail:
            `Last Web Connector contact ${ago(t - contact)}${connection.company?.companyName ? ` (${connection.company.companyName})` : ''}, ${session}.` +
            (problem && connection.health.message ? ` ${connection.health.message}` : ''),
        });
      }
      if (connection) checks.push(await syncCheck(store, connection, now()));
      checks.push(...throughConductor);
    } finally {
      if (!given) await store.close();
    }
  } catch (error) {
    checks.push({ name: 'Store', ok: false, detail: `Cannot open the store: ${(error as Error).message}` });
  }
  if (!config.salesforce.auth) {
    checks.push({
      name: 'Salesforce',
      ok: false,
      detail: 'Not configured: set SF_LOGIN_URL, SF_CLIENT_ID and SF_CLIENT_SECRET (see README, "Deploy the package").',
    });
  } else {
    const sf = createSalesforceClient({ settings: config.salesforce, log, retry: { maxAttempts: 1 } });
    const signedIn = await sf.signIn();
    if (signedIn.ok) {
      const usage = sf.apiUsage();
      checks.push({
        name: 'Salesforce',
        ok: true,
        detail: `Signed in to ${signedIn.value.instanceUrl} (API ${sf.apiVersion})${usage ? `, API usage ${usage.used}/${usage.limit}` : ''}.`,
      });
    } else {
      checks.push({
        name: 'Salesforce',
        ok: false,
        detail: `${signedIn.error.message} ${FIXES[signedIn.error.code] ?? ''}`.trim(),
      });
    }
  }
  for (const c of checks) out(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}\n`);
  return checks.every((c) => c.ok) ? 0 : 1;
}
