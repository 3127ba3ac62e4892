import { requestsRepo } from '../../relay/src/store/requests.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import { startEngineHarness, type EngineHarness } from './engine-harness.ts';
import { smallCompany } from './small-company.ts';

const byExt = (h: EngineHarness, object: string, field: string, value: string) =>
  h.records(object).find((r) => r[field] === value);

/** What a user's "Sync with QuickBooks" creates in the org. */
function request(h: EngineHarness, fields: Record<string, unknown>): string {
  const o = h.sf.sim.org.objectOrThrow('QuickBooks_Sync_Request__c');
  return h.sf.sim.org.store.insert(o, { Status__c: 'Requested', ...fields }).Id;
}
const requestRecord = (h: EngineHarness, id: string) =>
  h.records('QuickBooks_Sync_Request__c').find((r) => r.Id === id)!;

describe.each(testBackends().map((b) => [b.name, b] as const))('sync requests and replays on %s', (_name, backend) => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await startEngineHarness(backend);
    await h.receive('S1', { ...smallCompany() });
    await h.engine.drain({ waitForRetriesMs: 1000 });
    await h.engine.finishRuns();
    await h.engine.drain();
  });
  afterEach(async () => {
    await h.close();
  });

  it('moves "Sync with QuickBooks" from Requested to Waiting, In Progress and Completed with the result in words', async () => {
    const account = byExt(h, 'Account', 'QuickBooks_Customer_Id__c', 'acme:C-1')!;
    const id = request(h, { Scope__c: 'Account', Account__c: account.Id });
    await h.poller.pollOnce();
    await h.engine.drain();
    expect(requestRecord(h, id)).toMatchObject({ Status__c: 'Waiting for QuickBooks' });
    expect(String(requestRecord(h, id).Result__c)).toMatch(
      /next QuickBooks Web Connector run \(it runs every 30 minutes\)/,
    );
    const pickedUpAt = requestRecord(h, id).Picked_Up_At__c;
    expect(Number.isNaN(Date.parse(String(pickedUpAt)))).toBe(false);
    const writes = h.sf.sim.org.store.writeCount(id);
    // A second poll does not pick it up twice: it finds no request to take, and writes nothing.
    expect(await h.poller.pollOnce()).toEqual({ replayed: 0, decided: 0, requests: 0 });
    await h.engine.drain();
    expect(h.sf.sim.org.store.writeCount(id)).toBe(writes);
    expect(requestRecord(h, id)).toMatchObject({ Status__c: 'Waiting for QuickBooks', Picked_Up_At__c: pickedUpAt });

    // The next Web Connector session takes it up as it opens (test/qbwc/sync.test.ts), and the poller reports it, once.
    expect((await requestsRepo(h.store.db).start('acme', 'S2')).map((r) => r.customerId)).toEqual(['C-1']);
    expect(await h.poller.reportStarted()).toBe(1);
    expect(await h.poller.reportStarted()).toBe(0);
    await h.engine.drain();
    expect(requestRecord(h, id)).toMatchObject({ Status__c: 'In Progress' });
    await h.receive('S2', { customers: smallCompany().customers, invoices: smallCompany().invoices });
    await h.engine.drain();
    expect(await h.engine.finishRuns()).toBe(1);
    await h.engine.drain();
    expect(requestRecord(h, id)).toMatchObject({ Status__c: 'Completed' });
    expect(String(requestRecord(h, id).Result__c)).toMatch(
      /^Up to date with QuickBooks: 0 created, 0 updated, 6 unchanged/,
    );
    expect(requestRecord(h, id).Completed_At__c).toBeTruthy();
  });

  it('answers a health check at once, and refuses an Account that is not linked to QuickBooks', async () => {
    const check = request(h, { Scope__c: 'Health Check' });
    const o = h.sf.sim.org.objectOrThrow('Account');
    const unlinked = h.sf.sim.org.store.insert(o, { Name: 'Prospect Inc.' }).Id;
    const refused = request(h, { Scope__c: 'Account', Account__c: unlinked });
    await h.poller.pollOnce();
    await h.engine.drain();
    expect(requestRecord(h, check)).toMatchObject({ Status__c: 'Completed' });
    expect(String(requestRecord(h, check).Result__c)).toMatch(/^acme: Healthy\. .*0 record\(s\) waiting, 0 failed\./);
    expect(requestRecord(h, refused)).toMatchObject({ Status__c: 'Failed' });
    expect(String(requestRecord(h, refused).Result__c)).toMatch(/not linked to a QuickBooks customer/);
  });

  it('replays a log an admin ticked in Salesforce, once, and reports the outcome on the log', async () => {
    h.sf.sim.org.addValidationRule('QuickBooks_Bill__c', () => 'Bills are locked until month end');
    const edited = smallCompany().bills.replace('<OpenAmount>310.72</OpenAmount>', '<OpenAmount>10.72</OpenAmount>');
    await h.receive('S3', { bills: edited });
    await h.engine.drain({ waitForRetriesMs: 1000 });
    const key = 'acme:QuickBooks_Bill__c:acme:B-1';
    expect(byExt(h, 'QuickBooks_Sync_Log__c', 'Log_Key__c', key)).toMatchObject({ Status__c: 'Failed' });

    (h.sf.sim.org.dml.rules as Map<string, unknown>).clear();
    const log = byExt(h, 'QuickBooks_Sync_Log__c', 'Log_Key__c', key)!;
    h.sf.sim.org.store.update(h.sf.sim.org.objectOrThrow('QuickBooks_Sync_Log__c'), log.Id as string, {
      Replay_Requested__c: true,
    });
    expect(await h.poller.pollOnce()).toMatchObject({ replayed: 1 });
    await h.engine.drain({ waitForRetriesMs: 1000 });
    expect(String(byExt(h, 'QuickBooks_Bill__c', 'QuickBooks_Bill_Id__c', 'acme:B-1')!.Balance__c)).toBe('10.72');
    expect(byExt(h, 'QuickBooks_Sync_Log__c', 'Log_Key__c', key)).toMatchObject({
      Status__c: 'Resolved',
      Replay_Requested__c: false,
    });
    expect(h.records('QuickBooks_Bill__c')).toHaveLength(1);
    // The tick is cleared, so the next poll replays nothing.
    expect(await h.poller.pollOnce()).toMatchObject({ replayed: 0 });
  });
});
