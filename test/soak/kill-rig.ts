/**
 * @module
 * The soak's kill rig (`--kill`): the same org, company and store as `rig.ts`, but each relay is
 * its own process (`ledgerbridge start`, see test/sync/support/relay-process.ts) running its own
 * background loop, and a restart is a SIGKILL followed by a start on the same store (the embedded
 * file, or the PostgreSQL schema both relays share). A child process cannot share the soak's
 * clock, so `clock.ts` is preloaded into it: its `Date.now()` is real time plus an offset the soak
 * writes to a file, and the soak's own clock is the same real time plus that offset (it moves
 * between the soak's steps by the real time passed, a few seconds a day, besides the steps).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EMBEDDED_FILE, openStore } from '../../relay/src/store/index.ts';
import { createCompany } from '../simulators/qbd/company/index.ts';
import { createWebConnector } from '../simulators/qbd/webconnector/client.ts';
import { startSalesforceSimulator } from '../simulators/salesforce/index.ts';
import { fetchQwc, startRelayProcess, type RelayProcess } from '../sync/support/relay-process.ts';
import { admin, CLIENT_ID, CLIENT_SECRET, PASSWORD, SETTLED, USER, type Rig, type RigOptions } from './rig.ts';

const CLOCK = path.join(import.meta.dirname, 'clock.ts');
/** The relay's loop sleeps a real second between rounds; a settle step waits for one. */
const ROUND_MS = 1_100;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startKillRig(o: RigOptions): Promise<Rig> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-soak-kill-'));
  const clockFile = path.join(dataDir, 'clock');
  let offset = o.start - Date.now();
  const writeClock = () => {
    fs.writeFileSync(`${clockFile}.new`, String(offset));
    fs.renameSync(`${clockFile}.new`, clockFile);
  };
  writeClock();
  const now = () => Date.now() + offset;
  const schema = o.postgresUrl ? `lb_soak_${Math.random().toString(36).slice(2, 10)}` : undefined;
  if (o.postgresUrl) await admin(o.postgresUrl, `CREATE SCHEMA ${schema}`);
  // The soak's own connection to the store (what it asks and reconcile), migrated before the relays start.
  const store = await openStore(
    o.postgresUrl
      ? { kind: 'postgres', url: o.postgresUrl, schema: schema! }
      : { kind: 'embedded', file: path.join(dataDir, EMBEDDED_FILE) },
    { now },
  );
  const sim = await startSalesforceSimulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  sim.org.apiLimit = 30 * 100_000;
  const databaseUrl = o.postgresUrl
    ? `${o.postgresUrl}${o.postgresUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`
    : undefined;
  const logs: string[] = [];
  const start = async (i: number) => {
    const relay = await startRelayProcess({
      dataDir,
      salesforceUrl: sim.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      username: USER,
      password: PASSWORD,
      env: {
        LEDGERBRIDGE_SECRET_KEY: Buffer.alloc(32, 11).toString('base64'),
        SF_POLL_SECONDS: '1',
        QBWC_PAGE_SIZE: '25',
        QBWC_TIME_ZONE: 'America/Los_Angeles',
        NODE_OPTIONS: `--import ${CLOCK}`,
        LB_SOAK_CLOCK_FILE: clockFile,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      },
    });
    void relay.exited.then(() => {
      const lines = relay
        .log()
        .split('\n')
        .filter((l) => /"level":"(warn|error)"/.test(l));
      for (const l of lines.slice(-200)) if (logs.length < 5000) logs.push(`relay ${i + 1}: ${l}`);
    });
    return relay;
  };
  const relays: RelayProcess[] = [];
  for (let i = 0; i < o.relays; i++) relays.push(await start(i));
  const company = createCompany(o.company);
  const qwc = await fetchQwc(relays[0]!.url, USER, PASSWORD);
  let kills = 0;
  const restart = async (index: number) => {
    kills++;
    await relays[index]!.kill();
    relays[index] = await start(index);
  };

  const rig: Rig = {
    sim,
    company,
    store,
    relayCount: o.relays,
    now,
    logs,
    advance(ms) {
      offset += ms;
      writeClock();
    },
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
    // The relays run their own rounds: one real round passes (the org read as its second came).
    tick: () => sleep(ROUND_MS),
    async settle() {
      let owed: { payloads: number; writes: number; runs: number } | undefined;
      for (let i = 0; i < 300; i++) {
        [owed] = await store.db.query<{ payloads: number; writes: number; runs: number }>(SETTLED);
        if (!Number(owed?.payloads) && !Number(owed?.writes) && !Number(owed?.runs)) return;
        // A write waiting for its retry, or leased by a relay killed, gets the minutes it waits for.
        rig.advance(2 * 60_000);
        await sleep(ROUND_MS / 2);
      }
      throw new Error(`the relays did not settle: still owed ${JSON.stringify(owed)}`);
    },
    restart,
    kills: () => kills,
    killWhen(index, when) {
      let stopped = false;
      const killed = (async () => {
        while (!stopped) {
          if (await when()) {
            await restart(index);
            return true;
          }
          await sleep(1);
        }
        return false;
      })();
      return { killed, stop: () => void (stopped = true) };
    },
    async close() {
      for (const r of relays) await r.kill();
      await store.close();
      await sim.close();
      if (o.postgresUrl) await admin(o.postgresUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return rig;
}
