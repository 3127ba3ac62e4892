/**
 * Two relay processes (`ledgerbridge start`) on one PostgreSQL database: the Web Connector talks to
 * one of them while the other starts and serves `.qwc` downloads. Starting a relay, or serving its
 * first Web Connector request, must not end a session another live relay is running.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createCompany } from '../simulators/qbd/company/index.ts';
import { createWebConnector } from '../simulators/qbd/webconnector/client.ts';
import { startSalesforceSimulator, type SalesforceSimulator } from '../simulators/salesforce/index.ts';
import { PG_SKIP_MESSAGE, postgresEnabled } from '../qbwc/support/stores.ts';
import { fetchQwc, startRelayProcess, type RelayProcess } from './support/relay-process.ts';

const PG_URL = process.env.TEST_DATABASE_URL;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The URL of another database on the same server. */
function databaseUrl(name: string): string {
  const url = new URL(PG_URL as string);
  url.pathname = `/${name}`;
  return url.toString();
}

if (!postgresEnabled) console.warn(PG_SKIP_MESSAGE);

(postgresEnabled ? describe : describe.skip)('Web Connector sessions with several relays on one PostgreSQL', () => {
  const database = `lb_sessions_${randomBytes(4).toString('hex')}`;
  const dirs: string[] = [];
  const relays: RelayProcess[] = [];
  let sim: SalesforceSimulator;
  beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`);
    sim = await startSalesforceSimulator({ clientId: 'relays-client', clientSecret: 'relays-secret' });
  });
  afterAll(async () => {
    for (const r of relays) await r.stop();
    await sim.close();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  const start = () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-relays-'));
    dirs.push(dataDir);
    return startRelayProcess({
      dataDir,
      salesforceUrl: sim.url,
      clientId: 'relays-client',
      clientSecret: 'relays-secret',
      username: 'acme',
      password: 'two relays, one company',
      env: {
        DATABASE_URL: databaseUrl(database),
        LEDGERBRIDGE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
        QBWC_PAGE_SIZE: '10',
      },
    }).then((r) => (relays.push(r), r));
  };

  it('completes a session on one relay while another starts and serves .qwc downloads', async () => {
    const first = await start();
    const { ownerId, fileId } = await fetchQwc(first.url, 'acme', 'two relays, one company');
    const company = createCompany({ seed: 21, customers: 40, vendors: 5, items: 10, invoices: 30 });
    let second: RelayProcess | undefined;
    let sends = 0;
    const report = await createWebConnector({
      url: `${first.url}/qbwc`,
      username: 'acme',
      password: 'two relays, one company',
      ownerId,
      fileId,
      company,
      noOpDelayMs: 0,
      beforeCall: async (op) => {
        if (op !== 'sendRequestXML' || ++sends !== 3) return;
        // Mid-session: a second relay starts on the same database and an admin downloads the .qwc from it.
        second = await start();
        expect((await fetchQwc(second.url, 'acme', 'two relays, one company')).fileId).toBe(fileId);
      },
    }).run();
    expect(second).toBeDefined();
    expect([report.status, report.lastError]).toEqual(['completed', undefined]);
    expect(report.message).toMatch(/update complete/);
    // The .qwc download of the second relay is a second start-up of the Web Connector routes; the session survived it too.
    expect((await fetchQwc(second!.url, 'acme', 'two relays, one company')).ownerId).toBe(ownerId);
  }, 120_000);
});
