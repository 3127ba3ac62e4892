/**
 * @module
 * The relay started in this process (embedded store in a temp directory, background loops off)
 * against a simulated org and a generated QuickBooks company behind the simulated Web Connector,
 * optionally with the org's Pub/Sub API (Change Data Capture) simulated beside it, the relay's
 * change feed subscribed to it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../relay/src/config.ts';
import { createLogger } from '../../relay/src/lib/logger.ts';
import { startRelay, type RunningRelay } from '../../relay/src/server.ts';
import type { Store } from '../../relay/src/store/index.ts';
import { upsertConnection } from '../../relay/src/systems/qbd/setup.ts';
import { createCompany, type Company, type CompanyOptions } from '../simulators/qbd/company/index.ts';
import { createWebConnector, type RunReport, type WebConnectorOptions } from '../simulators/qbd/webconnector/client.ts';
import { readQwc } from '../simulators/qbd/webconnector/qwc.ts';
import { startPubSubSimulator, type PubSubSimulator } from '../simulators/pubsub/index.ts';
import { startSalesforceSimulator, type SalesforceSimulator } from '../simulators/salesforce/index.ts';

export interface InProcessRelay {
  readonly relay: RunningRelay;
  readonly sim: SalesforceSimulator;
  /** The org's Pub/Sub API, when `pubsub` was asked for. */
  readonly pubsub: PubSubSimulator | undefined;
  readonly company: Company;
  readonly logs: string[];
  /** One Web Connector run, as QBWC does on its schedule (`extra`: another company in front of it, say). */
  webConnector(extra?: Partial<WebConnectorOptions>): Promise<RunReport>;
  /** Another company file with its own Web Connector user (as `ledgerbridge qwc --user` sets one up). */
  addCompany(username: string, company: CompanyOptions): Promise<AddedCompany>;
  /** Runs the relay's background work until nothing is left to do. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface AddedCompany {
  readonly company: Company;
  readonly connectionId: string;
  webConnector(extra?: Partial<WebConnectorOptions>): Promise<RunReport>;
}

export interface InProcessOptions {
  /** The relay's store (e.g. a PostgreSQL test schema); default: embedded, in the data directory. */
  readonly store?: Store;
  /** The relay's clock (its store's too, when `store` is given: open it with the same clock). */
  readonly now?: () => number;
  /** More relay settings (environment variables), e.g. `{ QBWC_TIME_ZONE: 'America/Los_Angeles' }`. */
  readonly env?: Readonly<Record<string, string>>;
  /** The Web Connector password of user `acme` (a store that already holds its hash); default: a random one. */
  readonly qbwcPassword?: string;
  /** Fills the simulated org before the relay starts (the records an earlier relay left there, say). */
  readonly org?: (sim: SalesforceSimulator) => void;
  /**
   * Simulates the org's Pub/Sub API (sessions are the org simulator's) and starts the relay's change
   * feed on it, though rounds still wait for `tick`. `before` runs before the relay starts (a refusal, say).
   */
  readonly pubsub?: { readonly before?: (pubsub: PubSubSimulator) => void };
}

/** The change events the simulated Pub/Sub API carries: the entities the relay follows, a field each. */
const CHANGE_EVENT_ENTITIES = {
  Account: [{ name: 'Name', type: 'string' }],
  Contact: [{ name: 'LastName', type: 'string' }],
  Product2: [{ name: 'Name', type: 'string' }],
  Opportunity: [{ name: 'StageName', type: 'string' }],
  OpportunityLineItem: [{ name: 'Quantity', type: 'double' }],
  QuickBooks_Sync_Request__c: [{ name: 'Status__c', type: 'string' }],
  QuickBooks_Sync_Log__c: [{ name: 'Replay_Requested__c', type: 'boolean' }],
} as const;

/**
 * What the relay still owes by itself: payloads to read, writes to send, runs to finish. Writes to
 * a QuickBooks Desktop company wait for its next Web Connector session, and so do their runs.
 */
const SETTLED = `SELECT (SELECT COUNT(*) FROM inbox WHERE status = 'pending') AS payloads,
  (SELECT COUNT(*) FROM outbox o JOIN connections c ON c.id = o.target_connection_id
    WHERE o.status IN ('pending', 'leased') AND c.system <> 'qbd') AS writes,
  (SELECT COUNT(*) FROM sync_runs r WHERE r.outcome = 'running' AND NOT EXISTS (
    SELECT 1 FROM outbox o JOIN connections c ON c.id = o.target_connection_id
    WHERE o.run_id = r.id AND o.status IN ('pending', 'leased') AND c.system = 'qbd')) AS runs`;

export async function startInProcessRelay(
  company: CompanyOptions,
  options: InProcessOptions = {},
): Promise<InProcessRelay> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-relay-'));
  const clientId = 'relay-test-client';
  const clientSecret = randomBytes(16).toString('hex');
  const password = options.qbwcPassword ?? randomBytes(8).toString('hex');
  const sim = await startSalesforceSimulator({ clientId, clientSecret });
  options.org?.(sim);
  const pubsub = options.pubsub
    ? await startPubSubSimulator({
        tenantId: sim.org.orgId,
        instanceUrl: sim.url,
        isValidToken: (token) => sim.org.sessions.check(`Bearer ${token}`),
        entities: CHANGE_EVENT_ENTITIES,
      })
    : undefined;
  if (pubsub) options.pubsub?.before?.(pubsub);
  const config = loadConfig({
    PORT: '0',
    LEDGERBRIDGE_DATA_DIR: dataDir,
    SF_LOGIN_URL: sim.url,
    SF_CLIENT_ID: clientId,
    SF_CLIENT_SECRET: clientSecret,
    QBWC_USERNAME: 'acme',
    QBWC_PASSWORD: password,
    SF_POLL_SECONDS: '1',
    ...(pubsub ? { SF_PUBSUB_URL: pubsub.address, SF_PUBSUB_INSECURE: 'true', SF_PUBSUB_RETRY_SECONDS: '1' } : {}),
    ...options.env,
  });
  const logs: string[] = [];
  const relay = await startRelay(config, createLogger({ level: 'info', write: (l) => logs.push(l) }), {
    background: false,
    feeds: Boolean(pubsub),
    ...(options.store ? { store: options.store } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const qb = createCompany(company);
  /** A Web Connector run as `username`, with the .qwc file the relay hands that user. */
  const runAs = async (username: string, secret: string, books: Company, extra: Partial<WebConnectorOptions>) => {
    const res = await fetch(`${relay.url}/qbwc/qwc`, {
      headers: { authorization: `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}` },
    });
    const app = readQwc(await res.text());
    return createWebConnector({
      url: `${relay.url}/qbwc`,
      username,
      password: secret,
      ownerId: app.ownerId,
      fileId: app.fileId,
      company: books,
      ...extra,
    }).run();
  };
  return {
    relay,
    sim,
    pubsub,
    company: qb,
    logs,
    webConnector: (extra = {}) => runAs('acme', password, qb, extra),
    async addCompany(username, options) {
      const secret = randomBytes(8).toString('hex');
      const connection = await upsertConnection(relay.runtime.store, { username, password: secret });
      const books = createCompany(options);
      return {
        company: books,
        connectionId: connection.id,
        webConnector: (extra = {}) => runAs(username, secret, books, extra),
      };
    },
    async settle() {
      for (let i = 0; i < 200; i++) {
        await relay.runtime.tick();
        const [owed] = await relay.runtime.store.db.query<{ payloads: number; writes: number; runs: number }>(SETTLED);
        if (!Number(owed?.payloads) && !Number(owed?.writes) && !Number(owed?.runs)) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('the relay did not settle');
    },
    async close() {
      await relay.close();
      await pubsub?.close();
      await sim.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
