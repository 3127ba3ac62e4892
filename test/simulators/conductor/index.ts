/**
 * @module
 * Starts a strict Conductor simulator on loopback: QuickBooks Desktop through Conductor's REST API
 * (`/v1/quickbooks-desktop/…`), one in-memory company file per end user, built from the wire notes
 * in `../shared/spec/conductor/` — never from the relay's code. The URL it returns plays the part of
 * `https://api.conductor.is`; paths are below `/v1`.
 *
 * @example
 * const sim = await startConductorSimulator();
 * const co = sim.company(sim.endUserIds[0]);
 * const acme = co.create('customers', { name: 'Acme' });
 * sim.faults.inject('quickbooks_not_running', { path: 'health-check' });
 * sim.clock.advance(11_000); // an open iterator is now gone
 * await fetch(`${sim.url}/v1/quickbooks-desktop/customers`, {
 *   headers: { authorization: `Bearer ${sim.secretKey}`, 'conductor-end-user-id': co.endUserId },
 * });
 * await sim.close();
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, type Arrival, type Concurrency, type RequestRecord } from './app.ts';
import { createClock, type SimClock } from './clock.ts';
import { createCompany, type CompanyOptions, type SimCompany } from './company.ts';
import { createFaults, type ConductorFaults } from './faults.ts';
import { createIterators } from './query.ts';

export type { SimCompany, CompanyOptions } from './company.ts';
export type { ConductorFaultKind, FaultOptions } from './faults.ts';
export type { Arrival, RequestRecord, Concurrency } from './app.ts';
export type { ResourceName } from './resources.ts';
export { ITERATOR_LIFETIME_MS, MAX_LIMIT } from './query.ts';
export { DELETION_WINDOW_MS } from './deleted.ts';

export interface ConductorSimulatorOptions {
  /** The Conductor secret key the client must send; default `sk_test_ledgerbridge_simulator`. */
  readonly secretKey?: string;
  /** End users, each one company file; default one, `end_usr_simulator1`. */
  readonly endUsers?: readonly CompanyOptions[];
  /** Start time (ms); default now. */
  readonly startAt?: number;
  /** The clock also runs in real time. */
  readonly ticking?: boolean;
  /** Real milliseconds each QuickBooks request takes (makes overlapping requests observable). */
  readonly latencyMs?: number;
  /** Sees each request as it arrives, before it is handled (a test moves the clock: a slow caller). */
  readonly onArrival?: (r: Arrival) => void;
}

export interface ConductorSimulator {
  readonly url: string;
  readonly secretKey: string;
  readonly endUserIds: readonly string[];
  company(endUserId: string): SimCompany;
  readonly faults: ConductorFaults;
  readonly clock: SimClock;
  /** Every request, oldest first (rejected ones too). */
  readonly requests: readonly RequestRecord[];
  /** Calls per endpoint (`GET customers`, `POST invoices/:id`, `GET health-check` …), for one end user or all. */
  counters(endUserId?: string): Readonly<Record<string, number>>;
  /** Requests in flight per company: `max` above 1 means a client overlapped requests to one company file. */
  concurrency(endUserId: string): Readonly<Concurrency>;
  /** Open list iterators. */
  openIterators(): number;
  close(): Promise<void>;
}

export async function startConductorSimulator(opts: ConductorSimulatorOptions = {}): Promise<ConductorSimulator> {
  const clock = createClock(opts.startAt, { ticking: opts.ticking ?? false });
  const companies = new Map<string, SimCompany>();
  for (const c of opts.endUsers ?? [{ endUserId: 'end_usr_simulator1' }])
    companies.set(c.endUserId, createCompany(c, clock));
  const secretKey = opts.secretKey ?? 'sk_test_ledgerbridge_simulator';
  const faults = createFaults();
  const iterators = createIterators(clock);
  const requests: RequestRecord[] = [];
  const concurrency = new Map<string, Concurrency>();
  const perUser = new Map<string, number>();
  const app = createApp({
    secretKey,
    companies,
    faults,
    clock,
    iterators,
    requests,
    counters: perUser,
    concurrency,
    latencyMs: opts.latencyMs ?? 0,
    ...(opts.onArrival ? { onArrival: opts.onArrival } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    secretKey,
    endUserIds: [...companies.keys()],
    company(endUserId) {
      const c = companies.get(endUserId);
      if (!c) throw new Error(`no end user ${endUserId} in this simulator`);
      return c;
    },
    faults,
    clock,
    requests,
    counters: (endUserId) => {
      const out: Record<string, number> = {};
      for (const [k, n] of perUser) {
        const [user, endpoint] = k.split('\n') as [string, string];
        if (!endUserId || user === endUserId) out[endpoint] = (out[endpoint] ?? 0) + n;
      }
      return out;
    },
    concurrency: (endUserId) => concurrency.get(endUserId) ?? { inFlight: 0, max: 0, overlaps: 0 },
    openIterators: () => iterators.open(),
    close: () =>
      new Promise<void>((resolve) => {
        const s = server as unknown as { closeAllConnections?: () => void; close: (cb: () => void) => void };
        s.close(() => resolve());
        s.closeAllConnections?.();
      }),
  };
}
