/** The client's answers to failures over sockets: token renewal, retries, and every fault shape as a stable code. */
import fs from 'node:fs';
import path from 'node:path';
import { startQboHarness, type QboHarness } from '../../../../../test/relay/support/qbo-client.ts';
import { SAMPLES, TEST_APP } from '../../../../../test/simulators/qbo/test-client.ts';
import { createLogger } from '../../../lib/logger.ts';
import { revokeToken } from '../oauth/token-endpoint.ts';

const sampleText = (file: string) => fs.readFileSync(path.join(SAMPLES, 'errors', file), 'utf8');

/** A fetch answering every call with one recorded body. */
const answering =
  (status: number, text: string, contentType = 'application/json') =>
  async () =>
    new Response(text, { status, headers: { 'content-type': contentType, intuit_tid: '1-abc-def' } });

describe('QuickBooks Online client: failures', () => {
  let h: QboHarness;
  beforeEach(async () => {
    h = await startQboHarness({ companies: [{ realmId: '111' }, { realmId: '222' }] });
  });
  afterEach(() => h.close());

  it('401 (the lower-case gateway body): renews the token once and retries; logs intuit_tid, never the token', async () => {
    const lines: string[] = [];
    const heard: { status: number; intuitTid: string | undefined; path: string }[] = [];
    const qbo = h.client({
      log: createLogger({ level: 'debug', write: (l) => lines.push(l) }),
      onCall: (info) => heard.push(info),
    });
    const before = h.tokens.access;
    h.sim.faults.inject('token_expired');
    const r = await qbo.read('Item', '1');
    expect(r.ok && r.value.Name).toBe('Services');
    expect(h.tokens.renewals).toBe(1);
    expect(h.tokens.access).not.toBe(before);
    const calls = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'quickbooks call');
    expect(calls.map((c) => c.status)).toEqual([401, 200]);
    expect(calls.every((c) => /^1-[0-9a-f]+-[0-9a-f]+$/.test(c.intuit_tid))).toBe(true);
    expect(heard).toMatchObject([
      { status: 401, path: '/item/1', intuitTid: expect.any(String) },
      { status: 200, path: '/item/1', intuitTid: expect.any(String) },
    ]);
    expect(lines.join('\n')).not.toContain(before);
    expect(lines.join('\n')).not.toContain(h.tokens.access);
  });

  it('401 again after the renewal is qbo_unauthorized, with the fault as cause', async () => {
    const qbo = h.client();
    h.sim.faults.inject('token_expired', { times: 2 });
    const r = await qbo.read('Item', '1');
    expect(r.ok || r.error).toMatchObject({
      code: 'qbo_unauthorized',
      retryable: false,
      cause: { code: '3200', type: 'AUTHENTICATION', detail: expect.stringContaining('Token expired') },
    });
    expect(h.tokens.renewals).toBe(1);
  });

  it('the XML AuthenticationFault 100 is a 401 like the others: renewed, retried', async () => {
    h.sim.faults.inject('auth_xml');
    expect((await h.client().read('Item', '1')).ok).toBe(true);
    expect(h.tokens.renewals).toBe(1);
  });

  it('a revoked connection: the renewal fails with qbo_reauthorize, passed through as the tokens gave it', async () => {
    await revokeToken({
      revokeUrl: `${h.sim.url}/v2/oauth2/tokens/revoke`,
      clientId: TEST_APP.clientId,
      clientSecret: TEST_APP.clientSecret,
      token: h.tokens.access,
    });
    const r = await h.client().read('Item', '1');
    expect(r.ok || r.error.code).toBe('qbo_reauthorize');
  });

  it('a token for another company: the lower-case 403 is qbo_forbidden (3100)', async () => {
    const r = await h.client({ realmId: '222' }).read('Item', '1');
    expect(r.ok || r.error).toMatchObject({
      code: 'qbo_forbidden',
      retryable: false,
      cause: { code: '3100', type: 'SERVICE' },
    });
    expect(h.tokens.renewals).toBe(0);
  });

  it('5xx: one retry after a short pause; twice is qbo_unavailable (the XML SystemFault as cause)', async () => {
    const qbo = h.client();
    h.sim.faults.inject('system_error');
    expect((await qbo.read('Item', '1')).ok).toBe(true);
    expect(h.sleeps).toEqual([2000]);
    h.sim.faults.inject('system_error', { times: 2 });
    const r = await qbo.read('Item', '1');
    expect(r.ok || r.error).toMatchObject({
      code: 'qbo_unavailable',
      retryable: true,
      cause: { code: '10000', type: 'SystemFault' },
    });
    h.sim.faults.inject('unavailable');
    expect((await qbo.read('Item', '1')).ok).toBe(true);
    h.sim.faults.inject('network_reset', { times: 2 });
    const dropped = await qbo.read('Item', '1');
    expect(dropped.ok || dropped.error).toMatchObject({ code: 'qbo_unavailable', retryable: true });
    expect(dropped.ok || dropped.error.message).toContain('connection');
  });

  it('XML and JSON fault bodies from recorded samples map to their codes', async () => {
    const codeOf = async (status: number, file: string, type?: string) => {
      const qbo = h.client({ fetch: answering(status, sampleText(file), type) });
      const r = await qbo.write('Customer', 'create', { DisplayName: 'X' }, 'r-1');
      return r.ok ? undefined : { code: r.error.code, cause: r.error.cause };
    };
    expect(await codeOf(400, 'xml/fault.6240.customer-duplicate.ruby.xml', 'application/xml')).toMatchObject({
      code: 'qbo_duplicate_name',
      cause: { code: '6240', type: 'ValidationFault', message: 'Duplicate Name Exists Error' },
    });
    // Served as JSON but written in XML: read by what it is.
    expect(await codeOf(400, 'xml/fault.2500.invalid-reference.php-sdk-issue110.xml')).toMatchObject({
      code: 'qbo_validation',
      cause: { code: '2500', message: 'Invalid Reference Id' },
    });
    expect(await codeOf(400, 'fault.6240.duplicate-name.ruby.json')).toMatchObject({ code: 'qbo_duplicate_name' });
    expect(await codeOf(400, 'fault.2020.required-param.from-docs-text.json')).toMatchObject({
      code: 'qbo_validation',
      cause: { code: '2020', detail: 'Required parameter Line is missing in the request' },
    });
    // A 200 whose wrapper carries the faults.
    expect(await codeOf(200, 'fault.6190.in-attachableresponse.java-sdk-2015.json')).toMatchObject({
      code: 'qbo_company_inactive',
      cause: { code: '6190', message: 'Invalid Company Status' },
    });
    const words = await h
      .client({ fetch: answering(400, sampleText('fault.6240.duplicate-name.ruby.json')) })
      .write('Customer', 'create', {}, 'r-2');
    expect(words.ok || words.error.message).toMatch(
      /already has .* with this name.*QuickBooks said: Duplicate Name Exists Error/,
    );
    const garbled = await h.client({ fetch: answering(200, 'not json', 'text/plain') }).read('Item', '1');
    expect(garbled.ok || garbled.error.code).toBe('qbo_bad_response');
  });
});
