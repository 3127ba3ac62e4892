import { ConfigError, loadConfig } from '../config.ts';

const ENV = {
  DYNAMICS_URL: 'https://contoso.crm.dynamics.com/',
  DYNAMICS_TENANT_ID: '7c1b5e2a-0000-4000-8000-000000000001',
  DYNAMICS_CLIENT_ID: '51f81489-12ee-4a9e-aaae-a2591f45987d',
  DYNAMICS_CLIENT_SECRET: 'app-user-secret',
  DYNAMICS_WEBHOOK_KEY: 'k'.repeat(40),
};
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe('Dynamics 365 settings', () => {
  it('are off without DYNAMICS_URL, and read whole with defaults when set', () => {
    expect(loadConfig({}).dynamics).toBeUndefined();
    expect(loadConfig(ENV).dynamics).toEqual({
      url: 'https://contoso.crm.dynamics.com',
      tenantId: ENV.DYNAMICS_TENANT_ID,
      clientId: ENV.DYNAMICS_CLIENT_ID,
      clientSecret: 'app-user-secret',
      webhookKey: ENV.DYNAMICS_WEBHOOK_KEY,
      authorityUrl: 'https://login.microsoftonline.com',
      orderTrigger: 'submitted',
      newItemsAs: 'service',
      changesMinutes: 15,
    });
  });

  it('refuse a half-set environment, naming what is missing', () => {
    const { DYNAMICS_CLIENT_SECRET: _secret, DYNAMICS_WEBHOOK_KEY: _key, ...half } = ENV;
    expect(problems(half)).toEqual([
      expect.stringMatching(
        /^DYNAMICS_CLIENT_SECRET: Set DYNAMICS_URL, .* DYNAMICS_CLIENT_SECRET, DYNAMICS_WEBHOOK_KEY missing$/,
      ),
    ]);
  });

  it('refuse plain http but to this machine, an http authority, a short webhook key, unknown choices', () => {
    expect(problems({ ...ENV, DYNAMICS_URL: 'http://contoso.crm.dynamics.com' })).toEqual([
      expect.stringContaining('DYNAMICS_URL must be https'),
    ]);
    expect(loadConfig({ ...ENV, DYNAMICS_URL: 'http://127.0.0.1:4100' }).dynamics?.url).toBe('http://127.0.0.1:4100');
    expect(problems({ ...ENV, DYNAMICS_AUTHORITY_URL: 'http://127.0.0.1:4101' })).toEqual([
      expect.stringContaining('msal-node refuses http'),
    ]);
    expect(problems({ ...ENV, DYNAMICS_WEBHOOK_KEY: 'short' })).toEqual([expect.stringContaining('at least 32')]);
    expect(problems({ ...ENV, DYNAMICS_ORDER_TRIGGER: 'won' })).toEqual([
      expect.stringContaining('DYNAMICS_ORDER_TRIGGER is submitted or active'),
    ]);
  });
});
