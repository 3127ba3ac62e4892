/**
 * @module
 * The relay started in this process against a simulated org and a simulated Conductor (both over
 * loopback sockets), the relay's clock the Conductor simulator's (running in real time; tests move
 * it on with `cdt.clock.advance`). `connect()` goes the admin's way: `ledgerbridge connect
 * conductor --end-user …`, with the relay's store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../../relay/src/config.ts';
import { createLogger } from '../../../relay/src/lib/logger.ts';
import { startRelay, type RunningRelay } from '../../../relay/src/server.ts';
import type { TestBackend } from '../../qbwc/support/stores.ts';
import { runConnectConductor } from '../../../relay/src/systems/conductor/connect-command.ts';
import {
  startConductorSimulator,
  type Arrival,
  type CompanyOptions,
  type ConductorSimulator,
} from '../../simulators/conductor/index.ts';
import { startSalesforceSimulator, type SalesforceSimulator } from '../../simulators/salesforce/index.ts';

export interface ConductorRelay {
  readonly relay: RunningRelay;
  readonly config: Config;
  readonly org: SalesforceSimulator;
  readonly cdt: ConductorSimulator;
  readonly logs: string[];
  /** `ledgerbridge connect conductor --end-user …`: its exit code and what it printed. */
  connect(endUserId?: string, extra?: readonly string[]): Promise<{ code: number; out: string; err: string }>;
  /** Runs the relay's rounds until nothing is left to do; `force` reads the company files now. */
  settle(options?: { force?: boolean }): Promise<void>;
  /** Sees each Conductor request as it arrives (replaces the one set before). */
  onArrival(f: ((r: Arrival) => void) | undefined): void;
  close(): Promise<void>;
}

export interface ConductorRelayOptions {
  /** The store's backend (opened on the simulator's clock); default embedded, in the data directory. */
  readonly backend?: TestBackend;
  readonly endUsers?: readonly CompanyOptions[];
  readonly env?: Readonly<Record<string, string>>;
  readonly startAt?: number;
}

const SETTLED = `SELECT (SELECT COUNT(*) FROM inbox WHERE status = 'pending') AS payloads,
  (SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'leased')) AS writes,
  (SELECT COUNT(*) FROM sync_runs WHERE outcome = 'running') AS runs`;

export const END_USER = 'end_usr_acmedesktop1';

export async function startConductorRelay(options: ConductorRelayOptions = {}): Promise<ConductorRelay> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-cdt-'));
  const org = await startSalesforceSimulator({ clientId: 'relay-test-client', clientSecret: 'sf-secret-for-cdt' });
  let arrival: ((r: Arrival) => void) | undefined;
  const cdt = await startConductorSimulator({
    endUsers: options.endUsers ?? [{ endUserId: END_USER, companyName: 'Acme Desktop' }],
    ticking: true,
    ...(options.startAt !== undefined ? { startAt: options.startAt } : {}),
    onArrival: (r) => arrival?.(r),
  });
  const config = loadConfig({
    PORT: '0',
    LEDGERBRIDGE_DATA_DIR: dataDir,
    SF_LOGIN_URL: org.url,
    SF_CLIENT_ID: 'relay-test-client',
    SF_CLIENT_SECRET: 'sf-secret-for-cdt',
    SF_POLL_SECONDS: '1',
    CONDUCTOR_SECRET_KEY: cdt.secretKey,
    CONDUCTOR_API_URL: cdt.url,
    ...options.env,
  });
  const logs: string[] = [];
  const now = () => cdt.clock.now();
  const store = await options.backend?.open({ now });
  const relay = await startRelay(config, createLogger({ level: 'info', write: (l) => logs.push(l) }), {
    background: false,
    feeds: false,
    now,
    ...(store ? { store } : {}),
  });
  return {
    relay,
    config,
    org,
    cdt,
    logs,
    async connect(endUserId = END_USER, extra = []) {
      let out = '';
      let err = '';
      const code = await runConnectConductor(
        ['--end-user', endUserId, ...extra],
        config,
        (s) => (out += s),
        (s) => (err += s),
        { store: relay.runtime.store, now },
      );
      return { code, out, err };
    },
    async settle({ force = true } = {}) {
      for (let i = 0; i < 200; i++) {
        await relay.runtime.tick({ pollNow: force && i === 0 });
        const [owed] = await relay.runtime.store.db.query<{ payloads: number; writes: number; runs: number }>(SETTLED);
        if (!Number(owed?.payloads) && !Number(owed?.writes) && !Number(owed?.runs)) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('the relay did not settle');
    },
    onArrival: (f) => void (arrival = f),
    async close() {
      await relay.close();
      await store?.close();
      await cdt.close();
      await org.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
