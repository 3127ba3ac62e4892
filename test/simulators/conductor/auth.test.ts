/** Secret key, end-user header and request ids, over a real socket. */
import type { ConductorSimulator } from './index.ts';
import { ERROR_KEYS, started, type Api } from './test-client.ts';

describe('Conductor simulator: who may call', () => {
  let sim: ConductorSimulator;
  let api: Api;
  beforeEach(async () => ({ sim, api } = await started()));
  afterEach(() => sim.close());

  it('refuses a missing or wrong secret key with 401 AUTHENTICATION_ERROR / API_KEY_INVALID, the key masked', async () => {
    const none = await api('GET', '/customers', undefined, { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({
      type: 'AUTHENTICATION_ERROR',
      code: 'API_KEY_INVALID',
      httpStatusCode: 401,
    });
    const wrong = await api('GET', '/customers', undefined, { authorization: 'Bearer sk_live_abcdefgh12345678' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe("Invalid API key provided: 'sk_live_...5678'");
    expect(wrong.body.error.message).not.toContain('abcdefgh1234');
    expect(Object.keys(wrong.body.error).sort()).toEqual(ERROR_KEYS);
    expect(wrong.body.error.requestId).toBe(wrong.headers.get('conductor-request-id'));
    const basic = await api('GET', '/customers', undefined, { authorization: `Basic ${sim.secretKey}` });
    expect(basic.status).toBe(401);
  });

  it('requires Conductor-End-User-Id naming a known end user', async () => {
    const missing = await api('GET', '/customers', undefined, { 'conductor-end-user-id': '' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.type).toBe('INVALID_REQUEST_ERROR');
    expect(missing.body.error.message).toContain('Conductor-End-User-Id');
    const unknown = await api('GET', '/health-check', undefined, { 'conductor-end-user-id': 'end_usr_nobody' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'RESOURCE_MISSING', type: 'INVALID_REQUEST_ERROR' });
    expect(unknown.body.error.message).toContain('end_usr_nobody');
  });

  it('answers every request, refused or not, with a Conductor-Request-Id req_…, each different', async () => {
    const answers = await Promise.all([
      api('GET', '/health-check'),
      api('GET', '/customers', undefined, { authorization: '' }),
      api('GET', '/no-such-thing'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 401, 404]);
    const ids = answers.map((a) => a.headers.get('conductor-request-id'));
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(3);
    expect(sim.requests.map((r) => r.requestId).sort()).toEqual([...ids].sort());
  });

  it('serves no DELETE for list objects and no void for payments (list objects are deactivated instead)', async () => {
    const co = sim.company(sim.endUserIds[0]!);
    const c = co.create('customers', { name: 'Kept' });
    expect((await api('DELETE', `/customers/${c.id}`)).status).toBe(404);
    expect((await api('POST', `/receive-payments/x/void`)).status).toBe(404);
    expect(co.get('customers', String(c.id))).toBeDefined();
  });
});
