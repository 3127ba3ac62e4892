/**
 * `ledgerbridge dynamics provision` against the Dataverse simulator over sockets: a fresh
 * environment gets everything and the report says so; a second run creates nothing and sends no
 * write; a dry run sends no write; a wrong secret and missing settings fail in words.
 */
import { trustingFetch } from '../../../../test/relay/support/dynamics-client.ts';
import { startDataverseSimulator, type DataverseSimulator } from '../../../../test/simulators/dynamics/index.ts';
import { connect } from '../../../../test/simulators/dynamics/test-client.ts';
import { loadConfig } from '../../config.ts';
import { runProvision } from './provision-command.ts';

const KEY = 'a-webhook-key-of-at-least-32-characters';

describe('ledgerbridge dynamics provision', () => {
  let sim: DataverseSimulator;
  beforeEach(async () => {
    sim = await startDataverseSimulator({ clientId: 'lb-app', clientSecret: 'lb-secret' });
  });
  afterEach(() => sim.close());

  const run = async (args: string[] = [], secret = 'lb-secret') => {
    const config = loadConfig({
      PUBLIC_URL: 'https://relay.example.com',
      DYNAMICS_URL: sim.url,
      DYNAMICS_AUTHORITY_URL: sim.authorityUrl,
      DYNAMICS_TENANT_ID: sim.tenantId,
      DYNAMICS_CLIENT_ID: 'lb-app',
      DYNAMICS_CLIENT_SECRET: secret,
      DYNAMICS_WEBHOOK_KEY: KEY,
    });
    let out = '';
    let err = '';
    const code = await runProvision(
      args,
      config,
      (s) => (out += s),
      (s) => (err += s),
      {
        signInFetch: trustingFetch(sim.caPem),
      },
    );
    return { code, out, err };
  };
  const writes = () => sim.requests.filter((r) => r.method !== 'GET').length;

  it('provisions a fresh environment, then finds everything and sends no write', async () => {
    const first = await run();
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toContain('Created  column lb_quickbooksid on account');
    expect(first.out).toContain('Created  key lb_quickbooksid_key on salesorder');
    expect(first.out).toMatch(/Created 49, found 0: the environment is ready for Ledgerbridge\.\n$/);
    // What the simulator now has, read as any client would: an upsert by the new key works.
    const key = "accounts(lb_quickbooksconnection='acme',lb_quickbooksid='80000001-1')";
    const client = connect(sim);
    expect((await client('PATCH', key, { name: 'Acme' })).status).toBe(204);
    const endpoints = (await client('GET', 'serviceendpoints?$select=name,url')).body.value;
    expect(endpoints).toEqual([
      expect.objectContaining({ name: 'Ledgerbridge', url: 'https://relay.example.com/dynamics/webhooks' }),
    ]);

    const before = writes();
    const second = await run();
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/Nothing to create: the environment was already provisioned/);
    expect(second.out).toContain('Found    key lb_quickbooksid_key on account');
    expect(writes()).toBe(before);
  });

  it('a dry run prints the plan and changes nothing', async () => {
    const dry = await run(['--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Would create column lb_quickbooksid on account');
    expect(dry.out).toMatch(/Dry run: nothing was changed \(49 request\(s\) would be sent\)/);
    expect(writes()).toBe(0);
  });

  it('a wrong client secret fails in words and creates nothing; no settings and unknown arguments exit 2', async () => {
    const refused = await run([], 'not-the-secret');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^Could not sign in to http:\/\/127\.0\.0\.1:\d+: /);
    expect(writes()).toBe(0);
    expect((await run(['--force'])).code).toBe(2);
    let err = '';
    expect(
      await runProvision(
        [],
        loadConfig({}),
        () => {},
        (s) => (err += s),
      ),
    ).toBe(2);
    expect(err).toContain('Dynamics 365 is not configured: set DYNAMICS_URL');
  });
});
