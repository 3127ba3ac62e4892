import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDataverseSimulator, type DataverseSimulator } from './index.ts';
import { connect, provisionTable, type Api } from './test-client.ts';

let sim: DataverseSimulator;
let api: Api;
beforeEach(async () => {
  sim = await startDataverseSimulator();
  api = connect(sim);
});
afterEach(() => sim.close());

const CREATE = 'accounts/Microsoft.Dynamics.CRM.CreateMultiple';
const UPDATE = 'accounts/Microsoft.Dynamics.CRM.UpdateMultiple';
const ACCOUNT = 'Microsoft.Dynamics.CRM.account';
const account = (columns: Record<string, unknown>) => ({ '@odata.type': ACCOUNT, ...columns });
const names = () =>
  sim.env
    .table('account')
    .rows()
    .map((r) => r.name);

/** A loopback receiver answering 202, keeping each body. */
async function receiver() {
  const got: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push(body);
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    got: () => got.map((b) => JSON.parse(b) as { MessageName: string; PrimaryEntityId: string }),
    close: () => new Promise((r) => server.close(r)),
  };
}

describe('CreateMultiple', () => {
  it('answers 200 with the new ids in the order of Targets, a chosen id kept, each row readable afterwards', async () => {
    const chosen = '3f1b9c2e-0000-4000-8000-0000000000a1';
    const res = await api('POST', CREATE, {
      Targets: [account({ name: 'A' }), account({ name: 'B', accountid: chosen }), account({ name: 'C' })],
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['@odata.context', 'Ids']);
    expect(res.body['@odata.context']).toBe(
      `${sim.url}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse`,
    );
    const ids = res.body.Ids as string[];
    expect(ids).toHaveLength(3);
    expect(ids[1]).toBe(chosen);
    const read = await Promise.all(ids.map((id) => api('GET', `accounts(${id})?$select=name`)));
    expect(read.map((r) => [r.status, r.body.name])).toEqual([
      [200, 'A'],
      [200, 'B'],
      [200, 'C'],
    ]);
  });

  it('binds a lookup by another row’s alternate key', async () => {
    await provisionTable(api, 'account');
    const acme = sim.env.table('account').insert({ name: 'Acme', lb_quickbooksconnection: 'qb', lb_quickbooksid: '7' });
    const res = await api('POST', 'contacts/Microsoft.Dynamics.CRM.CreateMultiple', {
      Targets: [
        {
          '@odata.type': 'Microsoft.Dynamics.CRM.contact',
          lastname: 'Byron',
          'parentcustomerid_account@odata.bind': "/accounts(lb_quickbooksconnection='qb',lb_quickbooksid='7')",
        },
      ],
    });
    expect(res.status).toBe(200);
    const contact = await api('GET', `contacts(${res.body.Ids[0]})?$select=lastname,_parentcustomerid_value`);
    expect(contact.body).toMatchObject({ lastname: 'Byron', _parentcustomerid_value: acme.accountid });
  });

  it('refuses Targets missing, empty or not a list, and a target without @odata.type or of another table (400)', async () => {
    const missing = await api('POST', CREATE, {});
    expect([missing.status, missing.body.error.message]).toEqual([
      400,
      "Required field 'Targets' is missing for RequestName='CreateMultiple'.",
    ]);
    expect((await api('POST', CREATE, { Targets: [] })).status).toBe(400);
    expect((await api('POST', CREATE, { Targets: { name: 'A' } })).status).toBe(400);
    const untyped = await api('POST', CREATE, { Targets: [account({ name: 'A' }), { name: 'B' }] });
    expect(untyped.status).toBe(400);
    expect(untyped.body.error.code).toBe('0x80048d19');
    expect(untyped.body.error.message).toContain("Targets[1] has no '@odata.type'");
    const foreign = await api('POST', CREATE, {
      Targets: [{ '@odata.type': 'Microsoft.Dynamics.CRM.contact', lastname: 'B' }],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toEqual({
      code: '0x80040203',
      message:
        "The record at Targets[0] of CreateMultiple is of type 'Microsoft.Dynamics.CRM.contact'; all records must be of type 'Microsoft.Dynamics.CRM.account'.",
    });
    expect(names()).toEqual([]);
  });

  it('is all-or-nothing: an unknown column or a duplicate key fails the request and writes nothing, no change, no webhook', async () => {
    await provisionTable(api, 'account');
    const hook = await receiver();
    sim.webhooks.register({ url: hook.url, key: 'k', tables: ['account'] });
    sim.env.table('account').insert({ name: 'Kept', lb_quickbooksconnection: 'qb', lb_quickbooksid: '1' });
    await sim.webhooks.idle();
    const version = sim.env.version();
    const unknown = await api('POST', CREATE, {
      Targets: [account({ name: 'A' }), account({ name: 'B', colour: 'red' }), account({ name: 'C' })],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('0x80048d19');
    expect(unknown.body.error.message).toContain("The property 'colour' does not exist");
    const duplicate = await api('POST', CREATE, {
      Targets: [
        account({ name: 'D', lb_quickbooksconnection: 'qb', lb_quickbooksid: '2' }),
        account({ name: 'E', lb_quickbooksconnection: 'qb', lb_quickbooksid: '1' }),
      ],
    });
    expect(duplicate.status).toBe(412);
    expect(duplicate.body.error.code).toBe('0x80060892');
    const twice = await api('POST', CREATE, {
      Targets: [
        account({ name: 'F', lb_quickbooksconnection: 'qb', lb_quickbooksid: '3' }),
        account({ name: 'G', lb_quickbooksconnection: 'qb', lb_quickbooksid: '3' }),
      ],
    });
    expect(twice.status).toBe(412);
    const list = await api('GET', 'accounts?$select=name');
    expect(list.body.value.map((r: { name: string }) => r.name)).toEqual(['Kept']);
    expect(sim.env.version()).toBe(version);
    expect(sim.env.changesSince('account', version)).toEqual([]);
    await sim.webhooks.idle();
    expect(hook.got().map((d) => d.MessageName)).toEqual(['Create']); // Kept's only
    await hook.close();
  });

  it('raises one Create per row, so a webhook step fires once for each, in the order of the ids', async () => {
    const hook = await receiver();
    sim.webhooks.register({ url: hook.url, key: 'k', tables: ['account'] });
    const res = await api('POST', CREATE, { Targets: ['A', 'B', 'C'].map((name) => account({ name })) });
    await sim.webhooks.idle();
    expect(hook.got().map((d) => [d.MessageName, d.PrimaryEntityId])).toEqual(
      (res.body.Ids as string[]).map((id) => ['Create', id]),
    );
    await api('POST', UPDATE, {
      Targets: (res.body.Ids as string[]).map((accountid) => account({ accountid, telephone1: '555' })),
    });
    await sim.webhooks.idle();
    expect(hook.got().filter((d) => d.MessageName === 'Update')).toHaveLength(3);
    await hook.close();
  });
});

describe('UpdateMultiple', () => {
  it('answers 204, finding each row by its primary key column or by @odata.id (id or alternate key), creating none', async () => {
    await provisionTable(api, 'account');
    const a = sim.env.table('account').insert({ name: 'A' });
    const b = sim.env.table('account').insert({ name: 'B' });
    sim.env.table('account').insert({ name: 'C', lb_quickbooksconnection: 'qb', lb_quickbooksid: '9' });
    const res = await api('POST', UPDATE, {
      Targets: [
        account({ accountid: a.accountid, telephone1: '1' }),
        account({ '@odata.id': `accounts(${b.accountid as string})`, telephone1: '2' }),
        account({ '@odata.id': "accounts(lb_quickbooksconnection='qb',lb_quickbooksid='9')", telephone1: '3' }),
      ],
    });
    expect([res.status, res.text]).toEqual([204, '']);
    const list = await api('GET', 'accounts?$select=name,telephone1');
    expect(list.body.value.map((r: { name: string; telephone1: string }) => [r.name, r.telephone1])).toEqual([
      ['A', '1'],
      ['B', '2'],
      ['C', '3'],
    ]);
    const nameless = await api('POST', UPDATE, { Targets: [account({ telephone1: '4' })] });
    expect(nameless.status).toBe(400);
    const untyped = await api('POST', UPDATE, { Targets: [{ accountid: a.accountid, telephone1: '4' }] });
    expect(untyped.status).toBe(400);
    expect(names()).toEqual(['A', 'B', 'C']);
  });

  it('fails as a PATCH with If-Match: * when a row does not exist (404), leaving the other targets unchanged', async () => {
    await provisionTable(api, 'account');
    const a = sim.env.table('account').insert({ name: 'A', telephone1: '0' });
    const gone = '00000000-0000-4000-8000-0000000000ff';
    const res = await api('POST', UPDATE, {
      Targets: [account({ accountid: a.accountid, telephone1: '1' }), account({ accountid: gone, telephone1: '2' })],
    });
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: '', message: `account With Id = ${gone} Does Not Exist` });
    const byKey = await api('POST', UPDATE, {
      Targets: [
        account({ accountid: a.accountid, telephone1: '1' }),
        account({ '@odata.id': "accounts(lb_quickbooksconnection='qb',lb_quickbooksid='none')", telephone1: '2' }),
      ],
    });
    expect(byKey.status).toBe(404);
    expect(byKey.body.error.message).toBe('A record with the specified key values does not exist in account entity');
    expect(sim.env.table('account').get(a.accountid as string)).toEqual(a);
    expect(names()).toEqual(['A']);
  });
});

describe('bulk messages and service protection', () => {
  it('count as one request in the window however many targets they carry; the counters say how many and how many rows', async () => {
    await sim.close();
    sim = await startDataverseSimulator({ limits: { requestsPerWindow: 3 } });
    api = connect(sim);
    const created = await api('POST', CREATE, {
      Targets: Array.from({ length: 500 }, (_, i) => account({ name: `A${i}` })),
    });
    expect(created.status).toBe(200);
    const updated = await api('POST', UPDATE, {
      Targets: (created.body.Ids as string[]).map((accountid) => account({ accountid, telephone1: '5' })),
    });
    expect(updated.status).toBe(204);
    expect((await api('GET', 'WhoAmI')).status).toBe(200);
    expect((await api('GET', 'WhoAmI')).status).toBe(429);
    expect(sim.counters).toMatchObject({ calls: 4, bulkRequests: 2, bulkRows: 1000, batches: 0, throttled: 1 });
    expect(sim.env.table('account').rows()).toHaveLength(500);
  });

  it('may come inside a $batch, counted as one of its operations', async () => {
    const part = [
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      `POST ${CREATE} HTTP/1.1`,
      'Content-Type: application/json',
      '',
      JSON.stringify({ Targets: [account({ name: 'A' }), account({ name: 'B' })] }),
    ].join('\r\n');
    const res = await api('POST', '$batch', `--b1\r\n${part}\r\n--b1--\r\n`, {
      'content-type': 'multipart/mixed; boundary=b1',
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('HTTP/1.1 200 OK');
    expect(res.text).toContain('Microsoft.Dynamics.CRM.CreateMultipleResponse');
    expect(names()).toEqual(['A', 'B']);
    expect(sim.counters).toMatchObject({ calls: 1, batches: 1, batchOperations: 1, bulkRequests: 1, bulkRows: 2 });
  });
});
