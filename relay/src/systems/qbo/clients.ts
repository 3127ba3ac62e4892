/**
 * @module
 * One API client per connected company, made on first use and kept: its tokens from the store
 * (`tokens.ts`, refreshed single-flight across relays) and its own limiter (Intuit's limits are
 * per company), which also takes turns from the company's allowance shared with every relay on the
 * store (`store/allowance.ts`). A refresh token Intuit refuses makes the connection Needs Reauthorization, which
 * stops reading it (and only it) until an admin connects it again.
 */
import { randomUUID } from 'node:crypto';
import type { QboConfig } from '../../config.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Store } from '../../store/index.ts';
import type { SecretsRepo } from '../../store/secrets.ts';
import { createQboClient } from './api/client.ts';
import { createQboLimiter } from './api/limiter.ts';
import { withSharedAllowance } from './api/limiter-shared.ts';
import { qboAllowanceRepo } from './store/allowance.ts';
import type { QboClient } from './api/types.ts';
import { refreshTokens } from './oauth/token-endpoint.ts';
import type { QboCompany } from './store/companies.ts';
import { createTokenStore } from './tokens.ts';

export interface ClientsDeps {
  readonly config: QboConfig;
  readonly store: Store;
  readonly secrets: SecretsRepo;
  readonly log: Logger;
  readonly now: () => number;
}

/** What Needs Reauthorization says in the org, with what to do. */
export const reauthorizeInWords = (why: string) =>
  `QuickBooks Online no longer accepts this connection (${why.replace(/\.$/, '')}). An admin must reconnect it: use Connect QuickBooks Online on the Setup and health page, or run \`npm run ledgerbridge -- connect qbo\` and open the link it prints.`;

/** @example const clientFor = createClients(deps); clientFor(company).query('Customer') */
export function createClients(d: ClientsDeps): (company: QboCompany) => QboClient {
  const owner = randomUUID();
  const clients = new Map<string, QboClient>();
  return (company) => {
    const known = clients.get(company.connectionId);
    if (known) return known;
    const tokens = createTokenStore({
      db: d.store.db,
      secrets: d.secrets,
      connectionId: company.connectionId,
      owner,
      now: d.now,
      refresh: (refreshToken) =>
        refreshTokens({
          tokenUrl: d.config.tokenUrl,
          clientId: d.config.clientId,
          clientSecret: d.config.clientSecret,
          refreshToken,
        }),
      onReauthorize: async (why) => {
        d.log.warn('QuickBooks Online refused the refresh token: the company needs reconnecting', {
          connection: company.connectionId,
        });
        await d.store.connections.setHealth(
          company.connectionId,
          'reauthorize',
          'qbo_reauthorize',
          reauthorizeInWords(why),
        );
      },
    });
    const client = createQboClient({
      baseUrl: d.config.apiUrl,
      realmId: company.realmId,
      tokens,
      // Intuit's windows pass in real time, whatever clock the relay keeps; the company's
      // allowance is shared with every relay on the store.
      limiter: withSharedAllowance(
        createQboLimiter({}),
        qboAllowanceRepo(d.store.db, { connectionId: company.connectionId, owner }),
        {
          onReleaseError: (e) =>
            d.log.warn('a QuickBooks Online request slot was not released: its lease runs out instead', {
              connection: company.connectionId,
              error: e instanceof Error ? e.message : String(e),
            }),
        },
      ),
      now: d.now,
      log: d.log,
    });
    clients.set(company.connectionId, client);
    return client;
  };
}
