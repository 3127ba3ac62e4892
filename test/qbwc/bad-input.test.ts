/**
 * Hostile and broken input against a relay on a loopback socket: each gets its documented answer,
 * the relay keeps serving, and what was stored before is neither lost nor changed.
 */
/* eslint-disable jest/no-standalone-expect -- beforeEach/afterEach assert on purpose: around every attack,
   the relay must complete a real update and keep what it stored before. */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { requestEnvelope } from '../simulators/qbd/webconnector/envelopes.ts';
import { flowsInto } from '../../relay/src/sync/flows.ts';
import { upsertConnection } from '../../relay/src/systems/qbd/setup.ts';
import { emptyCompany } from './support/empty-company.ts';
import { openFixture, type Fixture } from './support/fixture.ts';
import { postSoap, quietLog } from './support/relay.ts';
import { outboxRepo } from '../../relay/src/store/outbox.ts';
import { ingest } from '../../relay/src/sync/ingest.ts';
import { createQbdSource } from '../../relay/src/systems/qbd/source.ts';
import type { SalesforceClient } from '../../relay/src/systems/salesforce/client.ts';
import { createSalesforceTarget } from '../../relay/src/systems/salesforce/target.ts';
import { createSalesforceReporter } from '../../relay/src/systems/salesforce/reporter.ts';

const soap = (op: string, params: [string, string | number][]) => requestEnvelope(op, params, 'document');
const resultOf = (op: string, body: string) =>
  new RegExp(`<${op}Result>([\\s\\S]*?)</${op}Result>`).exec(body)?.[1] ??
  body.match(new RegExp(`<${op}Result/>`))?.[0];

async function snapshot(f: Fixture) {
  const inbox = (await f.store.inbox.list(f.connection.id)).filter((i) => i.status !== 'quarantined');
  return {
    inbox: inbox.map((i) => [i.id, i.payload, i.status]),
    cursors: await f.store.cursors.all(f.connection.id),
    company: (await f.store.connections.byId(f.connection.id))?.company,
  };
}

describe('bad input to the Web Connector endpoint', () => {
  let f: Fixture;
  let clock = Date.now();
  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeEach(async () => {
    clock = Date.now();
    f = await openFixture({ now: () => clock });
    expect((await f.webConnector(emptyCompany()).run()).status).toBe('completed');
    before = await snapshot(f);
    expect(before.inbox.length).toBeGreaterThan(0);
  });
  afterEach(async () => {
    try {
      // The relay still serves a full update, and nothing stored earlier changed.
      const final = await f.webConnector(emptyCompany()).run();
      expect([final.status, final.lastError]).toEqual(['completed', undefined]);
      const after = await snapshot(f);
      expect(after.inbox).toEqual(expect.arrayContaining(before.inbox));
      expect(after.company).toEqual(before.company);
    } finally {
      await f.close();
    }
  });

  const app = () => ({ ownerId: f.connection.ownerId, fileId: f.connection.fileId });
  const authenticate = async (user = 'acme-books', password = f.password) => {
    const { body } = await postSoap(
      f.relay.url,
      soap('authenticate', [
        ['strUserName', user],
        ['strPassword', password],
      ]),
    );
    return [...body.matchAll(/<string>([^<]*)<\/string>/g)].map((m) => m[1]);
  };
  const call = async (op: string, params: [string, string | number][]) =>
    resultOf(op, (await postSoap(f.relay.url, soap(op, params))).body);
  const send = (ticket: string, hcp = '') =>
    call('sendRequestXML', [
      ['ticket', ticket],
      ['strHCPResponse', hcp],
      ['strCompanyFileName', ''],
      ['qbXMLCountry', 'US'],
      ['qbXMLMajorVers', 16],
      ['qbXMLMinorVers', 0],
    ]);
  const receive = (ticket: string, response: string, hresult = '', message = '') =>
    call('receiveResponseXML', [
      ['ticket', ticket],
      ['response', response],
      ['hresult', hresult],
      ['message', message],
    ]);

  it('answers nvu to a wrong password or unknown user, and throttles repeated failures from one address', async () => {
    const here = { username: 'acme-books', address: '127.0.0.1' };
    expect(await authenticate('acme-books', 'wrong')).toEqual(['', 'nvu']);
    expect(await authenticate('nobody', 'wrong')).toEqual(['', 'nvu']);
    expect((await f.store.throttle.get({ username: 'nobody', address: '127.0.0.1' }))?.failures).toBe(1);
    for (let i = 0; i < 4; i++) await authenticate('acme-books', 'wrong');
    // Five failures from this address lock the user name here (other addresses: sign-in-throttle.test.ts):
    // even the right password waits until the 30-second lock passes.
    expect(await authenticate()).toEqual(['', 'nvu']);
    expect((await f.store.throttle.get(here))?.lockedUntil).toBe(clock + 30_000);
    clock += 30_001;
    const [ticket, verdict] = await authenticate();
    expect(verdict).toBe('');
    expect(ticket).toMatch(/^[0-9a-f-]{36}$/);
    expect(await f.store.throttle.get(here)).toBeUndefined();
    await call('closeConnection', [['ticket', ticket as string]]);
  });

  it('answers an unknown ticket with "" / -1 and explains it in getLastError', async () => {
    const forged = '00000000-0000-0000-0000-000000000000';
    expect(await send(forged)).toBe('');
    expect(await receive(forged, '<QBXML/>')).toBe('-1');
    expect(await call('getLastError', [['ticket', forged]])).toMatch(/unknown or has expired/);
    expect(await call('closeConnection', [['ticket', forged]])).toBe('OK');
  });

  it('expires an idle ticket and lets the next session start', async () => {
    const [ticket] = await authenticate();
    clock += 901_000;
    expect(await send(ticket as string, company().hostCompanyPreferencesResponse(app()))).toBe('');
    expect(await call('getLastError', [['ticket', ticket as string]])).toMatch(/unknown or has expired/);
    const [next, verdict] = await authenticate();
    expect(verdict).toBe('');
    expect((await f.store.sessions.byTicketHash(hashOf(ticket as string)))?.closeReason).toBe('expired');
    await call('closeConnection', [['ticket', next as string]]);
  });

  it("never lets one connection's ticket touch another connection's company", async () => {
    const other = await upsertConnection(f.store, { username: 'beta-books', password: 'another secret phrase' });
    const [ticketA] = await authenticate();
    const hcpOfB = emptyCompany({ companyName: 'Beta Inc' }).hostCompanyPreferencesResponse({
      ownerId: other.ownerId,
      fileId: other.fileId,
    });
    expect(await send(ticketA as string, hcpOfB)).toBe('');
    expect(await call('getLastError', [['ticket', ticketA as string]])).toMatch(
      /not the one this connection was set up for/,
    );
    expect(await f.store.inbox.count(other.id)).toBe(0);
    expect((await f.store.connections.byId(other.id))?.company).toBeNull();
    await call('closeConnection', [['ticket', ticketA as string]]);
  });

  it('ends the session on out-of-sequence calls without storing anything', async () => {
    const [t1] = await authenticate();
    expect(await receive(t1 as string, '<QBXML/>')).toBe('-1');
    expect(await call('getLastError', [['ticket', t1 as string]])).toMatch(/got out of step/);
    const [t2] = await authenticate();
    const hcp = company().hostCompanyPreferencesResponse(app());
    expect(await send(t2 as string, hcp)).toContain('AccountQueryRq');
    expect(await send(t2 as string, '')).toBe('');
    expect(await call('getLastError', [['ticket', t2 as string]])).toMatch(/got out of step/);
  });

  it('quarantines malformed qbXML in response, answers -1 and explains it', async () => {
    const [ticket] = await authenticate();
    expect(await send(ticket as string, company().hostCompanyPreferencesResponse(app()))).toContain('AccountQueryRq');
    const broken = '<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><AccountQueryRs statusCode="0"><AccountRet>';
    expect(await receive(ticket as string, broken)).toBe('-1');
    expect(await call('getLastError', [['ticket', ticket as string]])).toMatch(/could not read/);
    const quarantined = await f.store.inbox.list(f.connection.id, { status: 'quarantined' });
    expect(quarantined.map((q) => q.payload)).toEqual([broken]);
    expect(await call('closeConnection', [['ticket', ticket as string]])).toMatch(/could not read/);
    expect(await f.store.cursors.all(f.connection.id)).toEqual(before.cursors);
    // The sync engine's next pass reports it once, in words, as a Sync Log of that session's run.
    const [page] = quarantined;
    const words =
      /^Ledgerbridge could not read a page of the chart of accounts QuickBooks sent \(AccountQuery\): .+ The update was stopped; the page is kept, and the next update reads its records again\.$/;
    expect(page?.errorMessage).toMatch(words);
    const pass = () =>
      ingest({
        store: f.store,
        source: createQbdSource({ connections: f.store.connections }),
        target: createSalesforceTarget({} as SalesforceClient),
        reporter: createSalesforceReporter('salesforce'),
        log: quietLog,
        worker: 'test',
        now: () => clock,
        runFor: (item) => `${item.connectionId}:${item.sessionId}`,
        contextFor: async (connectionKey) => ({ connectionKey, today: '2024-03-01' }),
        flowFor: flowsInto(f.store, { id: 'org', system: 'salesforce', label: 'Org', settings: {} }),
      });
    expect((await pass()).failed).toBe(1);
    before = { ...before, inbox: (await snapshot(f)).inbox }; // the pass processed the earlier pages, as the relay does
    const logKey = `${f.connection.id}:inbox:${page!.id}`;
    const log = await outboxRepo(f.store.db).findByTarget(f.connection.id, 'QuickBooks_Sync_Log__c', logKey);
    expect(log).toMatchObject({ runId: `${f.connection.id}:${page!.sessionId}`, generation: 1 });
    expect(log?.fields).toMatchObject({
      Object__c: 'AccountQuery',
      Status__c: 'Failed',
      Error_Code__c: page!.error,
      Error_Message__c: page!.errorMessage,
    });
    expect((await pass()).failed).toBe(0);
    expect(
      (await outboxRepo(f.store.db).findByTarget(f.connection.id, 'QuickBooks_Sync_Log__c', logKey))?.generation,
    ).toBe(1);
  });

  it('refuses an entity-expansion attack (billion laughs) in the envelope and inside the response', async () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>';
    const env = await postSoap(
      f.relay.url,
      `${laughs}<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><authenticate xmlns="http://developer.intuit.com/"><strUserName>&lol3;</strUserName></authenticate></soap:Body></soap:Envelope>`,
    );
    expect(env.status).toBe(400);
    expect(env.body).toContain('<faultcode>soap:Client</faultcode>');
    expect(env.body).toContain('soap_doctype_forbidden');
    const [ticket] = await authenticate();
    await send(ticket as string, company().hostCompanyPreferencesResponse(app()));
    expect(await receive(ticket as string, `${laughs}<QBXML>&lol3;</QBXML>`)).toBe('-1');
    expect((await f.store.inbox.list(f.connection.id, { status: 'quarantined' }))[0]?.error).toBe(
      'qbxml_doctype_forbidden',
    );
    await call('closeConnection', [['ticket', ticket as string]]);
  });

  it.each([
    ['not XML at all', 'hello', 'soap_malformed'],
    [
      'unclosed elements',
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><authenticate>',
      'soap_malformed',
    ],
    ['XML that is not SOAP', '<authenticate><strUserName>x</strUserName></authenticate>', 'soap_not_envelope'],
    [
      'an unknown operation',
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><dropTables/></s:Body></s:Envelope>',
      'soap_unknown_operation',
    ],
    [
      'a parameter holding elements',
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><authenticate><strUserName><x/></strUserName></authenticate></s:Body></s:Envelope>',
      'soap_bad_parameter',
    ],
    ['an empty body', '', 'soap_malformed'],
  ])('answers a SOAP Fault (400) to %s', async (_name, body, code) => {
    const res = await postSoap(f.relay.url, body);
    expect(res.status).toBe(400);
    expect(res.body).toContain('<soap:Fault>');
    expect(res.body).toContain(code);
  });

  it('refuses a 50 MB body with 413 before reading it all (declared length and chunked)', async () => {
    const declared = await rawPost(f.relay.port, 50 * 1024 * 1024, true);
    expect(declared).toBe(413);
    const chunked = await rawPost(f.relay.port, 50 * 1024 * 1024, false);
    expect(chunked).toBe(413);
  });
});

function company() {
  return emptyCompany();
}

function hashOf(ticket: string): string {
  return createHash('sha256').update(ticket).digest('hex');
}

/** Streams `size` bytes of envelope-looking junk; resolves with the status the relay answered. */
function rawPost(port: number, size: number, declareLength: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: '/qbwc',
      method: 'POST',
      headers: { 'content-type': 'text/xml', ...(declareLength ? { 'content-length': size } : {}) },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < size && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end();
    };
    req.write('<soap:Envelope><soap:Body><receiveResponseXML><response>');
    sent += 60;
    pump();
  });
}
