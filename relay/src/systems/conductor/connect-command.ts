/**
 * @module
 * `ledgerbridge connect conductor --end-user end_usr_…`: makes (or updates) the connection of one
 * Conductor end user — one QuickBooks Desktop company file — with the secret key
 * `CONDUCTOR_SECRET_KEY` stored encrypted as its secret. Conductor is asked first: a key it refuses
 * or an end user it does not know connects nothing (exit 1); QuickBooks not answering yet (not
 * running, a dialog open) connects, and says so. The relay's feed makes the first sync at its next
 * round. Running it again for the same end user keeps the connection and where reading stood.
 * `ledgerbridge disconnect conductor --end-user end_usr_…` forgets the key and stops syncing the
 * company file (its mirror stays in the CRM); connecting it again resumes.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { openStore, storeLocation, type Store } from '../../store/index.ts';
import { configuredSecrets } from '../../store/secrets.ts';
import { topologyRepo } from '../../store/topology.ts';
import { createConductorClient } from './api/index.ts';
import { END_USER_ID, SECRET_KEY, settingsOf } from './connections.ts';

export const CONNECT_USAGE = `ledgerbridge connect conductor --end-user END_USER_ID [--label NAME] [--home-currency CODE]

Connects a QuickBooks Desktop company file through Conductor: the Conductor end user
(end_usr_…, from Conductor's dashboard) whose Web Connector reaches it. CONDUCTOR_SECRET_KEY must
be set; it is stored encrypted with the connection. Conductor is asked whether QuickBooks answers.

  --end-user        the end user's id (end_usr_…)
  --label           the name the CRM shows for the company (default: the end user's id)
  --home-currency   the company's home currency, ISO 4217 (default USD; Conductor does not report it)`;

export const DISCONNECT_USAGE = `ledgerbridge disconnect conductor --end-user END_USER_ID

Forgets the Conductor secret key of that end user's connection and stops syncing its company file.
What was mirrored stays. \`ledgerbridge connect conductor --end-user …\` connects it again.`;

type Out = (s: string) => void;

export interface ConnectOptions {
  readonly now?: () => number;
  readonly store?: Store;
  readonly fetch?: typeof fetch;
}

/** @example await runConnectConductor(['--end-user', 'end_usr_1234567abcdefg'], config, out, err) */
export async function runConnectConductor(
  args: string[],
  config: Config,
  out: Out,
  errOut: Out,
  { now = Date.now, store: given, fetch: fetchFn }: ConnectOptions = {},
): Promise<number> {
  const parsed = parseArgs({
    args,
    options: { 'end-user': { type: 'string' }, label: { type: 'string' }, 'home-currency': { type: 'string' } },
    allowPositionals: false,
    strict: false,
  });
  const endUserId = parsed.values['end-user'];
  const currency = parsed.values['home-currency'] ?? 'USD';
  if (typeof endUserId !== 'string' || !END_USER_ID.test(endUserId)) {
    errOut(
      `${endUserId ? `"${String(endUserId)}" is not a Conductor end user id (end_usr_…).\n\n` : ''}${CONNECT_USAGE}\n`,
    );
    return 2;
  }
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
    errOut(`--home-currency is an ISO 4217 code such as USD or CAD.\n`);
    return 2;
  }
  const key = config.conductor.secretKey;
  if (!key) {
    errOut('Set CONDUCTOR_SECRET_KEY to your Conductor secret key (sk_…) to connect through Conductor.\n');
    return 78;
  }
  const client = createConductorClient({
    secretKey: key,
    endUserId,
    baseUrl: config.conductor.apiUrl,
    retries: 0,
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
  const health = await client.healthCheck();
  if (!health.ok && ['cdt_unauthorized', 'cdt_forbidden', 'cdt_unknown_end_user'].includes(health.error.code)) {
    errOut(`Nothing was connected. ${health.error.message}\n`);
    return 1;
  }
  const store = given ?? (await openStore(storeLocation(config), { now }));
  try {
    const secrets = configuredSecrets(config, store.db);
    const topology = topologyRepo(store.db, now);
    const existing = (await topology.connections('conductor')).find((c) => settingsOf(c)?.endUserId === endUserId);
    const id = existing?.id ?? randomUUID();
    const label = typeof parsed.values.label === 'string' ? parsed.values.label : (existing?.label ?? endUserId);
    await store.transaction(async (tx) => {
      await topologyRepo(tx.db, now).ensureConnection({
        id,
        system: 'conductor',
        label,
        settings: { endUserId, homeCurrency: currency },
      });
      await secrets.within(tx.db).put(id, SECRET_KEY, key);
      if (health.ok) await tx.connections.setHealth(id, 'ok', null, null);
      else await tx.connections.setHealth(id, 'error', health.error.code, health.error.message);
    });
    out(`${existing ? 'Updated' : 'Connected'} ${label} (Conductor end user ${endUserId}).\n`);
    out(
      health.ok
        ? 'QuickBooks answered through Conductor. The relay reads the company file at its next round.\n'
        : `QuickBooks did not answer yet: ${health.error.message}\nThe relay reads the company file once it does.\n`,
    );
    return 0;
  } finally {
    if (!given) await store.close();
  }
}

/** @example await runDisconnectConductor(['--end-user', 'end_usr_1234567abcdefg'], config, out, err) */
export async function runDisconnectConductor(
  args: string[],
  config: Config,
  out: Out,
  errOut: Out,
  { now = Date.now, store: given }: ConnectOptions = {},
): Promise<number> {
  const { values } = parseArgs({ args, options: { 'end-user': { type: 'string' } }, strict: false });
  const endUserId = values['end-user'];
  if (typeof endUserId !== 'string' || !END_USER_ID.test(endUserId)) {
    errOut(`${DISCONNECT_USAGE}\n`);
    return 2;
  }
  const store = given ?? (await openStore(storeLocation(config), { now }));
  try {
    const connection = (await topologyRepo(store.db, now).connections('conductor')).find(
      (c) => settingsOf(c)?.endUserId === endUserId,
    );
    if (!connection) {
      errOut(`No company file of Conductor end user ${endUserId} is connected.\n`);
      return 1;
    }
    const secrets = configuredSecrets(config, store.db);
    await store.transaction(async (tx) => {
      await secrets.within(tx.db).delete(connection.id, SECRET_KEY);
      await tx.connections.setHealth(
        connection.id,
        'reauthorize',
        'cdt_disconnected',
        'An admin disconnected this company file from Ledgerbridge: nothing is synced until it is connected again with `ledgerbridge connect conductor`.',
      );
    });
    out(`Disconnected ${connection.label} (Conductor end user ${endUserId}); its key is forgotten.\n`);
    return 0;
  } finally {
    if (!given) await store.close();
  }
}
