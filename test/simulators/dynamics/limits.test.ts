import { startDataverseSimulator, type DataverseSimulator } from './index.ts';
import { connect } from './test-client.ts';

let sim: DataverseSimulator;
afterEach(() => sim.close());

describe('service protection', () => {
  it('answers 429 with Retry-After and the 0x80072322 body past the requests in the window, and clears as the window slides', async () => {
    sim = await startDataverseSimulator({ limits: { requestsPerWindow: 3 } });
    const api = connect(sim);
    for (let i = 0; i < 3; i++) expect((await api('GET', 'WhoAmI')).status).toBe(200);
    sim.clock.advance(100_000);
    const refused = await api('GET', 'WhoAmI');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('200');
    expect(refused.body).toEqual({
      error: {
        code: '0x80072322',
        message: 'Number of requests exceeded the limit of 3 over time window of 300 seconds.',
      },
    });
    sim.clock.advance(200_000);
    expect((await api('GET', 'WhoAmI')).status).toBe(200);
    expect(sim.counters.throttled).toBe(1);
  });

  it('refuses requests beyond the concurrent limit at once (0x80072326)', async () => {
    sim = await startDataverseSimulator({ limits: { concurrent: 2 } });
    const api = connect(sim);
    sim.faults.inject('slow', { times: 2, delayMs: 300 });
    const answers = await Promise.all([
      api('GET', 'WhoAmI'),
      api('GET', 'WhoAmI'),
      new Promise((r) => setTimeout(r, 100)).then(() => api('GET', 'WhoAmI')),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
    expect(answers.find((a) => a.status === 429)!.body.error.code).toBe('0x80072326');
  });

  it('injects throttles and server errors for the next requests only', async () => {
    sim = await startDataverseSimulator();
    const api = connect(sim);
    sim.faults.inject('throttle', { times: 2, retryAfter: 7, path: 'accounts' });
    sim.faults.inject('server_error', { method: 'POST' });
    expect((await api('GET', 'WhoAmI')).status).toBe(200);
    const first = await api('GET', 'accounts');
    expect([first.status, first.headers.get('retry-after'), first.body.error.code]).toEqual([429, '7', '0x80072322']);
    expect((await api('GET', 'accounts')).status).toBe(429);
    expect((await api('GET', 'accounts')).status).toBe(200);
    const failed = await api('POST', 'contacts', { lastname: 'A' });
    expect([failed.status, failed.body.error.code]).toEqual([500, '0x80040216']);
    expect(sim.env.table('contact').rows()).toHaveLength(0);
    expect((await api('POST', 'contacts', { lastname: 'A' })).status).toBe(204);
    expect(sim.faults.pending()).toEqual([]);
    expect(sim.requests.map((r) => r.status)).toEqual([200, 429, 429, 200, 500, 204]);
  });
});
