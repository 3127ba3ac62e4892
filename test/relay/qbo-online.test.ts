/**
 * QuickBooks Online → Salesforce over real sockets, the way an admin and time go: a one-time
 * connect link, Intuit's consent and the relay's callback; the first sync; edits, deactivations and
 * voids told by webhooks; a webhook never sent, caught by Change Data Capture; forged, replayed and
 * oversized webhooks refused with nothing stored; a revoked app → Needs Reauthorization in the org,
 * and syncing again once an admin reconnects.
 */
import http from 'node:http';
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import type { SimCompany } from '../simulators/qbo/index.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

const HOUR = 3600_000;

/** A POST on a connection of its own (not kept alive for the next request); resolves to the status. */
const postAlone = (url: string, body: string, headers: Record<string, string>) =>
  new Promise<number>((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });

/** A small company as a bookkeeper keeps it: customers (one with a job), items, invoices, a payment. */
function seed(co: SimCompany) {
  const acme = co.create('Customer', {
    DisplayName: 'Acme Corp',
    CompanyName: 'Acme Corporation',
    PrimaryPhone: { FreeFormNumber: '(415) 555-0100' },
    BillAddr: { Line1: '1 Market St', City: 'San Francisco', CountrySubDivisionCode: 'CA', PostalCode: '94105' },
  });
  const job = co.create('Customer', {
    DisplayName: 'Kitchen remodel',
    ParentRef: { value: String(acme.Id) },
    Job: true,
  });
  const globex = co.create('Customer', { DisplayName: 'Globex' });
  const design = co.create('Item', {
    Name: 'Design',
    Type: 'Service',
    IncomeAccountRef: { value: '1' },
    UnitPrice: 150,
  });
  const line = (amount: string, qty: number, rate: string) => ({
    DetailType: 'SalesItemLineDetail',
    Amount: amount,
    SalesItemLineDetail: { ItemRef: { value: String(design.Id) }, Qty: qty, UnitPrice: rate },
  });
  const inv1 = co.create('Invoice', {
    CustomerRef: { value: String(acme.Id) },
    DocNumber: '1001',
    TxnDate: '2026-11-02',
    DueDate: '2026-12-02',
    Line: [line('300.00', 2, '150.00'), line('0.10', 1, '0.10')],
  });
  co.create('Invoice', {
    CustomerRef: { value: String(job.Id) },
    DocNumber: '1002',
    Line: [line('450.00', 3, '150.00')],
  });
  const inv3 = co.create('Invoice', {
    CustomerRef: { value: String(globex.Id) },
    DocNumber: '1003',
    Line: [line('150.20', 1, '150.20')],
  });
  co.create('Payment', {
    CustomerRef: { value: String(acme.Id) },
    TotalAmt: '100.05',
    Line: [{ Amount: '100.05', LinkedTxn: [{ TxnId: String(inv1.Id), TxnType: 'Invoice' }] }],
  });
  return { acme, job, globex, inv1, inv3 };
}

const accounts = (r: QboRelay) => r.org.org.records('Account');
const accountNamed = (r: QboRelay, name: string) => accounts(r).find((a) => a.Name === name);
const invoices = (r: QboRelay) => r.org.org.records('QuickBooks_Invoice__c');
const stored = async (r: QboRelay, table: string) =>
  Number((await r.relay.runtime.store.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n);

describe('QuickBooks Online → Salesforce over sockets', () => {
  let r: QboRelay;
  let ids: ReturnType<typeof seed>;
  beforeAll(async () => {
    // Invoice 1001 is due on 2 December: on 20 November it is partly paid, not overdue.
    r = await startQboRelay({ startAt: Date.UTC(2026, 10, 20, 12) });
    ids = seed(r.qbo.company(DEFAULT_REALM));
  });
  afterAll(() => r.close());

  it('refuses a wrong connect link, and a link used twice, with a page in words and nothing stored', async () => {
    const wrong = await r.browse(`${r.config.publicUrl}/qbo/connect?token=not-one-we-issued`);
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('not one the relay issued');
    const forged = await r.browse(`${r.config.publicUrl}/qbo/callback?code=x&state=forged&realmId=${DEFAULT_REALM}`);
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('unknown state');
    expect(await stored(r, 'qbo_companies')).toBe(0);
    expect(await stored(r, "secrets WHERE name LIKE 'qbo_%'")).toBe(0);
  });

  it('refuses a link older than 15 minutes', async () => {
    const link = await r.connectLink();
    r.qbo.clock.advance(16 * 60_000);
    const late = await r.browse(link);
    expect(late.status).toBe(400);
    expect(late.text).toContain('expired');
    expect(await stored(r, 'qbo_companies')).toBe(0);
  });

  it('connects through the one-time link, Intuit’s consent and the callback; the tokens are stored encrypted', async () => {
    const link = await r.connectLink();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/qbo\/connect\?token=[\w-]{43}$/);
    r.qbo.oauth.nextConsent({});
    const done = await r.browse(link);
    expect(done.status).toBe(200);
    expect(done.text).toContain('Sandbox Company_US_1 is connected');
    const again = await r.browse(link);
    expect(again.status).toBe(400);
    expect(again.text).toContain('already used');
    const rows = await r.relay.runtime.store.db.query<{ value: string; name: string }>(
      "SELECT name, value FROM secrets WHERE name LIKE 'qbo_%' ORDER BY name",
    );
    expect(rows.map((s) => s.name)).toEqual(['qbo_access_token', 'qbo_refresh_token']);
    for (const s of rows) expect(s.value).not.toMatch(/^(AT|RT)/); // ciphertext with a key id, not the token
    const [company] = await r.relay.runtime.store.db.query<{ cap: number | null }>(
      'SELECT refresh_hard_expires_at AS cap FROM qbo_companies',
    );
    // Intuit's five-year cap on the sign-in, asked for with the exchange.
    expect(Number(company?.cap) - r.qbo.clock.now()).toBeGreaterThan(4 * 365 * 86_400_000);
  });

  it('first sync: every customer (the job under its parent), invoice and payment lands in the org, to the cent', async () => {
    await r.settle();
    const acme = accountNamed(r, 'Acme Corp');
    expect(acme).toMatchObject({ BillingCity: 'San Francisco', Phone: '(415) 555-0100', QuickBooks_Active__c: true });
    expect(accountNamed(r, 'Kitchen remodel')).toMatchObject({
      ParentId: acme!.Id,
      QuickBooks_Full_Name__c: 'Acme Corp:Kitchen remodel',
    });
    expect(invoices(r)).toHaveLength(3);
    const total = invoices(r).reduce((sum, i) => sum + Math.round(Number(i.Total_Amount__c) * 100), 0);
    expect(total).toBe(30010 + 45000 + 15020);
    const first = invoices(r).find((i) => String(i.QuickBooks_Invoice_Id__c).endsWith(`:${ids.inv1.Id}`));
    expect(first).toMatchObject({ Total_Amount__c: 300.1, Balance__c: 200.05, Status__c: 'Partially Paid' });
    expect(r.org.org.records('QuickBooks_Payment__c')).toHaveLength(1);
    const [connection] = r.org.org.records('QuickBooks_Connection__c');
    expect(connection).toMatchObject({
      Status__c: 'Healthy',
      Edition__c: 'Online',
      Company_Name__c: 'Sandbox Company_US_1',
    });
  });

  it('edits, a deactivation and a void told by webhooks arrive, fetched many records a call', async () => {
    const co = r.qbo.company(DEFAULT_REALM);
    const before = r.qbo.requests.length;
    co.update('Customer', String(ids.globex.Id), { PrimaryPhone: { FreeFormNumber: '555-0199' } });
    co.update('Customer', String(ids.acme.Id), { BillAddr: { Line1: '2 Market St', City: 'Oakland' } });
    co.deactivate('Customer', String(ids.job.Id));
    co.void('Invoice', String(ids.inv3.Id)); // unpaid: a paid one must have its payment unapplied first
    await r.settle();
    expect(accountNamed(r, 'Globex')?.Phone).toBe('555-0199');
    expect(accountNamed(r, 'Acme Corp')?.BillingCity).toBe('Oakland');
    expect(accountNamed(r, 'Kitchen remodel')?.QuickBooks_Active__c).toBe(false);
    const voided = invoices(r).find((i) => String(i.QuickBooks_Invoice_Id__c).endsWith(`:${ids.inv3.Id}`));
    expect(voided?.Status__c).toBe('Voided');
    const reads = r.qbo.requests.slice(before).filter((q) => q.method === 'GET');
    // Customers in one select, the invoice in another: never one read per notice.
    expect(reads.length).toBeLessThanOrEqual(2);
  });

  it('a webhook Intuit never sent is caught by Change Data Capture on its schedule', async () => {
    const co = r.qbo.company(DEFAULT_REALM);
    r.qbo.webhooks.withhold(1);
    co.update('Customer', String(ids.globex.Id), { PrimaryPhone: { FreeFormNumber: '555-0250' } });
    await r.settle();
    expect(r.qbo.webhooks.pending()).toHaveLength(0);
    expect(accountNamed(r, 'Globex')?.Phone).toBe('555-0199'); // nothing told the relay
    r.qbo.clock.advance(HOUR); // the schedule's hour passes
    await r.settle();
    expect(accountNamed(r, 'Globex')?.Phone).toBe('555-0250');
  });

  it('refuses forged, replayed and oversized webhooks, storing nothing', async () => {
    const url = `${r.config.publicUrl}/qbo/webhooks`;
    const body = JSON.stringify({
      eventNotifications: [
        {
          realmId: DEFAULT_REALM,
          dataChangeEvent: {
            entities: [{ name: 'Customer', id: '1', operation: 'Update', lastUpdated: '2026-12-01T10:00:00Z' }],
          },
        },
      ],
    });
    const changes = await stored(r, 'qbo_webhook_events');
    const forged = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'intuit-signature': r.qbo.webhooks.sign('{}') },
    });
    expect(forged.status).toBe(401);
    expect(await stored(r, 'qbo_webhook_events')).toBe(changes);
    const signed = { 'intuit-signature': r.qbo.webhooks.sign(body), 'content-type': 'application/json' };
    expect((await fetch(url, { method: 'POST', body, headers: signed })).status).toBe(200);
    const replay = await fetch(url, { method: 'POST', body, headers: signed });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ received: 0, duplicates: 1 });
    expect(await stored(r, 'qbo_webhook_events')).toBe(changes + 1);
    const huge = 'x'.repeat(1024 * 1024 + 1);
    // On a connection of its own: the relay answers before reading the body, then closes it.
    expect(await postAlone(url, huge, { 'intuit-signature': r.qbo.webhooks.sign(huge) })).toBe(413);
    const junk = '{"eventNotifications":"nope"}';
    const bad = await fetch(url, {
      method: 'POST',
      body: junk,
      headers: { 'intuit-signature': r.qbo.webhooks.sign(junk) },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('eventNotifications');
    expect(await stored(r, 'qbo_webhook_events')).toBe(changes + 1);
    await r.settle();
  });

  it('a revoked app makes the connection Needs Reauthorization, with the way back; reconnecting resumes', async () => {
    const [company] = await r.relay.runtime.store.db.query<{ id: string }>(
      'SELECT connection_id AS id FROM qbo_companies',
    );
    const value = company!.id;
    const refresh = await r.relay.runtime.secrets.get(value, 'qbo_refresh_token');
    if (!refresh.ok || !refresh.value) throw new Error('no refresh token stored');
    const answer = r.qbo.oauth.revoke(
      refresh.value,
      `Basic ${Buffer.from(`${r.config.qbo!.clientId}:${r.config.qbo!.clientSecret}`).toString('base64')}`,
    );
    expect(answer.status).toBe(200);
    r.qbo.clock.advance(2 * HOUR); // the access token expires: the refresh is refused
    r.qbo
      .company(DEFAULT_REALM)
      .update('Customer', String(ids.globex.Id), { PrimaryPhone: { FreeFormNumber: '555-0300' } });
    await r.settle();
    const [connection] = r.org.org.records('QuickBooks_Connection__c');
    expect(connection?.Status__c).toBe('Needs Reauthorization');
    expect(connection?.Last_Error__c).toContain('connect qbo');
    expect(accountNamed(r, 'Globex')?.Phone).toBe('555-0250');

    const page = await r.connect();
    expect(page.text).toContain('connected again');
    expect(page.status).toBe(200);
    await r.settle({ force: true });
    expect(accountNamed(r, 'Globex')?.Phone).toBe('555-0300');
    expect(r.org.org.records('QuickBooks_Connection__c')[0]?.Status__c).toBe('Healthy');
  });

  it('nothing the relay mirrored came back to QuickBooks Online as a change: no write was sent there', () => {
    const writes = r.qbo.requests.filter((q) => q.method === 'POST' && q.path !== '/query');
    expect(writes).toEqual([]);
    expect(r.qbo.requests.filter((q) => q.path === '/query').length).toBeGreaterThan(0);
  });

  it('warns weeks ahead of the refresh token’s hard cap, in the org', async () => {
    // Intuit's cap is five years after the sign-in (the token answers say when: stored at connect);
    // its last month is reached here by moving the stored instant, not five years of refreshes.
    const cap = r.qbo.clock.now() + 20 * 86_400_000;
    await r.relay.runtime.store.db.query('UPDATE qbo_companies SET refresh_hard_expires_at = $1', [cap]);
    r.qbo
      .company(DEFAULT_REALM)
      .update('Customer', String(ids.globex.Id), { PrimaryPhone: { FreeFormNumber: '555-0400' } });
    await r.settle();
    const [connection] = r.org.org.records('QuickBooks_Connection__c');
    expect(connection?.Status__c).toBe('Degraded');
    expect(connection?.Last_Error__c).toContain(`ends this connection on ${new Date(cap).toISOString().slice(0, 10)}`);
    expect(accountNamed(r, 'Globex')?.Phone).toBe('555-0400'); // syncing goes on meanwhile
  });
});
