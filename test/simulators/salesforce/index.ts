/**
 * @module
 * Starts a simulated Salesforce org on loopback for tests and benchmarks.
 *
 * @example
 * const sim = await startSalesforceSimulator({ clientId: 'cid', clientSecret: 'sec', namespace: 'lbr' });
 * // point the relay at sim.url; inspect sim.org.records('lbr__QuickBooks_Invoice__c'), sim.org.apiUsage
 * sim.faults.inject({ kind: 'unavailable', path: '/composite/sobjects' });
 * await sim.close();
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createSimulatorApp } from './app.ts';
import type { Faults } from './faults.ts';
import { createOrg, type OrgOptions, type SimOrg } from './org.ts';
import { createRouter } from './router.ts';

export type { FaultSpec, FaultKind } from './faults.ts';
export type { SimOrg } from './org.ts';

export interface SimulatorOptions extends OrgOptions {
  /** Delay before a closed Bulk job starts processing (default 20 ms). */
  readonly bulkStartDelayMs?: number;
}

export interface SalesforceSimulator {
  /** Base URL: both the My Domain login URL and the instance URL. */
  readonly url: string;
  readonly org: SimOrg;
  readonly faults: Faults;
  close(): Promise<void>;
}

export async function startSalesforceSimulator(opts: SimulatorOptions): Promise<SalesforceSimulator> {
  const org = createOrg(opts);
  const router = createRouter(org, { startDelayMs: opts.bulkStartDelayMs ?? 20, rowsPerTick: 2000 });
  let url = '';
  const app = createSimulatorApp(org, router, () => url);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    org,
    faults: org.faults,
    close: () =>
      new Promise<void>((resolve) => {
        router.close();
        const s = server as unknown as { closeAllConnections?: () => void; close: (cb: () => void) => void };
        s.close(() => resolve());
        s.closeAllConnections?.();
      }),
  };
}
