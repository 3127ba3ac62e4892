/**
 * `POST /dynamics/webhooks` on a loopback socket, fed by the Dataverse simulator's webhook sender
 * (so every body is as Dataverse posts it), on both stores: the key before the body, the size
 * limit, bodies that are not a RemoteExecutionContext, duplicates, merges, organizations.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { DynamicsConfig } from '../../config/dynamics.ts';
import { createLogger } from '../../lib/logger.ts';
import type { Store } from '../../store/index.ts';
import { topologyRepo } from '../../store/topology.ts';
import { testBackends } from '../../../../test/qbwc/support/stores.ts';
import { startDataverseSimulator, type DataverseSimulator } from '../../../../test/simulators/dynamics/index.ts';
import { sample } from '../../../../test/simulators/dynamics/test-client.ts';
import { dynamicsRoutes } from './routes.ts';
import { dynamicsChangesRepo } from './store/changes.ts';
import { dynamicsEnvironmentsRepo } from './store/environments.ts';

const KEY = 'k3y-of-at-least-thirty-two-characters-0123';
const LIMIT = 64 * 1024;

const configOf = (sim: DataverseSimulator): DynamicsConfig => ({
  url: sim.url,
  tenantId: sim.tenantId,
  clientId: 'ledgerbridge-client',
  clientSecret: 'ledgerbridge-secret',
  webhookKey: KEY,
  authorityUrl: sim.authorityUrl,
  orderTrigger: 'submitted',
  newItemsAs: 'service',
  changesMinutes: 15,
});

interface Relay {
  readonly url: string;
  readonly logs: string[];
  close(): Promise<void>;
}

async function startRelay(deps: Omit<Parameters<typeof dynamicsRoutes>[0], 'log' | 'maxBodyBytes'>): Promise<Relay> {
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const app = dynamicsRoutes({ ...deps, log, maxBodyBytes: LIMIT });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dynamics/webhooks`,
    logs,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/** One request on a connection of its own, the body in chunks (no Content-Length) when asked. */
const postRaw = (url: string, body: string, { chunked = false, headers = {} as Record<string, string> } = {}) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', (e) => (req.writableEnded ? undefined : reject(e)));
    if (chunked) {
      for (let i = 0; i < body.length; i += 8192) req.write(body.slice(i, i + 8192));
      req.end();
    } else req.end(body);
  });

describe.each(testBackends().map((b) => [b.name, b] as const))('POST /dynamics/webhooks on %s', (_n, backend) => {
  let store: Store;
  let sim: DataverseSimulator;
  let relay: Relay;
  const queue = () => dynamicsChangesRepo(store.db);
  const count = async (table: string) =>
    Number((await store.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);
  const environment = async (id: string, url: string) => {
    await topologyRepo(store.db).ensureConnection({ id, system: 'dynamics', label: id, settings: {} });
    await dynamicsEnvironmentsRepo(store.db).ensure({ connectionId: id, url });
  };
  const statuses = () => sim.webhooks.deliveries.map((d) => d.status);

  beforeEach(async () => {
    store = await backend.open();
    sim = await startDataverseSimulator({ organizationName: 'contoso' });
    await environment('dyn-contoso', sim.url);
    relay = await startRelay({ config: configOf(sim), store });
  });
  afterEach(async () => {
    await relay.close();
    await sim.close();
    await store.close();
  });

  it('acknowledges a change the relay’s own application user made without storing it; a salesperson’s is stored', async () => {
    sim.webhooks.register({ url: relay.url, key: KEY, tables: ['contact'] });
    const relayUser = sim.env.userOf('ledgerbridge-client');
    await dynamicsEnvironmentsRepo(store.db).noteUser('dyn-contoso', relayUser);
    sim.env.actingAs(relayUser, () => sim.env.table('contact').insert({ lastname: 'Written by the relay' }));
    const theirs = sim.env.actingAs(sim.env.userOf('sales-rep-app'), () =>
      sim.env.table('contact').insert({ lastname: 'Entered by a salesperson' }),
    );
    await sim.webhooks.idle();
    expect(statuses()).toEqual([202, 202]);
    expect(await count('dynamics_changes')).toBe(1);
    expect((await queue().pending('dyn-contoso', 10)).map((c) => c.rowId)).toEqual([theirs.contactid]);
  });

  it('stores what Dataverse tells, claiming the one environment on the first webhook; two updates of a row are one pending change', async () => {
    sim.webhooks.register({ url: relay.url, key: KEY, tables: ['contact'] });
    const contact = sim.env.table('contact').insert({ firstname: 'Jim', lastname: 'Glynn' });
    await sim.webhooks.idle();
    expect(statuses()).toEqual([202]);
    expect(await dynamicsEnvironmentsRepo(store.db).byConnection('dyn-contoso')).toMatchObject({
      organizationId: sim.env.organizationId.toLowerCase(),
    });
    const [created] = await queue().pending('dyn-contoso', 10);
    expect(created).toMatchObject({ entity: 'contact', rowId: contact.contactid, messageName: 'Create' });
    await queue().done('dyn-contoso', [created!]);

    sim.clock.advance(1000);
    sim.env.table('contact').update(contact.contactid as string, { firstname: 'James' });
    sim.clock.advance(1000);
    sim.env.table('contact').update(contact.contactid as string, { telephone1: '555-0100' });
    await sim.webhooks.idle();
    expect(statuses()).toEqual([202, 202, 202]);
    const pending = await queue().pending('dyn-contoso', 10);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      entity: 'contact',
      rowId: contact.contactid,
      messageName: 'Update',
      changedAt: new Date(sim.clock.now()).toISOString(),
      postImage: { firstname: 'James', telephone1: '555-0100', fullname: 'James Glynn' },
    });
    // Nothing of the rows' content reaches the log; the relay logs ids and names of tables.
    const log = relay.logs.join('\n');
    expect(log).toContain('learned its organization');
    expect(log).not.toMatch(/Glynn|James|555-0100/);
  });

  it('stores the body Dataverse really sent (the recorded contact update), claiming the environment for its organization', async () => {
    const res = await fetch(`${relay.url}?code=${KEY}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sample('webhook-contact-update-async.json')),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ outcome: 'stored' });
    expect(
      (await dynamicsEnvironmentsRepo(store.db).byOrganization('4ef5b371-e89e-e711-8122-000d3aa2331c'))?.connectionId,
    ).toBe('dyn-contoso');
    const [change] = await queue().pending('dyn-contoso', 10);
    expect(change).toMatchObject({
      entity: 'contact',
      rowId: '6d81597f-0f9f-e711-8122-000d3aa2331c',
      messageName: 'Update',
      changedAt: '2017-09-26T07:04:08.000Z',
    });
  });

  /** Two first webhooks of the organization at once, on a store whose reads `gate` holds back. */
  const race = async (gate: (sql: string, run: () => Promise<unknown[]>) => Promise<unknown[]>) => {
    const db: Store['db'] = {
      ...store.db,
      query: (sql, params) => gate(sql, () => store.db.query(sql, params)) as never,
    };
    const racing = await startRelay({ config: configOf(sim), store: { ...store, db } });
    try {
      sim.webhooks.register({ url: racing.url, key: 'other', tables: ['account'], messages: ['Create'] });
      sim.env.table('account').insert({ name: 'A' });
      sim.env.table('account').insert({ name: 'B' });
      await sim.webhooks.idle();
      const answers = await Promise.all(
        sim.webhooks.deliveries.map((d) =>
          fetch(`${racing.url}?code=${KEY}`, { method: 'POST', body: d.body }).then((r) => r.status),
        ),
      );
      return { answers, claims: racing.logs.filter((l) => l.includes('learned its organization')).length };
    } finally {
      await racing.close();
    }
  };
  /** Holds each answer until `n` callers have theirs. */
  const together = (n: number) => {
    let arrived = 0;
    let release!: () => void;
    const all = new Promise<void>((r) => (release = r));
    return async (run: () => Promise<unknown[]>) => {
      const rows = await run();
      if (++arrived === n) release();
      await all;
      return rows;
    };
  };
  const BY_ORGANIZATION = 'WHERE organization_id = $1';
  const ALL = 'FROM dynamics_environments ORDER BY';

  it('two first webhooks at once, both reading before either claims: both take the environment', async () => {
    const lookups = together(2);
    const lists = together(2);
    const result = await race((sql, run) =>
      sql.includes(BY_ORGANIZATION) ? lookups(run) : sql.includes(ALL) ? lists(run) : run(),
    );
    expect(result).toEqual({ answers: [202, 202], claims: 2 });
    expect(await queue().pending('dyn-contoso', 10)).toHaveLength(2);
  });

  it('two first webhooks at once, one claiming while the other looks: the other finds the claim', async () => {
    const lookups = together(2);
    let claimed!: () => void;
    const claim = new Promise<void>((r) => (claimed = r));
    let lists = 0;
    const result = await race(async (sql, run) => {
      if (sql.includes(BY_ORGANIZATION)) return lookups(run);
      if (sql.includes(ALL) && ++lists === 2) await claim;
      const rows = await run();
      if (sql.startsWith('UPDATE dynamics_environments SET organization_id')) claimed();
      return rows;
    });
    expect(result).toEqual({ answers: [202, 202], claims: 1 });
    expect(await queue().pending('dyn-contoso', 10)).toHaveLength(2);
  });

  it('a duplicated delivery, and the same body posted again, are stored once', async () => {
    sim.webhooks.register({ url: relay.url, key: KEY, tables: ['account'], messages: ['Create'] });
    sim.webhooks.duplicate();
    sim.env.table('account').insert({ name: 'Acme' });
    await sim.webhooks.idle();
    expect(statuses()).toEqual([202, 202]);
    expect(await count('dynamics_webhook_events')).toBe(1);
    expect(await queue().pending('dyn-contoso', 10)).toHaveLength(1);
    const again = await fetch(sim.webhooks.deliveries[0]!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: sim.webhooks.deliveries[0]!.body,
    });
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ outcome: 'duplicate' });
    expect(await count('dynamics_changes')).toBe(1);
  });

  it('a Delete wins over the updates before it, whatever order they arrive in', async () => {
    sim.webhooks.register({ url: relay.url, key: KEY, tables: ['account'], messages: ['Update', 'Delete'] });
    const a = sim.env.table('account').insert({ name: 'Acme' });
    sim.webhooks.holdBack(); // the update arrives after the delete
    sim.env.table('account').update(a.accountid as string, { telephone1: '555-0100' });
    sim.env.table('account').delete(a.accountid as string);
    await sim.webhooks.idle();
    expect(sim.webhooks.deliveries.map((d) => d.event.message)).toEqual(['Delete', 'Update']);
    expect(statuses()).toEqual([202, 202]);
    const pending = await queue().pending('dyn-contoso', 10);
    expect(pending).toEqual([
      {
        id: expect.any(String),
        entity: 'account',
        rowId: a.accountid,
        messageName: 'Delete',
        changedAt: expect.any(String),
      },
    ]);
  });

  it('refuses a wrong or missing key with 401 before reading the body, logs no key, stores nothing', async () => {
    sim.webhooks.register({ url: relay.url, key: 'not-the-key', tables: ['account'], messages: ['Create'] });
    sim.env.table('account').insert({ name: 'Acme' });
    await sim.webhooks.idle();
    expect(sim.webhooks.failures.map((f) => f.status)).toEqual([401]);
    const body = sim.webhooks.deliveries[0]!.body;
    const bare = await fetch(relay.url, { method: 'POST', body });
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual({
      error: { code: 'dyn_webhook_key', message: 'The webhook key is missing or wrong.' },
    });
    // Neither an oversized nor a malformed body is looked at without the key.
    expect((await postRaw(`${relay.url}?code=wrong`, 'x'.repeat(LIMIT + 1))).status).toBe(401);
    expect((await postRaw(`${relay.url}?code=wrong`, 'x'.repeat(LIMIT + 1), { chunked: true })).status).toBe(401);
    expect((await postRaw(`${relay.url}?code=wrong`, 'not json')).status).toBe(401);
    expect(await count('dynamics_webhook_events')).toBe(0);
    expect(await count('dynamics_changes')).toBe(0);
    expect(await dynamicsEnvironmentsRepo(store.db).byConnection('dyn-contoso')).toMatchObject({
      organizationId: null,
    });
    const log = relay.logs.join('\n');
    expect(log).toContain('without the right key');
    expect(log).not.toContain('not-the-key');
    expect(log).not.toContain('wrong');
  });

  it('takes the key in the header provisioning can register instead of ?code=', async () => {
    sim.webhooks.register({ url: relay.url, key: KEY, auth: 'HttpHeader', tables: ['account'], messages: ['Create'] });
    sim.env.table('account').insert({ name: 'Acme' });
    await sim.webhooks.idle();
    expect(sim.webhooks.deliveries[0]!.url).not.toContain('code=');
    expect(statuses()).toEqual([202]);
    expect(await queue().pending('dyn-contoso', 10)).toHaveLength(1);
  });

  it('refuses a body over the limit with 413, by its Content-Length or by the bytes sent', async () => {
    const url = `${relay.url}?code=${KEY}`;
    const huge = JSON.stringify({ padding: 'x'.repeat(LIMIT) });
    const declared = await postRaw(url, huge, { headers: { 'content-type': 'application/json' } });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.text)).toMatchObject({ error: { code: 'dyn_webhook_too_large' } });
    expect((await postRaw(url, huge, { chunked: true })).status).toBe(413);
    expect((await postRaw(url, 'x'.repeat(LIMIT), { chunked: true })).status).toBe(400); // at the limit: read
    expect(await count('dynamics_webhook_events')).toBe(0);
  });

  it('refuses with 400, saying what is wrong, a body that is not a RemoteExecutionContext', async () => {
    sim.webhooks.register({ url: relay.url, key: 'other', tables: ['account'], messages: ['Create'] });
    sim.env.table('account').insert({ name: 'Acme' });
    await sim.webhooks.idle();
    const real = JSON.parse(sim.webhooks.deliveries[0]!.body) as Record<string, unknown>;
    const url = `${relay.url}?code=${KEY}`;
    const post = async (body: string) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } };
    };
    expect(await post('{"MessageName":')).toEqual({
      status: 400,
      body: {
        error: {
          code: 'dyn_webhook_invalid',
          message: 'The webhook body is not a Dataverse RemoteExecutionContext: it is not JSON.',
        },
      },
    });
    const noId = await post(JSON.stringify({ ...real, PrimaryEntityId: 'Acme' }));
    expect(noId.status).toBe(400);
    expect(noId.body.error.message).toContain('PrimaryEntityId: a GUID');
    const noOrganization = await post(JSON.stringify({ ...real, OrganizationId: null }));
    expect(noOrganization.status).toBe(400);
    expect(noOrganization.body.error.message).toContain('no OrganizationId');
    expect(await count('dynamics_webhook_events')).toBe(0);
    expect(relay.logs.join('\n')).not.toContain('Acme');
  });

  it('answers 404 for an organization no environment has, storing nothing; two unclaimed environments claim nothing', async () => {
    const other = await startDataverseSimulator({ organizationName: 'fabrikam' });
    try {
      sim.webhooks.register({ url: relay.url, key: KEY, tables: ['account'], messages: ['Create'] });
      other.webhooks.register({ url: relay.url, key: KEY, tables: ['account'], messages: ['Create'] });
      sim.env.table('account').insert({ name: 'Contoso' });
      await sim.webhooks.idle(); // contoso claims the one environment
      other.env.table('account').insert({ name: 'Fabrikam' });
      await other.webhooks.idle();
      expect(other.webhooks.failures.map((f) => f.status)).toEqual([404]);
      const res = await fetch(other.webhooks.deliveries[0]!.url, {
        method: 'POST',
        body: other.webhooks.deliveries[0]!.body,
      });
      expect(await res.json()).toMatchObject({ error: { code: 'dyn_unknown_organization' } });
      expect(await count('dynamics_webhook_events')).toBe(1);
      expect(relay.logs.join('\n')).toContain(other.env.organizationId);

      await environment('dyn-a', 'https://a.crm.dynamics.com');
      await environment('dyn-b', 'https://b.crm.dynamics.com');
      other.env.table('account').insert({ name: 'Fabrikam 2' });
      await other.webhooks.idle();
      expect(other.webhooks.failures.map((f) => f.status)).toEqual([404, 404]);
      const envs = await dynamicsEnvironmentsRepo(store.db).all();
      expect(envs.map((e) => [e.connectionId, e.organizationId])).toEqual([
        ['dyn-contoso', sim.env.organizationId.toLowerCase()],
        ['dyn-a', null],
        ['dyn-b', null],
      ]);
      expect(await count('dynamics_webhook_events')).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('a second environment is claimed by its own organization once the first has its own', async () => {
    const other = await startDataverseSimulator({ organizationName: 'fabrikam' });
    try {
      sim.webhooks.register({ url: relay.url, key: KEY, tables: ['account'], messages: ['Create'] });
      other.webhooks.register({ url: relay.url, key: KEY, tables: ['account'], messages: ['Create'] });
      sim.env.table('account').insert({ name: 'Contoso' });
      await sim.webhooks.idle();
      await environment('dyn-fabrikam', other.url);
      other.env.table('account').insert({ name: 'Fabrikam' });
      await other.webhooks.idle();
      expect([...statuses(), ...other.webhooks.deliveries.map((d) => d.status)]).toEqual([202, 202]);
      expect(await queue().pending('dyn-contoso', 10)).toHaveLength(1);
      expect(await queue().pending('dyn-fabrikam', 10)).toHaveLength(1);
      expect((await dynamicsEnvironmentsRepo(store.db).byOrganization(other.env.organizationId))?.connectionId).toBe(
        'dyn-fabrikam',
      );
    } finally {
      await other.close();
    }
  });

  it('acknowledges a notice of a table the relay does not read, or of another message, and stores nothing', async () => {
    sim.webhooks.register({ url: relay.url, key: KEY, tables: ['salesorderdetail'], messages: ['Create'] });
    sim.env.table('salesorderdetail').insert({ quantity: 1 });
    await sim.webhooks.idle();
    expect(statuses()).toEqual([202]);
    const res = await fetch(sim.webhooks.deliveries[0]!.url, {
      method: 'POST',
      body: sim.webhooks.deliveries[0]!.body,
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ outcome: 'ignored' });
    // A step of another message (an admin's own Assign step) is acknowledged the same way.
    const assign = JSON.stringify({ ...JSON.parse(sim.webhooks.deliveries[0]!.body), MessageName: 'Assign' });
    const other = await fetch(sim.webhooks.deliveries[0]!.url, { method: 'POST', body: assign });
    expect(other.status).toBe(202);
    expect(await other.json()).toEqual({ outcome: 'ignored' });
    expect(await count('dynamics_webhook_events')).toBe(0);
    expect(await count('dynamics_changes')).toBe(0);
  });

  it('answers 503 in words while Dynamics is not configured, before looking at the key', async () => {
    const bare = await startRelay({ config: undefined, store });
    try {
      const res = await fetch(`${bare.url}?code=${KEY}`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        error: { code: 'dyn_not_configured', message: expect.stringContaining('DYNAMICS_WEBHOOK_KEY') },
      });
    } finally {
      await bare.close();
    }
  });
});
