/**
 * @module
 * The Online soak's rig: one simulated org, one simulated QuickBooks Online company, one store
 * (embedded in a file, or a PostgreSQL schema) and one or two relays in this process on that
 * store, all on the Online simulator's clock (compressed: it moves only when the soak moves it),
 * the org's included.
 * The company is connected the admin's way (`ledgerbridge connect qbo`, Intuit's consent, the
 * relay's callback); Intuit's webhooks go to the first relay and are sent when the rig flushes
 * them. A relay can be restarted over the same store, as after a crash.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../relay/src/config.ts';
import { createLogger } from '../../relay/src/lib/logger.ts';
import { startRelay, type RunningRelay } from '../../relay/src/server.ts';
import { openStore, type Store } from '../../relay/src/store/index.ts';
import { runConnect } from '../../relay/src/systems/qbo/connect-command.ts';
import { startQboSimulator, type QboSimulator } from '../simulators/qbo/index.ts';
import { startSalesforceSimulator, type SalesforceSimulator } from '../simulators/salesforce/index.ts';

const SF_CLIENT_ID = 'soak-client';
const SF_SECRET = randomBytes(12).toString('hex');
const QBO_CLIENT_ID = 'soak-intuit-app';
const QBO_SECRET = randomBytes(12).toString('hex');
const VERIFIER = 'soak-webhook-verifier';

export interface OnlineRigOptions {
  /** A PostgreSQL server to create a throw-away schema in; absent: the embedded store, in a file. */
  readonly postgresUrl?: string;
  readonly relays: 1 | 2;
  /** The clock starts here (ms since epoch). */
  readonly start: number;
}

export interface OnlineRig {
  readonly sim: SalesforceSimulator;
  readonly qbo: QboSimulator;
  readonly store: Store;
  readonly relays: RunningRelay[];
  /** The first relay's configuration (reconcile runs with it). */
  readonly config: Config;
  /** Every relay's round, Intuit's queued webhooks sent, until nothing is owed. */
  settle(): Promise<void>;
  /** Closes relay `index` and starts it again over the same store. */
  restart(index: number): Promise<void>;
  readonly logs: string[];
  close(): Promise<void>;
}

const SETTLED = `SELECT (SELECT COUNT(*) FROM inbox WHERE status = 'pending') AS payloads,
  (SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'leased')) AS writes,
  (SELECT COUNT(*) FROM sync_runs WHERE outcome = 'running') AS runs,
  (SELECT COUNT(*) FROM qbo_changes q JOIN connections c ON c.id = q.connection_id
    WHERE (q.fetched_seq IS NULL OR q.fetched_seq < q.seq) AND c.health_status <> 'reauthorize') AS notices`;

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Follows the relay's and Intuit's redirects as the admin's browser does; the final page. */
async function browse(link: string): Promise<{ status: number; text: string }> {
  let url = link;
  for (let hops = 0; hops < 5; hops++) {
    const res = await fetch(url, { redirect: 'manual' });
    const next = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && next) {
      await res.arrayBuffer();
      url = new URL(next, url).toString();
      continue;
    }
    return { status: res.status, text: await res.text() };
  }
  throw new Error('too many redirects');
}

export async function startOnlineRig(o: OnlineRigOptions): Promise<OnlineRig> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-soak-qbo-'));
  const schema = o.postgresUrl ? `lb_soak_${randomBytes(6).toString('hex')}` : undefined;
  if (o.postgresUrl) await admin(o.postgresUrl, `CREATE SCHEMA ${schema}`);
  const location = o.postgresUrl
    ? ({ kind: 'postgres', url: o.postgresUrl, schema: schema! } as const)
    : ({ kind: 'embedded', file: path.join(dataDir, 'store.db') } as const);
  // Intuit's redirect URI must be known before the relay listens: its port is chosen first.
  const ports = Array.from({ length: o.relays }, (_, i) => 20000 + Math.floor(Math.random() * 20000) + i);
  const publicUrl = (i: number) => `http://127.0.0.1:${ports[i]}`;
  const qbo = await startQboSimulator({
    app: { clientId: QBO_CLIENT_ID, clientSecret: QBO_SECRET, redirectUris: [`${publicUrl(0)}/qbo/callback`] },
    startAt: o.start,
    // The clock stands still while the relay works a round, so a round's calls all fall in one
    // simulated second: Intuit's per-second and per-minute windows would throttle every round.
    // The soak injects its 429s itself.
    limits: { perSecond: 100_000, perMinute: 100_000, batchPerMinute: 100_000 },
  });
  const now = () => qbo.clock.now();
  const stores: Store[] = [];
  for (let i = 0; i < o.relays; i++) stores.push(await openStore(location, { now }));
  // The org keeps the same compressed clock: its SystemModstamps (what the relay reads changes by)
  // and its sessions' idle time move with the soak's days, not with how fast this machine runs
  // them, so a seed replays the same run.
  const sim = await startSalesforceSimulator({ clientId: SF_CLIENT_ID, clientSecret: SF_SECRET, now });
  // The org counts every call against one allowance (no rolling window): give it the month's (the
  // calls spent are what the soak reports).
  sim.org.apiLimit = 30 * 100_000;
  const configs = ports.map((port, i) =>
    loadConfig({
      PORT: String(port),
      PUBLIC_URL: publicUrl(i),
      LEDGERBRIDGE_DATA_DIR: dataDir,
      LEDGERBRIDGE_SECRET_KEY: Buffer.alloc(32, 11).toString('base64'),
      SF_LOGIN_URL: sim.url,
      SF_CLIENT_ID,
      SF_CLIENT_SECRET: SF_SECRET,
      SF_POLL_SECONDS: '1',
      SF_PUBSUB: 'off',
      QBO_CLIENT_ID,
      QBO_CLIENT_SECRET: QBO_SECRET,
      QBO_WEBHOOK_VERIFIER_TOKEN: VERIFIER,
      QBO_AUTHORIZE_URL: `${qbo.url}/connect/oauth2`,
      QBO_TOKEN_URL: `${qbo.url}/oauth2/v1/tokens/bearer`,
      QBO_REVOKE_URL: `${qbo.url}/v2/oauth2/tokens/revoke`,
      QBO_API_URL: qbo.url,
    }),
  );
  const logs: string[] = [];
  const start = (i: number) =>
    startRelay(
      configs[i]!,
      createLogger({
        level: process.env.SOAK_DEBUG ? 'info' : 'warn',
        write: (l) => {
          if (process.env.SOAK_DEBUG) console.log(l);
          if (logs.length < 5000) logs.push(`relay ${i + 1}: ${l}`);
        },
      }),
      { background: false, feeds: false, store: stores[i]!, now },
    );
  const relays: RunningRelay[] = [];
  for (let i = 0; i < o.relays; i++) relays.push(await start(i));
  qbo.webhooks.register({ url: `${publicUrl(0)}/qbo/webhooks`, verifierToken: VERIFIER, auto: false });

  let printed = '';
  const write = (s: string) => void (printed += s);
  const code = await runConnect(['qbo'], configs[0]!, write, write, { now, store: stores[0]! });
  if (code !== 0) throw new Error(`connect qbo exited ${code}: ${printed}`);
  qbo.oauth.nextConsent({});
  const page = await browse(printed.trim().split('\n').at(-1)!);
  if (page.status !== 200) throw new Error(`the connect page: ${page.status} ${page.text.slice(0, 300)}`);

  return {
    sim,
    qbo,
    store: stores[0]!,
    relays,
    config: configs[0]!,
    logs,
    async settle() {
      let owed: Record<string, number> | undefined;
      let held = -1;
      for (let i = 0; i < 400; i++) {
        for (const r of relays) await r.runtime.tick({ pollNow: i === 0 });
        await qbo.webhooks.flush();
        [owed] = await stores[0]!.db.query<Record<string, number>>(SETTLED);
        // Events Intuit holds back wait for the next ones (they arrive out of order): not owed yet.
        const queued = qbo.webhooks.pending().length;
        if (Object.values(owed ?? {}).every((n) => !Number(n)) && (queued === 0 || queued === held)) return;
        held = queued;
        // A write waiting for its retry gets the minute it waits for.
        qbo.clock.advance(60_000);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const stuck = await stores[0]!.db.query(`SELECT * FROM outbox WHERE status IN ('pending', 'leased') LIMIT 5`);
      throw new Error(`the relays did not settle: still owed ${JSON.stringify(owed)}; ${JSON.stringify(stuck)}`);
    },
    async restart(index) {
      await relays[index]!.close();
      relays[index] = await start(index);
    },
    async close() {
      for (const r of relays) await r.close();
      for (const s of stores) await s.close();
      await sim.close();
      await qbo.close();
      if (o.postgresUrl) await admin(o.postgresUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
