/**
 * @module
 * Dynamics 365 Sales, as the registry sees it. An environment is a connection: its sign-in
 * settings in the row, its client secret an encrypted secret of that connection. The environment
 * the settings describe (`DYNAMICS_URL`, tenant, client id and secret) is ensured at start-up as the
 * connection {@link ENV_DYNAMICS_CONNECTION_ID}; it attaches as a target (pushed: the relay calls
 * the Web API) once Ledgerbridge's unit group and price list are found or made there
 * (`target/sales-setup.ts`), and as the reporter of its flows (failures into its sync log). Its
 * route takes Dataverse's webhooks (`routes.ts`: stored, answered fast); its feed reads what they
 * named and what change tracking finds into the inbox (`feed/`), using the client the connection
 * attached with; its source decodes those pages (`source.ts`). An admin's field mappings
 * (`field-mappings/`, rows of `lb_fieldmapping`) add an account's columns both ways: onto the
 * target's writes, and to the feed's account reads.
 */
import { z } from 'zod';
import { topologyRepo, type ConnectionRow } from '../../store/topology.ts';
import type { AttachedTarget, System, SystemContext } from '../registry.ts';
import type { DataverseClient } from './api/index.ts';
import { createDynamicsFeed } from './feed/index.ts';
import { createDynamicsMappingReader, type DynamicsMappingReader } from './field-mappings/reader.ts';
import { withMappedReads } from './field-mappings/reads.ts';
import { createReplayReader } from './replays.ts';
import { createDynamicsReporter } from './reporter.ts';
import { dynamicsRoutes } from './routes.ts';
import { createDynamicsSource } from './source.ts';
import { dynamicsChangesRepo } from './store/changes.ts';
import { dynamicsEnvironmentsRepo } from './store/environments.ts';
import { createDynamicsTarget } from './target.ts';
import { salesSetup } from './target/sales-setup.ts';

/** The connection of the environment the settings describe. */
export const ENV_DYNAMICS_CONNECTION_ID = 'dynamics';
const CLIENT_SECRET = 'client_secret';
/** Dataverse's webhook bodies stay under 256 KB (larger ones arrive stripped of their images). */
const MAX_WEBHOOK_BYTES = 1024 * 1024;
/** Notices fetched are kept this long (a delivery retried later is still recognised), then pruned hourly. */
const NOTICES_KEPT_MS = 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

/** The signed-in clients of the connections attached, per relay: the feed reads with the target's client. */
const clientSets = new WeakMap<SystemContext, Map<string, DataverseClient>>();
const clientsOf = (ctx: SystemContext) => {
  let set = clientSets.get(ctx);
  if (!set) clientSets.set(ctx, (set = new Map()));
  return set;
};

/** The field mappings of the connections attached, per relay: the feed reads the columns they send to QuickBooks. */
const readerSets = new WeakMap<SystemContext, Map<string, DynamicsMappingReader>>();
const readersOf = (ctx: SystemContext) => {
  let set = readerSets.get(ctx);
  if (!set) readerSets.set(ctx, (set = new Map()));
  return set;
};

/** An environment connection's settings as stored (validated whenever it attaches: the row may be older than this code). */
const settingsSchema = z.object({
  url: z.url(),
  authorityUrl: z.url(),
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
});

async function attach(connection: ConnectionRow, ctx: SystemContext): Promise<AttachedTarget | undefined> {
  const { log, now, secrets, store } = ctx;
  const settings = settingsSchema.safeParse(connection.settings);
  const secret = await secrets.get(connection.id, CLIENT_SECRET);
  if (!settings.success || !secret.ok || !secret.value) {
    log.warn('the Dynamics environment’s settings or client secret cannot be read: it is not synced', {
      connection: connection.id,
    });
    return undefined;
  }
  const s = settings.data;
  // The Web API client (and Microsoft's sign-in library, about 13 MiB resident) is loaded only by a
  // relay that has a Dynamics environment.
  const { createDataverseClient } = await import('./api/index.ts');
  const client = createDataverseClient({
    ...s,
    clientSecret: secret.value,
    log,
    now,
    ...(ctx.signInFetch ? { signInFetch: ctx.signInFetch } : {}),
  });
  // The relay's own application user there: the webhooks of its own writes are not read back.
  const me = await client.whoAmI();
  if (me.ok && typeof me.value.UserId === 'string')
    await dynamicsEnvironmentsRepo(store.db, now).noteUser(connection.id, me.value.UserId);
  const setup = await salesSetup(client, s.url);
  if (!setup.ok) {
    log.warn('Ledgerbridge’s unit group and price list cannot be found or made in Dynamics: it is not synced yet', {
      connection: connection.id,
      code: setup.error.code,
      reason: setup.error.message,
    });
    return undefined;
  }
  clientsOf(ctx).set(connection.id, client);
  // The admin's field mappings, read at start and then at most hourly.
  const mappings = createDynamicsMappingReader({ client, db: store.db, log, now });
  await mappings.read();
  readersOf(ctx).set(connection.id, mappings);
  const reporter = createDynamicsReporter(connection.id);
  return {
    target: createDynamicsTarget({
      connectionId: connection.id,
      client,
      setup: setup.value,
      db: store.db,
      now,
      mappings,
      log,
    }),
    reporter,
    // Replays a person asks for on the sync log's rows.
    companion: (engine) => createReplayReader({ client, store, engine, reporter, log, now }),
  };
}

export const dynamics: System = {
  name: 'dynamics',
  title: 'Dynamics 365 Sales',
  side: 'crm',
  /** The configured environment becomes (or updates) its connection row; its secret is stored encrypted. */
  async prepare({ config, store, secrets, now }) {
    const d = config.dynamics;
    if (!d) return;
    await topologyRepo(store.db).ensureConnection({
      id: ENV_DYNAMICS_CONNECTION_ID,
      system: 'dynamics',
      label: new URL(d.url).host,
      settings: { url: d.url, authorityUrl: d.authorityUrl, tenantId: d.tenantId, clientId: d.clientId },
    });
    await secrets.put(ENV_DYNAMICS_CONNECTION_ID, CLIENT_SECRET, d.clientSecret);
    await dynamicsEnvironmentsRepo(store.db, now).ensure({ connectionId: ENV_DYNAMICS_CONNECTION_ID, url: d.url });
  },
  routes: ({ config, log, store, now }) =>
    dynamicsRoutes({
      config: config.dynamics,
      log,
      maxBodyBytes: MAX_WEBHOOK_BYTES,
      ...(store ? { store } : {}),
      ...(now ? { now } : {}),
    }),
  source: ({ config, now }) =>
    config.dynamics
      ? createDynamicsSource({
          now,
          orderTrigger: config.dynamics.orderTrigger,
          productItemType: config.dynamics.newItemsAs === 'service' ? 'Service' : 'NonInventory',
        })
      : undefined,
  feed(ctx) {
    const d = ctx.config.dynamics;
    if (!d) return undefined;
    const notices = dynamicsChangesRepo(ctx.store.db, ctx.now);
    const clients = clientsOf(ctx);
    const readers = readersOf(ctx);
    const feed = createDynamicsFeed({
      store: ctx.store,
      log: ctx.log,
      now: ctx.now,
      // Accounts are read with the columns the connection's field mappings send to QuickBooks.
      clientFor: (id) => {
        const client = clients.get(id);
        const reader = readers.get(id);
        return client && reader ? withMappedReads(client, reader) : client;
      },
      notices,
      changesMinutes: d.changesMinutes,
    });
    let prunedAt = 0;
    return {
      async round(force) {
        await feed.round(force);
        if (ctx.now() - prunedAt < PRUNE_EVERY_MS) return;
        prunedAt = ctx.now();
        await notices.prune(prunedAt - NOTICES_KEPT_MS);
      },
    };
  },
  attach,
};
