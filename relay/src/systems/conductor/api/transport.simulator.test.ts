/** The transport over sockets: one request at a time per end user, bounded retries with backoff, writes never sent twice, the timeout. */
import {
  startConductorSimulator,
  type ConductorSimulator,
  type SimCompany,
} from '../../../../../test/simulators/conductor/index.ts';
import { createConductorClient, type ConductorClientOptions } from './index.ts';

let sim: ConductorSimulator;
let co: SimCompany;
let sleeps: number[];
beforeEach(async () => {
  sim = await startConductorSimulator({ startAt: Date.UTC(2026, 2, 10, 14), latencyMs: 30 });
  co = sim.company(sim.endUserIds[0]!);
  sleeps = [];
});
afterEach(() => sim.close());

const client = (o: Partial<ConductorClientOptions> = {}) =>
  createConductorClient({
    baseUrl: sim.url,
    secretKey: sim.secretKey,
    endUserId: co.endUserId,
    sleep: async (ms) => {
      sleeps.push(ms);
      sim.clock.advance(ms);
    },
    now: sim.clock.now,
    ...o,
  });

describe('Conductor client: transport', () => {
  it('calls started together reach QuickBooks one after the other, across clients of one end user too', async () => {
    const a = client();
    const b = client();
    const all = await Promise.all([
      a.healthCheck(),
      a.retrieve('customers', co.create('customers', { name: 'One' }).id as string),
      a.create('customers', { name: 'Two' }),
      b.healthCheck(),
      b.deleted('list-objects', { objectTypes: ['customer'] }),
    ]);
    expect(all.map((r) => r.ok)).toEqual([true, true, true, true, true]);
    expect(sim.concurrency(co.endUserId)).toEqual({ inFlight: 0, max: 1, overlaps: 0 });
    expect(sim.requests).toHaveLength(5);
  });

  it('end users do not wait for each other', async () => {
    await sim.close();
    sim = await startConductorSimulator({
      endUsers: [{ endUserId: 'end_usr_a' }, { endUserId: 'end_usr_b' }],
      latencyMs: 200,
    });
    const at = (endUserId: string) => client({ endUserId, baseUrl: sim.url, secretKey: sim.secretKey });
    const started = Date.now();
    await Promise.all([at('end_usr_a').healthCheck(), at('end_usr_b').healthCheck()]);
    expect(Date.now() - started).toBeLessThan(380); // one after the other would take 400 ms;
  });

  it('retries 5xx, 429 and a dropped connection with exponential backoff (Retry-After when given), then succeeds', async () => {
    sim.faults.inject('server_error', { path: 'health-check' });
    sim.faults.inject('rate_limit', { path: 'health-check' });
    expect((await client().healthCheck()).ok).toBe(true);
    expect(sleeps).toEqual([500, 1000]); // backoff, then the 429's Retry-After: 1
    sleeps = [];
    sim.faults.inject('unavailable', { path: 'health-check' });
    sim.faults.inject('network_reset', { path: 'health-check' });
    expect((await client().healthCheck()).ok).toBe(true);
    expect(sleeps).toEqual([500, 1000]);
    expect(sim.counters(co.endUserId)['GET health-check']).toBe(6);
  });

  it('gives up after `retries` retries with the typed, retryable error', async () => {
    sim.faults.inject('server_error', { times: 10 });
    const r = await client({ retries: 3 }).healthCheck();
    expect(!r.ok && r.error).toMatchObject({ code: 'cdt_internal', retryable: true });
    expect(sleeps).toEqual([500, 1000, 2000]);
    expect(sim.requests).toHaveLength(4);
    sim.faults.clear();
    sim.faults.inject('rate_limit', { times: 10 });
    const limited = await client({ retries: 0 }).healthCheck();
    expect(!limited.ok && limited.error).toMatchObject({ code: 'cdt_rate_limited', retryable: true });
  });

  it('a write is not sent again after a failure that may have come after QuickBooks wrote it; a 429 it is', async () => {
    sim.faults.inject('server_error', { method: 'POST' });
    const failed = await client().create('customers', { name: 'Once' });
    expect(!failed.ok && failed.error.code).toBe('cdt_internal');
    sim.faults.inject('rate_limit', { method: 'POST' });
    const limited = await client().create('customers', { name: 'After a wait' });
    expect(limited.ok).toBe(true);
    expect(sim.requests.map((q) => `${q.method} ${q.status}`)).toEqual(['POST 500', 'POST 429', 'POST 200']);
  });

  it('no answer within timeoutMs is cdt_unavailable; for a write it says the change may have been made', async () => {
    sim.faults.inject('slow', { method: 'POST', delayMs: 300 });
    const r = await client({ timeoutMs: 80 }).create('customers', { name: 'Slow' });
    expect(!r.ok && r.error).toMatchObject({ code: 'cdt_unavailable', retryable: true });
    expect(!r.ok && r.error.message).toMatch(/no answer within 80 ms; the change may have been made in QuickBooks/);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(co.list('customers').map((c) => c.name)).toEqual(['Slow']); // written once, not twice
  });

  it('a connection refused is retried, then cdt_unavailable', async () => {
    const url = sim.url;
    await sim.close();
    const r = await client({ baseUrl: url }).create('customers', { name: 'Nobody home' });
    expect(!r.ok && r.error.code).toBe('cdt_unavailable');
    expect(sleeps).toEqual([500, 1000]);
    sim = await startConductorSimulator();
  });
});
