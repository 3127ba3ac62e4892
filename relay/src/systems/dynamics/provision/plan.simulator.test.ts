import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDataverseSimulator, type DataverseSimulator } from '../../../../../test/simulators/dynamics/index.ts';
import {
  apiCaller,
  clientCredentialsToken,
  provisionTable,
  type Api,
} from '../../../../../test/simulators/dynamics/test-client.ts';
import { planProvisioning, type ProvisionPlan } from './plan.ts';
import { provision, readEnvironment, type WebApiCaller } from './run.ts';
import { LOG_STATUS, SYNC_STATUS } from './schema.ts';

const OPTIONS = { webhook: { url: '', key: 'wh-k3y&more' } };

/** The caller `run.ts` is given, over plain fetch. */
const caller =
  (api: Api): WebApiCaller =>
  async (r) => {
    const res = await api(r.method, r.path, r.body, r.headers ?? {});
    return { status: res.status, body: res.body };
  };

async function plan(api: Api, url: string): Promise<ProvisionPlan> {
  const found = await readEnvironment(caller(api));
  if (!found.ok) throw new Error(found.error.message);
  const p = planProvisioning(found.value, { webhook: { ...OPTIONS.webhook, url } });
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

async function apply(api: Api, url: string): Promise<ProvisionPlan> {
  const done = await provision(caller(api), { webhook: { ...OPTIONS.webhook, url } });
  if (!done.ok) throw new Error(done.error.message);
  return done.value;
}

async function receiver() {
  const got: { url: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({ url: req.url ?? '', body });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dynamics/webhooks`,
    got,
    close: () => new Promise((r) => server.close(r)),
  };
}

let sim: DataverseSimulator;
let api: Api;
let hook: Awaited<ReturnType<typeof receiver>>;
beforeEach(async () => {
  sim = await startDataverseSimulator();
  const token = await clientCredentialsToken(sim);
  api = apiCaller(sim, () => token);
  hook = await receiver();
});
afterEach(async () => {
  await sim.close();
  await hook.close();
});

describe('provisioning a Dataverse environment', () => {
  it('creates every column, key, the sync log and the webhook in a fresh environment; a second plan is empty', async () => {
    const first = await apply(api, hook.url);
    // 5 tables × (2 ids + status + key) + the log table + its 7 columns + the mapping table + its 12 columns
    // + endpoint + 12 steps + 8 images
    expect(first.requests).toHaveLength(20 + 1 + 7 + 1 + 12 + 1 + 12 + 8);
    expect(first.report.found).toEqual([]);

    const second = await plan(api, hook.url);
    expect(second.requests).toEqual([]);
    expect(second.report.found).toHaveLength(first.requests.length);
    expect(second.report.warnings).toEqual([]);

    // The key addresses rows: an upsert by connection and QuickBooks id creates once, then updates.
    const at = "accounts(lb_quickbooksconnection='acme',lb_quickbooksid='80000001-1')";
    expect((await api('PATCH', at, { name: 'Acme', lb_syncstatus: SYNC_STATUS.synced })).status).toBe(204);
    expect((await api('PATCH', at, { name: 'Acme Inc' })).status).toBe(204);
    const rows = (await api('GET', 'accounts?$select=name,lb_syncstatus')).body.value;
    expect(rows).toEqual([expect.objectContaining({ name: 'Acme Inc', lb_syncstatus: SYNC_STATUS.synced })]);

    const log = await api('POST', 'lb_synclogs', {
      lb_name: 'Customer 80000001-1',
      lb_errorcode: 'dyn_rejected',
      lb_attempts: 3,
      lb_status: LOG_STATUS.failed,
      lb_replayrequested: false,
    });
    expect(log.status).toBe(204);

    // The steps fire: an account change reaches the receiver with the key as ?code=, with a post-image.
    await sim.webhooks.idle();
    expect(hook.got.map((g) => JSON.parse(g.body).MessageName)).toEqual(['Create', 'Update']);
    expect(new URL(hook.got[0]!.url, 'http://x').searchParams.get('code')).toBe('wh-k3y&more');
    const images = JSON.parse(hook.got[1]!.body).PostEntityImages.map((i: { key: string }) => i.key);
    expect(images).toContain('PostImage');
  });

  it('gives a partly provisioned environment only what it lacks', async () => {
    expect(await provisionTable(api, 'account')).toEqual([204, 204, 204]);
    const p = await apply(api, hook.url);
    expect(p.report.found).toEqual([
      'column lb_quickbooksconnection on account',
      'column lb_quickbooksid on account',
      'key lb_quickbooksid_key on account',
    ]);
    expect(p.report.toCreate.filter((d) => d.endsWith(' on account'))).toEqual(['column lb_syncstatus on account']);
    expect((await plan(api, hook.url)).requests).toEqual([]);
  });

  it('adds a step an admin deleted, and moves the endpoint when the relay moves', async () => {
    await apply(api, hook.url);
    const steps = (
      await api('GET', "sdkmessageprocessingsteps?$select=name&$filter=name eq 'Ledgerbridge: Update of product'")
    ).body.value;
    expect(steps).toHaveLength(1);
    expect((await api('DELETE', `sdkmessageprocessingsteps(${steps[0].sdkmessageprocessingstepid})`)).status).toBe(204);
    const p = await plan(api, 'https://relay.example.com/dynamics/webhooks');
    expect(p.report.toCreate).toEqual([
      'webhook service endpoint moved to https://relay.example.com/dynamics/webhooks',
      'step Update of product',
      'post-image of step Update of product',
    ]);
  });
});
