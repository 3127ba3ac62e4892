/**
 * @module
 * The Dynamics leg's rig: one simulated Dataverse environment (provisioned as an admin does with
 * `ledgerbridge dynamics provision`), one simulated QuickBooks Desktop company behind its Web
 * Connector, one store (embedded SQLite in a file, or a PostgreSQL schema) and one relay in this
 * process, all on one compressed clock (the relay's, Dataverse's and the company's move together).
 * The relay can be restarted over the same store and port (Dataverse's webhooks keep their URL).
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
import { runProvision } from '../../relay/src/systems/dynamics/provision-command.ts';
import { startDataverseSimulator, type DataverseSimulator } from '../simulators/dynamics/index.ts';
import { createCompany, type Company, type CompanyOptions } from '../simulators/qbd/company/index.ts';
import { createWebConnector, type RunReport, type WebConnectorOptions } from '../simulators/qbd/webconnector/client.ts';
import { readQwc } from '../simulators/qbd/webconnector/qwc.ts';
import { trustingFetch } from '../relay/support/dynamics-client.ts';

export const USER = 'acme';
/** The client app the reps' edits come from (its own application user in Dataverse). */
export const REP_APP = 'sales-rep-app';
const RELAY_APP = 'lb-app';

export interface DynamicsRigOptions {
  readonly company: CompanyOptions;
  readonly postgresUrl?: string;
  /** The clocks start here (ms since epoch). */
  readonly start: number;
}

export interface DynamicsRig {
  readonly dataverse: DataverseSimulator;
  readonly company: Company;
  readonly store: Store;
  readonly relay: () => RunningRelay;
  readonly config: Config;
  /** Dataverse's application users: the relay's and the reps'. */
  readonly users: { readonly relay: string; readonly reps: string };
  readonly now: () => number;
  /** Moves every clock by `ms`. */
  advance(ms: number): void;
  webConnector(extra?: Partial<WebConnectorOptions>): Promise<RunReport>;
  /** The relay's rounds, webhooks delivered first, until nothing is owed but writes waiting for a session. */
  settle(): Promise<void>;
  /** Closes the relay and starts it again over the same store. */
  restart(): Promise<void>;
  readonly logs: string[];
  close(): Promise<void>;
}

const SETTLED = `SELECT (SELECT COUNT(*) FROM inbox WHERE status = 'pending') AS payloads,
  (SELECT COUNT(*) FROM outbox o JOIN connections c ON c.id = o.target_connection_id
    WHERE o.status IN ('pending', 'leased') AND c.system <> 'qbd') AS writes,
  (SELECT COUNT(*) FROM dynamics_changes WHERE status = 'pending') AS notices`;

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function startDynamicsRig(o: DynamicsRigOptions): Promise<DynamicsRig> {
  let t = o.start;
  const now = () => t;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-soak-dyn-'));
  const schema = o.postgresUrl ? `lb_soak_${randomBytes(6).toString('hex')}` : undefined;
  if (o.postgresUrl) await admin(o.postgresUrl, `CREATE SCHEMA ${schema}`);
  const location = o.postgresUrl
    ? ({ kind: 'postgres', url: o.postgresUrl, schema: schema! } as const)
    : ({ kind: 'embedded', file: path.join(dataDir, 'store.db') } as const);
  const store = await openStore(location, { now });
  const dataverse = await startDataverseSimulator({
    clientId: RELAY_APP,
    clientSecret: 'lb-app-secret',
    apps: [{ clientId: REP_APP, clientSecret: 'sales-rep-secret' }],
    startAt: o.start,
  });
  const signInFetch = trustingFetch(dataverse.caPem);
  const password = randomBytes(8).toString('hex');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LEDGERBRIDGE_DATA_DIR: dataDir,
    LEDGERBRIDGE_SECRET_KEY: Buffer.alloc(32, 12).toString('base64'),
    QBWC_USERNAME: USER,
    QBWC_PASSWORD: password,
    QBWC_PAGE_SIZE: '25',
    QBWC_TIME_ZONE: 'America/Los_Angeles',
    DYNAMICS_URL: dataverse.url,
    DYNAMICS_AUTHORITY_URL: dataverse.authorityUrl,
    DYNAMICS_TENANT_ID: dataverse.tenantId,
    DYNAMICS_CLIENT_ID: RELAY_APP,
    DYNAMICS_CLIENT_SECRET: 'lb-app-secret',
    DYNAMICS_WEBHOOK_KEY: randomBytes(16).toString('hex'),
  });
  let problems = '';
  const provisioned = await runProvision(
    [],
    config,
    () => {},
    (s) => (problems += s),
    { signInFetch },
  );
  if (provisioned !== 0) throw new Error(`provision failed: ${problems}`);
  const logs: string[] = [];
  const start = () =>
    startRelay(config, createLogger({ level: 'warn', write: (l) => void (logs.length < 5000 && logs.push(l)) }), {
      background: false,
      feeds: false,
      signInFetch,
      store,
      now,
    });
  let relay = await start();
  const company = createCompany(o.company);
  const auth = { authorization: `Basic ${Buffer.from(`${USER}:${password}`).toString('base64')}` };
  const qwc = readQwc(await (await fetch(`${relay.url}/qbwc/qwc`, { headers: auth })).text());

  const advance = (ms: number) => {
    t += ms;
    dataverse.clock.advance(ms);
    company.advanceClock(Math.round(ms / 1000));
  };
  return {
    dataverse,
    company,
    store,
    relay: () => relay,
    config,
    users: { relay: dataverse.env.userOf(RELAY_APP), reps: dataverse.env.userOf(REP_APP) },
    now,
    logs,
    advance,
    webConnector: (extra = {}) =>
      createWebConnector({
        url: `${relay.url}/qbwc`,
        username: USER,
        password,
        ownerId: qwc.ownerId,
        fileId: qwc.fileId,
        company,
        noOpDelayMs: 0,
        ...extra,
      }).run(),
    async settle() {
      let owed: { payloads: number; writes: number; notices: number } | undefined;
      for (let i = 0; i < 400; i++) {
        await dataverse.webhooks.idle();
        await relay.runtime.tick({ pollNow: i === 0 });
        [owed] = await store.db.query<{ payloads: number; writes: number; notices: number }>(SETTLED);
        if (!Number(owed?.payloads) && !Number(owed?.writes) && !Number(owed?.notices)) return;
        // A write waiting for its retry gets the minute it waits for.
        advance(60_000);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const stuck = await store.db.query(`SELECT * FROM outbox WHERE status IN ('pending', 'leased') LIMIT 5`);
      throw new Error(`the relay did not settle: still owed ${JSON.stringify(owed)}; writes: ${JSON.stringify(stuck)}`);
    },
    async restart() {
      await relay.close();
      relay = await start();
    },
    async close() {
      await relay.close();
      await store.close();
      await dataverse.close();
      if (o.postgresUrl) await admin(o.postgresUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
