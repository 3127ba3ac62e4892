/**
 * `ledgerbridge dynamics provision` against the Dataverse simulator over sockets: a fresh
 * environment gets everything (checked in the simulator's own metadata) and the report says so as
 * it goes; a second run creates nothing and sends no write; a dry run sends no write; a missing
 * privilege stops it with the role to grant, and the next run resumes; a wrong secret and missing
 * settings fail in words.
 */
import { trustingFetch } from '../../../../test/relay/support/dynamics-client.ts';
import { startDataverseSimulator, type DataverseSimulator } from '../../../../test/simulators/dynamics/index.ts';
import { connect } from '../../../../test/simulators/dynamics/test-client.ts';
import { loadConfig } from '../../config.ts';
import { runProvision, type ProvisionDeps } from './provision-command.ts';

const KEY = 'a-webhook-key-of-at-least-32-characters';
const TABLES = ['account', 'contact', 'product', 'salesorder', 'invoice'];
const LOG_COLUMNS = [
  'lb_name',
  'lb_object',
  'lb_quickbooksid',
  'lb_errorcode',
  'lb_errormessage',
  'lb_attempts',
  'lb_status',
  'lb_replayrequested',
];

/** Dataverse's answer when the application user's role lacks a privilege (reference §3.8: 403 PrivilegeDenied). */
const PRIVILEGE_DENIED = JSON.stringify({
  error: {
    code: '0x80040220',
    message:
      "Principal user (Id=8c1f0a52-3b6e-4d0c-9a3e-1f2b3c4d5e6f, type=8, roleCount=1, privilegeCount=412, accessMode=4), is missing prvCreateAttribute privilege (Id=b5a2b3f0-1c3d-4e5f-8a9b-0c1d2e3f4a5b) on OTC=9808 for entity 'attribute'.",
  },
});

describe('ledgerbridge dynamics provision', () => {
  let sim: DataverseSimulator;
  beforeEach(async () => {
    sim = await startDataverseSimulator({ clientId: 'lb-app', clientSecret: 'lb-secret' });
  });
  afterEach(() => sim.close());

  const run = async (args: string[] = [], secret = 'lb-secret', deps: ProvisionDeps = {}) => {
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
      { signInFetch: trustingFetch(sim.caPem), ...deps },
    );
    return { code, out, err };
  };
  const writes = () => sim.requests.filter((r) => r.method !== 'GET').length;
  const has = (table: string, column: string) => sim.env.tables.get(table)?.columns.has(column) ?? false;

  it('provisions a fresh environment, then finds everything and sends no write', async () => {
    const first = await run();
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(/^Signed in to http:\/\/127\.0\.0\.1:\d+ \(organization [0-9a-f-]{36}\)\.\n/);
    expect(first.out).toContain('Created  column lb_quickbooksid on account (2 of 62)\n');
    expect(first.out).toContain('Created  key lb_quickbooksid_key on salesorder');
    expect(first.out.match(/^Created {2}.* \(\d+ of 62\)$/gm)).toHaveLength(62);
    expect(first.out).toMatch(/Created 62, found 0: the environment is ready for Ledgerbridge\.\n$/);

    // What the simulator itself now holds.
    for (const t of TABLES) {
      const schema = sim.env.schema(t);
      expect(schema.columns.get('lb_quickbooksid')).toMatchObject({ type: 'String', maxLength: 100 });
      expect(schema.columns.get('lb_quickbooksconnection')).toMatchObject({ type: 'String' });
      expect(schema.columns.get('lb_syncstatus')?.options?.map((o) => o.label)).toEqual([
        'Not Synced',
        'Queued',
        'Synced',
        'Failed',
        'Needs Review',
      ]);
      expect(schema.keys).toEqual([
        expect.objectContaining({
          logicalName: 'lb_quickbooksid_key',
          keyAttributes: ['lb_quickbooksconnection', 'lb_quickbooksid'],
          status: 'Active',
        }),
      ]);
    }
    for (const c of LOG_COLUMNS) expect([c, has('lb_synclog', c)]).toEqual([c, true]);
    const endpoints = sim.env.table('serviceendpoint').rows();
    expect(endpoints).toEqual([
      expect.objectContaining({
        name: 'Ledgerbridge',
        url: 'https://relay.example.com/dynamics/webhooks',
        contract: 8,
      }),
    ]);
    const steps = sim.env.table('sdkmessageprocessingstep').rows();
    expect(steps).toHaveLength(12);
    expect(steps.map((s) => s.name)).toContain('Ledgerbridge: Update of salesorder');
    // And a client can upsert by the new key.
    const at = "accounts(lb_quickbooksconnection='acme',lb_quickbooksid='80000001-1')";
    expect((await connect(sim)('PATCH', at, { name: 'Acme' })).status).toBe(204);

    const before = writes();
    const second = await run();
    expect(second).toMatchObject({ code: 0, err: '' });
    expect(second.out).toMatch(/Nothing to create: the environment was already provisioned/);
    expect(second.out).toContain('Found    key lb_quickbooksid_key on account');
    expect(second.out).not.toMatch(/^Created/m);
    expect(writes()).toBe(before);
  });

  it('a dry run prints the plan and changes nothing', async () => {
    const dry = await run(['--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Would create column lb_quickbooksid on account');
    expect(dry.out).toMatch(/Dry run: nothing was changed \(62 request\(s\) would be sent\)/);
    expect(writes()).toBe(0);
    expect(has('account', 'lb_quickbooksid')).toBe(false);
    expect(sim.env.tables.has('lb_synclog')).toBe(false);
  });

  it('a missing privilege stops it with the role to grant; the next run creates only the rest', async () => {
    // The environment answers the first column on contact as Dataverse does for a role without prvCreateAttribute.
    let denied = 0;
    const fetchDenying: typeof fetch = async (input, init) => {
      const url = decodeURIComponent(String(input));
      if (init?.method === 'POST' && url.includes("EntityDefinitions(LogicalName='contact')/Attributes") && !denied++)
        return new Response(PRIVILEGE_DENIED, { status: 403, headers: { 'content-type': 'application/json' } });
      return fetch(input, init);
    };
    const stopped = await run([], 'lb-secret', { fetch: fetchDenying });
    expect(denied).toBe(1);
    expect(stopped.code).toBe(1);
    expect(stopped.err).toMatch(
      /^Provisioning stopped: Dataverse refused the request for column lb_quickbooksconnection on contact \(403\)/,
    );
    expect(stopped.err).toContain("(403): The relay's application user in Dynamics lacks a privilege");
    expect(stopped.err).toContain('is missing prvCreateAttribute privilege');
    expect(stopped.err).toContain('System Customizer security role');
    expect(stopped.err).toContain('or add prvCreateAttribute to its role');
    expect(stopped.out).toContain('Created  key lb_quickbooksid_key on account (4 of 62)');
    expect(has('account', 'lb_syncstatus')).toBe(true);
    expect(has('contact', 'lb_quickbooksconnection')).toBe(false);

    const resumed = await run();
    expect(resumed.code).toBe(0);
    expect(resumed.out).toMatch(/Created 58, found 4: the environment is ready for Ledgerbridge\.\n$/);
    expect(has('contact', 'lb_quickbooksconnection')).toBe(true);
  });

  it('a wrong client secret fails in words and creates nothing; no settings and unknown arguments exit 2', async () => {
    const refused = await run([], 'not-the-secret');
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toMatch(/^Could not sign in to http:\/\/127\.0\.0\.1:\d+: /);
    expect(refused.err).toContain('check the client id and client secret');
    expect(sim.requests).toHaveLength(0);
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
