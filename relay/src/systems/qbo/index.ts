/**
 * @module
 * QuickBooks Online, as the registry sees it. A company is a connection made at run time, by an
 * admin through a one-time connect link and Intuit's sign-in (`routes.ts`, `connect.ts`); its
 * tokens are secrets of that connection, refreshed single-flight across relays (`tokens.ts`). Its
 * routes are the connect link, Intuit's callback and the webhooks; it issues connect links for the
 * org to hand out (`connect-link.ts`); its feed reads companies into
 * the inbox (full reads, webhook notices, Change Data Capture: `feed.ts`); its source decodes what
 * the feed stored.
 */
import type { QboConfig } from '../../config.ts';
import type { System, SystemContext } from '../registry.ts';
import { createClients } from './clients.ts';
import { qboConnectLinks } from './connect-link.ts';
import { createQboFeed } from './feed.ts';
import { readQboFigures, rereadQbo } from './figures.ts';
import { err, relayError } from '../../lib/result.ts';
import { qboCompaniesRepo } from './store/companies.ts';
import { createQboTarget } from './target.ts';
import { qboRoutes } from './routes.ts';
import { createQboSource } from './source.ts';
import { qboFetchesRepo } from './store/fetches.ts';

/** A read older than this at start-up was a stopped relay's (with several relays, a younger one may be running). */
const ABANDONED_READ_MS = 15 * 60_000;

export const qbo: System = {
  name: 'qbo',
  title: 'QuickBooks Online',
  side: 'books',
  // Online reads a company whole or by Change Data Capture, never one kind alone: a resync has the
  // feed read it whole on its next round; what did not change is found so and not sent again.
  resync: {
    async readAgain({ store, now }, connectionId) {
      await qboCompaniesRepo(store.db, now).fullReadOwed(connectionId);
      return 'its feed reads the whole company again on its next round (what did not change is not sent again)';
    },
  },
  async prepare({ store, now, log }) {
    const before = store.db.profile.multiProcess ? now() - ABANDONED_READ_MS : now() + 1;
    const closed = await qboFetchesRepo(store.db, now).closeAbandoned(before);
    if (closed > 0) log.info('closed QuickBooks Online reads a stopped relay left open', { reads: closed });
  },
  routes: ({ config, log, store, secrets, now }) =>
    qboRoutes({
      config: config.qbo,
      log,
      ...(store ? { store } : {}),
      ...(secrets ? { secrets } : {}),
      ...(now ? { now } : {}),
    }),
  source: ({ store, config }) => (config.qbo ? createQboSource(store.db) : undefined),
  feed(ctx) {
    const config = ctx.config.qbo;
    if (!config) return undefined;
    return createQboFeed({ ...ctx, config, clientFor: clientsOf(ctx, config) });
  },
  // Every connected company takes the CRM's records (pushed: the relay calls Intuit).
  // The org's "Connect QuickBooks Online" request is answered with one of these.
  connectLinks: ({ config, store, now }) => qboConnectLinks(config, store.db, now),
  reconcile: {
    async figures(ctx, connectionId) {
      const company = ctx.config.qbo && (await qboCompaniesRepo(ctx.store.db, ctx.now).byConnection(connectionId));
      if (!ctx.config.qbo || !company)
        return err(relayError('qbo_not_connected', 'This QuickBooks Online company is not connected to this relay.'));
      return readQboFigures(clientsOf(ctx, ctx.config.qbo)(company));
    },
    reread: ({ store, now }, connectionId, records, reconciliationId) =>
      rereadQbo(store.db, now, connectionId, records, reconciliationId),
  },
  async attach(connection, ctx) {
    const config = ctx.config.qbo;
    const company = await qboCompaniesRepo(ctx.store.db, ctx.now).byConnection(connection.id);
    if (!config || !company) return undefined;
    const client = clientsOf(ctx, config)(company);
    return { target: createQboTarget({ connectionId: connection.id, client, db: ctx.store.db, now: ctx.now }) };
  },
};

/** One set of clients per relay (the feed's and the targets' share tokens and limiters). */
const clientSets = new WeakMap<SystemContext, ReturnType<typeof createClients>>();
function clientsOf(ctx: SystemContext, config: QboConfig) {
  let set = clientSets.get(ctx);
  if (!set) clientSets.set(ctx, (set = createClients({ ...ctx, config })));
  return set;
}
