/**
 * @module
 * The soak's rig: one simulated org, one simulated QuickBooks Desktop company behind its Web
 * Connector, one store (embedded SQLite in a file, or a PostgreSQL schema) and one or two relays
 * in this process on that store, all on one compressed clock. A relay can be restarted over the
 * same store (closed and started again, as after a crash the store is all a relay keeps); the
 * Web Connector talks to whichever relay the caller names, as a load balancer would send it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../relay/src/config.ts';
import { createLogger } from '../../relay/src/lib/logger.ts';
import { startRelay, type RunningRelay } from '../../relay/src/server.ts';
import { openStore, type Store } from '../../relay/src/store/index.ts';
import { createCompany, type Company, type CompanyOptions } from '../simulators/qbd/company/index.ts';
import { createWebConnector, type RunReport, type WebConnectorOptions } from '../simulators/qbd/webconnector/client.ts';
import { readQwc } from '../simulators/qbd/webconnector/qwc.ts';
import { startSalesforceSimulator, type SalesforceSimulator } from '../simulators/salesforce/index.ts';

export const USER = 'acme';
export const PASSWORD = 'soak web connector password';
export const CLIENT_ID = 'soak-client';
export const CLIENT_SECRET = randomBytes(12).toString('hex');

export interface RigOptions {
  readonly company: CompanyOptions;
  /** A PostgreSQL server to create a throw-away schema in; absent: the embedded store, in a file. */
  readonly postgresUrl?: string;
  /** Relays on the store (two only make sense on PostgreSQL). */
  readonly relays: 1 | 2;
  /** The relay's clock starts here (ms since epoch). */
  readonly start: number;
}

export interface Rig {
  readonly sim: SalesforceSimulator;
  readonly company: Company;
  /** The first relay's store (each relay has its own connection to the one database). */
  readonly store: Store;
  /** How many relays share the store. */
  readonly relayCount: number;
  readonly now: () => number;
  advance(ms: number): void;
  /** One Web Connector run against relay `index` (`extra.beforeCall`: to cut it, say). */
  webConnector(index: number, extra?: Partial<WebConnectorOptions>): Promise<RunReport>;
  /** Every relay's round, until nothing is owed but writes waiting for the Web Connector. */
  settle(): Promise<void>;
  /** Every relay's round (`pollNow`: the org's changes read now). */
  tick(pollNow?: boolean): Promise<void>;
  /** Closes relay `index` (the kill rig: SIGKILLs it) and starts it again over the same store. */
  restart(index: number): Promise<void>;
  /**
   * The kill rig only: SIGKILLs relay `index` the moment `when` holds, then starts it again; `stop`
   * gives up waiting. `killed` resolves true once it is back after a kill, false when stopped first.
   */
  /** The kill rig only: how many SIGKILLs so far. */
  kills?(): number;
  killWhen?(index: number, when: () => Promise<boolean>): { killed: Promise<boolean>; stop(): void };
  /** The relays' log lines (warnings and errors). */
  readonly logs: string[];
  close(): Promise<void>;
}

export const SETTLED = `SELECT (SELECT COUNT(*) FROM inbox WHERE status = 'pending') AS payloads,
  (SELECT COUNT(*) FROM outbox o JOIN connections c ON c.id = o.target_connection_id
    WHERE o.status IN ('pending', 'leased') AND c.system <> 'qbd') AS writes,
  (SELECT COUNT(*) FROM sync_runs r WHERE r.outcome = 'running' AND NOT EXISTS (
    SELECT 1 FROM outbox o JOIN connections c ON c.id = o.target_connection_id
    WHERE o.run_id = r.id AND o.status IN ('pending', 'leased') AND c.system = 'qbd')) AS runs`;

export async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function startRig(o: RigOptions): Promise<Rig> {
  let t = o.start;
  const now = () => t;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-soak-'));
  const schema = o.postgresUrl ? `lb_soak_${randomBytes(6).toString('hex')}` : undefined;
  if (o.postgresUrl) await admin(o.postgresUrl, `CREATE SCHEMA ${schema}`);
  const location = o.postgresUrl
    ? ({ kind: 'postgres', url: o.postgresUrl, schema: schema! } as const)
    : ({ kind: 'embedded', file: path.join(dataDir, 'store.db') } as const);
  const stores: Store[] = [];
  for (let i = 0; i < o.relays; i++) stores.push(await openStore(location, { now }));

  const sim = await startSalesforceSimulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  // The org's clock is real time, so its rolling 24-hour allowance never rolls over a compressed
  // month: give it the month's (the calls spent are what the soak reports).
  sim.org.apiLimit = 30 * 100_000;
  const config = loadConfig({
    PORT: '0',
    LEDGERBRIDGE_DATA_DIR: dataDir,
    LEDGERBRIDGE_SECRET_KEY: Buffer.alloc(32, 11).toString('base64'),
    SF_LOGIN_URL: sim.url,
    SF_CLIENT_ID: CLIENT_ID,
    SF_CLIENT_SECRET: CLIENT_SECRET,
    QBWC_USERNAME: USER,
    QBWC_PASSWORD: PASSWORD,
    SF_POLL_SECONDS: '1',
    SF_PUBSUB: 'off',
    QBWC_PAGE_SIZE: '25',
    QBWC_TIME_ZONE: 'America/Los_Angeles',
  });
  const logs: string[] = [];
  const start = (i: number) =>
    startRelay(
      config,
      createLogger({
        level: 'warn',
        write: (l) => {
          if (logs.length < 5000) logs.push(`relay ${i + 1}: ${l}`);
        },
      }),
      { background: false, store: stores[i]!, now },
    );
  const relays: RunningRelay[] = [];
  for (let i = 0; i < o.relays; i++) relays.push(await start(i));
  const company = createCompany(o.company);
  const qwc = readQwc(
    await (
      await fetch(`${relays[0]!.url}/qbwc/qwc`, {
        headers: { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` },
      })
    ).text(),
  );

  const rig: Rig = {
    sim,
    company,
    store: stores[0]!,
    relayCount: o.relays,
    now,
    logs,
    advance: (ms) => void (t += ms),
    webConnector: (index, extra = {}) =>
      createWebConnector({
        url: `${relays[index]!.url}/qbwc`,
        username: USER,
        password: PASSWORD,
        ownerId: qwc.ownerId,
        fileId: qwc.fileId,
        company,
        noOpDelayMs: 0,
        ...extra,
      }).run(),
    async tick(pollNow = false) {
      for (const r of relays) await r.runtime.tick({ pollNow });
    },
    async settle() {
      let owed: { payloads: number; writes: number; runs: number } | undefined;
      for (let i = 0; i < 400; i++) {
        for (const r of relays) await r.runtime.tick({ pollNow: i === 0 });
        [owed] = await stores[0]!.db.query<{ payloads: number; writes: number; runs: number }>(SETTLED);
        if (!Number(owed?.payloads) && !Number(owed?.writes) && !Number(owed?.runs)) return;
        // A write waiting for its retry gets the minute it waits for.
        t += 60_000;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const stuck = await stores[0]!.db.query(`SELECT * FROM outbox WHERE status IN ('pending', 'leased') LIMIT 5`);
      const running = await stores[0]!.db.query(`SELECT * FROM sync_runs WHERE outcome = 'running' LIMIT 5`);
      throw new Error(
        `the relays did not settle: still owed ${JSON.stringify(owed)} (org API usage ${sim.org.apiUsage} of ${sim.org.apiLimit}); runs still running: ${JSON.stringify(running)}; writes waiting: ${JSON.stringify(stuck)}`,
      );
    },
    async restart(index) {
      await relays[index]!.close();
      relays[index] = await start(index);
    },
    async close() {
      for (const r of relays) await r.close();
      for (const s of stores) await s.close();
      await sim.close();
      if (o.postgresUrl) await admin(o.postgresUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return rig;
}
