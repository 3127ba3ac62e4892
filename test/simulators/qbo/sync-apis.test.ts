/** CDC, batch, throttling, injected faults and counters, over sockets. */
import type { QboSimulator } from './index.ts';
import { sample, shapeDiff, startConnected, type ApiAnswer } from './test-client.ts';

describe('QBO simulator: CDC, batch, limits, faults', () => {
  let sim: QboSimulator;
  let api: (method: string, path: string, body?: unknown) => Promise<ApiAnswer>;
  let realm: string;
  beforeEach(async () => {
    ({ sim, api, realm } = await startConnected());
  });
  afterEach(() => sim.close());

  it('CDC returns changes since a time, deleted transactions as status Deleted; refuses > 30 days back', async () => {
    const since = new Date(sim.clock.now() - 1000).toISOString();
    const co = sim.company(realm);
    const cust = co.create('Customer', { DisplayName: 'Changed' });
    const inv = co.create('Invoice', {
      CustomerRef: { value: String(cust.Id) },
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: 5, SalesItemLineDetail: { ItemRef: { value: '1' } } }],
    });
    co.delete('Invoice', inv.Id as string);
    const res = await api('GET', `/cdc?entities=Customer,Invoice&changedSince=${encodeURIComponent(since)}`);
    expect(res.status).toBe(200);
    const groups = res.body.CDCResponse[0].QueryResponse;
    expect(groups[0].Customer.map((c: { Id: string }) => c.Id)).toEqual([cust.Id]);
    expect(groups[1].Invoice).toEqual([
      { status: 'Deleted', domain: 'QBO', Id: inv.Id, MetaData: { LastUpdatedTime: expect.any(String) } },
    ]);
    // The docs sample abbreviates live records to {Id}; its envelope and its deleted record are full.
    const docs = sample('cdc/cdc.customer-estimate-deleted.intuit-docs.json') as {
      CDCResponse: { QueryResponse: { Estimate?: unknown[] }[] }[];
    };
    const deleted = docs.CDCResponse[0]!.QueryResponse[1]!.Estimate![2];
    expect(shapeDiff(groups[1].Invoice[0], deleted, { allowMissing: false })).toBe('');
    expect(Object.keys(res.body).sort()).toEqual(['CDCResponse', 'time']);
    expect(Object.keys(groups[0]).sort()).toEqual(['Customer', 'maxResults', 'startPosition']);
    const none = await api('GET', `/cdc?entities=Vendor&changedSince=${encodeURIComponent(since)}`);
    expect(none.body.CDCResponse).toEqual(
      (sample('cdc/cdc.empty.python-quickbooks-test.json') as { CDCResponse: unknown }).CDCResponse,
    );
    const old = new Date(sim.clock.now() - 31 * 86_400_000).toISOString();
    const refused = await api('GET', `/cdc?entities=Customer&changedSince=${encodeURIComponent(old)}`);
    expect(refused.status).toBe(400);
    expect(refused.body.Fault.type).toBe('ValidationFault');
  });

  it('CDC answers at most 1,000 objects across its entities, leaving the rest out', async () => {
    const since = new Date(sim.clock.now() - 1000).toISOString();
    const co = sim.company(realm);
    for (let i = 0; i < 990; i++) co.create('Customer', { DisplayName: `Busy ${i}` });
    for (let i = 0; i < 20; i++) co.create('Vendor', { DisplayName: `Supplier ${i}` });
    const res = await api('GET', `/cdc?entities=Customer,Vendor&changedSince=${encodeURIComponent(since)}`);
    expect(res.status).toBe(200);
    const groups = res.body.CDCResponse[0].QueryResponse as { Customer?: unknown[]; Vendor?: unknown[] }[];
    expect(groups.map((g) => (g.Customer ?? g.Vendor ?? []).length)).toEqual([990, 10]);
    const alone = await api('GET', `/cdc?entities=Vendor&changedSince=${encodeURIComponent(since)}`);
    expect(alone.body.CDCResponse[0].QueryResponse[0].Vendor).toHaveLength(20);
  });

  it('batch: per-item results and Faults inside a 200, at most 30 items', async () => {
    sim.company(realm).create('Customer', { DisplayName: 'Taken' });
    const res = await api('POST', '/batch', {
      BatchItemRequest: [
        { bId: 'bid1', operation: 'create', Customer: { DisplayName: 'Taken' } },
        { bId: 'bid2', operation: 'delete', Invoice: { Id: '129', SyncToken: '0' } },
        { bId: 'bid3', operation: 'create', Vendor: { DisplayName: 'Smith Family Store' } },
        { bId: 'bid4', Query: 'select * from Customer' },
      ],
    });
    expect(res.status).toBe(200);
    const items = res.body.BatchItemResponse;
    expect(items.map((i: { bId: string }) => i.bId)).toEqual(['bid1', 'bid2', 'bid3', 'bid4']);
    expect([items[0].Fault.Error[0].code, items[1].Fault.Error[0].code]).toEqual(['6240', '610']);
    expect(items[2].Vendor.DisplayName).toBe('Smith Family Store');
    const recorded = sample('batch/batch.response.faults-6240-610-5010.intuit-docs.json') as {
      BatchItemResponse: unknown[];
    };
    expect(
      shapeDiff(
        { BatchItemResponse: [items[0], items[1]] },
        { BatchItemResponse: recorded.BatchItemResponse.slice(0, 2) },
      ),
    ).toBe('');
    const big = Array.from({ length: 31 }, (_, i) => ({ bId: `b${i}`, Query: 'select * from Item' }));
    expect((await api('POST', '/batch', { BatchItemRequest: big })).status).toBe(400);
  });

  it('throttles past the per-minute limit with the XML 429 body, counts calls, peaks and refusals', async () => {
    await sim.close();
    ({ sim, api, realm } = await startConnected({ limits: { perMinute: 5, perSecond: 100 } }));
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await api('GET', '/customer/1')).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    const r = await api('GET', '/item/1');
    expect(r.headers.get('content-type')).toBe('application/xml');
    expect(r.text).toContain('<Error code="3001">');
    expect(r.text).toContain('message=ThrottleExceeded; errorCode=003001; statusCode=429');
    sim.clock.advance(61_000);
    expect((await api('GET', '/item/1')).status).toBe(200);
    const c = sim.counters(realm);
    expect(c.calls['GET customer']).toBe(7);
    expect(c.calls['GET item']).toBe(2);
    expect(c.throttled).toBe(3);
    expect(c.peakPerMinute).toBe(5);
    expect(sim.requests.at(-1)).toMatchObject({ minorVersion: '75', status: 200 });
  });

  it('throttles batch requests past their own per-minute limit, other calls still pass', async () => {
    await sim.close();
    ({ sim, api, realm } = await startConnected({ limits: { batchPerMinute: 2, perSecond: 100 } }));
    const batch = () => api('POST', '/batch', { BatchItemRequest: [{ bId: '1', Query: 'select * from Item' }] });
    expect([(await batch()).status, (await batch()).status, (await batch()).status]).toEqual([200, 200, 429]);
    expect((await api('GET', '/item/1')).status).toBe(200);
    sim.clock.advance(61_000);
    expect((await batch()).status).toBe(200);
    expect(sim.counters(realm).throttled).toBe(1);
  });

  it('refuses concurrency above the limit and records the peak', async () => {
    await sim.close();
    ({ sim, api, realm } = await startConnected({ limits: { concurrent: 2, perSecond: 100 } }));
    sim.faults.inject('slow', { times: 5, delayMs: 150 });
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () => api('GET', '/customer/1').then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(sim.counters().peakConcurrent).toBe(2);
  });

  it('injected faults: XML 401 although JSON was asked for, SystemFault, once each', async () => {
    sim.faults.inject('auth_xml');
    const xml = await api('GET', '/customer/1');
    expect(xml.status).toBe(401);
    expect(xml.text).toContain('<Fault type="AuthenticationFault">');
    sim.faults.inject('system_error', { times: 2, path: '/query' });
    expect((await api('GET', '/query?query=select%20*%20from%20Item')).status).toBe(500);
    expect((await api('GET', '/item/1')).status).toBe(200);
    expect(sim.faults.pending()).toEqual([{ kind: 'system_error', left: 1 }]);
  });
});
