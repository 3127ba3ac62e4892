/**
 * Full Web Connector sessions over HTTP against a relay on a loopback socket, with the smallest
 * QuickBooks (an empty company): call order, answers QBWC can use, identity checks, busy/none,
 * HRESULT messages that become the connection's health.
 */
import { SYNC_STEPS } from '../../relay/src/systems/qbd/planner.ts';
import { emptyCompany } from './support/empty-company.ts';
import { openFixture, type Fixture } from './support/fixture.ts';
import { testBackends } from './support/stores.ts';
import { postSoap } from './support/relay.ts';
import { requestEnvelope } from '../simulators/qbd/webconnector/envelopes.ts';

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'Web Connector protocol (empty company, %s store)',
  (_name, backend) => {
    let f: Fixture;
    beforeEach(async () => {
      f = await openFixture({ backend });
    });
    afterEach(async () => {
      await f.close();
    });

    it.each(['document', 'prefixed', 'rpc-encoded'] as const)(
      'runs a complete update in QBWC call order (%s envelopes)',
      async (dialect) => {
        const company = emptyCompany();
        const report = await f.webConnector(company, { dialect }).run();
        expect(report.status).toBe('completed');
        const ops = report.calls.map((c) => c.operation);
        expect(ops.slice(0, 3)).toEqual(['serverVersion', 'clientVersion', 'authenticate']);
        expect(ops.at(-1)).toBe('closeConnection');
        expect(ops.filter((o) => o === 'sendRequestXML')).toHaveLength(SYNC_STEPS.length);
        expect(report.progress.at(-1)).toBe(100);
        for (const p of report.progress) expect(Number.isInteger(p) && p >= 0 && p <= 100).toBe(true);
        expect([...report.progress].sort((a, b) => a - b)).toEqual(report.progress);
        expect(report.message).toMatch(/update complete/);
        const connection = await f.store.connections.byId(f.connection.id);
        expect(connection?.company).toMatchObject({
          companyName: 'Empty Co',
          productName: 'QuickBooks Pro 2024',
          country: 'US',
          qbxmlVersions: ['13.0', '16.0'],
          identity: `fileid:${f.connection.fileId.toLowerCase()}`,
        });
        expect(connection?.health.status).toBe('ok');
        expect(await f.store.inbox.count(f.connection.id)).toBe(SYNC_STEPS.length);
        expect(await f.store.sessions.live(f.connection.id)).toBeUndefined();
      },
    );

    it('asks QuickBooks itself for host and company when QBWC sent no HCP response', async () => {
      const company = emptyCompany();
      const wc = f.webConnector({ ...company, hostCompanyPreferencesResponse: () => '' });
      const report = await wc.run();
      expect(report.status).toBe('completed');
      expect(report.requests[0]).toContain('<HostQueryRq');
      expect(report.requests[0]).toContain('<PreferencesQueryRq');
      expect(report.requests[0]).toContain(`<OwnerID>${f.connection.ownerId}</OwnerID>`);
      expect((await f.store.connections.byId(f.connection.id))?.company?.companyName).toBe('Empty Co');
    });

    it('warns an old Web Connector through clientVersion but lets it continue', async () => {
      const report = await f.webConnector(emptyCompany(), { version: '2.0.0.1' }).run();
      expect(report.clientVersionWarning).toMatch(/older than 2\.1\.0\.30/);
      expect(report.status).toBe('completed');
    });

    it('answers busy while the company already has a live session', async () => {
      const auth = () =>
        postSoap(
          f.relay.url,
          requestEnvelope(
            'authenticate',
            [
              ['strUserName', 'acme-books'],
              ['strPassword', f.password],
            ],
            'document',
          ),
        );
      const first = await auth();
      expect(first.body).toMatch(
        /<authenticateResult><string>[0-9a-f-]{36}<\/string><string><\/string><\/authenticateResult>/,
      );
      const second = await auth();
      expect(second.body).toMatch(/<string>busy<\/string>/);
      const report = await f.webConnector(emptyCompany()).run();
      expect(report.status).toBe('busy');
    });

    it('answers none with the postpone time while the connection is paused', async () => {
      await f.store.connections.pause(f.connection.id, Date.now() + 120_000);
      const report = await f.webConnector(emptyCompany()).run();
      expect(report.status).toBe('none');
      expect(report.postponeSeconds).toBeGreaterThan(100);
      expect(report.postponeSeconds).toBeLessThanOrEqual(120);
    });

    it('refuses a different company file with a clear getLastError and an error health', async () => {
      const ok = await f.webConnector(emptyCompany()).run();
      expect(ok.status).toBe('completed');
      const other = emptyCompany({ companyName: 'Other Ltd', fileId: '{00000000-0000-0000-0000-000000000001}' });
      const report = await f.webConnector(other).run();
      expect(report.status).toBe('error');
      expect(report.lastError).toMatch(/not the one this connection was set up for \("Empty Co"\)/);
      expect(report.lastError).toMatch(/Other Ltd/);
      expect(report.requests).toHaveLength(0);
      const c = await f.store.connections.byId(f.connection.id);
      expect(c?.health).toMatchObject({ status: 'error', code: 'qbwc_wrong_company_file' });
      expect(c?.company?.companyName).toBe('Empty Co');
    });

    it.each([
      ['0x80040408', 'qbwc_qb_not_running', /Open QuickBooks, log in/],
      ['0x80040414', 'qbwc_modal_dialog', /window is open in QuickBooks/],
      ['0x8004041D', 'qbwc_unattended_not_allowed', /login automatically/],
      ['0x8004040A', 'qbwc_wrong_company_file', /different company file is open/],
    ])('turns connectionError %s into a bookkeeper message and the connection health', async (hresult, code, text) => {
      const company = emptyCompany();
      company.fault = { hresult, message: 'QuickBooks said no' };
      const report = await f.webConnector(company).run();
      expect(report.status).toBe('connection_error');
      expect(report.calls.map((c) => c.operation)).toContain('connectionError');
      expect(report.lastError).toMatch(text);
      expect(report.message).toMatch(text);
      const c = await f.store.connections.byId(f.connection.id);
      expect(c?.health).toMatchObject({ status: 'error', code });
      expect(c?.health.message).toMatch(text);
    });

    it('answers a negative progress when QuickBooks fails a request, then explains it in getLastError', async () => {
      const company = emptyCompany();
      let n = 0;
      const failing = {
        ...company,
        process: (q: string) => {
          if (++n === 3) throw { hresult: '0x80040414', message: 'modal dialog' };
          return company.process(q);
        },
      };
      const report = await f.webConnector(failing).run();
      expect(report.status).toBe('error');
      expect(report.progress.at(-1)).toBeLessThan(0);
      expect(report.lastError).toMatch(/window is open in QuickBooks/);
      expect((await f.store.connections.byId(f.connection.id))?.health.code).toBe('qbwc_modal_dialog');
      const again = await f.webConnector(company).run();
      expect(again.status).toBe('completed');
    });

    it('serves the .qwc file to an admin signed in with the connection credentials only', async () => {
      const anonymous = await fetch(`${f.relay.url}/qbwc/qwc`);
      expect(anonymous.status).toBe(401);
      const wrong = await fetch(`${f.relay.url}/qbwc/qwc`, {
        headers: { authorization: `Basic ${Buffer.from('acme-books:nope').toString('base64')}` },
      });
      expect(wrong.status).toBe(401);
      const res = await fetch(`${f.relay.url}/qbwc/qwc`, {
        headers: { authorization: `Basic ${Buffer.from(`acme-books:${f.password}`).toString('base64')}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/x-qwc');
      const qwc = await res.text();
      expect(qwc).toContain(`<FileID>${f.connection.fileId}</FileID>`);
      expect(qwc).toContain(`<OwnerID>${f.connection.ownerId}</OwnerID>`);
      expect(qwc).toContain('<UserName>acme-books</UserName>');
      expect(qwc).not.toContain(f.password);
      expect((await fetch(`${f.relay.url}/qbwc/support`)).status).toBe(200);
    });

    it('serves the WSDL with all eleven operations', async () => {
      const res = await fetch(`${f.relay.url}/qbwc?wsdl`);
      const wsdl = await res.text();
      expect(res.status).toBe(200);
      for (const op of [
        'serverVersion',
        'clientVersion',
        'authenticate',
        'sendRequestXML',
        'receiveResponseXML',
        'connectionError',
        'getLastError',
        'closeConnection',
        'getInteractiveURL',
        'interactiveDone',
        'interactiveRejected',
      ]) {
        expect(wsdl).toContain(`soapAction="http://developer.intuit.com/${op}"`);
      }
    });
  },
);
