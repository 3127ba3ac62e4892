/**
 * @module
 * QuickBooks Desktop through Conductor, as the registry sees it: a second transport for Desktop
 * company files, for teams already on Conductor. A connection per Conductor end user (one company
 * file) is made with `ledgerbridge connect conductor` (`connect-command.ts`), its secret key an
 * encrypted secret of the connection (`connections.ts`); a relay started with another
 * `CONDUCTOR_SECRET_KEY` stores that one instead (a rotated key). Conductor is on while
 * `CONDUCTOR_SECRET_KEY` is set. Its feed reads each company file
 * on a schedule (`feed/`), its source decodes what the feed stored into the records the Web
 * Connector path gives (`source.ts`, `mapping/`); its target writes a CRM's records into the
 * company file with the Web Connector path's mapping (`target/`).
 */
import type { System, SystemContext } from '../registry.ts';
import { topologyRepo } from '../../store/topology.ts';
import { conductorClients, SECRET_KEY, type ConductorClients } from './connections.ts';
import { createConductorFeed } from './feed/index.ts';
import { createConductorSource } from './source.ts';
import { createConductorTarget } from './target/index.ts';

/** One set of clients per relay (the feed's and the targets' share one queue per company file). */
const clientSets = new WeakMap<SystemContext, ConductorClients>();
function clientsOf(ctx: SystemContext): ConductorClients {
  let set = clientSets.get(ctx);
  if (!set) clientSets.set(ctx, (set = conductorClients({ ...ctx, config: ctx.config.conductor })));
  return set;
}

export const conductor: System = {
  name: 'conductor',
  title: 'QuickBooks Desktop (through Conductor)',
  side: 'books',
  async prepare({ config, store, secrets, log, now }) {
    const key = config.conductor.secretKey;
    if (!key) return;
    for (const c of await topologyRepo(store.db, now).connections('conductor')) {
      const stored = await secrets.get(c.id, SECRET_KEY);
      if (stored.ok && stored.value === key) continue;
      await secrets.put(c.id, SECRET_KEY, key);
      log.info('stored the configured Conductor secret key for a connection', { connection: c.id });
    }
  },
  // Conductor is on when its key is set, as QuickBooks Online is when its app is: a relay that does
  // not use it runs no engine for it (an engine's dispatch into the CRM would split the others' batches).
  source: ({ config, store, now }) => (config.conductor.secretKey ? createConductorSource(store.db, now) : undefined),
  // Every company file connected takes the CRM's records (pushed: the relay calls Conductor).
  async attach(connection, ctx) {
    if (ctx.config.conductor.secretKey === undefined) return undefined;
    const client = await clientsOf(ctx).of(connection);
    if (!client) return undefined;
    return {
      target: createConductorTarget({
        connectionId: connection.id,
        client,
        db: ctx.store.db,
        now: ctx.now,
        incomeAccount: ctx.config.qbwc.incomeAccount,
      }),
    };
  },
  feed: (ctx) =>
    ctx.config.conductor.secretKey === undefined
      ? undefined
      : createConductorFeed({
          store: ctx.store,
          log: ctx.log,
          now: ctx.now,
          clientFor: (c) => clientsOf(ctx).of(c),
          readMinutes: ctx.config.conductor.readMinutes,
          overlapSeconds: ctx.config.conductor.overlapSeconds,
        }),
};
