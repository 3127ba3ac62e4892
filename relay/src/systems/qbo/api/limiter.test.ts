/** The realm's limiter, alone on a fake clock and in front of the simulator's throttles (over sockets). */
import { startQboHarness, type QboHarness } from '../../../../../test/relay/support/qbo-client.ts';
import { createQboLimiter } from './limiter.ts';

describe('QuickBooks Online limiter', () => {
  it('lets callers go in arrival order; a batch held back does not hold back the calls behind it', async () => {
    let t = 0;
    const waits: number[] = [];
    const never = new Promise<void>(() => undefined);
    const limiter = createQboLimiter({
      concurrent: 1,
      batchPerMinute: 1,
      now: () => t,
      sleep: (ms) => (waits.push(ms), never),
    });
    const order: string[] = [];
    const first = await limiter.acquire();
    const b = limiter.acquire().then((release) => (order.push('b'), release));
    const c = limiter.acquire().then((release) => (order.push('c'), release));
    first();
    (await b)();
    (await c)();
    expect(order).toEqual(['b', 'c']);
    (await limiter.acquire('batch'))();
    t = 1000;
    let batchWent = false;
    void limiter.acquire('batch').then(() => (batchWent = true));
    const read = await limiter.acquire();
    read();
    expect(batchWent).toBe(false);
    expect(waits).toEqual([59_000]);
    expect(limiter.counters()).toMatchObject({ sent: 5, batches: 1, peakConcurrent: 1, waited: 3 });
  });

  it('a turn released twice is a bug', async () => {
    const release = await createQboLimiter().acquire();
    release();
    expect(release).toThrow(/released twice/);
  });
});

describe('QuickBooks Online client under the throttles', () => {
  let h: QboHarness;
  afterEach(() => h.close());

  it('never lets more than N through in a minute: 50 reads at 15/min, none refused by a 20/min realm', async () => {
    h = await startQboHarness({ limits: { perMinute: 20, perSecond: 100 } });
    const limiter = createQboLimiter({ perMinute: 15, concurrent: 3, now: h.sim.clock.now, sleep: h.sleep });
    const qbo = h.client({ limiter });
    const start = h.sim.clock.now();
    const results = await Promise.all(Array.from({ length: 50 }, () => qbo.read('Item', '1')));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(h.sim.counters(h.realm)).toMatchObject({ throttled: 0, peakPerMinute: 15 });
    expect(limiter.counters()).toMatchObject({ sent: 50, peakPerMinute: 15 });
    expect(limiter.counters().peakConcurrent).toBeLessThanOrEqual(3);
    expect(h.sim.clock.now() - start).toBeGreaterThanOrEqual(180_000);
  });

  it('keeps under 10 a second with its default 8', async () => {
    h = await startQboHarness();
    const limiter = createQboLimiter({ now: h.sim.clock.now, sleep: h.sleep });
    const results = await Promise.all(Array.from({ length: 30 }, () => h.client({ limiter }).read('Item', '1')));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(h.sim.counters(h.realm).throttled).toBe(0);
    expect(limiter.counters()).toMatchObject({ peakPerSecond: 8, peakConcurrent: 4 });
  });

  it('a 429 from the realm (another client used its minute): waits 60 s, then succeeds', async () => {
    h = await startQboHarness({ limits: { perMinute: 5, perSecond: 100 } });
    const qbo = h.client();
    for (let i = 0; i < 8; i++) expect((await qbo.read('Item', '1')).ok).toBe(true);
    expect(h.sim.counters(h.realm).throttled).toBe(1);
    expect(h.sleeps).toEqual([60_000]);
  });

  it('ThrottleExceeded (429 or the older 403) is retried 3 times, then qbo_throttled; Retry-After is honoured', async () => {
    h = await startQboHarness();
    const qbo = h.client();
    h.sim.faults.inject('throttle_403');
    expect((await qbo.read('Item', '1')).ok).toBe(true);
    h.sim.faults.inject('throttle', { times: 4 });
    const r = await qbo.read('Item', '1');
    expect(r.ok || r.error).toMatchObject({ code: 'qbo_throttled', retryable: true, cause: { code: '3001' } });
    expect(h.sleeps).toEqual([60_000, 60_000, 60_000, 60_000]);
    let first = true;
    const retryAfter: typeof fetch = async (url, init) => {
      if (!first) return fetch(url, init);
      first = false;
      return new Response('', { status: 429, headers: { 'retry-after': '7' } });
    };
    expect((await h.client({ fetch: retryAfter }).read('Item', '1')).ok).toBe(true);
    expect(h.sleeps.at(-1)).toBe(7000);
  });

  it('batch calls keep to their own allowance: the third in a minute waits', async () => {
    h = await startQboHarness();
    const limiter = createQboLimiter({ batchPerMinute: 2, now: h.sim.clock.now, sleep: h.sleep });
    const qbo = h.client({ limiter });
    const items = Array.from({ length: 61 }, (_, i) => ({
      bId: `b${i}`,
      operation: 'create' as const,
      entity: 'Customer',
      body: { DisplayName: `Batched ${i}` },
    }));
    const r = await qbo.batch(items, 'allowance');
    expect(r.ok && r.value.every((x) => x.ok)).toBe(true);
    expect(limiter.counters()).toMatchObject({ batches: 3, peakBatchPerMinute: 2 });
    expect(h.sleeps).toEqual([60_000]);
  });
});
