/** Health check, QuickBooks' failures as injected faults, one request at a time per company, counters. */
import type { ConductorSimulator } from './index.ts';
import { apiCaller, started, type Api } from './test-client.ts';

describe('Conductor simulator: health and QuickBooks failures', () => {
  let sim: ConductorSimulator;
  let api: Api;
  afterEach(() => sim.close());

  it('health-check answers {duration, status: "ok"}', async () => {
    ({ sim, api } = await started());
    const res = await api('GET', '/health-check');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['duration', 'status']);
    expect(res.body.status).toBe('ok');
    expect(typeof res.body.duration).toBe('number');
  });

  it.each([
    ['quickbooks_not_running', 502, 'INTEGRATION_CONNECTION_ERROR', 'QBD_CONNECTION_ERROR', '0x80040408'],
    ['wrong_company_file', 502, 'INTEGRATION_CONNECTION_ERROR', 'QBD_CONNECTION_ERROR', '0x8004040A'],
    ['modal_dialog', 502, 'INTEGRATION_CONNECTION_ERROR', 'QBD_CONNECTION_ERROR', undefined],
    ['web_connector_offline', 502, 'INTEGRATION_CONNECTION_ERROR', 'QBD_CONNECTION_ERROR', undefined],
    ['request_timeout', 504, 'INTEGRATION_CONNECTION_ERROR', 'QBD_REQUEST_TIMEOUT', undefined],
    ['rate_limit', 429, 'INVALID_REQUEST_ERROR', 'RATE_LIMIT_EXCEEDED', undefined],
    ['server_error', 500, 'INTERNAL_ERROR', 'INTERNAL_SERVER_ERROR', undefined],
  ] as const)('%s: %i %s %s, once, then healthy again', async (kind, status, type, code, integrationCode) => {
    ({ sim, api } = await started());
    sim.faults.inject(kind, { path: 'health-check' });
    const res = await api('GET', '/health-check');
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ type, code, httpStatusCode: status });
    expect(res.body.error.integrationCode).toBe(integrationCode);
    expect(res.body.error.userFacingMessage.length).toBeGreaterThan(20);
    expect(res.body.error.requestId).toBe(res.headers.get('conductor-request-id'));
    expect(res.headers.get('retry-after')).toBe(kind === 'rate_limit' ? '1' : null);
    expect((await api('GET', '/health-check')).status).toBe(200);
  });

  it('a connection failure can last until cleared, and hits every endpoint of that end user only', async () => {
    ({ sim, api } = await started({ endUsers: [{ endUserId: 'end_usr_a' }, { endUserId: 'end_usr_b' }] }));
    const b = apiCaller(sim, 'end_usr_b');
    sim.faults.inject('quickbooks_not_running', { times: Infinity, endUserId: 'end_usr_a' });
    expect((await api('GET', '/health-check')).status).toBe(502);
    expect((await api('GET', '/customers')).status).toBe(502);
    expect((await b('GET', '/customers')).status).toBe(200);
    sim.faults.clear();
    expect((await api('GET', '/customers')).status).toBe(200);
  });

  it('unavailable is a bare 503; network_reset drops the socket; slow answers late but has written', async () => {
    ({ sim, api } = await started());
    sim.faults.inject('unavailable');
    const down = await api('GET', '/health-check');
    expect(down.status).toBe(503);
    expect(down.body).toBe('Service Unavailable');
    sim.faults.inject('network_reset');
    await expect(api('GET', '/health-check')).rejects.toThrow();
    sim.faults.inject('slow', { delayMs: 300, method: 'POST' });
    const controller = new AbortController();
    const gaveUp = fetch(`${sim.url}/v1/quickbooks-desktop/customers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sim.secretKey}`,
        'conductor-end-user-id': sim.endUserIds[0]!,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'Written anyway' }),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(gaveUp).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 400));
    expect(
      sim
        .company(sim.endUserIds[0]!)
        .list('customers')
        .map((c) => c.name),
    ).toEqual(['Written anyway']);
  });

  it('counts requests in flight per company: a serial client never overlaps, a parallel one does', async () => {
    ({ sim, api } = await started({ latencyMs: 40 }));
    const endUserId = sim.endUserIds[0]!;
    for (let i = 0; i < 3; i++) await api('GET', '/customers');
    expect(sim.concurrency(endUserId)).toEqual({ inFlight: 0, max: 1, overlaps: 0 });
    const started_ = Date.now();
    await Promise.all([api('GET', '/customers'), api('GET', '/vendors'), api('GET', '/health-check')]);
    expect(sim.concurrency(endUserId)).toMatchObject({ inFlight: 0, max: 3, overlaps: 2 });
    expect(Date.now() - started_).toBeGreaterThanOrEqual(110); // QuickBooks took them one at a time
    expect(sim.counters(endUserId)).toEqual({ 'GET customers': 4, 'GET vendors': 1, 'GET health-check': 1 });
    expect(sim.requests.filter((r) => r.path === '/quickbooks-desktop/customers')).toHaveLength(4);
  });
});
