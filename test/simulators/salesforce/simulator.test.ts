import http from 'node:http';
import { parseCsv } from './csv.ts';
import { isValidId, to18 } from './ids.ts';
import { startSalesforceSimulator, type SalesforceSimulator } from './index.ts';
import { parseSoql } from './soql/parse.ts';

const CLIENT = { clientId: 'cid', clientSecret: 'sec' };

async function token(sim: SalesforceSimulator): Promise<string> {
  const res = await fetch(`${sim.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=cid&client_secret=sec',
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

function api(sim: SalesforceSimulator, tok: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${sim.url}/services/data/v67.0${path}`, {
      method,
      headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* CSV or empty */
    }
    return { status: res.status, body: parsed as never, limit: res.headers.get('sforce-limit-info') };
  };
}

describe('Salesforce org simulator', () => {
  let sim: SalesforceSimulator;
  let call: ReturnType<typeof api>;
  beforeEach(async () => {
    sim = await startSalesforceSimulator({ ...CLIENT, bulkStartDelayMs: 1 });
    call = api(sim, await token(sim));
  });
  afterEach(() => sim.close());

  it('issues 18-character ids with the right key prefix and checksum', async () => {
    expect(to18('001xx0000004GxD')).toBe('001xx0000004GxDAAU');
    const r = await call('POST', '/sobjects/Account', { Name: 'Acme' });
    expect(r.status).toBe(201);
    const id = (r.body as { id: string }).id;
    expect(id).toMatch(/^001/);
    expect(isValidId(id)).toBe(true);
    const got = await call('GET', `/sobjects/Account/${id.slice(0, 15)}`);
    expect((got.body as { Id: string }).Id).toBe(id);
  });

  it('token endpoint: bad client id, bad secret, blocked app', async () => {
    const post = (body: string) =>
      fetch(`${sim.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }).then(async (r) => [r.status, await r.json()]);
    expect(await post('grant_type=client_credentials&client_id=x&client_secret=sec')).toEqual([
      400,
      { error: 'invalid_client_id', error_description: 'client identifier invalid' },
    ]);
    expect(await post('grant_type=client_credentials&client_id=cid&client_secret=nope')).toEqual([
      400,
      { error: 'invalid_client', error_description: 'invalid client credentials' },
    ]);
    sim.org.sessions.block();
    expect((await post('grant_type=client_credentials&client_id=cid&client_secret=sec'))[0]).toBe(400);
    expect((await call('GET', '/limits')).status).toBe(401);
  });

  it('upsert by external ID: 201 created, 200 updated, 404 for a field that is not an external ID', async () => {
    const a = await call('PATCH', '/sobjects/Account/QuickBooks_Customer_Id__c/acme%3A1', { Name: 'Acme' });
    expect(a).toMatchObject({ status: 201, body: { success: true, created: true } });
    const b = await call('PATCH', '/sobjects/Account/QuickBooks_Customer_Id__c/ACME%3A1', { Name: 'Acme 2' });
    expect(b).toMatchObject({ status: 200, body: { created: false, id: (a.body as { id: string }).id } });
    const c = await call('PATCH', '/sobjects/Account/Name/x', { Phone: '1' });
    expect(c.status).toBe(404);
    expect(sim.org.records('Account')).toHaveLength(1);
  });

  it('enforces unknown fields, required fields, lengths, restricted picklists and unique external IDs', async () => {
    const unknown = await call('POST', '/sobjects/QuickBooks_Invoice__c', { Name: 'x', Bogus__c: 1 });
    expect(unknown.body).toEqual([
      { message: "No such column 'Bogus__c' on sobject of type QuickBooks_Invoice__c", errorCode: 'INVALID_FIELD' },
    ]);
    const noObject = await call('POST', '/sobjects/Invoice__c', { Name: 'x' });
    expect(noObject.status).toBe(404);
    const r = await call('PATCH', '/composite/sobjects/QuickBooks_Invoice_Line__c/QuickBooks_Line_Id__c', {
      allOrNone: false,
      records: [
        { attributes: { type: 'QuickBooks_Invoice_Line__c' }, QuickBooks_Line_Id__c: 'l1', Amount__c: 1 },
        {
          attributes: { type: 'QuickBooks_Invoice_Line__c' },
          QuickBooks_Line_Id__c: 'l2',
          Invoice__c: '001000000000000AAA',
        },
        { attributes: { type: 'QuickBooks_Invoice_Line__c' }, QuickBooks_Line_Id__c: 'l3', Name: 'x' },
        { attributes: { type: 'QuickBooks_Invoice_Line__c' }, QuickBooks_Line_Id__c: 'dup' },
        { attributes: { type: 'QuickBooks_Invoice_Line__c' }, QuickBooks_Line_Id__c: 'DUP' },
      ],
    });
    expect(r.status).toBe(200);
    const codes = (r.body as { errors: { statusCode: string }[] }[]).map((x) => x.errors[0]?.statusCode);
    expect(codes).toEqual([
      'REQUIRED_FIELD_MISSING',
      'FIELD_INTEGRITY_EXCEPTION',
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      'DUPLICATE_EXTERNAL_ID',
      'DUPLICATE_EXTERNAL_ID',
    ]);
    const long = await call('POST', '/sobjects/Account', { Name: 'x'.repeat(256) });
    expect(long.body).toEqual([
      { message: expect.stringMatching(/data value too large/), errorCode: 'STRING_TOO_LONG', fields: ['Name'] },
    ]);
    const dupVendor = await call('POST', '/sobjects/Account', { Name: 'A', QuickBooks_Vendor_Id__c: 'v1' });
    expect(dupVendor.status).toBe(201);
    const dupVendor2 = await call('POST', '/sobjects/Account', { Name: 'B', QuickBooks_Vendor_Id__c: 'V1' });
    expect(dupVendor2.body).toEqual([expect.objectContaining({ errorCode: 'DUPLICATE_VALUE' })]);
  });

  it('Collections allOrNone rolls every record back; Composite halts the rest', async () => {
    const r = await call('PATCH', '/composite/sobjects/Account/QuickBooks_Customer_Id__c', {
      allOrNone: true,
      records: [
        { attributes: { type: 'Account' }, QuickBooks_Customer_Id__c: 'a1', Name: 'ok' },
        { attributes: { type: 'Account' }, QuickBooks_Customer_Id__c: 'a2' },
      ],
    });
    expect((r.body as { errors: { statusCode: string }[] }[])[0]!.errors[0]!.statusCode).toBe(
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
    );
    expect(sim.org.records('Account')).toHaveLength(0);
    const c = await call('POST', '/composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: '/services/data/v67.0/sobjects/Account', referenceId: 'acct', body: { Name: 'Parent' } },
        {
          method: 'POST',
          url: '/services/data/v67.0/sobjects/Contact',
          referenceId: 'c1',
          body: { AccountId: '@{acct.id}', LastName: 'Ok' },
        },
        {
          method: 'POST',
          url: '/services/data/v67.0/sobjects/Contact',
          referenceId: 'c2',
          body: { AccountId: '@{acct.id}' },
        },
      ],
    });
    const resp = (c.body as { compositeResponse: { httpStatusCode: number; body: { errorCode: string }[] }[] })
      .compositeResponse;
    expect(resp.map((x) => x.body[0]?.errorCode ?? x.httpStatusCode)).toEqual([
      'PROCESSING_HALTED',
      'PROCESSING_HALTED',
      'REQUIRED_FIELD_MISSING',
    ]);
    expect(sim.org.records('Account')).toHaveLength(0);
    expect(sim.org.records('Contact')).toHaveLength(0);
  });

  it('counts a Collections, Composite or Graph request as one call and reports Sforce-Limit-Info', async () => {
    const records = Array.from({ length: 200 }, (_, i) => ({
      attributes: { type: 'Account' },
      QuickBooks_Customer_Id__c: `c${i}`,
      Name: `N${i}`,
    }));
    const r = await call('PATCH', '/composite/sobjects/Account/QuickBooks_Customer_Id__c', {
      allOrNone: false,
      records,
    });
    expect(r.limit).toBe('api-usage=1/100000');
    const tooMany = await call('PATCH', '/composite/sobjects/Account/QuickBooks_Customer_Id__c', {
      allOrNone: false,
      records: [...records, records[0]],
    });
    expect(tooMany.status).toBe(400);
    expect(sim.org.apiUsage).toBe(2);
    sim.org.apiLimit = 2;
    const refused = await call('GET', '/limits');
    expect(refused).toMatchObject({ status: 403, body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED' }] });
  });

  it('accepts chunked request bodies', async () => {
    const tok = await token(sim);
    const port = Number(new URL(sim.url).port);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/services/data/v67.0/sobjects/Account',
          headers: {
            authorization: `Bearer ${tok}`,
            'content-type': 'application/json',
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('{"Name":');
      req.end('"Chunky"}');
    });
    expect(status).toBe(201);
    expect(sim.org.find('Account', 'Name', 'Chunky')).toBeDefined();
  });

  it('SOQL: where/and/or/in, relationship fields, order, limit; bad names rejected', async () => {
    await call('POST', '/sobjects/Account', { Name: 'Parent Co', QuickBooks_Customer_Id__c: 'p' });
    for (const n of ['b', 'a', 'c']) {
      await call('POST', '/sobjects/Account', { Name: `Child ${n}`, Parent: { QuickBooks_Customer_Id__c: 'p' } });
    }
    const q = await call(
      'GET',
      `/query?q=${encodeURIComponent("SELECT Name, Parent.Name FROM Account WHERE Parent.Name = 'Parent Co' AND Name NOT IN ('Child c') ORDER BY Name DESC LIMIT 5")}`,
    );
    expect(
      (q.body as { records: { Name: string; Parent: { Name: string } }[] }).records.map((r) => [r.Name, r.Parent.Name]),
    ).toEqual([
      ['Child b', 'Parent Co'],
      ['Child a', 'Parent Co'],
    ]);
    const bad = await call('GET', `/query?q=${encodeURIComponent('SELECT Nme FROM Account')}`);
    expect(bad.body).toEqual([
      { message: expect.stringMatching(/^No such column 'Nme' on entity 'Account'/), errorCode: 'INVALID_FIELD' },
    ]);
    const badType = await call('GET', `/query?q=${encodeURIComponent('SELECT Id FROM Invoice__c')}`);
    expect(badType.body).toEqual([expect.objectContaining({ errorCode: 'INVALID_TYPE' })]);
    expect(parseSoql('SELECT COUNT() FROM Account WHERE CreatedDate > 2026-01-01T00:00:00Z')).toMatchObject({
      count: true,
    });
  });

  it('Bulk 2.0: job lifecycle, CSV results in an order different from the upload', async () => {
    const job = await call('POST', '/jobs/ingest', {
      object: 'Account',
      operation: 'upsert',
      externalIdFieldName: 'QuickBooks_Customer_Id__c',
      lineEnding: 'LF',
    });
    const id = (job.body as { id: string; state: string }).id;
    expect((job.body as { state: string }).state).toBe('Open');
    const rows = Array.from({ length: 1000 }, (_, i) => `c${i},Name ${i}`);
    const put = await call(
      'PUT',
      `/jobs/ingest/${id}/batches`,
      `QuickBooks_Customer_Id__c,Name\n${rows.join('\n')}\nbad,\n`,
      { 'content-type': 'text/csv' },
    );
    expect(put.status).toBe(201);
    await call('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
    let info: { state: string; numberRecordsProcessed: number; numberRecordsFailed: number } = {
      state: '',
      numberRecordsProcessed: 0,
      numberRecordsFailed: 0,
    };
    for (let i = 0; i < 100 && info.state !== 'JobComplete'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      info = (await call('GET', `/jobs/ingest/${id}`)).body;
    }
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 1001, numberRecordsFailed: 1 });
    const ok = parseCsv(String((await call('GET', `/jobs/ingest/${id}/successfulResults`)).body));
    expect(ok[0]).toEqual(['sf__Id', 'sf__Created', 'QuickBooks_Customer_Id__c', 'Name']);
    expect(ok.length - 1).toBe(1000);
    expect(ok.slice(1).map((r) => r[2])).not.toEqual(rows.map((r) => r.split(',')[0]));
    const failed = parseCsv(String((await call('GET', `/jobs/ingest/${id}/failedResults`)).body));
    expect(failed[1]).toEqual(['', 'REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name', 'bad', '']);
    expect((await call('GET', '/jobs/ingest/7508d0000000000AAA')).body).toEqual([
      { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
    ]);
  });

  it('namespace: only ns__ names exist', async () => {
    const ns = await startSalesforceSimulator({ ...CLIENT, namespace: 'lbr' });
    try {
      const c = api(ns, await token(ns));
      expect(
        (await c('POST', '/sobjects/lbr__QuickBooks_Connection__c', { Name: 'x', lbr__Connection_Key__c: 'k' })).status,
      ).toBe(201);
      expect((await c('POST', '/sobjects/QuickBooks_Connection__c', { Name: 'x' })).status).toBe(404);
      expect(
        (await c('POST', '/sobjects/lbr__QuickBooks_Connection__c', { Name: 'x', Connection_Key__c: 'k' })).body,
      ).toEqual([expect.objectContaining({ errorCode: 'INVALID_FIELD' })]);
    } finally {
      await ns.close();
    }
  });
});
