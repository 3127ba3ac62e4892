/**
 * A backfill whose Salesforce session expires in the middle of its Bulk API 2.0 jobs, and one
 * whose job Salesforce fails part-way: each ends with every record in the org once, nothing failed.
 */
import { BULK_STEPS } from '../simulators/salesforce/faults.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import { startEngineHarness, type EngineHarness } from './engine-harness.ts';
import { smallCompany } from './small-company.ts';

/** Each record of `object` once by `field`; returns the values. */
const onceEach = (h: EngineHarness, object: string, field: string) => {
  const values = h.records(object).map((r) => String(r[field]));
  expect(new Set(values).size).toBe(values.length);
  return values.sort();
};

describe.each(testBackends().map((b) => [b.name, b] as const))('a Bulk backfill on %s', (_name, backend) => {
  let h: EngineHarness;
  afterEach(async () => {
    await h.close();
  });

  it('survives a session that expires mid-Bulk (upload and result download): every record once, nothing failed', async () => {
    h = await startEngineHarness(backend, { bulkThreshold: 2 });
    const before = h.sf.sim.org.sessions.issued;
    h.sf.sim.faults.inject({ kind: 'session_expired', ...BULK_STEPS.upload });
    h.sf.sim.faults.inject({ kind: 'session_expired', ...BULK_STEPS.results });
    await h.receive('S1', { ...smallCompany() });
    const summary = await h.engine.drain({ waitForRetriesMs: 1000 });
    expect(h.sf.sim.faults.pending()).toHaveLength(0);
    expect(summary.dispatched.failed).toBe(0);
    expect(h.sf.sim.org.sessions.issued - before).toBe(3); // the first sign-in, then one per expiry
    expect(onceEach(h, 'QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c')).toHaveLength(3);
    expect(onceEach(h, 'QuickBooks_Invoice_Line__c', 'QuickBooks_Line_Id__c')).toEqual([
      'acme:T-100:L-1',
      'acme:T-101:L-2',
      'acme:T-101:L-3',
      'acme:T-102:L-4',
    ]);
    expect(onceEach(h, 'Account', 'QuickBooks_Customer_Id__c')).toHaveLength(4);
    expect(h.records('QuickBooks_Sync_Log__c')).toEqual([]);
    expect(h.sf.sf.health().status).toBe('Healthy');
  });

  it('a job Salesforce fails part-way: what it wrote is confirmed, the rest sent again, nothing failed', async () => {
    h = await startEngineHarness(backend, { bulkThreshold: 2 });
    h.sf.sim.faults.inject({ kind: 'job_failed', afterRows: 1, message: 'InternalServerError : Batch failed' });
    await h.receive('S1', { ...smallCompany() });
    const summary = await h.engine.drain({ waitForRetriesMs: 1000 });
    expect(h.sf.sim.faults.pending()).toHaveLength(0);
    expect(summary.dispatched.failed).toBe(0);
    expect(onceEach(h, 'QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c')).toHaveLength(3);
    expect(onceEach(h, 'Account', 'QuickBooks_Customer_Id__c')).toHaveLength(4);
    // The rows the job never reached were written by the retry: their logs say Resolved, none Failed.
    const logs = h.records('QuickBooks_Sync_Log__c');
    expect(logs).toHaveLength(1);
    expect(logs.filter((l) => l.Status__c !== 'Resolved')).toEqual([]);
  });
});
