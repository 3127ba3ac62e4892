/**
 * @module
 * The simulator's Hono app. Every answer carries `Conductor-Request-Id: req_…`. For `/v1/*`: the
 * Bearer secret key (401 API_KEY_INVALID), then for `/v1/quickbooks-desktop/*` the
 * `Conductor-End-User-Id` header naming a known end user, then an injected fault, then the
 * handler. QuickBooks answers one request at a time per company file: requests to one end user are
 * processed in turn, and the moment two are in flight at once is counted, so a test can assert the
 * client never overlapped them.
 */
import crypto from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import type { SimClock } from './clock.ts';
import type { SimCompany } from './company.ts';
import { listDeleted } from './deleted.ts';
import {
  apiKeyInvalid,
  ConductorFailure,
  endUserMissing,
  errorBody,
  invalidRequest,
  notFoundInQuickBooks,
  routeMissing,
} from './errors.ts';
import { faultError, type ConductorFaults } from './faults.ts';
import type { Iterators } from './query.ts';
import { isResourceName, RESOURCES, type ResourceName } from './resources.ts';

export interface RequestRecord {
  readonly method: string;
  /** Below `/v1`, e.g. `/quickbooks-desktop/customers`. */
  readonly path: string;
  readonly query: string;
  readonly endUserId: string | undefined;
  readonly status: number;
  readonly requestId: string;
  /** Simulated time the request arrived. */
  readonly at: number;
}

export interface Concurrency {
  /** Requests being processed or waiting for this company now. */
  inFlight: number;
  /** The most ever in flight at once. */
  max: number;
  /** Requests that arrived while another was in flight. */
  overlaps: number;
}

export interface AppDeps {
  readonly secretKey: string;
  readonly companies: ReadonlyMap<string, SimCompany>;
  readonly faults: ConductorFaults;
  readonly clock: SimClock;
  readonly iterators: Iterators;
  readonly requests: RequestRecord[];
  /** `endUserId\nMETHOD route` → calls. */
  readonly counters: Map<string, number>;
  readonly concurrency: Map<string, Concurrency>;
  /** Real milliseconds QuickBooks takes per request (default 0). */
  readonly latencyMs: number;
  /** Sees each request as it arrives, before it is handled (a test moves the clock: a slow caller). */
  readonly onArrival?: (r: Arrival) => void;
}

/** A request as it arrives. */
export type Arrival = Pick<RequestRecord, 'method' | 'path' | 'query' | 'endUserId'>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const requestId = () => `req_${crypto.randomBytes(12).toString('hex')}`;
const PREFIX = '/v1/quickbooks-desktop/';

function json(status: number, body: unknown, rid: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'conductor-request-id': rid, ...headers },
  });
}

const failure = (f: ConductorFailure, rid: string) =>
  json(f.error.status, errorBody(f.error, rid), rid, f.error.headers);

export function createApp(d: AppDeps): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  const queues = new Map<string, Promise<unknown>>();

  app.all('*', async (c) => {
    const rid = requestId();
    const url = new URL(c.req.url);
    const method = c.req.method;
    const endUserId = c.req.header('conductor-end-user-id');
    d.onArrival?.({ method, path: url.pathname.slice(3), query: url.search, endUserId });
    const at = d.clock.now();
    const log = (status: number) =>
      d.requests.push({
        method,
        path: url.pathname.slice(3),
        query: url.search,
        endUserId,
        status,
        requestId: rid,
        at,
      });
    try {
      if (!url.pathname.startsWith('/v1/')) throw routeMissing(method, url.pathname);
      const auth = c.req.header('authorization') ?? '';
      const key = auth.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
      if (key !== d.secretKey) throw apiKeyInvalid(key || undefined);
      if (!url.pathname.startsWith(PREFIX)) throw routeMissing(method, url.pathname);
      const sub = url.pathname.slice(PREFIX.length);
      const route = match(method, sub);
      if (!route) throw routeMissing(method, url.pathname);
      if (!endUserId) throw invalidRequest('Missing required header "Conductor-End-User-Id".', 'MISSING_END_USER_ID'); // (ours)
      const co = d.companies.get(endUserId);
      if (!co) throw endUserMissing(endUserId);
      const counterKey = `${endUserId}\n${method} ${route.key}`;
      d.counters.set(counterKey, (d.counters.get(counterKey) ?? 0) + 1);
      const fault = d.faults.take(endUserId, method, sub);
      if (fault?.kind === 'network_reset') {
        c.env.incoming.socket.destroy();
        return new Response(null, { status: 500 });
      }
      if (fault?.kind === 'unavailable') {
        log(503);
        return new Response('Service Unavailable', { status: 503, headers: { 'conductor-request-id': rid } });
      }
      const injected = fault && faultError(fault.kind);
      if (injected) throw injected;
      const body = method === 'POST' ? await readJson(c.req.raw) : undefined;
      const res = await serialized(endUserId, async () => {
        if (d.latencyMs > 0) await sleep(d.latencyMs);
        const out = handle(d, co, route, method, url, body);
        if (fault?.kind === 'slow') await sleep(fault.delayMs);
        return out;
      });
      log(res.status);
      return json(res.status, res.body, rid);
    } catch (e) {
      if (!(e instanceof ConductorFailure)) throw e;
      log(e.error.status);
      return failure(e, rid);
    }
  });

  /** One request at a time per company, counting arrivals that found another in flight. */
  async function serialized<T>(endUserId: string, work: () => Promise<T>): Promise<T> {
    const stat = d.concurrency.get(endUserId) ?? { inFlight: 0, max: 0, overlaps: 0 };
    d.concurrency.set(endUserId, stat);
    if (stat.inFlight > 0) stat.overlaps++;
    stat.inFlight++;
    stat.max = Math.max(stat.max, stat.inFlight);
    const prev = queues.get(endUserId) ?? Promise.resolve();
    const run = prev.then(work, work);
    queues.set(
      endUserId,
      run.catch(() => undefined),
    );
    try {
      return await run;
    } finally {
      stat.inFlight--;
    }
  }
  return app;
}

interface Route {
  readonly key: string;
  readonly op: 'health' | 'deleted-list' | 'deleted-txn' | 'list' | 'create' | 'get' | 'update' | 'delete' | 'void';
  readonly resource?: ResourceName;
  readonly id?: string;
}

function match(method: string, sub: string): Route | undefined {
  const parts = sub.split('/').map(decodeURIComponent);
  if (method === 'GET' && sub === 'health-check') return { key: 'health-check', op: 'health' };
  if (method === 'GET' && sub === 'deleted-list-objects') return { key: sub, op: 'deleted-list' };
  if (method === 'GET' && sub === 'deleted-transactions') return { key: sub, op: 'deleted-txn' };
  const [name, id, action, ...rest] = parts;
  if (!name || !isResourceName(name) || rest.length > 0) return undefined;
  const r = RESOURCES[name];
  if (id === undefined) {
    if (method === 'GET') return { key: name, op: 'list', resource: name };
    if (method === 'POST') return { key: name, op: 'create', resource: name };
    return undefined;
  }
  if (!id) return undefined;
  if (action === 'void')
    return method === 'POST' && r.voidable ? { key: `${name}/:id/void`, op: 'void', resource: name, id } : undefined;
  if (action !== undefined) return undefined;
  if (method === 'GET') return { key: `${name}/:id`, op: 'get', resource: name, id };
  if (method === 'POST') return { key: `${name}/:id`, op: 'update', resource: name, id };
  if (method === 'DELETE' && r.kind === 'transaction') return { key: `${name}/:id`, op: 'delete', resource: name, id };
  return undefined;
}

async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest('The request body is not valid JSON.');
  }
}

function handle(
  d: AppDeps,
  co: SimCompany,
  route: Route,
  method: string,
  url: URL,
  body: unknown,
): { status: number; body: unknown } {
  const started = Date.now();
  const path = url.pathname;
  const r = route.resource!;
  const ok = (b: unknown) => ({ status: 200, body: b });
  switch (route.op) {
    case 'health':
      if ([...url.searchParams.keys()].length > 0) throw invalidRequest('Unrecognized query parameter(s).');
      return ok({ duration: Date.now() - started, status: 'ok' });
    case 'deleted-list':
      return ok(listDeleted(co, 'list', url.searchParams, d.clock, path));
    case 'deleted-txn':
      return ok(listDeleted(co, 'transaction', url.searchParams, d.clock, path));
    case 'list':
      return ok(d.iterators.list(co, r, url.searchParams, path));
    case 'create':
      return ok(co.create(r, body as never));
    case 'get': {
      const rec = co.store.get(r, route.id!);
      if (!rec) throw notFoundInQuickBooks(route.id!);
      return ok(
        co.renderer({ includeLinkedTransactions: url.searchParams.get('includeLinkedTransactions') === 'true' })(rec),
      );
    }
    case 'update':
      return ok(co.updateWith(r, route.id!, body));
    case 'delete':
      co.delete(r, route.id!);
      return ok({ id: route.id, objectType: RESOURCES[r].objectType, deleted: true });
    case 'void':
      return ok(co.void(r, route.id!));
  }
  throw new Error(`unhandled ${method} ${path}`);
}
