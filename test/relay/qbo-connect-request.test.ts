/**
 * "Connect QuickBooks Online" asked from the org, over real sockets: a fresh org (no QuickBooks
 * connection yet) inserts a sync request with that scope, the relay answers it Completed with a
 * one-time link in `Result__c`; the link redirects to Intuit's consent page, works once, and
 * connects the company. A relay with no Intuit app answers Failed, in words.
 */
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

const SCOPE = 'Connect QuickBooks Online';

/** Inserts a request as the Setup and health page does, and lets the relay poll for it once. */
async function ask(r: QboRelay) {
  const o = r.org.org.objectOrThrow('QuickBooks_Sync_Request__c');
  const id = r.org.org.store.insert(o, { Scope__c: SCOPE, Status__c: 'Requested' }).Id;
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
