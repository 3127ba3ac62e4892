import { testBackends } from '../qbwc/support/stores.ts';
import { startEngineHarness, type EngineHarness } from './engine-harness.ts';
import { deletedCustomers, INVOICES, smallCompany } from './small-company.ts';

const byExt = (h: EngineHarness, object: string, field: string, value: string) =>
  h.records(object).find((r) => r[field] === value);

describe.each(testBackends().map((b) => [b.name, b] as const))('sync engine on %s', (_name, backend) => {
  let h: EngineHarness;
  beforeEach(async () => {
    // Mid-November 2026, running: the fixture's bill (due 2026-12-01) is still open whatever today is.
    const offset = Date.parse('2026-11-15T12:00:00Z') - Date.now();
    h = await startEngineHarness(backend, { now: () => Date.now() + offset });
  });
  afterEach(async () => {
    await h.close();
  });

  it('mirrors a company exactly: parents, lines, totals to the cent, statuses, roll-ups, run and connection', async () => {
    await h.receive('S1', { ...smallCompany() });
    const summary = await h.engine.drain({ waitForRetriesMs: 1000 });
    expect(summary.dispatched.failed).toBe(0);

    const accounts = h.records('Account');
    expect(accounts.map((a) => a.Name).sort()).toEqual([
      'Abercrombie, Kristy',
      "Baker's Dozen",
      'Cal Gas & Electric',
      'Kitchen',
    ]);
    const parent = byExt(h, 'Account', 'QuickBooks_Customer_Id__c', 'acme:C-1')!;
    const job = byExt(h, 'Account', 'QuickBooks_Customer_Id__c', 'acme:C-2')!;
    expect(job.ParentId).toBe(parent.Id);
    expect(job.QuickBooks_Full_Name__c).toBe('Abercrombie, Kristy:Kitchen');
    expect(byExt(h, 'Account', 'QuickBooks_Vendor_Id__c', 'acme:V-1')?.QuickBooks_Type__c).toBe('Vendor');
    expect(h.records('Contact')).toEqual([expect.objectContaining({ LastName: 'Abercrombie', AccountId: parent.Id })]);

    const invoices = h.records('QuickBooks_Invoice__c');
    expect(invoices.map((i) => [i.Name, String(i.Total_Amount__c), String(i.Balance__c), i.Status__c]).sort()).toEqual([
      ['1001', '106.5', '106.5', 'Overdue'],
      ['1002', '1024.24', '524.24', 'Partially Paid'],
      ['1003', '450', '0', 'Paid'],
    ]);
    expect(h.records('QuickBooks_Invoice_Line__c')).toHaveLength(4);
    const opps = h.records('Opportunity');
    expect(opps.map((o) => o.StageName).sort()).toEqual(['Closed Won', 'Negotiation/Review', 'Negotiation/Review']);
    // Opportunities are worth their invoice's subtotal (lines before tax) to the cent: products where
    // every line has an item, the subtotal as Amount otherwise (T-101: 900.00 + 49.99, tax 74.25 apart).
    expect(h.records('OpportunityLineItem')).toHaveLength(2);
    const mixed = byExt(h, 'Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:T-101')!;
    expect(String(mixed.Amount)).toBe('949.99');

    const payment = h.records('QuickBooks_Payment__c')[0]!;
    expect(payment.Invoice__c).toBe(byExt(h, 'QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:T-102')!.Id);
    expect(h.records('QuickBooks_Bill__c')).toEqual([expect.objectContaining({ Name: 'G-4471', Status__c: 'Open' })]);
    expect(
      h
        .records('PricebookEntry')
        .map((p) => String(p.UnitPrice))
        .sort(),
    ).toEqual(['35.5', '450']);

    // Roll-ups: what each customer owes, and what of it is overdue (today is after T-100's due date).
    expect([String(parent.QuickBooks_Open_Balance__c), String(parent.QuickBooks_Overdue_Balance__c)]).toEqual([
      '106.5',
      '106.5',
    ]);
    expect([String(job.QuickBooks_Open_Balance__c), String(job.QuickBooks_Overdue_Balance__c)]).toEqual([
      '524.24',
      '0',
    ]);

    expect(await h.engine.finishRuns()).toBe(1);
    await h.engine.drain({ waitForRetriesMs: 1000 });
    const [run] = h.records('QuickBooks_Sync_Run__c');
    expect(run).toMatchObject({ Outcome__c: 'Succeeded', Records_Read__c: 12, Records_Failed__c: 0 });
    expect(h.records('QuickBooks_Connection__c')).toEqual([
      expect.objectContaining({
        Connection_Key__c: 'acme',
        Status__c: 'Healthy',
        Failed_Count__c: 0,
        Pending_Count__c: 0,
      }),
    ]);
  });

  it('writes nothing again for an unchanged company, and only what changed after an edit', async () => {
    await h.receive('S1', { ...smallCompany() });
    await h.engine.drain({ waitForRetriesMs: 1000 });
    expect(await h.engine.finishRuns()).toBe(1);
    await h.engine.drain({ waitForRetriesMs: 1000 });
    const calls = h.sf.sim.org.apiUsage;
    const runs = h.records('QuickBooks_Sync_Run__c').length;
    const invoice = byExt(h, 'QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:T-100')!;
    const writesBefore = h.sf.sim.org.store.writeCount(invoice.Id as string);

    await h.receive('S2', { ...smallCompany() });
    const quiet = await h.engine.drain({ waitForRetriesMs: 1000 });
    expect(quiet.ingested.changed).toBe(0);
    expect(quiet.ingested.unchanged).toBe(12);
    expect(h.sf.sim.org.store.writeCount(invoice.Id as string)).toBe(writesBefore);
    expect(h.sf.sim.org.apiUsage - calls).toBe(0); // nothing to report before the run ends
    expect(await h.engine.finishRuns()).toBe(1);
    await h.engine.drain({ waitForRetriesMs: 1000 });
    const quietCalls = h.sf.sim.org.apiUsage - calls;

    const edited = INVOICES.map((i) => (i.id === 'T-100' ? { ...i, balance: '6.50', seq: '1700000002' } : i));
    await h.receive('S3', { invoices: smallCompany(edited).invoices });
    const pass = await h.engine.drain({ waitForRetriesMs: 1000 });
    expect(pass.ingested).toMatchObject({ changed: 1, unchanged: 2 });
    expect(String(byExt(h, 'QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:T-100')!.Balance__c)).toBe('6.5');
    expect(String(byExt(h, 'Account', 'QuickBooks_Customer_Id__c', 'acme:C-1')!.QuickBooks_Open_Balance__c)).toBe(
      '6.5',
    );
    expect(h.records('QuickBooks_Invoice__c')).toHaveLength(3);
    expect(quietCalls).toBe(1); // the connection's last contact and summary, no run record
    expect(runs).toBe(1);
    expect(h.records('QuickBooks_Sync_Run__c')).toHaveLength(2); // S1 and S3, not the quiet S2
  });

  it('deactivates a customer deleted in QuickBooks, never deletes it', async () => {
    await h.receive('S1', { ...smallCompany() });
    await h.engine.drain({ waitForRetriesMs: 1000 });
    await h.receive('S2', { deleted: deletedCustomers(['C-3']) });
    await h.engine.drain({ waitForRetriesMs: 1000 });
    expect(byExt(h, 'Account', 'QuickBooks_Customer_Id__c', 'acme:C-3')).toMatchObject({ QuickBooks_Active__c: false });
    expect(h.records('Account')).toHaveLength(4);
  });
});
