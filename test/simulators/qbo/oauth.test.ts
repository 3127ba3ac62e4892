/** OAuth 2.0 over real sockets: authorize → code → tokens, refresh rotation, expiry, revocation, refusals. */
import { startQboSimulator, type QboSimulator } from './index.ts';
import { sample, shapeDiff, TEST_APP } from './test-client.ts';

const basic = (id = TEST_APP.clientId, secret = TEST_APP.clientSecret) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function token(sim: QboSimulator, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${sim.url}/oauth2/tokens/bearer`, {
    method: 'POST',
    headers: {
      authorization: basic(),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function authorize(sim: QboSimulator, params: Record<string, string> = {}) {
  const q = new URLSearchParams({
    client_id: TEST_APP.clientId,
    redirect_uri: TEST_APP.redirectUris[0]!,
    response_type: 'code',
    scope: 'com.intuit.quickbooks.accounting',
    state: 'st-123',
    ...params,
  });
  const res = await fetch(`${sim.url}/oauth2/authorize?${q}`, { redirect: 'manual' });
  return {
    status: res.status,
    location: res.headers.get('location') ? new URL(res.headers.get('location')!) : undefined,
  };
}

describe('QBO simulator: OAuth 2.0', () => {
  let sim: QboSimulator;
  beforeEach(async () => {
    sim = await startQboSimulator({ app: TEST_APP, companies: [{ realmId: '111' }, { realmId: '222' }] });
  });
  afterEach(() => sim.close());

  it('redirects with code, state and the realm the user picked; the code buys tokens shaped like the samples', async () => {
    sim.oauth.nextConsent({ realmId: '222' });
    const { status, location } = await authorize(sim);
    expect(status).toBe(302);
    expect(location!.origin + location!.pathname).toBe(TEST_APP.redirectUris[0]);
    expect(location!.searchParams.get('state')).toBe('st-123');
    expect(location!.searchParams.get('realmId')).toBe('222');
    const code = location!.searchParams.get('code')!;
    const t = await token(sim, { grant_type: 'authorization_code', code, redirect_uri: TEST_APP.redirectUris[0]! });
    expect(t.status).toBe(200);
    const { id_token: _id, ...expected } = sample('oauth/token.200.jsclient-mock.json') as Record<string, unknown>;
    expect(shapeDiff(t.body, expected, { allowMissing: false })).toBe('');
    expect(t.body.expires_in).toBe(3600);
    expect(t.body.x_refresh_token_expires_in).toBe(8_726_400);
    expect(t.body).not.toHaveProperty('x_refresh_token_hard_expires_in');
    // The code is single-use: a second exchange is refused and poisons the grant.
    const again = await token(sim, { grant_type: 'authorization_code', code, redirect_uri: TEST_APP.redirectUris[0]! });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    expect(sim.oauth.check(String(t.body.access_token))).toEqual({ error: 'expired' });
  });

  it('refuses unregistered redirect URIs, other scopes, a missing state and a denied consent', async () => {
    expect((await authorize(sim, { redirect_uri: 'http://evil.example/cb' })).status).toBe(400);
    expect((await authorize(sim, { client_id: 'nobody' })).status).toBe(400);
    expect((await authorize(sim, { scope: 'openid' })).location!.searchParams.get('error')).toBe('invalid_scope');
    expect((await authorize(sim, { state: '' })).location!.searchParams.get('error')).toBe('invalid_request');
    sim.oauth.nextConsent({ deny: true });
    const denied = await authorize(sim);
    expect(denied.location!.searchParams.get('error')).toBe('access_denied');
    expect(denied.location!.searchParams.has('code')).toBe(false);
  });

  it('invalid_client (401) for bad credentials; invalid_grant (400) for a wrong redirect_uri', async () => {
    const bad = await token(
      sim,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { authorization: basic(TEST_APP.clientId, 'wrong') },
    );
    expect(bad).toEqual({ status: 401, body: { error: 'invalid_client' } });
    const code = (await authorize(sim)).location!.searchParams.get('code')!;
    const t = await token(sim, { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:9/other' });
    expect(t.status).toBe(400);
    expect(
      shapeDiff(t.body, (sample('oauth/token.400.invalid_grant.jsclient-mock.json') as { json: object }).json, {
        allowMissing: false,
      }),
    ).toBe('');
  });

  it('keeps the refresh token value within 24 h, rotates it after, and the superseded one is dead at once', async () => {
    const { refresh_token: rt1 } = sim.oauth.connect('111');
    sim.clock.advance(2 * 3600_000);
    const same = await token(sim, { grant_type: 'refresh_token', refresh_token: rt1 });
    expect(same.status).toBe(200);
    expect(same.body.refresh_token).toBe(rt1);
    expect(same.body.x_refresh_token_expires_in).toBe(8_726_400 - 2 * 3600);
    sim.clock.advance(23 * 3600_000);
    const rotated = await token(sim, { grant_type: 'refresh_token', refresh_token: rt1 });
    expect(rotated.body.refresh_token).not.toBe(rt1);
    const old = await token(sim, { grant_type: 'refresh_token', refresh_token: rt1 });
    expect(old).toEqual({
      status: 400,
      body: { error_description: 'Incorrect or invalid refresh token', error: 'invalid_grant' },
    });
    const next = await token(sim, { grant_type: 'refresh_token', refresh_token: String(rotated.body.refresh_token) });
    expect(next.status).toBe(200);
  });

  it('an access token dies after an hour; a refresh token after its 101 days; the hard cap only when asked', async () => {
    const { access_token, refresh_token } = sim.oauth.connect('111');
    const hard = await token(
      sim,
      { grant_type: 'refresh_token', refresh_token },
      { 'x-include-refresh-token-hard-expires-in': 'true' },
    );
    expect(hard.body.x_refresh_token_hard_expires_in).toBe(157_680_000);
    expect(
      shapeDiff(hard.body, sample('oauth/token.200.refresh-hard-expiry.jsclient-test.json'), { allowMissing: false }),
    ).toBe('');
    sim.clock.advance(3600_000);
    expect(sim.oauth.check(access_token)).toEqual({ error: 'expired' });
    sim.clock.advance(8_726_400_000);
    const dead = await token(sim, { grant_type: 'refresh_token', refresh_token });
    expect(dead.status).toBe(400);
    expect(dead.body.error).toBe('invalid_grant');
  });

  it('revoking the refresh token disconnects the realm', async () => {
    const { access_token, refresh_token } = sim.oauth.connect('111');
    const res = await fetch(`${sim.url}/oauth2/revoke`, {
      method: 'POST',
      headers: { authorization: basic(), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: refresh_token }),
    });
    expect(res.status).toBe(200);
    expect(sim.oauth.check(access_token)).toEqual({ error: 'expired' });
    expect((await token(sim, { grant_type: 'refresh_token', refresh_token })).body.error).toBe('invalid_grant');
    const noAuth = await fetch(`${sim.url}/oauth2/revoke`, { method: 'POST', body: JSON.stringify({ token: 'x' }) });
    expect(noAuth.status).toBe(401);
  });
});
