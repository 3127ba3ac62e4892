/**
 * The times the components show: a failure log's last attempt, and an Account's last synced time
 * (stamped when the Account is sent, so an unchanged Account is still never sent again).
 */
import { testBackends } from '../qbwc/support/stores.ts';
import { startEngineHarness, type EngineHarness } from './engine-harness.ts';
import { smallCompany } from './small-company.ts';

const byExt = (h: EngineHarness, object: string, field: string, value: string) =>
  h.records(object).find((r) => r[field] === value);

describe.each(testBackends().map((b) => [b.name, b] as const))('times shown in Salesforce on %s', (_name, backend) => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await startEngineHarness(backend);
  });
  afterEach(async () => {
    await h.close();
  });

  it('writes the last attempt time on a failure log', async () => {
    h.sf.sim.org.addValidationRule('QuickBooks_Invoice__c', (r) =>
      r.Name === '1002' ? 'Invoice 1002 is under audit and cannot be changed' : undefined,
    );
    const before = Date.now();
    await h.receive('S1', { ...smallCompany() });
    await h.engine.drain({ waitForRetriesMs: 1000 });
    const after = Date.now();
    const log = byExt(h, 'QuickBooks_Sync_Log__c', 'Log_Key__c', 'acme:QuickBooks_Invoice__c:acme:T-101')!;
    expect(log).toMatchObject({ Status__c: 'Failed' });
    expect(typeof log.Last_Attempt_At__c).toBe('string');
    const at = Date.parse(String(log.Last_Attempt_At__c));
    expect(at).toBeGreaterThanOrEqual(before - 1000); // the org keeps whole seconds at most
    expect(at).toBeLessThanOrEqual(after);
  });

  it("stamps a customer's and a vendor's Account when sent, and an unchanged Account is not sent again", async () => {
    const before = Date.now();
    await h.receive('S1', { ...smallCompany() });
    await h.engine.drain();
    const after = Date.now();
    const accounts = h.records('Account');
    expect(accounts).toHaveLength(4);
    for (const a of accounts) {
      const at = Date.parse(String(a.QuickBooks_Last_Synced_At__c));
      expect(at).toBeGreaterThanOrEqual(before - 1000);
      expect(at).toBeLessThanOrEqual(after);
    }
    const vendor = byExt(h, 'Account', 'QuickBooks_Vendor_Id__c', 'acme:V-1')!;
    const stamps = new Map(accounts.map((a) => [a.Id, a.QuickBooks_Last_Synced_At__c]));
    const writes = new Map(accounts.map((a) => [a.Id, h.sf.sim.org.store.writeCount(a.Id as string)]));

    // The same company again: nothing changed, so no Account is written and no stamp moves.
    await h.receive('S2', { customers: smallCompany().customers, vendors: smallCompany().vendors });
    await h.engine.drain();
    for (const a of h.records('Account')) {
      expect(h.sf.sim.org.store.writeCount(a.Id as string)).toBe(writes.get(a.Id));
      expect(a.QuickBooks_Last_Synced_At__c).toBe(stamps.get(a.Id));
    }
    expect(vendor.QuickBooks_Type__c).toBe('Vendor');
  });
});
