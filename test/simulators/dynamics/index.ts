/**
 * @module
 * Starts a strict Dataverse (Dynamics 365 Sales Web API) simulator on loopback for tests and
 * benches: a Microsoft-identity-like sign-in over TLS (client credentials), the Web API at
 * `/api/data/v9.2/` (entity sets, alternate keys, upsert, ETags, `$batch`, the CreateMultiple and
 * UpdateMultiple bulk messages, change tracking, metadata), service protection limits, fault
 * injection and webhooks (delivered one at a time, or `webhookConcurrency` at once), built from
 * the reference notes (§3) and the recorded responses in `shared/spec/dynamics/` — never from the
 * relay's code.
 *
 * @example
 * const sim = await startDataverseSimulator({ clientId: 'cid', clientSecret: 'sec' });
 * // relay: DYNAMICS_URL=sim.url, DYNAMICS_AUTHORITY_URL=sim.authorityUrl, DYNAMICS_TENANT_ID=sim.tenantId,
 * //        NODE_EXTRA_CA_CERTS=sim.caFile
 * sim.env.table('account').insert({ name: 'Acme' });
 * sim.faults.inject('throttle', { times: 2 });
 * sim.clock.advance(3600_000); // tokens issued before are now expired
 * await sim.close();
 */
import type { Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, type RequestRecord } from './app.ts';
import { createAuthority, type Authority, type ClientApp } from './authority.ts';
import { createClock, type SimClock } from './clock.ts';
import { createFaults, type DataverseFaults } from './faults.ts';
import { createThrottle, DATAVERSE_LIMITS, type Counters, type Limits } from './limits.ts';
import { createEnv, type Env } from './store.ts';
import { throwawayCertificate } from './tls.ts';
import { createWebhooks, type Webhooks } from './webhooks.ts';

export type { RequestRecord } from './app.ts';
export type { DataverseFaultKind, FaultOptions } from './faults.ts';
export type { Delivery, Registration } from './webhooks.ts';
export type { Env, Row, Value, LookupValue, TableData } from './store.ts';

export interface DataverseSimulatorOptions {
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** More application users (each its own service protection budget). */
  readonly apps?: readonly ClientApp[];
  /** Default Dataverse's: 6000 requests per 5 minutes, 52 concurrent. */
  readonly limits?: Partial<Limits>;
  readonly startAt?: number;
  /** The clock also runs in real time. */
  readonly ticking?: boolean;
  readonly organizationName?: string;
  /** Organization.CreateProductsWithoutParentInActiveState (default false: new products are Draft). */
  readonly productsActiveOnCreate?: boolean;
  /** Organization.ExpireChangeTrackingInDays (default 7). */
  readonly changeTrackingDays?: number;
  /** Webhook deliveries in flight at once, unordered as the asynchronous service sends them (default 1: in order). */
  readonly webhookConcurrency?: number;
}

export interface DataverseSimulator {
  /** The environment URL (DYNAMICS_URL), plain http on loopback; tokens are for `<url>/.default`. */
  readonly url: string;
  /** The sign-in (DYNAMICS_AUTHORITY_URL), https; msal's authority is `<authorityUrl>/<tenantId>`. */
  readonly authorityUrl: string;
  readonly tenantId: string;
  /** The sign-in's certificate (PEM) and a file holding it, for NODE_EXTRA_CA_CERTS. */
  readonly caPem: string;
  readonly caFile: string;
  readonly env: Env;
  readonly authority: Authority;
  readonly faults: DataverseFaults;
  readonly clock: SimClock;
  readonly webhooks: Webhooks;
  readonly counters: Counters;
  /** Every Web API request, oldest first. */
  readonly requests: readonly RequestRecord[];
  close(): Promise<void>;
}

type Closable = { close: (cb: () => void) => void; closeAllConnections?: () => void };
const closeServer = (s: Closable) =>
  new Promise<void>((resolve) => {
    s.close(() => resolve());
    s.closeAllConnections?.();
  });

export async function startDataverseSimulator(opts: DataverseSimulatorOptions = {}): Promise<DataverseSimulator> {
  const clock = createClock(opts.startAt, { ticking: opts.ticking ?? false });
  const env = createEnv(clock, {
    defaultClientId: opts.clientId ?? 'ledgerbridge-client',
    ...(opts.organizationName ? { organizationName: opts.organizationName } : {}),
    ...(opts.productsActiveOnCreate ? { productsActiveOnCreate: true } : {}),
  });
  let url = '';
  let authorityUrl = '';
  const tenantId = opts.tenantId ?? '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const apps = [
    { clientId: opts.clientId ?? 'ledgerbridge-client', clientSecret: opts.clientSecret ?? 'ledgerbridge-secret' },
    ...(opts.apps ?? []),
  ];
  const authority = createAuthority({ tenantId, apps, resource: () => url, clock });
  const limits = { ...DATAVERSE_LIMITS, ...opts.limits };
  const throttle = createThrottle(limits, clock);
  const faults = createFaults();
  const requests: RequestRecord[] = [];
  const webhooks = createWebhooks(env, () => url, { concurrency: opts.webhookConcurrency ?? 1 });
  const app = createApp({
    env,
    authority,
    faults,
    throttle,
    limits,
    clock,
    requests,
    baseUrl: () => url,
    authorityUrl: () => authorityUrl,
    trackingWindowMs: (opts.changeTrackingDays ?? 7) * 86_400_000,
  });
  const api = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  // Dataverse's front end keeps an idle connection for minutes (IIS: 120 s). Node's 5 s would close
  // the relay's pooled sockets under it whenever this in-process simulator is busy longer than
  // that, and a POST on a socket closed in flight is not resent: a reset the real one never gives.
  (api as Server).keepAliveTimeout = 120_000;
  url = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const cert = await throwawayCertificate();
  const signIn = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: authority.app(() => authorityUrl).fetch,
        port: 0,
        hostname: '127.0.0.1',
        createServer: https.createServer,
        serverOptions: { key: cert.key, cert: cert.cert },
      },
      () => resolve(s),
    );
  });
  authorityUrl = `https://127.0.0.1:${(signIn.address() as AddressInfo).port}`;
  return {
    url,
    authorityUrl,
    tenantId,
    caPem: cert.cert,
    caFile: cert.caFile,
    env,
    authority,
    faults,
    clock,
    webhooks,
    counters: throttle.counters,
    requests,
    async close() {
      await webhooks.idle();
      await Promise.all([closeServer(api as unknown as Closable), closeServer(signIn as unknown as Closable)]);
      cert.remove();
    },
  };
}
