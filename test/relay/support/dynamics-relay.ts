/**
 * @module
 * The relay started in this process between a generated QuickBooks Desktop company (behind the
 * simulated Web Connector) and the Dataverse simulator, no Salesforce configured: the environment
 * provisioned first with `ledgerbridge dynamics provision` as an admin runs it, the relay's sign-in
 * trusting the simulator's throwaway certificate as NODE_EXTRA_CA_CERTS would.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../../relay/src/config.ts';
import { createLogger } from '../../../relay/src/lib/logger.ts';
import { startRelay, type RunningRelay } from '../../../relay/src/server.ts';
import type { Store } from '../../../relay/src/store/index.ts';
import { runProvision } from '../../../relay/src/systems/dynamics/provision-command.ts';
import { startDataverseSimulator, type DataverseSimulator } from '../../simulators/dynamics/index.ts';
import { createCompany, type Company, type CompanyOptions } from '../../simulators/qbd/company/index.ts';
import { createWebConnector, type RunReport } from '../../simulators/qbd/webconnector/client.ts';
import { readQwc } from '../../simulators/qbd/webconnector/qwc.ts';
import { trustingFetch } from './dynamics-client.ts';

export interface DynamicsRelay {
  readonly relay: RunningRelay;
  readonly dataverse: DataverseSimulator;
  readonly company: Company;
  readonly config: Config;
  readonly logs: string[];
  /** One Web Connector run, as QBWC does on its schedule. */
  webConnector(): Promise<RunReport>;
  /**
   * Runs the relay's work until nothing is left to do (writes to Desktop wait for its session), the
   * webhooks Dataverse sent on the way delivered first.
   */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface DynamicsRelayOptions {
  readonly store?: Store;
  readonly now?: () => number;
  readonly env?: Readonly<Record<string, string>>;
  /** What an admin does in the environment once it is provisioned, before the relay starts (columns, mappings). */
  readonly prepare?: (dataverse: DataverseSimulator) => Promise<void>;
}

/** The client app a salesperson's edits in the tests come from (`connect(dataverse, SALESPERSON_APP)`). */
export const SALESPERSON_APP = 'sales-rep-app';

const SETTLED = `SELECT (SELECT COUNT(*) FROM inbox WHERE status = 'pending') AS payloads,
  (SELECT COUNT(*) FROM outbox o JOIN connections c ON c.id = o.target_connection_id
    WHERE o.status IN ('pending', 'leased') AND c.system <> 'qbd') AS writes,
  (SELECT COUNT(*) FROM dynamics_changes WHERE status = 'pending') AS notices`;

export async function startDynamicsRelay(
  company: CompanyOptions,
  options: DynamicsRelayOptions = {},
): Promise<DynamicsRelay> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-dyn-'));
  const password = randomBytes(8).toString('hex');
  // The relay's application user, and a salesperson's (whose changes the relay reads).
  const dataverse = await startDataverseSimulator({
    clientId: 'lb-app',
    clientSecret: 'lb-app-secret',
    apps: [{ clientId: SALESPERSON_APP, clientSecret: 'sales-rep-secret' }],
  });
  const signInFetch = trustingFetch(dataverse.caPem);
  // Dataverse posts its webhooks to the relay's public URL, provisioned before the relay starts.
  const port = 20000 + Math.floor(Math.random() * 20000);
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LEDGERBRIDGE_DATA_DIR: dataDir,
    QBWC_USERNAME: 'acme',
    QBWC_PASSWORD: password,
    DYNAMICS_URL: dataverse.url,
    DYNAMICS_AUTHORITY_URL: dataverse.authorityUrl,
    DYNAMICS_TENANT_ID: dataverse.tenantId,
    DYNAMICS_CLIENT_ID: 'lb-app',
    DYNAMICS_CLIENT_SECRET: 'lb-app-secret',
    DYNAMICS_WEBHOOK_KEY: randomBytes(16).toString('hex'),
    ...options.env,
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
  await options.prepare?.(dataverse);
  const logs: string[] = [];
  const relay = await startRelay(config, createLogger({ level: 'info', write: (l) => logs.push(l) }), {
    background: false,
    feeds: false,
    signInFetch,
    ...(options.store ? { store: options.store } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const books = createCompany(company);
  return {
    relay,
    dataverse,
    company: books,
    config,
    logs,
    async webConnector() {
      const res = await fetch(`${relay.url}/qbwc/qwc`, {
        headers: { authorization: `Basic ${Buffer.from(`acme:${password}`).toString('base64')}` },
      });
      const app = readQwc(await res.text());
      return createWebConnector({
        url: `${relay.url}/qbwc`,
        username: 'acme',
        password,
        ownerId: app.ownerId,
        fileId: app.fileId,
        company: books,
      }).run();
    },
    async settle() {
      for (let i = 0; i < 200; i++) {
        await dataverse.webhooks.idle();
        await relay.runtime.tick();
        const [owed] = await relay.runtime.store.db.query<{ payloads: number; writes: number; notices: number }>(
          SETTLED,
        );
        if (!Number(owed?.payloads) && !Number(owed?.writes) && !Number(owed?.notices)) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('the relay did not settle');
    },
    async close() {
      await relay.close();
      await dataverse.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
