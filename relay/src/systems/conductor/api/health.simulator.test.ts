/** The health check over sockets: ok, each QuickBooks failure the simulator injects in words, a wrong key, an unknown end user. */
import { startConductorSimulator, type ConductorSimulator } from '../../../../../test/simulators/conductor/index.ts';
import { createConductorClient, type ConductorClientOptions } from './index.ts';

let sim: ConductorSimulator;
beforeEach(async () => {
  sim = await startConductorSimulator({ startAt: Date.UTC(2026, 2, 10, 14) });
});
afterEach(() => sim.close());

const client = (o: Partial<ConductorClientOptions> = {}) =>
  createConductorClient({
    baseUrl: sim.url,
    secretKey: sim.secretKey,
    endUserId: sim.endUserIds[0]!,
    sleep: async (ms) => sim.clock.advance(ms),
    now: sim.clock.now,
    ...o,
  });

describe('Conductor client: health check', () => {
  it('answers ok({ duration, status })', async () => {
    const r = await client().healthCheck();
    expect(r).toEqual({ ok: true, value: { duration: expect.any(Number), status: 'ok' } });
    expect(sim.requests.map((q) => [q.method, q.path, q.endUserId])).toEqual([
      ['GET', '/quickbooks-desktop/health-check', 'end_usr_simulator1'],
    ]);
  });

  it.each([
    ['quickbooks_not_running', /because it is not running\. Open QuickBooks Desktop/, '0x80040408'],
    ['wrong_company_file', /A different company file is open in QuickBooks Desktop/, '0x8004040A'],
    ['modal_dialog', /A window is open in QuickBooks Desktop that is waiting for an answer/, undefined],
    ['web_connector_offline', /QuickBooks Web Connector is running/, undefined],
    ['request_timeout', /QuickBooks Desktop is taking too long to respond/, undefined],
  ] as const)(
    '%s: cdt_quickbooks_unreachable in Conductor’s words, asked once',
    async (kind, words, integrationCode) => {
      sim.faults.inject(kind, { path: 'health-check' });
      const r = await client().healthCheck();
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error).toMatchObject({ code: 'cdt_quickbooks_unreachable', retryable: true });
      expect(r.error.message).toMatch(/^The relay could not reach QuickBooks Desktop/);
      expect(r.error.message).toMatch(words);
      expect(r.error.cause).toMatchObject({
        type: 'INTEGRATION_CONNECTION_ERROR',
        userFacingMessage: expect.stringMatching(words),
        integrationCode,
        requestId: sim.requests[0]!.requestId,
      });
      expect(sim.requests).toHaveLength(1); // not retried: it takes a person at the PC
    },
  );

  it('a server error and a rate limit are retried, then healthy', async () => {
    sim.faults.inject('server_error', { path: 'health-check' });
    sim.faults.inject('rate_limit', { path: 'health-check' });
    expect((await client().healthCheck()).ok).toBe(true);
    expect(sim.requests.map((q) => q.status)).toEqual([500, 429, 200]);
  });

  it('a wrong secret key is cdt_unauthorized, not retried, and the key is in no log line', async () => {
    const lines: unknown[] = [];
    const log = {
      debug: (msg: string, f?: object) => void lines.push([msg, f]),
      info: (msg: string, f?: object) => void lines.push([msg, f]),
      warn: (msg: string, f?: object) => void lines.push([msg, f]),
      error: (msg: string, f?: object) => void lines.push([msg, f]),
      child: () => log,
    };
    const r = await client({ secretKey: 'sk_test_wrong_key_123456', log }).healthCheck();
    expect(!r.ok && r.error).toMatchObject({ code: 'cdt_unauthorized', retryable: false });
    expect(!r.ok && r.error.message).toMatch(/secret key/);
    expect(sim.requests.map((q) => q.status)).toEqual([401]);
    expect(lines).toEqual([
      ['conductor call', { method: 'GET', path: '/quickbooks-desktop/health-check', status: 401, attempt: 0 }],
    ]);
    expect(JSON.stringify(lines)).not.toContain('sk_test');
  });

  it('an end user Conductor does not know is cdt_unknown_end_user', async () => {
    const r = await client({ endUserId: 'end_usr_nobody' }).healthCheck();
    expect(!r.ok && r.error.code).toBe('cdt_unknown_end_user');
  });
});
