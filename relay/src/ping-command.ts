/**
 * @module
 * `ledgerbridge ping`: checks each configured system and says in words what is wrong and how to
 * fix it — the store, the Salesforce sign-in, and the last QuickBooks Web Connector contact.
 */
import type { Config } from './config.ts';
import type { Logger } from './lib/logger.ts';
import { openStore, storeLocation } from './store/index.ts';
import { createSalesforceClient } from './systems/salesforce/client.ts';

type Check = { readonly name: string; readonly ok: boolean; readonly detail: string };

const FIXES: Record<string, string> = {
  sf_auth_invalid_client:
    'Check SF_CLIENT_ID and SF_CLIENT_SECRET: the consumer key and secret of the "Ledgerbridge Relay" External Client App.',
  sf_auth_revoked:
    'In Setup → External Client App Manager → Ledgerbridge Relay: enable the client credentials flow and choose a run-as user with the Ledgerbridge_Integration permission set.',
  sf_unavailable: 'Salesforce could not be reached: check SF_LOGIN_URL (your My Domain URL) and the network.',
};

/** @returns the process exit code: 0 when every check passed */
export async function runPing(config: Config, log: Logger, out: (s: string) => void, now = Date.now): Promise<number> {
  const checks: Check[] = [];
  try {
    const store = await openStore(storeLocation(config));
    try {
      checks.push({
        name: 'Store',
        ok: true,
        detail: `${config.store.kind}, schema version ${store.migrations.current}`,
      });
      const username = config.qbwc.username;
      const connection = username ? await store.connections.byUsername(username) : (await store.connections.list())[0];
      if (!connection) {
        checks.push({
          name: 'QuickBooks Desktop',
          ok: false,
          detail:
            'No Web Connector connection yet: set QBWC_USERNAME and QBWC_PASSWORD, start the relay, and add the file from `ledgerbridge qwc` to the Web Connector.',
        });
      } else if (!connection.lastSessionAt) {
        checks.push({
          name: 'QuickBooks Desktop',
          ok: false,
          detail: `The Web Connector has not connected yet as "${connection.qbwcUsername}": open the .qwc file from \`ledgerbridge qwc\` in the Web Connector on the QuickBooks machine and enter the password.`,
        });
      } else {
        const minutes = Math.round((now() - connection.lastSessionAt) / 60_000);
        const problem = connection.health.status === 'error' || connection.health.status === 'warning';
        checks.push({
          name: 'QuickBooks Desktop',
          ok: !problem,
          detail:
            `Last Web Connector contact ${minutes} minute(s) ago${connection.company?.companyName ? ` (${connection.company.companyName})` : ''}.` +
            (problem && connection.health.message ? ` ${connection.health.message}` : ''),
        });
      }
    } finally {
      await store.close();
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
