/** Merging customers, as the company's user does: what the API, CDC and both webhook formats then show. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QboSimulator } from './index.ts';
import { sample, startConnected, type ApiAnswer } from './test-client.ts';

async function receiver() {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { bodies, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('QBO simulator: merging customers', () => {
  let sim: QboSimulator;
  let api: (method: string, path: string, body?: unknown) => Promise<ApiAnswer>;
  let realm: string;
  let hook: Awaited<ReturnType<typeof receiver>>;
  beforeEach(async () => {
    ({ sim, api, realm } = await startConnected());
    hook = await receiver();
  });
  afterEach(async () => {
    await sim.close();
    await hook.close();
  });

  const seed = () => {
    const co = sim.company(realm);
    const kept = co.create('Customer', { DisplayName: 'Initech' });
    const gone = co.create('Customer', { DisplayName: 'Initech Inc' });
    const inv = co.create('Invoice', {
      CustomerRef: { value: String(gone.Id) },
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: '40.10', SalesItemLineDetail: { ItemRef: { value: '1' } } }],
    });
    return { co, kept: String(kept.Id), gone: String(gone.Id), inv: String(inv.Id) };
  };

  it('moves the invoices to the customer kept, which owes them; the other is gone, Deleted in CDC', async () => {
    const { co, kept, gone, inv } = seed();
    const since = new Date(sim.clock.now() - 1000).toISOString();
    const before = co.get('Invoice', inv)!.MetaData;
    sim.clock.advance(60_000);
    co.merge('Customer', gone, kept);

    expect(co.get('Customer', gone)).toBeUndefined();
    expect(co.get('Invoice', inv)!.CustomerRef).toEqual({ value: kept, name: 'Initech' });
    expect(co.get('Invoice', inv)!.MetaData).toEqual(before);
    expect(String(co.get('Customer', kept)!.Balance)).toBe('40.1');
    const byRef = await api(
      'GET',
      `/query?query=${encodeURIComponent(`select * from Invoice where CustomerRef = '${kept}'`)}`,
    );
    expect(byRef.body.QueryResponse.Invoice.map((i: { Id: string }) => i.Id)).toEqual([inv]);

    const cdc = await api('GET', `/cdc?entities=Customer&changedSince=${encodeURIComponent(since)}`);
    const customers = cdc.body.CDCResponse[0].QueryResponse[0].Customer as { Id: string; status?: string }[];
    expect(customers.find((c) => c.Id === gone)).toMatchObject({ status: 'Deleted' });
    expect(co.changes.at(-1)).toMatchObject({ entity: 'Customer', id: kept, operation: 'Merge', deletedId: gone });
  });

  it('webhooks tell a Merge of the one kept with the other as deletedId (legacy) or data.deletedid (CloudEvents)', async () => {
    const { co, kept, gone } = seed();
    sim.webhooks.register({ url: hook.url, verifierToken: 'vt' });
    co.merge('Customer', gone, kept);
    await sim.webhooks.idle();
    const legacy = JSON.parse(hook.bodies.at(-1)!).eventNotifications[0].dataChangeEvent.entities;
    expect(legacy).toEqual([
      { name: 'Customer', id: kept, operation: 'Merge', lastUpdated: expect.any(String), deletedId: gone },
    ]);

    sim.webhooks.register({ url: hook.url, verifierToken: 'vt', format: 'cloudevents' });
    const other = co.create('Customer', { DisplayName: 'Initech Ltd' });
    await sim.webhooks.idle();
    co.merge('Customer', String(other.Id), kept);
    await sim.webhooks.idle();
    const [event] = JSON.parse(hook.bodies.at(-1)!) as Record<string, unknown>[];
    const recorded = (sample('webhooks/cloudevents.customer-merged.intuit-docs.json') as Record<string, unknown>[])[0]!;
    expect(Object.keys(event!).sort()).toEqual(Object.keys(recorded).sort());
    expect(event).toMatchObject({
      type: 'qbo.customer.merged.v1',
      intuitentityid: kept,
      data: { deletedid: String(other.Id) },
    });
  });

  it('refuses what QuickBooks refuses: itself, an inactive one, one with sub-customers', () => {
    const { co, kept, gone } = seed();
    expect(() => co.merge('Customer', kept, kept)).toThrow(/itself/);
    const job = co.create('Customer', { DisplayName: 'Roof', ParentRef: { value: gone }, Job: true });
    expect(() => co.merge('Customer', gone, kept)).toThrow(/sub-customers/);
    co.deactivate('Customer', String(job.Id));
    co.deactivate('Customer', kept);
    expect(() => co.merge('Customer', gone, kept)).toThrow(/active/);
  });
});
