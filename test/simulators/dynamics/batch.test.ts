import fs from 'node:fs';
import path from 'node:path';
import { startDataverseSimulator, type DataverseSimulator } from './index.ts';
import { connect, provisionTable, SPEC, type Api } from './test-client.ts';

let sim: DataverseSimulator;
let api: Api;
beforeEach(async () => {
  sim = await startDataverseSimulator();
  api = connect(sim);
  await provisionTable(api, 'account');
});
afterEach(() => sim.close());

const CRLF = '\r\n';
const request = (method: string, url: string, body?: unknown, contentId?: string, headers: string[] = []) =>
  [
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    ...(contentId ? [`Content-ID: ${contentId}`] : []),
    '',
    `${method} ${url} HTTP/1.1`,
    ...(body === undefined ? [] : ['Content-Type: application/json; type=entry']),
    ...headers,
    '',
    body === undefined ? '' : JSON.stringify(body),
  ].join(CRLF);
const changeset = (id: string, parts: string[]) =>
  [
    `Content-Type: multipart/mixed; boundary=changeset_${id}`,
    '',
    ...parts.map((p) => `--changeset_${id}${CRLF}${p}`),
    `--changeset_${id}--`,
  ].join(CRLF);
const batch = (parts: string[]) =>
  `${parts.map((p) => `--batch_AAA123${CRLF}${p}`).join(CRLF)}${CRLF}--batch_AAA123--${CRLF}`;
const send = (body: string, prefer?: string) =>
  api('POST', '$batch', body, {
    'content-type': 'multipart/mixed; boundary=batch_AAA123',
    ...(prefer ? { Prefer: prefer } : {}),
  });

describe('$batch', () => {
  it('commits a change set whose lines reference its order by Content-ID', async () => {
    const acct = sim.env.table('account').insert({ name: 'Acme' });
    const res = await send(
      batch([
        changeset('X1', [
          request(
            'POST',
            `${sim.url}/api/data/v9.2/salesorders`,
            { name: 'SO-1', 'customerid_account@odata.bind': `/accounts(${acct.accountid})` },
            '1',
          ),
          request(
            'POST',
            '/api/data/v9.2/salesorderdetails',
            {
              quantity: 2,
              isproductoverridden: true,
              productdescription: 'Hours',
              ispriceoverridden: true,
              priceperunit: 75,
              'salesorderid@odata.bind': '$1',
            },
            '2',
          ),
          request('PATCH', '$1', { description: 'from QuickBooks' }, '3'),
        ]),
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^multipart\/mixed; boundary=batchresponse_[0-9a-f-]{36}$/);
    expect(res.text.match(/HTTP\/1\.1 204 No Content/g)).toHaveLength(3);
    expect(res.text).toMatch(
      /--changesetresponse_[0-9a-f-]{36}\r\nContent-Type: application\/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n/,
    );
    const order = sim.env.table('salesorder').rows()[0]!;
    expect(order).toMatchObject({ name: 'SO-1', description: 'from QuickBooks', totalamount: '150.0000' });
    expect(sim.counters).toMatchObject({ batches: 1, batchOperations: 3, calls: 1 + 3 }); // 3 provisioning calls before
  });

  it('rolls a change set back entirely when one of its requests fails, and stops the batch with 400', async () => {
    const res = await send(
      batch([
        changeset('X2', [
          request('PATCH', "accounts(lb_quickbooksconnection='acme',lb_quickbooksid='1')", { name: 'One' }, '1'),
          request(
            'PATCH',
            "accounts(lb_quickbooksconnection='acme',lb_quickbooksid='2')",
            { name: 'x'.repeat(161) },
            '2',
          ),
        ]),
        request('POST', 'accounts', { name: 'never reached' }),
      ]),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('"code":"0x80044331"');
    expect(res.text).toContain(
      "The length of the 'name' attribute of the 'account' entity exceeded the maximum allowed length of '160'.",
    );
    expect(res.text).not.toContain('changesetresponse');
    expect(sim.env.table('account').rows()).toHaveLength(0);
  });

  it('with odata.continue-on-error answers 200, each part with its own status, laid out as the recorded sample', async () => {
    const res = await send(
      batch([
        request('POST', '/api/data/v9.2/accounts', { name: 'x'.repeat(161) }),
        request('POST', '/api/data/v9.2/accounts', { name: 'Account 2 in batch' }),
        request('POST', '/api/data/v9.2/accounts', { name: 'Account 3 in batch' }),
      ]),
      'odata.continue-on-error',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('preference-applied')).toBe('odata.continue-on-error');
    expect(
      sim.env
        .table('account')
        .rows()
        .map((a) => a.name),
    ).toEqual(['Account 2 in batch', 'Account 3 in batch']);
    const normalize = (text: string) =>
      text
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'GUID')
        .replace(/\{"error":\{[^\n]*\}\}/g, 'ERROR')
        .replace(/\[Organization Uri\]|http:\/\/127\.0\.0\.1:\d+/g, 'ORG')
        .replace(/\/(tasks|accounts)\(/g, '/SET(');
    const recorded = fs.readFileSync(path.join(SPEC, 'batch-continue-on-error.response.http'), 'utf8');
    const body = recorded.slice(recorded.indexOf('\r\n\r\n') + 4);
    expect(normalize(res.text).trimEnd()).toBe(normalize(body).trimEnd());
  });

  it('refuses a GET inside a change set, a Content-ID used before it is declared, and more than 1000 requests', async () => {
    const get = await send(batch([changeset('X3', [request('GET', 'accounts')])]));
    expect(get.status).toBe(400);
    const early = await send(
      batch([
        changeset('X4', [
          request('POST', 'contacts', { lastname: 'A', 'parentcustomerid_account@odata.bind': '$2' }, '1'),
          request('POST', 'accounts', { name: 'B' }, '2'),
        ]),
      ]),
    );
    expect(early.status).toBe(400);
    expect(early.text).toContain("Content-ID Reference: '$2' does not exist in the batch context.");
    expect(sim.env.table('contact').rows()).toHaveLength(0);
    const many = await send(
      batch(Array.from({ length: 1001 }, (_, i) => request('POST', 'accounts', { name: `A${i}` }))),
    );
    expect(many.status).toBe(400);
    expect(sim.env.table('account').rows()).toHaveLength(0);
    const thousand = await send(
      batch(Array.from({ length: 1000 }, (_, i) => request('POST', 'accounts', { name: `A${i}` }))),
    );
    expect(thousand.status).toBe(200);
    expect(sim.env.table('account').rows()).toHaveLength(1000);
  });

  it('reads inside a batch, outside change sets', async () => {
    sim.env.table('account').insert({ name: 'Acme' });
    const res = await send(
      batch([request('GET', 'accounts?$select=name', undefined, undefined, ['Accept: application/json'])]),
    );
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /HTTP\/1\.1 200 OK\r\nContent-Type: application\/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\n\r\n\{"@odata.context":"[^"]+#accounts\(name\)","value":\[\{"@odata.etag":"W\/\\"\d+\\"","name":"Acme"/,
    );
  });
});
