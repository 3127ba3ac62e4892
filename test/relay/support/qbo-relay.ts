/**
 * @module
 * The relay started in this process against a simulated org and a simulated QuickBooks Online
 * (both over loopback sockets), the relay's clock the Online simulator's (tests move time on with
 * `sim.clock.advance`). `connect()` goes the admin's way: `ledgerbridge connect qbo` prints a
 * one-time link, the link redirects to Intuit's consent page, Intuit's redirect comes back to the
 * relay's callback, which connects the company. Webhooks are registered at the relay's endpoint.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../../relay/src/config.ts';
import { createLogger } from '../../../relay/src/lib/logger.ts';
import { startRelay, type RunningRelay } from '../../../relay/src/server.ts';
import type { Store } from '../../../relay/src/store/index.ts';
import { runConnect } from '../../../relay/src/systems/qbo/connect-command.ts';
import { startQboSimulator, type QboSimulator } from '../../simulators/qbo/index.ts';
import type { CompanyOptions } from '../../simulators/qbo/company.ts';
import { startSalesforceSimulator, type SalesforceSimulator } from '../../simulators/salesforce/index.ts';

export interface QboRelay {
  readonly relay: RunningRelay;
  readonly config: Config;
  readonly org: SalesforceSimulator;
  readonly qbo: QboSimulator;
  readonly logs: string[];
  readonly verifierToken: string;
  /** A one-time connect link, as `ledgerbridge connect qbo` prints it (its last line). */
  connectLink(): Promise<string>;
  /** Opens a link as the admin's browser does, following the relay's and Intuit's redirects; the final page. */
  browse(link: string): Promise<{ status: number; text: string; url: string }>;
  /** The whole connect, ending on the callback's page. */
  connect(realmId?: string): Promise<{ status: number; text: string }>;
  /** Runs the relay's rounds until nothing is left to do. */
  settle(options?: { force?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export interface QboRelayOptions {
  readonly store?: Store;
  readonly companies?: readonly CompanyOptions[];
  readonly webhookFormat?: 'legacy' | 'cloudevents';
  /** CloudEvents sent as `application/cloudevents+json`. */
  readonly cloudEventsContentType?: boolean;
  readonly env?: Readonly<Record<string, string>>;
  /** The same data directory as another relay (its secret key), for relays sharing a store. */
  readonly dataDir?: string;
  /** Use this Online simulator (another relay's). */
  readonly qbo?: QboSimulator;
  readonly org?: SalesforceSimulator;
  /** Where the Online simulator's clock (the relay's) starts: a test of what is due on a day sets it. */
  readonly startAt?: number;
  /**
   * The clock also runs in real time (the default); false: it stands still until the test moves it,
   * as the soak's does (Intuit's per-second and per-minute limits are then lifted, as the soak lifts
   * them: a round's calls all fall in one simulated second).
   */
  readonly ticking?: boolean;
}

const SETTLED = `SELECT (SELECT COUNT(*) FROM inbox WHERE status = 'pending') AS payloads,
  (SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'leased')) AS writes,
  (SELECT COUNT(*) FROM sync_runs WHERE outcome = 'running') AS runs,
  (SELECT COUNT(*) FROM qbo_changes q JOIN connections c ON c.id = q.connection_id
    WHERE (q.fetched_seq IS NULL OR q.fetched_seq < q.seq) AND c.health_status <> 'reauthorize') AS notices`;

const CLIENT_ID = 'ledgerbridge-test-app';
const CLIENT_SECRET = 'intuit-app-secret-for-tests';

export async function startQboRelay(options: QboRelayOptions = {}): Promise<QboRelay> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lb-qbo-'));
  const ownDir = options.dataDir === undefined;
  const sfClientId = 'relay-test-client';
  const sfSecret = 'sf-secret-for-qbo-tests';
  const org = options.org ?? (await startSalesforceSimulator({ clientId: sfClientId, clientSecret: sfSecret }));
  const verifierToken = 'verifier-token-for-tests';
  // The relay listens on a port chosen at start; Intuit's redirect URI must be known first.
  const port = 20000 + Math.floor(Math.random() * 20000);
  const publicUrl = `http://127.0.0.1:${port}`;
  const qbo =
    options.qbo ??
    (await startQboSimulator({
      app: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${publicUrl}/qbo/callback`] },
      ...(options.companies ? { companies: options.companies } : {}),
      ...(options.startAt !== undefined ? { startAt: options.startAt } : {}),
      ticking: options.ticking ?? true,
      ...(options.ticking === false
        ? { limits: { perSecond: 100_000, perMinute: 100_000, batchPerMinute: 100_000 } }
        : {}),
    }));
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    LEDGERBRIDGE_DATA_DIR: dataDir,
    SF_LOGIN_URL: org.url,
    SF_CLIENT_ID: sfClientId,
    SF_CLIENT_SECRET: sfSecret,
    SF_POLL_SECONDS: '1',
    SF_PUBSUB: 'off',
    QBO_CLIENT_ID: CLIENT_ID,
    QBO_CLIENT_SECRET: CLIENT_SECRET,
    QBO_WEBHOOK_VERIFIER_TOKEN: verifierToken,
    QBO_AUTHORIZE_URL: `${qbo.url}/connect/oauth2`,
    QBO_TOKEN_URL: `${qbo.url}/oauth2/v1/tokens/bearer`,
    QBO_REVOKE_URL: `${qbo.url}/v2/oauth2/tokens/revoke`,
    QBO_API_URL: qbo.url,
    ...options.env,
  });
  const logs: string[] = [];
  const relay = await startRelay(config, createLogger({ level: 'info', write: (l) => logs.push(l) }), {
    background: false,
    feeds: false,
    now: () => qbo.clock.now(),
    ...(options.store ? { store: options.store } : {}),
  });
  if (!options.qbo)
    qbo.webhooks.register({
      url: `${publicUrl}/qbo/webhooks`,
      verifierToken,
      format: options.webhookFormat ?? 'legacy',
      cloudEventsContentType: options.cloudEventsContentType ?? false,
      auto: false,
    });

  const connectLink = async () => {
    let printed = '';
    const write = (s: string) => void (printed += s);
    // The command on this relay's store (a PostgreSQL test schema is not one the environment names).
    const code = await runConnect(['qbo'], config, write, write, {
      now: () => qbo.clock.now(),
      ...(options.store ? { store: options.store } : {}),
    });
    if (code !== 0) throw new Error(`connect qbo exited ${code}: ${printed}`);
    return printed.trim().split('\n').at(-1)!;
  };
  const browse = async (link: string) => {
    let url = link;
    for (let hops = 0; hops < 5; hops++) {
      const res = await fetch(url, { redirect: 'manual' });
      const next = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && next) {
        await res.arrayBuffer();
        url = new URL(next, url).toString();
        continue;
      }
      return { status: res.status, text: await res.text(), url };
    }
    throw new Error('too many redirects');
  };
  return {
    relay,
    config,
    org,
    qbo,
    logs,
    verifierToken,
    connectLink,
    browse,
    async connect(realmId) {
      qbo.oauth.nextConsent(realmId ? { realmId } : {});
      return browse(await connectLink());
    },
    async settle({ force = false } = {}) {
      let owed: Record<string, number> | undefined;
      for (let i = 0; i < 300; i++) {
        await relay.runtime.tick({ pollNow: force && i === 0 });
        await qbo.webhooks.flush();
        [owed] = await relay.runtime.store.db.query<Record<string, number>>(SETTLED);
        if (Object.values(owed ?? {}).every((n) => !Number(n)) && qbo.webhooks.pending().length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const stuck = await relay.runtime.store.db.query<{ system: string; request_kind: string }>(
        "SELECT system, request_kind FROM inbox WHERE status = 'pending'",
      );
      throw new Error(
        `the relay did not settle: ${JSON.stringify({ ...owed, stuck })}, ${qbo.webhooks.pending().length} webhooks queued`,
      );
    },
    async close() {
      await relay.close();
      if (!options.qbo) await qbo.close();
      if (!options.org) await org.close();
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
