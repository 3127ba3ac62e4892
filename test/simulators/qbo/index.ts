/**
 * @module
 * Starts a strict QuickBooks Online simulator on loopback for tests and benches: OAuth 2.0, the v3
 * accounting API (entities, query, CDC, batch), webhooks, throttles and fault injection, built from
 * the reference notes, Intuit's XSDs and the recorded samples in `spec/` — never from the relay's code.
 *
 * @example
 * const sim = await startQboSimulator({ app: { clientId: 'cid', clientSecret: 'sec', redirectUris: ['http://localhost/cb'] } });
 * const { access_token } = sim.oauth.connect(sim.realmIds[0]);
 * sim.company(sim.realmIds[0]).create('Customer', { DisplayName: 'Acme' });
 * sim.faults.inject('throttle', { times: 2 });
 * sim.clock.advance(3600_000); // the access token is now expired
 * await sim.close();
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, type RequestRecord } from './app.ts';
import { createClock, type SimClock } from './clock.ts';
import { createCompany, type CompanyOptions, type SimCompany } from './company.ts';
import { createFaults, type QboFaults } from './faults.ts';
import { createThrottle, INTUIT_LIMITS, type Limits, type RealmCounters } from './limits.ts';
import { createOAuthServer, type OAuthApp, type OAuthServer } from './oauth.ts';
import { createWebhooks, type Webhooks } from './webhooks.ts';
import { loadQboSchema } from './xsd.ts';

export type { SimCompany } from './company.ts';
export type { QboFaultKind, FaultOptions } from './faults.ts';
export type { Delivery, WebhookEndpoint } from './webhooks.ts';
export type { RequestRecord } from './app.ts';
export { Dec } from './money.ts';

export interface QboSimulatorOptions {
  readonly app: OAuthApp;
  /** Companies the user can connect; default one US company, realm `9341457021722202`. */
  readonly companies?: readonly CompanyOptions[];
  /** Default: Intuit's (500/min, 10/s, 10 concurrent, 40 batch requests/min per realm). */
  readonly limits?: Partial<Limits>;
  /** Start time (ms); default now. */
  readonly startAt?: number;
  /** The clock also runs in real time (relays that keep working between the test's jumps). */
  readonly ticking?: boolean;
}

export interface QboSimulator {
  readonly url: string;
  readonly realmIds: readonly string[];
  company(realmId: string): SimCompany;
  readonly oauth: OAuthServer;
  readonly faults: QboFaults;
  readonly clock: SimClock;
  readonly webhooks: Webhooks;
  /** Counters of one realm, or of all. */
  counters(realmId?: string): RealmCounters;
  /** Every API request that reached a handler, oldest first. */
  readonly requests: readonly RequestRecord[];
  close(): Promise<void>;
}

export const DEFAULT_REALM = '9341457021722202';

export async function startQboSimulator(opts: QboSimulatorOptions): Promise<QboSimulator> {
  const clock = createClock(opts.startAt, { ticking: opts.ticking ?? false });
  const schema = loadQboSchema();
  const companies = new Map<string, SimCompany>();
  const webhooks = createWebhooks(() => clock.now());
  for (const c of opts.companies ?? [{ realmId: DEFAULT_REALM }]) {
    const company = createCompany(c, clock, schema);
    company.onChange((e) => webhooks.notify(e));
    companies.set(c.realmId, company);
  }
  const oauth = createOAuthServer(opts.app, () => [...companies.keys()], clock);
  const faults = createFaults();
  const throttle = createThrottle({ ...INTUIT_LIMITS, ...opts.limits }, clock);
  const requests: RequestRecord[] = [];
  let url = '';
  const app = createApp({ oauth, companies, faults, throttle, clock, schema, requests, baseUrl: () => url });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    realmIds: [...companies.keys()],
    company(realmId) {
      const c = companies.get(realmId);
      if (!c) throw new Error(`no company ${realmId} in this simulator`);
      return c;
    },
    oauth,
    faults,
    clock,
    webhooks,
    counters: (realmId) => (realmId ? throttle.counters(realmId) : throttle.total()),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        webhooks.unregister();
        const s = server as unknown as { closeAllConnections?: () => void; close: (cb: () => void) => void };
        s.close(() => resolve());
        s.closeAllConnections?.();
      }),
  };
}
