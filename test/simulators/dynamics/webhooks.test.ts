import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDataverseSimulator, type DataverseSimulator } from './index.ts';
import { connect, sample, type Api } from './test-client.ts';

interface Received {
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A loopback receiver answering with the statuses given, then 202. */
async function receiver(statuses: number[] = []) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dynamics/webhooks`,
    got,
    close: () => new Promise((r) => server.close(r)),
  };
}

/** A loopback receiver that holds every answer until `release()`, noting how many were held at once. */
async function holdingReceiver() {
  const held: http.ServerResponse[] = [];
  const names: unknown[] = [];
  let peak = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const image = (
        JSON.parse(body) as { PostEntityImages: { value: { Attributes: { key: string; value: unknown }[] } }[] }
      ).PostEntityImages[0]!;
      names.push(image.value.Attributes.find((a) => a.key === 'name')!.value);
      held.push(res);
      peak = Math.max(peak, held.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dynamics/webhooks`,
    names,
    held: () => held.length,
    peak: () => peak,
    release: () => held.splice(0).forEach((res) => res.writeHead(202).end()),
    close: () => new Promise((r) => server.close(r)),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await sleep(5);
  if (!check()) throw new Error('timed out waiting');
}

let sim: DataverseSimulator;
let api: Api;
beforeEach(async () => {
  sim = await startDataverseSimulator({ organizationName: 'contoso' });
  api = connect(sim);
});
afterEach(() => sim.close());

describe('webhooks', () => {
  it('POSTs a RemoteExecutionContext shaped as the recorded one, with the webhook key as ?code= and the x-ms-dynamics headers', async () => {
    const r = await receiver();
    sim.webhooks.register({
      url: r.url,
      key: 'k3y',
      tables: ['contact'],
      messages: ['Update'],
      filteringAttributes: ['firstname', 'lastname'],
    });
    const c = sim.env.table('contact').insert({ firstname: 'Jim', lastname: 'Glynn' });
    await api('PATCH', `contacts(${c.contactid})`, { telephone1: '555' }); // not a filtering attribute
    await api('PATCH', `contacts(${c.contactid})`, { firstname: 'James' });
    await sim.webhooks.idle();
    expect(r.got).toHaveLength(1);
    const [hit] = r.got;
    expect(hit!.url).toBe('/dynamics/webhooks?code=k3y');
    expect(hit!.headers).toMatchObject({
      'x-ms-dynamics-organization': new URL(sim.url).host,
      'x-ms-dynamics-entity-name': 'contact',
      'x-ms-dynamics-request-name': 'Update',
      'content-type': 'application/json',
    });
    expect(hit!.headers['x-ms-correlation-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(hit!.body).toContain('"__type":"Entity:http:\\/\\/schemas.microsoft.com\\/xrm\\/2011\\/Contracts"');
    const body = JSON.parse(hit!.body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a foreign body
    const recorded = sample('webhook-contact-update-async.json') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- same
    expect(Object.keys(body)).toEqual(Object.keys(recorded));
    expect(Object.keys(body.ParentContext)).toEqual(Object.keys(recorded.ParentContext));
    expect(body).toMatchObject({
      MessageName: 'Update',
      PrimaryEntityName: 'contact',
      PrimaryEntityId: c.contactid,
      Stage: 40,
      Mode: 1,
      OrganizationName: 'contoso',
    });
    expect(body.OperationCreatedOn).toMatch(/^\/Date\(\d+\)\/$/);
    const target = body.InputParameters[0].value;
    expect(Object.keys(target)).toEqual(Object.keys(recorded.InputParameters[0].value));
    expect(target.Attributes.map((a: { key: string }) => a.key)).toEqual(['firstname', 'contactid', 'modifiedon']);
    expect(body.PostEntityImages.map((i: { key: string }) => i.key)).toEqual([
      'AsynchronousStepPrimaryName',
      'PostImage',
    ]);
    const post = body.PostEntityImages[1].value.Attributes as { key: string; value: unknown }[];
    expect(post).toEqual(
      expect.arrayContaining([
        { key: 'fullname', value: 'James Glynn' },
        { key: 'telephone1', value: '555' },
      ]),
    );
    expect(body.OwningExtension).toMatchObject({ LogicalName: 'sdkmessageprocessingstep' });
    await r.close();
  });

  it('delivers steps registered through the Web API (serviceendpoints, sdkmessageprocessingsteps), with typed values', async () => {
    const r = await receiver();
    const endpoint = await api(
      'POST',
      'serviceendpoints',
      {
        name: 'Ledgerbridge',
        contract: 8,
        url: r.url,
        authtype: 5,
        authvalue: '<settings><setting name="x-ledgerbridge-key" value="s3cret" /></settings>',
        messageformat: 2,
      },
      { Prefer: 'return=representation' },
    );
    expect(endpoint.status).toBe(201);
    expect(endpoint.body.authvalue).toBeUndefined(); // write-only
    const create = (await api('GET', "sdkmessages?$select=name&$filter=name eq 'Create'")).body.value[0];
    const filter = (
      await api(
        'GET',
        `sdkmessagefilters?$filter=primaryobjecttypecode eq 'account' and _sdkmessageid_value eq ${create.sdkmessageid}`,
      )
    ).body.value[0];
    const step = await api('POST', 'sdkmessageprocessingsteps', {
      name: 'Ledgerbridge: Create of account',
      stage: 40,
      mode: 1,
      rank: 1,
      supporteddeployment: 0,
      'sdkmessageid@odata.bind': `/sdkmessages(${create.sdkmessageid})`,
      'sdkmessagefilterid@odata.bind': `/sdkmessagefilters(${filter.sdkmessagefilterid})`,
      'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${endpoint.body.serviceendpointid})`,
    });
    expect(step.status).toBe(204);
    await api('POST', 'accounts', { name: 'Acme', customertypecode: 3, creditlimit: 1250.5 });
    await sim.webhooks.idle();
    expect(r.got).toHaveLength(1);
    expect(r.got[0]!.headers['x-ledgerbridge-key']).toBe('s3cret');
    const body = JSON.parse(r.got[0]!.body) as {
      MessageName: string;
      InputParameters: { value: { Attributes: { key: string; value: unknown }[] } }[];
      OutputParameters: unknown[];
    };
    const attrs = Object.fromEntries(body.InputParameters[0]!.value.Attributes.map((a) => [a.key, a.value]));
    expect(attrs.customertypecode).toEqual({
      __type: 'OptionSetValue:http://schemas.microsoft.com/xrm/2011/Contracts',
      Value: 3,
    });
    expect(attrs.creditlimit).toEqual({
      __type: 'Money:http://schemas.microsoft.com/xrm/2011/Contracts',
      Value: 1250.5,
    });
    expect(r.got[0]!.body).toContain('"Value":1250.5000');
    expect(body.OutputParameters).toHaveLength(1);
    await r.close();
  });

  it('tries a 503 once more, gives up on a 400, and can drop, duplicate and reorder notifications', async () => {
    const r = await receiver([503, 400]);
    sim.webhooks.register({ url: r.url, key: 'k', tables: ['account'], messages: ['Create'] });
    const a = sim.env.table('account').insert({ name: 'A' });
    await sim.webhooks.idle();
    expect(r.got).toHaveLength(2); // 503, then 400: given up
    expect(sim.webhooks.failures.map((f) => f.status)).toEqual([400]);
    sim.webhooks.drop();
    sim.env.table('account').insert({ name: 'B' });
    sim.webhooks.duplicate();
    sim.env.table('account').insert({ name: 'C' });
    sim.webhooks.holdBack();
    sim.env.table('account').insert({ name: 'D' });
    sim.env.table('account').insert({ name: 'E' });
    await sim.webhooks.idle();
    const names = r.got
      .slice(2)
      .map(
        (g) =>
          (
            JSON.parse(g.body) as { PostEntityImages: { value: { Attributes: { key: string; value: unknown }[] } }[] }
          ).PostEntityImages[0]!.value.Attributes.find((x) => x.key === 'name')!.value,
      );
    expect(names).toEqual(['C', 'C', 'E', 'D']);
    expect(a.name).toBe('A');
    await r.close();
  });

  it('sends one notification at a time in order by default, and with webhookConcurrency up to that many at once', async () => {
    const r = await holdingReceiver();
    sim.webhooks.register({ url: r.url, key: 'k', tables: ['account'], messages: ['Create'] });
    for (const name of ['A', 'B', 'C']) sim.env.table('account').insert({ name });
    for (let i = 0; i < 3; i++) {
      await until(() => r.held() === 1);
      await sleep(50);
      expect(r.held()).toBe(1);
      r.release();
    }
    await sim.webhooks.idle();
    expect([r.peak(), r.names]).toEqual([1, ['A', 'B', 'C']]);
    await r.close();

    await sim.close();
    sim = await startDataverseSimulator({ webhookConcurrency: 4 });
    const wide = await holdingReceiver();
    sim.webhooks.register({ url: wide.url, key: 'k', tables: ['account'], messages: ['Create'] });
    for (const name of ['A', 'B', 'C', 'D', 'E', 'F']) sim.env.table('account').insert({ name });
    await until(() => wide.held() === 4);
    await sleep(50);
    expect(wide.held()).toBe(4);
    let idle = false;
    void sim.webhooks.idle().then(() => (idle = true));
    wide.release();
    await until(() => wide.held() === 2);
    expect(idle).toBe(false);
    wide.release();
    await sim.webhooks.idle();
    expect(wide.peak()).toBe(4);
    expect([...wide.names].sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(sim.webhooks.deliveries.map((d) => d.status)).toEqual([202, 202, 202, 202, 202, 202]);
    await wide.close();
  });

  it('sends nothing for a change set that rolled back', async () => {
    const r = await receiver();
    sim.webhooks.register({ url: r.url, key: 'k', tables: ['account'] });
    const body = [
      '--b1',
      'Content-Type: multipart/mixed; boundary=c1',
      '',
      '--c1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'POST accounts HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"name":"ok"}',
      '--c1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 2',
      '',
      'POST accounts HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"colour":"red"}',
      '--c1--',
      '--b1--',
      '',
    ].join('\r\n');
    expect((await api('POST', '$batch', body, { 'content-type': 'multipart/mixed; boundary=b1' })).status).toBe(400);
    await sim.webhooks.idle();
    expect(r.got).toEqual([]);
    expect(sim.env.table('account').rows()).toEqual([]);
    await r.close();
  });
});
