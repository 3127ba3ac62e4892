/** Service protection over sockets: 429 storms waited out without losing the request, bounded attempts, the in-flight cap. */
import { startDynHarness, type DynHarness } from '../../../../../test/relay/support/dynamics-client.ts';

let h: DynHarness;
let start: number;
let callsBefore: number;
beforeEach(async () => {
  h = await startDynHarness();
  await h.provision('account');
  start = h.sim.requests.length;
  callsBefore = h.sim.counters.calls;
});
afterEach(() => h.close());

/** The Web API requests the client made (after provisioning); a dropped connection leaves no record. */
const sent = () => h.sim.requests.slice(start);
const key = (n: number) => ({ lb_quickbooksconnection: 'acme', lb_quickbooksid: String(n) });

describe('Dataverse client: transport', () => {
  it('waits out a storm of 429s for Retry-After each time and writes the row exactly once', async () => {
    const dyn = h.client();
    h.sim.faults.inject('throttle', { times: 3, retryAfter: 7 });
    h.sim.faults.inject('throttle_concurrency', { times: 1, retryAfter: 1 });
    const r = await dyn.upsert('accounts', key(1), { name: 'Acme' });
    expect(r.ok).toBe(true);
    expect(h.sleeps).toEqual([7000, 7000, 7000, 1000]);
    expect(h.sim.counters.throttled).toBe(4);
    expect(sent().map((q) => q.status)).toEqual([429, 429, 429, 429, 204]);
    expect(h.sim.env.table('account').rows()).toHaveLength(1);
  });

  it('pauses the whole client: a request sent within another’s Retry-After waits out the rest of it', async () => {
    const waits: number[] = [];
    const dyn = h.client({ sleep: async (ms) => void waits.push(ms) }); // the clock stands still while "sleeping"
    h.sim.faults.inject('throttle', { times: 1, retryAfter: 30 });
    expect((await dyn.whoAmI()).ok).toBe(true);
    expect(waits).toEqual([30_000]);
    h.sim.clock.advance(10_000);
    expect((await dyn.whoAmI()).ok).toBe(true); // not throttled itself, but inside the pause
    expect(waits).toEqual([30_000, 20_000]);
    h.sim.clock.advance(20_000);
    expect((await dyn.whoAmI()).ok).toBe(true);
    expect(waits).toEqual([30_000, 20_000]);
    expect(h.sim.counters.throttled).toBe(1);
  });

  it('gives up after the bounded attempts with a retryable dyn_throttled in words', async () => {
    const dyn = h.client({ throttleRetries: 2 });
    h.sim.faults.inject('throttle', { times: 10, retryAfter: 5 });
    const r = await dyn.upsert('accounts', key(1), { name: 'Acme' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'dyn_throttled', retryable: true });
    expect(r.error.message).toMatch(/service protection limits.*Number of requests exceeded the limit of 6000/);
    expect(sent()).toHaveLength(3);
    expect(h.sim.env.table('account').rows()).toHaveLength(0);
  });

  it('a 503 without Retry-After and a dropped connection are retryable dyn_unavailable, sent once', async () => {
    const dyn = h.client();
    h.sim.faults.inject('unavailable');
    const down = await dyn.whoAmI();
    expect(!down.ok && down.error).toMatchObject({ code: 'dyn_unavailable', retryable: true });
    h.sim.faults.inject('network_reset');
    const reset = await dyn.whoAmI();
    expect(!reset.ok && reset.error.code).toBe('dyn_unavailable');
    expect(h.sim.counters.calls - callsBefore).toBe(2);
    expect(h.sleeps).toEqual([]);
  });

  it('a 503 with Retry-After is waited out like a 429', async () => {
    let first = true;
    const flaky: typeof fetch = async (input, init) => {
      if (!first) return fetch(input, init);
      first = false;
      return new Response(null, { status: 503, headers: { 'retry-after': '4' } });
    };
    const r = await h.client({ fetch: flaky }).whoAmI();
    expect(r.ok).toBe(true);
    expect(h.sleeps).toEqual([4000]);
  });

  it('a token refused twice is dyn_unauthorized in words after one renewal', async () => {
    const dyn = h.client();
    expect((await dyn.whoAmI()).ok).toBe(true);
    h.sim.faults.inject('token_expired', { times: 2 });
    const r = await dyn.whoAmI();
    expect(!r.ok && r.error.code).toBe('dyn_unauthorized');
    expect(!r.ok && r.error.message).toMatch(/application user/);
    expect(h.sim.authority.issued).toHaveLength(2);
    expect(sent().map((q) => q.status)).toEqual([200, 401, 401]);
  });

  it('keeps at most maxInFlight requests in flight', async () => {
    const peak = async (maxInFlight: number) => {
      const dyn = h.client({ maxInFlight });
      await dyn.whoAmI(); // signed in before the burst
      h.sim.counters.peakConcurrent = 0;
      h.sim.faults.inject('slow', { times: 12, delayMs: 40 });
      const all = await Promise.all(Array.from({ length: 12 }, () => dyn.whoAmI()));
      expect(all.every((r) => r.ok)).toBe(true);
      return h.sim.counters.peakConcurrent;
    };
    expect(await peak(3)).toBe(3);
    expect(await peak(12)).toBeGreaterThan(3);
  });
});
