/**
 * @module
 * One-time connect links: `PUBLIC_URL/qbo/connect?token=…`, valid 15 minutes and good once
 * (`store/connect-tokens.ts`), as `ledgerbridge connect qbo` prints one and as the org's "Connect
 * QuickBooks Online" request is answered. A relay without an Intuit app has none to give, and says
 * so in words.
 */
import type { Config } from '../../config.ts';
import { err, ok, relayError, type Result } from '../../lib/result.ts';
import type { Db } from '../../store/db.ts';
import type { ConnectLinks } from '../registry.ts';
import { connectTokensRepo } from './store/connect-tokens.ts';

export const NOT_SET_UP =
  'QuickBooks Online is not set up on this relay: set QBO_CLIENT_ID, QBO_CLIENT_SECRET and QBO_WEBHOOK_VERIFIER_TOKEN (the keys of an Intuit app), restart the relay, and ask again.';

export interface ConnectLink {
  readonly url: string;
  readonly expiresAt: number;
  /** Where Intuit sends the admin back: a Redirect URI the Intuit app must list. */
  readonly redirectUri: string;
}

/** @example const link = await issueConnectLink(config, store.db); if (link.ok) open(link.value.url); */
export async function issueConnectLink(
  config: Config,
  db: Db,
  now: () => number = Date.now,
): Promise<Result<ConnectLink>> {
  if (!config.qbo) return err(relayError('qbo_not_configured', NOT_SET_UP));
  const { token, expiresAt } = await connectTokensRepo(db, now).issue();
  return ok({ url: `${config.publicUrl}/qbo/connect?token=${token}`, expiresAt, redirectUri: config.qbo.redirectUri });
}

/**
 * What the org's "Connect QuickBooks Online" request is answered with: a new link's address each call.
 * @example const links = qboConnectLinks(config, store.db); await links['QuickBooks Online']!();
 */
export const qboConnectLinks = (config: Config, db: Db, now: () => number = Date.now): ConnectLinks => ({
  'QuickBooks Online': async () => {
    const link = await issueConnectLink(config, db, now);
    return link.ok ? ok(link.value.url) : link;
  },
});
