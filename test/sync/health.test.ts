/**
 * Health tells the truth: last contact is any Web Connector call (a refused sign-in too) and not
 * last success; a paused target shows in `ping` at once and in the org as soon as calls are
 * allowed again, then turns back once the held-back writes went through; `ping` gives the last
 * error in words.
 */
import { loadConfig } from '../../relay/src/config.ts';
import { createLogger } from '../../relay/src/lib/logger.ts';
import { runPing } from '../../relay/src/ping-command.ts';
import { topologyRepo } from '../../relay/src/store/topology.ts';
import { startClockedOrg, type ClockedOrg } from '../fixtures-lwc/clocked-org.ts';
import { emptyCompany } from '../qbwc/support/empty-company.ts';
import { postSoap, startTestRelay, type TestRelay } from '../qbwc/support/relay.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import { createWebConnector } from '../simulators/qbd/webconnector/client.ts';
import { requestEnvelope } from '../simulators/qbd/webconnector/envelopes.ts';
import { smallCompany } from './small-company.ts';

const START = Date.parse('2026-03-15T17:00:00Z');
const MINUTE = 60_000;

describe.each(testBackends().map((b) => [b.name, b] as const))('connection health on %s', (_name, backend) => {
  let o: ClockedOrg;
  let relay: TestRelay | undefined;
  beforeEach(async () => {
    o = await startClockedOrg(backend, { start: START });
  });
  afterEach(async () => {
    await relay?.close();
    relay = undefined;
    await o.close();
  });

  const ping = async () => {
    let text = '';
    const config = loadConfig({ QBWC_USERNAME: o.connection.qbwcUsername, QBWC_PASSWORD: o.password });
    const code = await runPing(config, createLogger({ level: 'silent' }), (s) => (text += s), {
      now: o.clock.now,
      store: o.store,
    });
    return { code, text };
  };
  const connectionRecord = () => o.records('QuickBooks_Connection__c')[0]!;

  it('counts a refused sign-in as contact, not as success', async () => {
    relay = await startTestRelay({ store: o.store, now: o.clock.now });
    const wc = createWebConnector({
      url: `${relay.url}/qbwc`,
      username: o.connection.qbwcUsername,
      password: o.password,
      ownerId: o.connection.ownerId,
      fileId: o.connection.fileId,
      company: emptyCompany(),
      noOpDelayMs: 0,
    });
    expect((await wc.run()).status).toBe('completed');
    await o.engine.drain();
    expect(await o.engine.finishRuns()).toBe(1);
    await o.engine.drain();

    o.clock.advance(55 * MINUTE);
    const { body } = await postSoap(
      relay.url,
      requestEnvelope(
        'authenticate',
        [
          ['strUserName', o.connection.qbwcUsername],
          ['strPassword', 'not the password'],
        ],
        'document',
      ),
    );
    expect(body).toContain('nvu');

    const stored = (await o.store.connections.byId(o.connection.id))!;
    expect(stored.lastContactAt).toBe(START + 55 * MINUTE);
    expect(stored.lastSessionAt).toBe(START);
    const report = await o.engine.connectionReport(o.connection.id);
    expect(report.lastContactAt).toBe(START + 55 * MINUTE);
    expect(report.lastSuccessAt).toBe(START);
    const { text } = await ping();
    expect(text).toMatch(
      /^ok {3}QuickBooks Desktop: Last Web Connector contact 0 minute\(s\) ago \(Empty Co\), last completed session 55 minute\(s\) ago\./m,
    );
  });

  it('shows a paused target in ping at once, in the org once calls are allowed again, then Healthy', async () => {
    await o.receive('S1', { accounts: smallCompany().accounts });
    await o.engine.drain();
    expect(connectionRecord()).toMatchObject({ Status__c: 'Healthy' });

    // The next write call, packed (Composite) or of one object (Collections).
    o.sf.sim.faults.inject({ kind: 'request_limit', path: /^\/composite(\/sobjects|$)/ });
    await o.receive('S2', { items: smallCompany().items });
    // Steps, not drain: with the clock standing still, drain would spin on writes ready but queued behind the pause.
    const first = await o.engine.step();
    expect(first.dispatched.pausedUntil).toBe(START + 60 * MINUTE);
    for (let i = 0; i < 3; i++) await o.engine.step();

    // ping reads the store: the pause is there at once, with when it ends in words.
    const during = await ping();
    expect(during.code).toBe(1);
    expect(during.text).toMatch(
      /^FAIL Sync: Paused\. Salesforce refused further API calls at 2026-03-15 17:00 UTC \(the org's daily API allowance used up\); syncing resumes at 2026-03-15 18:00 UTC \(in 1 hour\)\./m,
    );
    // Nothing gets through meanwhile, so the org cannot know yet.
    expect(connectionRecord()).toMatchObject({ Status__c: 'Healthy' });
    expect(o.records('Product2')).toHaveLength(0);

    // Calls allowed again: the first write sent says the relay was paused (the writes held back
    // follow it in the same Composite call)...
    o.clock.advance(60 * MINUTE + 1000);
    await o.engine.step();
    expect(connectionRecord()).toMatchObject({ Status__c: 'Paused' });
    expect(String(connectionRecord().Last_Error__c)).toContain('allowance used up');

    // ...and once the held-back writes went through, it says Healthy again.
    await o.engine.drain();
    expect(o.records('Product2')).toHaveLength(2);
    expect(connectionRecord()).toMatchObject({ Status__c: 'Healthy' });
    expect(connectionRecord().Last_Error__c ?? '').toBe('');
    expect((await topologyRepo(o.store.db).connection('salesforce'))!.pause).toBeNull();
    const after = await ping();
    expect(after.text).toMatch(/^ok {3}Sync: Healthy: 0 write\(s\) pending/m);
  });

  it('prints the last error in words', async () => {
    o.sf.sim.org.addValidationRule('QuickBooks_Bill__c', () => 'Bills are locked for the year-end close');
    await o.receive('S1', { ...smallCompany() });
    await o.engine.drain();
    const { code, text } = await ping();
    expect(code).toBe(1);
    expect(text).toMatch(
      /^FAIL Sync: Degraded\. 1 record\(s\) failed; the last one \(Bill B-1\): .*Bills are locked for the year-end close\. See the sync log\. Fix the cause, then run `ledgerbridge replay --failed`\./m,
    );
  });
});
