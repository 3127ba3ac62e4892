/**
 * @module
 * `ledgerbridge connect qbo` and `ledgerbridge disconnect qbo`.
 * - connect: issues a one-time connect link (valid 15 minutes) and prints it alone on the last line,
 *   so a script can take it with `tail -1`. Opening it signs an admin in to Intuit; nobody can
 *   connect a company without such a link.
 * - disconnect: revokes the company's tokens at Intuit, forgets them, and stops reading the
 *   company (its mirrored records stay in the CRM); connecting it again resumes.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { openStore, storeLocation, type Store } from '../../store/index.ts';
import { configuredSecrets } from '../../store/secrets.ts';
import { revokeToken } from './oauth/token-endpoint.ts';
import { qboCompaniesRepo } from './store/companies.ts';
import { issueConnectLink, NOT_SET_UP } from './connect-link.ts';
import { SECRET } from './tokens.ts';

export const CONNECT_USAGE = `ledgerbridge connect qbo

Prints a one-time link (valid 15 minutes) that connects a QuickBooks Online company: open it,
sign in to Intuit as an admin of the company, and choose the company. The link is alone on the
last line of the output.`;

export const DISCONNECT_USAGE = `ledgerbridge disconnect qbo --realm COMPANY_ID

Revokes the relay's access to a QuickBooks Online company, forgets its tokens and stops syncing it.
What was mirrored stays. \`ledgerbridge connect qbo\` connects it again.`;

type Out = (s: string) => void;

/** @example await runConnect(['qbo'], config, out, err) */
export async function runConnect(
  args: string[],
  config: Config,
  out: Out,
  errOut: Out,
  { now = Date.now, store: given }: { now?: () => number; store?: Store } = {},
): Promise<number> {
  if (args[0] !== 'qbo') {
    errOut(
      `Connect what? ${args[0] ? `"${args[0]}" is not a system this command connects.` : ''}\n\n${CONNECT_USAGE}\n`,
    );
    return 2;
  }
  const store = given ?? (await openStore(storeLocation(config), { now }));
  try {
    const link = await issueConnectLink(config, store.db, now);
    if (!link.ok) {
      errOut(`${link.error.message}\n`);
      return 78;
    }
    out(
      `Open this link within 15 minutes (until ${new Date(link.value.expiresAt).toISOString()}), sign in to Intuit as an admin of the company and choose it. It works once.\n`,
    );
    out(`Intuit will send you back to ${link.value.redirectUri}: it must be a Redirect URI of your Intuit app.\n`);
    out(`${link.value.url}\n`);
    return 0;
  } finally {
    if (!given) await store.close();
  }
}

/** @example await runDisconnect(['qbo', '--realm', '9341457021722202'], config, out, err) */
export async function runDisconnect(args: string[], config: Config, out: Out, errOut: Out): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    options: { realm: { type: 'string' } },
    allowPositionals: true,
    strict: false,
  });
  const realm = typeof values.realm === 'string' ? values.realm : undefined;
  if (positionals[0] !== 'qbo' || !realm) {
    errOut(`${DISCONNECT_USAGE}\n`);
    return 2;
  }
  if (!config.qbo) {
    errOut(`${NOT_SET_UP}\n`);
    return 78;
  }
  const store = await openStore(storeLocation(config));
  try {
    const company = await qboCompaniesRepo(store.db).byRealm(realm);
    if (!company) {
      errOut(`No QuickBooks Online company with ID ${realm} is connected.\n`);
      return 1;
    }
    const secrets = configuredSecrets(config, store.db);
    const refresh = await secrets.get(company.connectionId, SECRET.refresh);
    if (refresh.ok && refresh.value) {
      const revoked = await revokeToken({
        revokeUrl: config.qbo.revokeUrl,
        clientId: config.qbo.clientId,
        clientSecret: config.qbo.clientSecret,
        token: refresh.value,
      });
      if (!revoked.ok)
        errOut(`Intuit did not confirm the revocation (${revoked.error.message}); the tokens are forgotten anyway.\n`);
    }
    await store.transaction(async (tx) => {
      const own = secrets.within(tx.db);
      await own.delete(company.connectionId, SECRET.access);
      await own.delete(company.connectionId, SECRET.refresh);
      await tx.connections.setHealth(
        company.connectionId,
        'reauthorize',
        'qbo_disconnected',
        'An admin disconnected this QuickBooks Online company from Ledgerbridge: nothing is synced until it is connected again.',
      );
    });
    out(
      `Disconnected ${company.companyName ?? 'the company'} (company ID ${realm}); its tokens are revoked and forgotten.\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
