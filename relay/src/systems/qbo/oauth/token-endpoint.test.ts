/** The token endpoint calls over sockets against the QuickBooks Online simulator. */
import { startQboSimulator, type QboSimulator } from '../../../../../test/simulators/qbo/index.ts';
import { TEST_APP } from '../../../../../test/simulators/qbo/test-client.ts';
import { authorizeUrl } from './authorize-url.ts';
import { exchangeCode, refreshTokens, revokeToken } from './token-endpoint.ts';

const HOUR = 3600_000;

describe('QuickBooks Online OAuth: token endpoint', () => {
  let sim: QboSimulator;
  let creds: { clientId: string; clientSecret: string; tokenUrl: string; revokeUrl: string };
  beforeEach(async () => {
    sim = await startQboSimulator({ app: TEST_APP });
    creds = {
      clientId: TEST_APP.clientId,
      clientSecret: TEST_APP.clientSecret,
      tokenUrl: `${sim.url}/oauth2/v1/tokens/bearer`,
      revokeUrl: `${sim.url}/v2/oauth2/tokens/revoke`,
    };
  });
  afterEach(() => sim.close());

  /** The user consents: the callback's query. */
  async function consent(): Promise<URLSearchParams> {
    const url = authorizeUrl({
      authorizeUrl: `${sim.url}/connect/oauth2`,
      clientId: TEST_APP.clientId,
      redirectUri: TEST_APP.redirectUris[0]!,
      state: 'csrf-1',
    });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!).searchParams;
  }

  async function connect() {
    const back = await consent();
    const t = await exchangeCode({ ...creds, code: back.get('code')!, redirectUri: TEST_APP.redirectUris[0]! });
    if (!t.ok) throw new Error(t.error.message);
    return t.value;
  }

  it('builds the consent URL, exchanges the code for tokens with the hard cap asked for', async () => {
    const back = await consent();
    expect(back.get('state')).toBe('csrf-1');
    expect(back.get('realmId')).toBe(sim.realmIds[0]);
    const code = back.get('code')!;
    const t = await exchangeCode({ ...creds, code, redirectUri: TEST_APP.redirectUris[0]! });
    expect(t).toEqual({
      ok: true,
      value: {
        accessToken: expect.any(String),
        refreshToken: expect.stringMatching(/^RT1-/),
        expiresIn: 3600,
        refreshExpiresIn: 8_726_400,
        refreshHardExpiresIn: expect.any(Number),
      },
    });
    expect(t.ok && sim.oauth.check(t.value.accessToken)).toEqual({ realmId: sim.realmIds[0] });
    // A code is single-use.
    const again = await exchangeCode({ ...creds, code, redirectUri: TEST_APP.redirectUris[0]! });
    expect(again.ok || again.error).toMatchObject({ code: 'qbo_reauthorize', retryable: false });
  });

  it('refreshes: the same refresh token within a day, a rotated one after; the old one is then dead', async () => {
    const first = await connect();
    const same = await refreshTokens({ ...creds, refreshToken: first.refreshToken });
    expect(same.ok && same.value.refreshToken).toBe(first.refreshToken);
    expect(same.ok && same.value.accessToken).not.toBe(first.accessToken);
    sim.clock.advance(25 * HOUR);
    const rotated = await refreshTokens({ ...creds, refreshToken: first.refreshToken });
    if (!rotated.ok) throw new Error(rotated.error.message);
    expect(rotated.value.refreshToken).not.toBe(first.refreshToken);
    const reused = await refreshTokens({ ...creds, refreshToken: first.refreshToken });
    expect(reused.ok || reused.error).toMatchObject({ code: 'qbo_reauthorize', retryable: false });
    expect(reused.ok || reused.error.message).toContain('invalid_grant');
    expect((await refreshTokens({ ...creds, refreshToken: rotated.value.refreshToken })).ok).toBe(true);
  });

  it('revoke disconnects: a refresh afterwards is qbo_reauthorize', async () => {
    const t = await connect();
    expect(await revokeToken({ ...creds, token: t.refreshToken })).toEqual({ ok: true, value: undefined });
    const after = await refreshTokens({ ...creds, refreshToken: t.refreshToken });
    expect(after.ok || after.error.code).toBe('qbo_reauthorize');
  });

  it('a wrong client secret is qbo_app_credentials, for refresh and revoke alike', async () => {
    const t = await connect();
    const wrong = { ...creds, clientSecret: 'not-the-secret' };
    const r = await refreshTokens({ ...wrong, refreshToken: t.refreshToken });
    expect(r.ok || r.error).toMatchObject({ code: 'qbo_app_credentials', retryable: false });
    expect(r.ok || r.error.message).not.toContain(t.refreshToken);
    const v = await revokeToken({ ...wrong, token: t.refreshToken });
    expect(v.ok || v.error.code).toBe('qbo_app_credentials');
  });

  it('an answer without the token fields is qbo_token_response; no answer at all is qbo_unavailable', async () => {
    const fake = (status: number, body: unknown) => async () =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    const missing = await refreshTokens({ ...creds, refreshToken: 'RT1-x', fetch: fake(200, { access_token: 'a' }) });
    expect(missing.ok || missing.error.code).toBe('qbo_token_response');
    expect(missing.ok || missing.error.message).toContain('refresh_token');
    const down = await refreshTokens({ ...creds, refreshToken: 'RT1-x', fetch: fake(503, {}) });
    expect(down.ok || down.error).toMatchObject({ code: 'qbo_unavailable', retryable: true });
    const closed = await refreshTokens({ ...creds, tokenUrl: 'http://127.0.0.1:9/tokens', refreshToken: 'RT1-x' });
    expect(closed.ok || closed.error).toMatchObject({ code: 'qbo_unavailable', retryable: true });
  });
});
