import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDataverseSimulator, type DataverseSimulator } from '../../../../../test/simulators/dynamics/index.ts';
import { connect, type Api } from '../../../../../test/simulators/dynamics/test-client.ts';
import { webhookKeyDigest, webhookKeyValid } from './key.ts';
import { parseNotice, type DataverseNotice } from './notice.ts';

interface Captured {
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A receiver standing in for the relay's route: it checks the key first, as the route will. */
async function receiver(expected: Buffer, where: Parameters<typeof webhookKeyValid>[2]) {
  const got: Captured[] = [];
  const refused: string[] = [];
  const server = http.createServer((req, res) => {
    const request = { url: req.url ?? '', header: (n: string) => req.headers[n] as string | undefined };
    if (!webhookKeyValid(request, expected, where)) {
      refused.push(req.url ?? '');
      req.resume();
      res.writeHead(401).end();
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dynamics/webhooks`,
    got,
    refused,
    notices: (): DataverseNotice[] =>
      got.map((g) => {
        const n = parseNotice(g.body);
        if (!n.ok) throw new Error(n.error.message);
        return n.value;
      }),
    close: () => new Promise((r) => server.close(r)),
  };
}

let sim: DataverseSimulator;
let api: Api;
beforeEach(async () => {
  sim = await startDataverseSimulator();
  api = connect(sim);
});
afterEach(() => sim.close());

describe('notices from the simulator’s webhook sender', () => {
  it('Create, Update and Delete of an account: typed values as plain values, exact money, a lookup as a reference', async () => {
    const r = await receiver(webhookKeyDigest('k3y'), {});
    sim.webhooks.register({ url: r.url, key: 'k3y', tables: ['account'] });
    const contact = sim.env.table('contact').insert({ lastname: 'Glynn' });
    const created = await api(
      'POST',
      'accounts',
      {
        name: 'Acme',
        customertypecode: 3,
        creditlimit: 1250.5,
        'primarycontactid@odata.bind': `/contacts(${String(contact.contactid)})`,
      },
      { Prefer: 'return=representation' },
    );
    const id = created.body.accountid as string;
    await api('PATCH', `accounts(${id})`, { telephone1: '555-0100' });
    await api('DELETE', `accounts(${id})`);
    await sim.webhooks.idle();

    const [create, update, del] = r.notices();
    expect(create).toMatchObject({ messageName: 'Create', entity: 'account', id });
    expect(create!.postImage).toMatchObject({
      name: 'Acme',
      customertypecode: 3,
      creditlimit: '1250.5000',
      primarycontactid: { logicalName: 'contact', id: contact.contactid },
      statecode: 0,
    });
    expect(create!.changedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(update!.changed).toEqual({ telephone1: '555-0100', accountid: id, modifiedon: expect.any(String) });
    expect(update!.postImage).toMatchObject({ name: 'Acme', telephone1: '555-0100' });
    expect(del).toMatchObject({ messageName: 'Delete', id, changed: {} });
    expect(del!.postImage).toBeUndefined();
    expect(new Set([create, update, del].map((n) => n!.dedupeKey)).size).toBe(3);
    await r.close();
  });

  it('a duplicated delivery and a retried one carry the same de-duplication key', async () => {
    const r = await receiver(webhookKeyDigest('k3y'), {});
    sim.webhooks.register({ url: r.url, key: 'k3y', tables: ['contact'], messages: ['Create'] });
    sim.webhooks.duplicate();
    sim.env.table('contact').insert({ lastname: 'Twice' });
    sim.env.table('contact').insert({ lastname: 'Once' });
    await sim.webhooks.idle();
    const keys = r.notices().map((n) => n.dedupeKey);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    await r.close();
  });

  it('refuses deliveries with the wrong key before reading them, in the query string or a header', async () => {
    const byCode = await receiver(webhookKeyDigest('right'), {});
    sim.webhooks.register({ url: byCode.url, key: 'wrong', tables: ['account'], messages: ['Create'] });
    const byHeader = await receiver(webhookKeyDigest('h3ader'), { auth: 'HttpHeader' });
    sim.webhooks.register({
      url: byHeader.url,
      key: 'h3ader',
      auth: 'HttpHeader',
      tables: ['account'],
      messages: ['Create'],
    });
    sim.env.table('account').insert({ name: 'Acme' });
    await sim.webhooks.idle();
    expect(byCode.got).toEqual([]);
    expect(byCode.refused).toEqual(['/dynamics/webhooks?code=wrong']);
    expect(byHeader.notices().map((n) => n.entity)).toEqual(['account']);
    await byCode.close();
    await byHeader.close();
  });
});
