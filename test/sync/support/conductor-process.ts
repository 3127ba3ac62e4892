/**
 * @module
 * The relay as a real child process (`ledgerbridge start`) reading a simulated Conductor into a
 * simulated org, for the Conductor bench and crash tests. The company file is connected the
 * admin's way, `ledgerbridge connect conductor --end-user …` run as its own process against the
 * relay's data directory (and database, when `databaseUrl` is given) before the relay starts. The
 * simulators run in this process on real time; the relay's clock is the machine's.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startConductorSimulator, type Arrival, type ConductorSimulator } from '../../simulators/conductor/index.ts';
import { startSalesforceSimulator, type SalesforceSimulator } from '../../simulators/salesforce/index.ts';
import { startRelayProcess, type RelayProcess } from './relay-process.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'relay', 'bin', 'ledgerbridge.js');

export const CDT_END_USER = 'end_usr_benchdesktop1';
const SF_APP = { clientId: 'cdt-process-client', clientSecret: 'cdt-process-secret-not-logged' };

export interface ConductorProcessOptions {
  /** PostgreSQL for the relay's store (a database or a schema of its own); default the embedded store. */
  readonly databaseUrl?: string;
  /** More relay environment (CONDUCTOR_READ_MINUTES, SF_POLL_SECONDS, …). */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra Node options for the relay (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
}

export interface ConductorProcessRig {
  readonly cdt: ConductorSimulator;
  readonly org: SalesforceSimulator;
  readonly dataDir: string;
  /** The relay running now (replaced by `start`). */
  readonly relay: RelayProcess;
  /** `ledgerbridge connect conductor --end-user …` as a child process: exit code and output. */
  connect(): Promise<{ code: number; out: string }>;
  /** Starts the relay (again) on the same data directory and store. */
  start(): Promise<RelayProcess>;
  /** Sees each Conductor request as it arrives (replaces the one set before). */
  onArrival(f: ((r: Arrival) => void) | undefined): void;
  /** Stops the relay (SIGTERM) and the simulators, removes the data directory. */
  close(): Promise<void>;
}

/** Starts both simulators and prepares a data directory; the relay starts with `start()`. */
export async function startConductorProcessRig(o: ConductorProcessOptions = {}): Promise<ConductorProcessRig> {
  let arrival: ((r: Arrival) => void) | undefined;
  const cdt = await startConductorSimulator({
    endUsers: [{ endUserId: CDT_END_USER, companyName: 'Bench Desktop' }],
    ticking: true,
    onArrival: (r) => arrival?.(r),
  });
  const org = await startSalesforceSimulator(SF_APP);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-cdt-proc-'));
  const env: Record<string, string> = {
    CONDUCTOR_SECRET_KEY: cdt.secretKey,
    CONDUCTOR_API_URL: cdt.url,
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
    ...o.env,
  };
  let relay: RelayProcess | undefined;
  const rig: ConductorProcessRig = {
    cdt,
    org,
    dataDir,
    get relay() {
      if (!relay) throw new Error('the relay has not been started');
      return relay;
    },
    connect: () =>
      new Promise((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--disable-warning=ExperimentalWarning', BIN, 'connect', 'conductor', '--end-user', CDT_END_USER],
          {
            cwd: ROOT,
            env: { PATH: process.env.PATH ?? '', LEDGERBRIDGE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (out += c.toString()));
        child.once('error', reject);
        child.once('exit', (code) => resolve({ code: code ?? -1, out }));
      }),
    async start() {
      relay = await startRelayProcess({
        dataDir,
        salesforceUrl: org.url,
        ...SF_APP,
        username: 'cdt-unused',
        password: 'no web connector in this rig',
        env,
        ...(o.nodeArgs ? { nodeArgs: o.nodeArgs } : {}),
      });
      return relay;
    },
    onArrival: (f) => void (arrival = f),
    async close() {
      await relay?.stop();
      await cdt.close();
      await org.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return rig;
}
