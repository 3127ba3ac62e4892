/** Webhooks over sockets: both formats, signatures (the published vectors), duplicates, order, missed events. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QboSimulator } from './index.ts';
import { sample, startConnected } from './test-client.ts';

const SAMPLES = path.join(import.meta.dirname, 'spec', 'samples');

interface Received {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

async function receiver(status = 200) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { got, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const hmac = (token: string, body: string) => crypto.createHmac('sha256', token).update(body).digest('base64');

describe('QBO simulator: webhooks', () => {
  let sim: QboSimulator;
  let realm: string;
  let hook: Awaited<ReturnType<typeof receiver>>;
  beforeEach(async () => {
    ({ sim, realm } = await startConnected());
    hook = await receiver();
  });
  afterEach(async () => {
    await sim.close();
    await hook.close();
  });

  it('the signature scheme matches both published test vectors', () => {
    for (const v of ['legacy.java-sdk.signature-vector.json', 'legacy.dotnet-sdk.signature-vector.json']) {
      const vector = sample(`webhooks/${v}`) as {
        verifierToken: string;
        intuitSignatureHeader: string;
        bodyFile: string;
      };
      // The recorded bytes themselves, as Intuit signed them.
      const body = fs.readFileSync(path.join(SAMPLES, 'webhooks', vector.bodyFile), 'utf8');
      expect(hmac(vector.verifierToken, body)).toBe(vector.intuitSignatureHeader);
    }
  });

  it('legacy format: eventNotifications signed with the verifier token, headers as documented', async () => {
    sim.webhooks.register({ url: hook.url, verifierToken: 'vt-1' });
    const c = sim.company(realm).create('Customer', { DisplayName: 'Hooked' });
    await sim.webhooks.idle();
    expect(hook.got).toHaveLength(1);
    const { headers, body } = hook.got[0]!;
    expect(headers['intuit-signature']).toBe(hmac('vt-1', body));
    expect(headers['intuit-notification-schema-version']).toBe('0.1');
    const parsed = JSON.parse(body);
    const recorded = sample('webhooks/legacy.account-create.intuit-blog.json') as {
      eventNotifications: { dataChangeEvent: { entities: object[] } }[];
    };
    expect(Object.keys(parsed.eventNotifications[0].dataChangeEvent.entities[0]).sort()).toEqual(
      Object.keys(recorded.eventNotifications[0]!.dataChangeEvent.entities[0]!).sort(),
    );
    expect(parsed.eventNotifications[0]).toMatchObject({
      realmId: realm,
      dataChangeEvent: { entities: [{ name: 'Customer', id: c.Id, operation: 'Create' }] },
    });
  });

  it('CloudEvents format: a top-level array, type qbo.<entity>.<op>.v1, intuitaccountid, cloudevents+json', async () => {
    sim.webhooks.register({
      url: hook.url,
      verifierToken: 'vt-2',
      format: 'cloudevents',
      cloudEventsContentType: true,
    });
    const c = sim.company(realm).create('Customer', { DisplayName: 'Cloudy' });
    sim.company(realm).update('Customer', c.Id as string, { Notes: 'n' });
    await sim.webhooks.idle();
    const events = hook.got.flatMap((g) => JSON.parse(g.body) as Record<string, unknown>[]);
    expect(hook.got[0]!.headers['content-type']).toBe('application/cloudevents+json');
    expect(hook.got[0]!.headers['intuit-signature']).toBe(hmac('vt-2', hook.got[0]!.body));
    const recorded = (sample('webhooks/cloudevents.account-created.intuit-blog.json') as Record<string, unknown>[])[0]!;
    expect(Object.keys(events[0]!).sort()).toEqual(Object.keys(recorded).sort());
    expect(events.map((e) => e.type)).toEqual(['qbo.customer.created.v1', 'qbo.customer.updated.v1']);
    expect(events[0]).toMatchObject({ intuitaccountid: realm, intuitentityid: c.Id, specversion: '1.0' });
    expect(String(events[0]!.time)).toMatch(/\.\d{9}Z$/);
  });

  it('duplicates, out of order and withheld events on request', async () => {
    sim.webhooks.register({ url: hook.url, verifierToken: 'vt', auto: false });
    const co = sim.company(realm);
    sim.webhooks.withhold(1);
    co.create('Customer', { DisplayName: 'Missed' });
    sim.webhooks.holdBack(1);
    co.create('Customer', { DisplayName: 'Late' });
    co.create('Customer', { DisplayName: 'Early' });
    sim.webhooks.duplicate(1);
    await sim.webhooks.flush();
    expect(hook.got).toHaveLength(2);
    expect(hook.got[0]!.body).toBe(hook.got[1]!.body);
    const ids = JSON.parse(hook.got[0]!.body).eventNotifications[0].dataChangeEvent.entities.map(
      (e: { id: string }) => e.id,
    );
    const byName = (n: string) => co.list('Customer').find((c) => c.DisplayName === n)!.Id;
    expect(ids).toEqual([byName('Early'), byName('Late')]);
  });

  it('an endpoint that does not answer 200 gets the events again', async () => {
    const failing = await receiver(500);
    sim.webhooks.register({ url: failing.url, verifierToken: 'vt', auto: false });
    sim.company(realm).create('Customer', { DisplayName: 'Retry' });
    expect((await sim.webhooks.flush())!.status).toBe(500);
    expect(sim.webhooks.pending()).toHaveLength(1);
    sim.webhooks.register({ url: hook.url, verifierToken: 'vt', auto: false });
    expect((await sim.webhooks.flush())!.status).toBe(200);
    expect(sim.webhooks.pending()).toHaveLength(0);
    await failing.close();
  });
});
