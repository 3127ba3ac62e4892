/**
 * @module
 * Salesforce, as the registry sees it. An org is a connection: its sign-in settings in the row,
 * its client secret an encrypted secret of that connection. The org the environment configures
 * (`SF_LOGIN_URL`, `SF_CLIENT_ID`, `SF_CLIENT_SECRET`) is ensured at start-up as the connection
 * {@link ENV_ORG_CONNECTION_ID}; every org connection attaches as a target (pushed: we call it)
 * and as the engine's reporter (runs, health and failures as records of the package), with a companion that reads the org's sync requests and replays and reports them.
 * What the companion reads each round, and when, is the reading schedule's (`reading-schedule.ts`):
 * the org's Change Data Capture feed (`org-feed.ts`, one per org connection) says when something
 * changed, and polling takes over while it cannot be used.
 */
import { z } from 'zod';
import { topologyRepo, type ConnectionRow } from '../../store/topology.ts';
import type { AttachedTarget, System, SystemContext } from '../registry.ts';
import { createSalesforceClient } from './client.ts';
import { completeRequests, createSalesforcePoller } from './poller.ts';
import { booksFieldProblems, connectionProblems } from './books-field-check.ts';
import { createFieldMappingReader, withBooksProblems } from './field-mappings.ts';
import { createFieldPolicyReader } from './field-policy.ts';
import { createSalesforceReporter } from './reporter.ts';
import { salesforceResync } from './resync.ts';
import { createSalesforceSource } from './source.ts';
import { createChangeReader } from './changes.ts';
import { readMirrorBook } from './mirror-book.ts';
import { createOrgFeed } from './org-feed.ts';
import { FEED_ENTITIES, FIRST_ROUND, planReads, type ReadKind } from './reading-schedule.ts';
import { createSalesforceTarget, ENV_ORG_CONNECTION_ID } from './target.ts';

export { ENV_ORG_CONNECTION_ID };

/** An org connection's settings as stored (validated whenever it attaches: the row may be older than this code). */
const settingsSchema = z.object({
  loginUrl: z.url(),
  clientId: z.string().min(1),
  namespace: z.string(),
  apiVersion: z.string().regex(/^\d+\.\d$/),
  pollSeconds: z.number().int().positive(),
  bulkThreshold: z.number().int().positive(),
});

const CLIENT_SECRET = 'client_secret';

async function attach(connection: ConnectionRow, ctx: SystemContext): Promise<AttachedTarget | undefined> {
  const { log, now, secrets, store, config } = ctx;
  const settings = settingsSchema.safeParse(connection.settings);
  if (!settings.success) {
    log.warn('Salesforce is not configured: QuickBooks data is collected but not synced', {
      connection: connection.id,
      hint: 'set SF_LOGIN_URL, SF_CLIENT_ID and SF_CLIENT_SECRET (see .env.example)',
    });
    return undefined;
  }
  const secret = await secrets.get(connection.id, CLIENT_SECRET);
  if (!secret.ok || !secret.value) {
    log.warn('the org’s client secret cannot be read: this org is not synced', {
      connection: connection.id,
      ...(secret.ok ? {} : { code: secret.error.code }),
    });
    return undefined;
  }
  const s = settings.data;
  const client = createSalesforceClient({
    settings: {
      auth: { loginUrl: s.loginUrl, clientId: s.clientId, clientSecret: secret.value },
      namespace: s.namespace,
      apiVersion: s.apiVersion,
      pollSeconds: s.pollSeconds,
      bulkThreshold: s.bulkThreshold,
      pubsub: config.salesforce.pubsub,
    },
    log,
    now,
  });
  const mappings = createFieldMappingReader({ sf: client, log, now });
  /** Per books connection, the mappings its company has no custom field for (checked each round). */
  let booksProblems = new Map<string, string[]>();
  const target = createSalesforceTarget(client, { now, log, connectionId: connection.id, mappings });
  const policy = createFieldPolicyReader({ sf: client, log, now, mappings });
  const feed = createOrgFeed({
    pubsub: config.salesforce.pubsub,
    sf: client,
    store,
    connectionId: connection.id,
    log,
    now,
  });
  const changesInWords = () => {
    const status = feed.status();
    return status.changes === 'pubsub'
      ? 'By change events (Change Data Capture over the Pub/Sub API), with a safety read every hour.'
      : `By polling every minute: ${status.reason ?? 'change events are not in use.'}`;
  };
  const reporter = {
    ...createSalesforceReporter(connection.id, {
      changes: changesInWords,
      mappingProblems: (c) =>
        connectionProblems(withBooksProblems(mappings.last(), c.customFields), booksProblems.get(c.connectionKey)),
    }),
    fieldPolicy: policy.read,
  };
  return {
    target,
    reporter,
    mirrors: (booksConnectionId) => readMirrorBook(client, booksConnectionId),
    companion(engine) {
      // Won deals carry the values the org's mappings send into QuickBooks.
      const mapping = { mappings: async () => (await mappings.read()).mappings, log };
      const poller = createSalesforcePoller({
        sf: client,
        store,
        engine,
        target,
        reporter,
        log,
        now,
        webConnectorMinutes: config.qbwc.runEveryMinutes,
        mapping,
        mappings,
        ...(ctx.connectLinks ? { connectLinks: ctx.connectLinks } : {}),
        ...(ctx.deliveryInto ? { deliveryInto: ctx.deliveryInto } : {}),
      });
      const changes = createChangeReader({ sf: client, store, connectionId: connection.id, log, mappings, mapping });
      const notes = feed.notes();
      const read: Record<ReadKind, () => Promise<unknown>> = {
        changes: () => changes.readOnce(), // Accounts to send to QuickBooks
        requests: () => poller.pollOnce(), // sync requests and replay ticks
      };
      let schedule = FIRST_ROUND;
      return {
        async round(force) {
          // The mappings last read, against each books connection's own custom fields (no read of the org).
          const inForce = mappings.last()?.mappings ?? [];
          if (ctx.booksCustomFields) booksProblems = await booksFieldProblems(inForce, ctx.booksCustomFields);
          const notified = notes.take();
          const { changes: mode } = feed.status();
          const planned = planReads(schedule, { now: now(), mode, notified, force, pollMs: s.pollSeconds * 1000 });
          schedule = planned.next;
          for (const kind of planned.reads) {
            try {
              await read[kind]();
            } catch (error) {
              // Not read after all: what the feed named for it is read next round.
              notes.putBack([...notified].filter((entity) => FEED_ENTITIES[entity] === kind));
              throw error;
            }
          }
          await poller.reportStarted();
          await poller.answerPushed();
        },
        async runFinished(run) {
          await completeRequests(store, engine, run, now);
        },
        start: () => {
          // The org's mappings are read at start, so a first sync does not wait on them (then hourly).
          mappings
            .read()
            .catch((error: unknown) => log.warn('the field mappings were not read at start', { err: error }));
          return feed.start();
        },
        stop: () => feed.stop(),
        status: () => feed.status(),
      };
    },
  };
}

export const salesforce: System = {
  name: 'salesforce',
  title: 'Salesforce',
  side: 'crm',
  resync: salesforceResync,
  source: () => createSalesforceSource(),
  /** The environment's org becomes (or updates) its connection row; its secret is stored encrypted. */
  async prepare({ config, store, secrets }) {
    const auth = config.salesforce.auth;
    if (!auth) return;
    const { namespace, apiVersion, pollSeconds, bulkThreshold } = config.salesforce;
    await topologyRepo(store.db).ensureConnection({
      id: ENV_ORG_CONNECTION_ID,
      system: 'salesforce',
      label: new URL(auth.loginUrl).host,
      settings: { loginUrl: auth.loginUrl, clientId: auth.clientId, namespace, apiVersion, pollSeconds, bulkThreshold },
    });
    await secrets.put(ENV_ORG_CONNECTION_ID, CLIENT_SECRET, auth.clientSecret);
  },
  attach,
};
