import { execFile } from 'node:child_process';
import path from 'node:path';
import { startDataverseSimulator, type DataverseSimulator } from './index.ts';
import { apiCaller, clientCredentialsToken, getSignIn, postForm } from './test-client.ts';

let sim: DataverseSimulator;
beforeEach(async () => {
  sim = await startDataverseSimulator();
});
afterEach(() => sim.close());

const form = (over: Record<string, string> = {}) => ({
  grant_type: 'client_credentials',
  client_id: 'ledgerbridge-client',
  client_secret: 'ledgerbridge-secret',
  scope: `${sim.url}/.default`,
  ...over,
});

describe('the sign-in (client credentials over TLS)', () => {
  it('serves the OpenID configuration msal-node reads for a known authority', async () => {
    const untrusted = await fetch(`${sim.authorityUrl}/${sim.tenantId}/v2.0/.well-known/openid-configuration`).then(
      () => 'answered',
      (e: Error) => e.message,
    );
    expect(untrusted).toBe('fetch failed'); // plain fetch does not trust the throwaway certificate
    const ok = await getSignIn(sim, `/${sim.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(ok.status).toBe(200);
    expect(ok.body.token_endpoint).toBe(`${sim.authorityUrl}/${sim.tenantId}/oauth2/v2.0/token`);
    expect(ok.body.issuer).toBe(`${sim.authorityUrl}/${sim.tenantId}/v2.0`);
    expect(ok.body).toHaveProperty('jwks_uri');
    expect(ok.body).toHaveProperty('authorization_endpoint');
  });

  it('issues a bearer token for <env>/.default that lasts 3599 s and opens the Web API', async () => {
    const res = await postForm(sim, `/${sim.tenantId}/oauth2/v2.0/token`, form());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const api = apiCaller(sim, () => res.body.access_token as string);
    const who = await api('GET', 'WhoAmI');
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({
      UserId: sim.env.userId,
      OrganizationId: sim.env.organizationId,
      BusinessUnitId: sim.env.businessUnitId,
    });
  });

  it('refuses a wrong secret, an unknown client, another resource and another grant as Entra ID does', async () => {
    const bad = await postForm(sim, `/${sim.tenantId}/oauth2/v2.0/token`, form({ client_secret: 'nope' }));
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('invalid_client');
    expect(bad.body.error_codes).toEqual([7000215]);
    expect(bad.body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    const stranger = await postForm(sim, `/${sim.tenantId}/oauth2/v2.0/token`, form({ client_id: 'someone' }));
    expect([stranger.status, stranger.body.error, stranger.body.error_codes]).toEqual([
      400,
      'unauthorized_client',
      [700016],
    ]);
    const other = await postForm(
      sim,
      `/${sim.tenantId}/oauth2/v2.0/token`,
      form({ scope: 'https://other.crm.dynamics.com/.default' }),
    );
    expect([other.status, other.body.error, other.body.error_codes]).toEqual([400, 'invalid_resource', [500011]]);
    const grant = await postForm(sim, `/${sim.tenantId}/oauth2/v2.0/token`, form({ grant_type: 'password' }));
    expect([grant.status, grant.body.error]).toEqual([400, 'unsupported_grant_type']);
    const tenant = await postForm(sim, '/someone-else/oauth2/v2.0/token', form());
    expect([tenant.status, tenant.body.error, tenant.body.error_codes]).toEqual([400, 'invalid_tenant', [90002]]);
  });

  it('answers 401 with WWW-Authenticate for no token, a made-up one, and one expired on the simulated clock', async () => {
    const token = await clientCredentialsToken(sim);
    const none = await fetch(`${sim.url}/api/data/v9.2/WhoAmI`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer error=invalid_token/);
    expect((await apiCaller(sim, () => 'made.up.token')('GET', 'WhoAmI')).status).toBe(401);
    sim.clock.advance(3598_000);
    expect((await apiCaller(sim, () => token)('GET', 'WhoAmI')).status).toBe(200);
    sim.clock.advance(2_000);
    expect((await apiCaller(sim, () => token)('GET', 'WhoAmI')).status).toBe(401);
  });

  it('gives @azure/msal-node (knownAuthorities, NODE_EXTRA_CA_CERTS) a token the Web API accepts', async () => {
    const script = `
      import { ConfidentialClientApplication } from '@azure/msal-node';
      const [authority, host, scope, url] = process.argv.slice(1);
      const app = new ConfidentialClientApplication({ auth: { clientId: 'ledgerbridge-client', clientSecret: 'ledgerbridge-secret', authority, knownAuthorities: [host] } });
      const first = await app.acquireTokenByClientCredential({ scopes: [scope] });
      const again = await app.acquireTokenByClientCredential({ scopes: [scope] });
      const who = await fetch(url + '/api/data/v9.2/WhoAmI', { headers: { authorization: 'Bearer ' + first.accessToken } });
      console.log(JSON.stringify({ same: first.accessToken === again.accessToken, status: who.status, expiresOn: first.expiresOn }));
    `;
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          script,
          `${sim.authorityUrl}/${sim.tenantId}`,
          new URL(sim.authorityUrl).host,
          `${sim.url}/.default`,
          sim.url,
        ],
        {
          cwd: path.resolve(import.meta.dirname, '..', '..', '..'),
          env: { ...process.env, NODE_EXTRA_CA_CERTS: sim.caFile },
        },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { same: boolean; status: number };
    expect(result).toMatchObject({ same: true, status: 200 });
    expect(sim.authority.issued).toHaveLength(1); // the second call came from msal's cache
  });
});
