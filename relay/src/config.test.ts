import { ConfigError, describeConfig, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('gives sensible defaults for an empty environment: embedded store, no namespace, current API', () => {
    const config = loadConfig({}, '/srv/relay');
    expect(config.port).toBe(8080);
    expect(config.store).toEqual({ kind: 'embedded', dataDir: '/srv/relay/.ledgerbridge' });
    expect(config.salesforce).toMatchObject({ namespace: '', apiVersion: '67.0', pollSeconds: 15, auth: undefined });
    expect(config.publicUrl).toBe('http://127.0.0.1:8080');
  });

  it('posts new items to the Services income account unless QBD_INCOME_ACCOUNT names another', () => {
    expect(loadConfig({}, '/x').qbwc.incomeAccount).toBe('Services');
    expect(loadConfig({ QBD_INCOME_ACCOUNT: ' Sales:Consulting ' }, '/x').qbwc.incomeAccount).toBe('Sales:Consulting');
    expect(() => loadConfig({ QBD_INCOME_ACCOUNT: 'x'.repeat(160) }, '/x')).toThrow(
      /QBD_INCOME_ACCOUNT must be at most 159/,
    );
  });

  it('turns won deals into invoices unless QBD_WON_DEALS_AS says sales_order, and names the choices otherwise', () => {
    expect(loadConfig({}, '/x').qbwc.wonDealsAs).toBe('invoice');
    expect(loadConfig({ QBD_WON_DEALS_AS: 'sales_order' }, '/x').qbwc.wonDealsAs).toBe('sales_order');
    expect(() => loadConfig({ QBD_WON_DEALS_AS: 'estimate' }, '/x')).toThrow(
      /QBD_WON_DEALS_AS: QBD_WON_DEALS_AS is invoice or sales_order/,
    );
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

  it('subscribes to Change Data Capture on Salesforce’s Pub/Sub API over TLS unless told otherwise', () => {
    expect(loadConfig({}).salesforce.pubsub).toEqual({
      enabled: true,
      endpoint: 'api.pubsub.salesforce.com:7443',
      insecure: false,
      retrySeconds: 300,
    });
    const local = loadConfig({
      SF_PUBSUB: 'off',
      SF_PUBSUB_URL: '127.0.0.1:50051',
      SF_PUBSUB_INSECURE: 'true',
      SF_PUBSUB_RETRY_SECONDS: '5',
    });
    expect(local.salesforce.pubsub).toEqual({
      enabled: false,
      endpoint: '127.0.0.1:50051',
      insecure: true,
      retrySeconds: 5,
    });
    expect(loadConfig({ SF_PUBSUB_URL: 'localhost:7443', SF_PUBSUB_INSECURE: 'true' }).salesforce.pubsub.insecure).toBe(
      true,
    );
  });

  it('refuses plaintext Pub/Sub to anything but this machine, and malformed Pub/Sub settings', () => {
    expect(() => loadConfig({ SF_PUBSUB_INSECURE: 'true' })).toThrow(
      /SF_PUBSUB_INSECURE=true .* only allowed to 127\.0\.0\.1 or localhost, not api\.pubsub\.salesforce\.com/,
    );
    expect(() => loadConfig({ SF_PUBSUB_URL: '10.0.0.5:7443', SF_PUBSUB_INSECURE: 'true' })).toThrow(/not 10\.0\.0\.5/);
    expect(() => loadConfig({ SF_PUBSUB: 'yes' })).toThrow(/SF_PUBSUB is on or off/);
    expect(() => loadConfig({ SF_PUBSUB_URL: 'https://api.pubsub.salesforce.com' })).toThrow(
      /SF_PUBSUB_URL is host:port/,
    );
    expect(() => loadConfig({ SF_PUBSUB_INSECURE: 'yes' })).toThrow(/SF_PUBSUB_INSECURE is true or false/);
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
