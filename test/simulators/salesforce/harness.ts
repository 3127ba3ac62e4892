/**
 * @module
 * Test and bench helper: a simulated org plus a real client (jsforce over loopback) pointed at it,
 * with the client's log lines captured.
 */
import { loadConfig } from '../../../relay/src/config.ts';
import { createLogger } from '../../../relay/src/lib/logger.ts';
import {
  createSalesforceClient,
  type SalesforceClient,
  type SalesforceClientOptions,
} from '../../../relay/src/systems/salesforce/client.ts';
import { startSalesforceSimulator, type SalesforceSimulator, type SimulatorOptions } from './index.ts';

export const TEST_CLIENT_ID = '3MVG9-ledgerbridge-test-client';
export const TEST_SECRET = 'S3cr3t-9f8e7d6c5b4a-DO-NOT-LOG';

export interface Harness {
  readonly sim: SalesforceSimulator;
  readonly sf: SalesforceClient;
  /** Every log line the client wrote. */
  readonly logs: string[];
  close(): Promise<void>;
}

/** Starts an org and a client; `client` options override the fast test defaults. */
export async function startHarness({
  org = {},
  client = {},
  secret = TEST_SECRET,
  namespace = '',
}: {
  org?: Partial<SimulatorOptions>;
  client?: Partial<Omit<SalesforceClientOptions, 'settings' | 'log'>>;
  secret?: string;
  namespace?: string;
} = {}): Promise<Harness> {
  const sim = await startSalesforceSimulator({
    clientId: TEST_CLIENT_ID,
    clientSecret: TEST_SECRET,
    namespace,
    ...org,
  });
  const config = loadConfig({
    SF_LOGIN_URL: sim.url,
    SF_CLIENT_ID: TEST_CLIENT_ID,
    SF_CLIENT_SECRET: secret,
    SF_NAMESPACE: namespace,
  });
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const sf = createSalesforceClient({
    settings: config.salesforce,
    log,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    bulkPolling: { initialMs: 10, maxMs: 50, timeoutMs: 30_000 },
    requestTimeoutMs: 5_000,
    ...client,
  });
  return { sim, sf, logs, close: () => sim.close() };
}
