import { testBackends } from '../qbwc/support/stores.ts';
import { startEngineHarness, type EngineHarness } from './engine-harness.ts';
import { smallCompany } from './small-company.ts';

/** Write calls: Composite (several objects packed) or Collections (one object). */
const WRITES = /^\/composite(\/sobjects|$)/;

const byExt = (h: EngineHarness, object: string, field: string, value: string) =>
  h.records(object).find((r) => r[field] === value);

describe.each(testBackends().map((b) => [b.name, b] as const))('sync faults on %s', (_name, backend) => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await startEngineHarness(backend);
  });
  afterEach(async () => {
    await h.close();
  });

  it('finishes the run when a validation rule rejects one invoice, logs why, and replays cleanly once fixed', async () => {
    h.sf.sim.org.addValidationRule('QuickBooks_Invoice__c', (r) =>
      r.Name === '1002' ? 'Invoice 1002 is under audit and cannot be changed' : undefined,
    );
    await h.receive('S1', { ...smallCompany() });
    const first = await h.engine.drain({ waitForRetriesMs: 1000 });
    expect(first.dispatched.failed).toBe(3);
    // The rest landed.
    expect(
      h
        .records('QuickBooks_Invoice__c')
        .map((i) => i.Name)
        .sort(),
    ).toEqual(['1001', '1003']);
    expect(h.records('Account')).toHaveLength(4);
    expect(h.records('QuickBooks_Payment__c')).toHaveLength(1);
    // The failure reached the org's log in words.
    const log = byExt(h, 'QuickBooks_Sync_Log__c', 'Log_Key__c', 'acme:QuickBooks_Invoice__c:acme:T-101')!;
    expect(log).toMatchObject({ Status__c: 'Failed', Error_Code__c: 'sf_validation', Object__c: 'Invoice' });
    expect(String(log.Error_Message__c)).toContain('Invoice 1002 is under audit');
    // Linked to the customer's Account, so it shows on the failure log with its Account.
    expect(log.Account__c).toBe(byExt(h, 'Account', 'QuickBooks_Customer_Id__c', 'acme:C-2')!.Id);
    await h.engine.finishRuns();
    await h.engine.drain();
    expect(h.records('QuickBooks_Sync_Run__c')[0]).toMatchObject({ Outcome__c: 'Completed with Failures' });
    expect(h.records('QuickBooks_Connection__c')[0]).toMatchObject({ Status__c: 'Degraded' });
    expect(String(h.records('QuickBooks_Connection__c')[0]!.Last_Error__c)).toMatch(
      /^3 record\(s\) failed; the last one \((Invoice|Invoice Line) T-101(:L-\d+)?\): /,
    );
    expect(Number(h.records('QuickBooks_Connection__c')[0]!.Failed_Count__c)).toBe(3);

    // Fixed in Salesforce, then replayed: everything lands once, and the log says so.
    (h.sf.sim.org.dml.rules as Map<string, unknown>).clear();
    expect(await h.engine.replay({ connectionId: 'acme' })).toBe(3);
    const replay = await h.engine.drain({ waitForRetriesMs: 1000 });
    expect(replay.dispatched.failed).toBe(0);
    expect(
      h
        .records('QuickBooks_Invoice__c')
        .map((i) => i.Name)
        .sort(),
    ).toEqual(['1001', '1002', '1003']);
    expect(h.records('QuickBooks_Invoice_Line__c')).toHaveLength(4);
    expect(byExt(h, 'QuickBooks_Sync_Log__c', 'Log_Key__c', 'acme:QuickBooks_Invoice__c:acme:T-101')).toMatchObject({
      Status__c: 'Resolved',
    });
    // A second replay has nothing to do and duplicates nothing.
    expect(await h.engine.replay({ connectionId: 'acme' })).toBe(0);
    expect(h.records('QuickBooks_Invoice__c')).toHaveLength(3);
  });

  it('rides out Salesforce being unavailable for a while: retries with backoff, nothing lost or doubled', async () => {
    h.sf.sim.faults.inject({ kind: 'unavailable', path: WRITES, times: 3 });
    await h.receive('S1', { ...smallCompany() });
    const summary = await h.engine.drain({ waitForRetriesMs: 1000 });
    // Each of the three refused calls had its writes retried (a packed call carries many).
    expect(summary.dispatched.retrying).toBeGreaterThanOrEqual(3);
    expect(summary.dispatched.failed).toBe(0);
    expect(h.records('QuickBooks_Invoice__c')).toHaveLength(3);
    expect(h.records('Account')).toHaveLength(4);
    for (const a of h.records('Account')) expect(h.sf.sim.org.store.writeCount(a.Id as string)).toBeLessThanOrEqual(2);
  });

  it('pauses on REQUEST_LIMIT_EXCEEDED, says so in the connection health, and resumes after', async () => {
    await h.receive('S1', { accounts: smallCompany().accounts });
    await h.engine.drain();
    h.sf.sim.faults.inject({ kind: 'request_limit', path: WRITES });
    await h.receive('S2', { items: smallCompany().items });
    const step = await h.engine.step();
    expect(step.dispatched.pausedUntil).toBeGreaterThan(Date.now() - 1000);
    const report = await h.engine.connectionReport('acme');
    expect(report).toMatchObject({ status: 'Paused' });
    expect(report.lastError).toMatch(/allowance used up/);
    const rest = await h.engine.drain({ waitForRetriesMs: 2000 });
    expect(rest.dispatched.failed).toBe(0);
    expect(h.records('Product2')).toHaveLength(2);
  });
});
