/** Sign-in over TLS through msal-node: a token reused until near expiry, then renewed; refusals in words. */
import { startDynHarness, type DynHarness } from '../../../../../test/relay/support/dynamics-client.ts';

let h: DynHarness;
beforeEach(async () => {
  h = await startDynHarness();
});
afterEach(() => h.close());

describe('Dataverse client: sign-in', () => {
  it('signs in with client credentials, reuses the token until five minutes before expiry, then gets a new one', async () => {
    const dyn = h.client();
    const who = await dyn.whoAmI();
    expect(who.ok && who.value.UserId).toBe(h.sim.env.userId);
    expect(h.sim.authority.issued).toHaveLength(1);
    h.sim.clock.advance(3000_000); // 50 minutes: still 9+ minutes left
    expect((await dyn.whoAmI()).ok).toBe(true);
    expect(h.sim.authority.issued).toHaveLength(1);
    h.sim.clock.advance(400_000); // 56m40s: within msal's five-minute renewal offset
    expect((await dyn.whoAmI()).ok).toBe(true);
    expect(h.sim.authority.issued).toHaveLength(2);
    expect(h.sim.authority.issued[1]!.expiresAt).toBe(h.sim.clock.now() + 3599_000);
  });

  it('renews once when the Web API refuses the token (401) and the call succeeds', async () => {
    const dyn = h.client();
    expect((await dyn.whoAmI()).ok).toBe(true);
    h.sim.faults.inject('token_expired');
    const again = await dyn.whoAmI();
    expect(again.ok).toBe(true);
    expect(h.sim.authority.issued).toHaveLength(2);
    expect(h.sim.requests.map((r) => r.status)).toEqual([200, 401, 200]);
  });

  it('refuses a wrong secret in words, as a result, without calling the Web API', async () => {
    const r = await h.client({ clientSecret: 'not-the-secret' }).whoAmI();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('dyn_sign_in_refused');
    expect(r.error.retryable).toBe(false);
    expect(r.error.message).toMatch(/client id and client secret/);
    expect(r.error.message).toMatch(/AADSTS7000215/);
    expect(h.sim.requests).toHaveLength(0);
  });

  it('names an unknown tenant and a wrong environment URL', async () => {
    const tenant = await h.client({ tenantId: '00000000-0000-0000-0000-00000000dead' }).whoAmI();
    expect(!tenant.ok && tenant.error.code).toBe('dyn_sign_in_unknown_tenant');
    const env = await h.client({ url: 'http://127.0.0.1:9' }).whoAmI();
    expect(!env.ok && env.error.code).toBe('dyn_sign_in_wrong_environment');
  });
});
