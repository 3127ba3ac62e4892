import { startHarness, type Harness } from '../../../../test/simulators/salesforce/harness.ts';

describe('reads: SOQL paging and change windows', () => {
  let h: Harness;
  let clock = Date.parse('2026-11-10T12:00:00Z');
  const now = () => clock;
  beforeEach(async () => {
    clock = Date.parse('2026-11-10T12:00:00Z');
    h = await startHarness({ org: { now }, client: { now } });
  });
  afterEach(() => h.close());

  it('follows nextRecordsUrl across pages', async () => {
    const input = Array.from({ length: 4500 }, (_, i) => ({
      QuickBooks_Customer_Id__c: `acme:${i}`,
      Name: `C${String(i).padStart(5, '0')}`,
    }));
    await h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', input, { mode: 'collections' });
    const before = h.sim.org.apiUsage;
    const r = await h.sf.query<{ Id: string; Name: string }>(
      "SELECT Id, Name FROM Account WHERE Name LIKE 'C0%' ORDER BY Name DESC",
    );
    expect(r.ok && r.value).toHaveLength(4500);
    expect(r.ok && r.value[0]).toEqual({ Id: expect.any(String), Name: 'C04499' });
    expect(h.sim.org.apiUsage - before).toBe(3);
    const limited = await h.sf.query(
      "SELECT Id FROM Account WHERE Name IN ('C00001', 'C00002') OR (Name = 'C00003' AND QuickBooks_Active__c = true) OR (Name = 'C00004' AND QuickBooks_Active__c = false)",
    );
    expect(limited.ok && limited.value).toHaveLength(3);
  });

  it('lists updated and deleted ids in a window', async () => {
    await h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', [
      { QuickBooks_Customer_Id__c: 'acme:1', Name: 'One' },
      { QuickBooks_Customer_Id__c: 'acme:2', Name: 'Two' },
    ]);
    clock += 10 * 60_000;
    const out = await h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', [
      { QuickBooks_Customer_Id__c: 'acme:2', Name: 'Two!' },
    ]);
    const two = out[0]!.ok ? out[0]!.id : '';
    const one = h.sim.org.find('Account', 'QuickBooks_Customer_Id__c', 'acme:1')!;
    h.sim.org.store.remove(h.sim.org.objectOrThrow('Account'), one.Id);
    clock += 5 * 60_000;
    const updated = await h.sf.updated('Account', new Date(clock - 12 * 60_000), new Date(clock));
    expect(updated.ok && updated.value.ids).toEqual([two]);
    const deleted = await h.sf.deleted('Account', new Date(clock - 60 * 60_000), new Date(clock));
    expect(deleted.ok && deleted.value.deletedRecords.map((d) => d.id)).toEqual([one.Id]);
    const tooOld = await h.sf.deleted('Account', new Date(clock - 20 * 86_400_000), new Date(clock));
    expect(!tooOld.ok && tooOld.error.sfCode).toBe('INVALID_REPLICATION_DATE');
  });

  it('GET /limits and Sforce-Limit-Info are tracked', async () => {
    const r = await h.sf.limits();
    expect(r.ok && r.value.DailyApiRequests).toEqual({ Max: 100000, Remaining: 99999 });
    expect(h.sf.apiUsage()).toEqual({ used: 1, limit: 100000 });
    expect(h.sf.health()).toEqual({ status: 'Healthy', apiUsage: { used: 1, limit: 100000 } });
  });
});
