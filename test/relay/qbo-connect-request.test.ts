/**
 * "Connect QuickBooks Online" asked from the org, over real sockets: a fresh org (no QuickBooks
 * connection yet) inserts a sync request with that scope, the relay answers it Completed with a
 * one-time link in `Result__c`; the link redirects to Intuit's consent page, works once, and
 * connects the company. A relay with no Intuit app answers Failed, in words. Setup and health's
 * "Reconnect" on a connection that Needs Reauthorization asks the same, naming the connection: the
 * link it gets re-authorizes that same connection (new tokens stored, health cleared, the feed
 * resumes), and no second connection is made.
 */
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

const SCOPE = 'Connect QuickBooks Online';

/** Inserts a request as the Setup and health page does (naming the connection to reconnect, if
 * any), and lets the relay poll for it once. */
async function ask(r: QboRelay, connectionRecordId?: string) {
  const o = r.org.org.objectOrThrow('QuickBooks_Sync_Request__c');
  const id = r.org.org.store.insert(o, {
    Scope__c: SCOPE,
    Status__c: 'Requested',
    ...(connectionRecordId ? { Connection__c: connectionRecordId } : {}),
  }).Id;
  await r.relay.runtime.tick({ pollNow: true });
  return r.org.org.records('QuickBooks_Sync_Request__c').find((x) => x.Id === id)!;
}

describe('"Connect QuickBooks Online" requested from Salesforce', () => {
  let r: QboRelay;
  beforeAll(async () => {
    r = await startQboRelay();
  });
  afterAll(() => r.close());

  it('is answered in a fresh org with a one-time link that redirects to Intuit, works once and connects', async () => {
    expect(r.org.org.records('QuickBooks_Connection__c')).toEqual([]);
    const request = await ask(r);
    expect(request).toMatchObject({ Status__c: 'Completed' });
    expect(request.Picked_Up_At__c).toBeTruthy();
    expect(request.Completed_At__c).toBeTruthy();
    const link = String(request.Result__c);
    expect(link).toMatch(new RegExp(`^${r.config.publicUrl}/qbo/connect\\?token=[\\w-]{43}$`));

    const opened = await fetch(link, { redirect: 'manual' });
    expect(opened.status).toBe(302);
    const consent = new URL(opened.headers.get('location')!);
    expect(`${consent.origin}${consent.pathname}`).toBe(`${r.qbo.url}/connect/oauth2`);
    expect(consent.searchParams.get('client_id')).toBe(r.config.qbo!.clientId);
    expect(consent.searchParams.get('state')).toBeTruthy();

    const again = await r.browse(link);
    expect(again.status).toBe(400);
    expect(again.text).toContain('already used');

    r.qbo.oauth.nextConsent({ realmId: DEFAULT_REALM });
    const done = await r.browse(consent.toString());
    expect(done.status).toBe(200);
    expect(done.text).toContain('is connected');
  });

  it('gives a new link each time it is asked, each valid 15 minutes', async () => {
    const first = String((await ask(r)).Result__c);
    const second = String((await ask(r)).Result__c);
    expect(second).toMatch(/\/qbo\/connect\?token=/);
    expect(second).not.toBe(first);
    r.qbo.clock.advance(16 * 60_000);
    const late = await r.browse(first);
    expect(late.status).toBe(400);
    expect(late.text).toContain('expired');
  });
});

describe('"Connect QuickBooks Online" on a relay with no Intuit app', () => {
  let r: QboRelay;
  beforeAll(async () => {
    r = await startQboRelay({ env: { QBO_CLIENT_ID: '', QBO_CLIENT_SECRET: '' } });
  });
  afterAll(() => r.close());

  it('fails in words, naming what to set', async () => {
    expect(r.config.qbo).toBeUndefined();
    const request = await ask(r);
    expect(request).toMatchObject({ Status__c: 'Failed' });
    expect(String(request.Result__c)).toContain('QuickBooks Online is not set up on this relay');
    expect(String(request.Result__c)).toContain('QBO_CLIENT_ID');
    expect(request.Completed_At__c).toBeTruthy();
  });
});

describe('"Reconnect" on a QuickBooks Online connection that Needs Reauthorization', () => {
  let r: QboRelay;
  beforeAll(async () => {
    r = await startQboRelay();
  });
  afterAll(() => r.close());

  it('re-authorizes that same connection: new tokens, health cleared, the feed resumes, no second connection', async () => {
    const co = r.qbo.company(DEFAULT_REALM);
    const globex = co.create('Customer', { DisplayName: 'Globex', PrimaryPhone: { FreeFormNumber: '555-0100' } });
    await r.connect();
    await r.settle();
    const phone = () => r.org.org.records('Account').find((a) => a.Name === 'Globex')?.Phone;
    expect(phone()).toBe('555-0100');
    const db = r.relay.runtime.store.db;
    const [company] = await db.query<{ id: string }>('SELECT connection_id AS id FROM qbo_companies');
    const connectionId = company!.id;
    const refreshToken = async () => {
      const stored = await r.relay.runtime.secrets.get(connectionId, 'qbo_refresh_token');
      if (!stored.ok || !stored.value) throw new Error('no refresh token stored');
      return stored.value;
    };

    // The app is disconnected in QuickBooks: Intuit refuses the refresh token.
    const before = await refreshToken();
    const basic = `Basic ${Buffer.from(`${r.config.qbo!.clientId}:${r.config.qbo!.clientSecret}`).toString('base64')}`;
    expect(r.qbo.oauth.revoke(before, basic).status).toBe(200);
    r.qbo.clock.advance(2 * 3600_000);
    co.update('Customer', String(globex.Id), { PrimaryPhone: { FreeFormNumber: '555-0200' } });
    await r.settle();
    const [connection] = r.org.org.records('QuickBooks_Connection__c');
    expect(connection).toMatchObject({ Status__c: 'Needs Reauthorization' });
    expect(phone()).toBe('555-0100');

    // Reconnect: the request names the connection; the relay answers with a one-time link.
    const request = await ask(r, String(connection!.Id));
    expect(request).toMatchObject({ Status__c: 'Completed' });
    const link = String(request.Result__c);
    expect(link).toMatch(new RegExp(`^${r.config.publicUrl}/qbo/connect\\?token=`));
    r.qbo.oauth.nextConsent({ realmId: DEFAULT_REALM });
    const page = await r.browse(link);
    expect(page.status).toBe(200);
    expect(page.text).toContain('connected again');

    // The same connection, with new tokens and its health cleared; no second one anywhere.
    expect(await db.query('SELECT connection_id FROM qbo_companies')).toEqual([{ connection_id: connectionId }]);
    const qbo = await db.query<{ id: string; health_status: string }>(
      "SELECT id, health_status FROM connections WHERE system = 'qbo'",
    );
    expect(qbo).toEqual([{ id: connectionId, health_status: 'ok' }]);
    expect(await refreshToken()).not.toBe(before);
    await r.settle({ force: true });
    expect(phone()).toBe('555-0200');
    const connections = r.org.org.records('QuickBooks_Connection__c');
    expect(connections).toHaveLength(1);
    expect(connections[0]).toMatchObject({ Id: connection!.Id, Status__c: 'Healthy' });
  });
});
