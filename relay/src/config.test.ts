import { ConfigError, describeConfig, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('gives sensible defaults for an empty environment: embedded store, no namespace, current API', () => {
    const config = loadConfig({}, '/srv/relay');
    expect(config.port).toBe(8080);
    expect(config.store).toEqual({ kind: 'embedded', dataDir: '/srv/relay/.ledgerbridge' });
    expect(config.salesforce).toMatchObject({ namespace: '', apiVersion: '67.0', pollSeconds: 15, auth: undefined });
    expect(config.publicUrl).toBe('http://127.0.0.1:8080');
  });

  it('selects PostgreSQL when DATABASE_URL is a postgres URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/lb' }, '/x');
    expect(config.store).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/lb', dataDir: '/x/.ledgerbridge' });
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://db',
        SF_NAMESPACE: 'bad-ns!',
        SF_LOGIN_URL: 'https://login.salesforce.com',
        QBWC_USERNAME: 'qb',
        LEDGERBRIDGE_SECRET_KEY: 'short',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(problems).toMatch(/SF_NAMESPACE/);
    expect(problems).toMatch(/LEDGERBRIDGE_SECRET_KEY must be 32 bytes/);
    // Superrefine problems only appear once the shapes are valid; check them separately.
  });

  it('refuses login.salesforce.com and a partial Salesforce sign-in', () => {
    expect(() =>
      loadConfig({ SF_LOGIN_URL: 'https://login.salesforce.com', SF_CLIENT_ID: 'id', SF_CLIENT_SECRET: 's' }),
    ).toThrow(/My Domain/);
    expect(() => loadConfig({ SF_LOGIN_URL: 'https://acme.my.salesforce.com' })).toThrow(/together/);
    expect(() => loadConfig({ QBWC_USERNAME: 'qb' })).toThrow(/QBWC_USERNAME and QBWC_PASSWORD together/);
  });

  it('never shows a secret when describing itself', () => {
    const config = loadConfig({
      SF_LOGIN_URL: 'https://acme.my.salesforce.com',
      SF_CLIENT_ID: 'client-id-value',
      SF_CLIENT_SECRET: 'top-secret-value',
      QBWC_USERNAME: 'qb',
      QBWC_PASSWORD: 'hunter2-value',
      DATABASE_URL: 'postgres://u:dbpass-value@db/lb',
    });
    const text = JSON.stringify(describeConfig(config));
    for (const secret of ['client-id-value', 'top-secret-value', 'hunter2-value', 'dbpass-value'])
      expect(text).not.toContain(secret);
  });
});
