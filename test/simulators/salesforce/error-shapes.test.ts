/**
 * Every refusal the simulator answers has the shape of the body Salesforce's documentation records
 * (`../shared/spec/salesforce/rest-samples`, copied to the relay's fixtures): the same keys with the same JSON types, so the
 * simulator cannot drift from what a real org sends.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startSalesforceSimulator, type SalesforceSimulator } from './index.ts';
import { restClient, TEST_CLIENT, token } from './rest-client.ts';

/** The repository's copy of the shared spec's samples (with their SOURCES.md). */
const SAMPLES = path.resolve(import.meta.dirname, '../../../relay/src/systems/salesforce/fixtures/rest-samples');
const sample = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(SAMPLES, file), 'utf8'));
const restError = (key: string) => (sample('rest-errors.json') as Record<string, unknown>)[key];

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Where `actual` differs from `expected` in keys or JSON types ('' for none). Every element of an
 * array must have the shape of some element of the sample's array (an empty array fits any);
 * `extraKeys` allows keys the sample does not have (a job info answer carries more counters).
 */
function shapeDiff(actual: unknown, expected: unknown, { extraKeys = false } = {}, at = '$'): string {
  if (kind(actual) !== kind(expected)) return `${at} is ${kind(actual)} where the sample has ${kind(expected)}`;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (!actual.length || !expected.length) return '';
    for (const [i, a] of actual.entries()) {
      const diffs = expected.map((e) => shapeDiff(a, e, { extraKeys }, `${at}[${i}]`));
      if (!diffs.includes('')) return diffs[0]!;
    }
    return '';
  }
  if (kind(actual) !== 'object') return '';
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const missing = Object.keys(e).filter((k) => !(k in a));
  const extra = extraKeys ? [] : Object.keys(a).filter((k) => !(k in e));
  if (missing.length || extra.length) return `${at} lacks [${missing.join(', ')}], has extra [${extra.join(', ')}]`;
  for (const k of Object.keys(e)) {
    const d = shapeDiff(a[k], e[k], { extraKeys }, `${at}.${k}`);
    if (d) return d;
  }
  return '';
}

/** Asserts `actual` has the sample's shape. */
const expectShape = (actual: unknown, expected: unknown, opts: { extraKeys?: boolean } = {}) =>
  expect(shapeDiff(actual, expected, opts)).toBe('');

describe('refusals have the recorded samples’ shape', () => {
  let sim: SalesforceSimulator;
  let call: ReturnType<typeof restClient>;
  beforeEach(async () => {
    sim = await startSalesforceSimulator({ ...TEST_CLIENT, bulkStartDelayMs: 1 });
    call = restClient(sim, await token(sim));
  });
  afterEach(() => sim.close());

  it('401, 403, 404 and 400 top-level errors', async () => {
    const expired = await restClient(sim, 'not-a-session')('GET', '/limits');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual(restError('401_INVALID_SESSION_ID'));

    const notFound = [
      await call('GET', '/sobjects/Account/001000000000000AAA'),
      await call('GET', '/services/data/v99.0/limits'),
      await call('GET', '/no/such/resource'),
      await call('GET', '/jobs/ingest/7508d0000000000AAA'),
    ];
    for (const r of notFound) {
      expect(r.status).toBe(404);
      expectShape(r.body, restError('404_NOT_FOUND'));
      expectShape(r.body, sample('bulk2-job.404.not-found.json'));
    }

    const malformed = await call('GET', '/sobjects/Account/001900K0001pPuOAAU');
    expect(malformed).toEqual({ status: 400, body: restError('400_MALFORMED_ID') });
    const refusals = [
      await call('PATCH', '/sobjects/Account/QuickBooks_Customer_Id__c/x', { Name: 'x'.repeat(256) }),
      await call('PATCH', '/sobjects/Account/QuickBooks_Customer_Id__c/x', {
        Name: 'A',
        QuickBooks_Open_Balance__c: 1e20,
      }),
      await call('PATCH', '/sobjects/QuickBooks_Invoice__c/QuickBooks_Invoice_Id__c/x', { Due_Date__c: '2026-02-31' }),
      await call('PATCH', '/sobjects/Account/QuickBooks_Customer_Id__c/x', { Nope__c: 1 }),
    ];
    for (const r of refusals) {
      expect(r.status).toBe(400);
      const [entry] = r.body as Record<string, unknown>[];
      // `fields` is there when the org names fields; message and errorCode always.
      const expected = restError(entry && 'fields' in entry ? '400_MALFORMED_ID' : '404_NOT_FOUND');
      expectShape(r.body, expected);
    }

    sim.org.apiLimit = sim.org.apiUsage;
    const limited = await call('GET', '/limits');
    expect(limited).toEqual({ status: 403, body: restError('403_REQUEST_LIMIT_EXCEEDED') });
  });

  it('sObject Collections: per-record failures, rolled-back records, successes', async () => {
    const records = (names: string[]) =>
      names.map((n, i) => ({ attributes: { type: 'Account' }, QuickBooks_Customer_Id__c: `c${i}`, Name: n }));
    const partial = await call('PATCH', '/composite/sobjects/Account/QuickBooks_Customer_Id__c', {
      allOrNone: false,
      records: records(['Acme', 'x'.repeat(300)]),
    });
    const [ok, bad] = partial.body as unknown[];
    const [, documentedBad] = sample('sobject-collections-upsert.200.partial-allOrNone-false.json') as unknown[];
    expectShape(bad, documentedBad);
    const [created] = sample('sobject-collections-upsert.200.ok.json') as unknown[];
    expectShape(ok, created);

    const rolled = await call('PATCH', '/composite/sobjects/Account/QuickBooks_Customer_Id__c', {
      allOrNone: true,
      records: records(['Acme again', 'x'.repeat(300)]),
    });
    expectShape(rolled.body, sample('sobject-collections-upsert.200.rolledback-allOrNone-true.json'));
    expect((rolled.body as { errors: { statusCode: string }[] }[])[0]!.errors[0]!.statusCode).toBe(
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
    );
  });

  it('Composite halted by allOrNone, and a Graph that succeeded', async () => {
    const halted = await call('POST', '/composite', {
      allOrNone: true,
      compositeRequest: [
        {
          method: 'PATCH',
          url: '/services/data/v67.0/composite/sobjects/Account/QuickBooks_Customer_Id__c',
          referenceId: 'collection1',
          body: {
            allOrNone: false,
            records: [
              { attributes: { type: 'Account' }, QuickBooks_Customer_Id__c: 'k1', Name: 'K1' },
              { attributes: { type: 'Account' }, QuickBooks_Customer_Id__c: 'k2', Name: 'x'.repeat(300) },
            ],
          },
        },
        {
          method: 'POST',
          url: '/services/data/v67.0/sobjects/Contact',
          referenceId: 'newContact',
          body: { LastName: 'Doe' },
        },
      ],
    });
    expect(halted.status).toBe(200);
    const documented = sample('composite.200.allOrNone-processing-halted.json') as {
      compositeResponse: { body: unknown[] }[];
    };
    const answered = halted.body as { compositeResponse: { body: unknown[] }[] };
    expectShape(answered.compositeResponse[1], documented.compositeResponse[1]);
    expectShape(answered.compositeResponse[0]!.body[1], documented.compositeResponse[0]!.body[1]);

    const graph = await call('POST', '/composite/graph', {
      graphs: [
        {
          graphId: '1',
          compositeRequest: [
            {
              method: 'POST',
              url: '/services/data/v67.0/sobjects/Account',
              referenceId: 'reference_id_account_1',
              body: { Name: 'Cloudy Consulting' },
            },
            {
              method: 'POST',
              url: '/services/data/v67.0/sobjects/Opportunity',
              referenceId: 'reference_id_opportunity_1',
              body: {
                Name: 'Opp',
                StageName: 'Prospecting',
                CloseDate: '2026-01-31',
                AccountId: '@{reference_id_account_1.id}',
              },
            },
          ],
        },
      ],
    });
    expectShape(graph.body, sample('composite-graph.200.ok.json'));
  });

  it('token answers, job info and the updated/deleted windows', async () => {
    const post = (body: string) =>
      fetch(`${sim.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));
    const errors = sample('oauth-token.errors.json') as Record<string, unknown>;
    expect(await post('grant_type=client_credentials&client_id=nope&client_secret=sec')).toEqual({
      status: 400,
      body: errors['400_bad_client_id'],
    });
    expect(await post('grant_type=client_credentials&client_id=cid&client_secret=nope')).toEqual({
      status: 400,
      body: errors['400_bad_client_secret'],
    });
    const granted = await post('grant_type=client_credentials&client_id=cid&client_secret=sec');
    expectShape(granted.body, sample('oauth-token.client_credentials.200.json'));

    const job = await call('POST', '/jobs/ingest', {
      object: 'Account',
      operation: 'insert',
      contentType: 'CSV',
      lineEnding: 'LF',
    });
    expectShape(job.body, sample('bulk2-ingest-job-info.open.json'), { extraKeys: true });

    const start = new Date(Date.now() - 60_000).toISOString();
    const end = new Date(Date.now() + 60_000).toISOString();
    await call('POST', '/sobjects/Account', { Name: 'Acme' });
    const updated = await call('GET', `/sobjects/Account/updated?start=${start}&end=${end}`);
    expectShape(updated.body, sample('sobject-updated.200.json'));
    const id = (await call('POST', '/sobjects/Account', { Name: 'Gone' })).body as { id: string };
    await call('DELETE', `/sobjects/Account/${id.id}`);
    const deleted = await call('GET', `/sobjects/Account/deleted?start=${start}&end=${end}`);
    expectShape(deleted.body, sample('sobject-deleted.200.json'));
  });
});
