/**
 * Large first syncs: while a Web Connector session still delivers pages, data records gather in the
 * outbox; when it ends, each object goes out as one batch — streamed from the store into one Bulk
 * API 2.0 job per object — with the same org as the in-memory path.
 */
import { testBackends } from '../qbwc/support/stores.ts';
import { startEngineHarness, type EngineHarness } from './engine-harness.ts';
import { smallCompany } from './small-company.ts';

const jobsOf = (h: EngineHarness) =>
  h.sf.sim.org.calls.filter((c) => c.method === 'POST' && c.path === '/jobs/ingest').length;

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'gathering and streamed batches on %s',
  (_name, backend) => {
    let h: EngineHarness;
    afterEach(async () => {
      await h.close();
    });

    it('holds data records while the session is live, then sends one Bulk job per object', async () => {
      h = await startEngineHarness(backend, { bulkThreshold: 2 });
      const session = await h.store.sessions.open({
        id: 'S1',
        ticketHash: 'ticket-S1',
        connectionId: 'acme',
        plan: {},
        idleMs: 60_000,
      });
      expect(session).toMatchObject({ id: 'S1', connectionId: 'acme', state: 'send' });
      await h.receive('S1', { ...smallCompany() });

      const during = await h.engine.drain();
      expect(during.ingested.payloads).toBe(Object.keys(smallCompany()).length);
      // Nothing went out: every record waits for the session to end, and the connection and the run
      // wait with them, to go out in the same calls.
      expect(h.records('Account')).toHaveLength(0);
      expect(h.records('QuickBooks_Invoice__c')).toHaveLength(0);
      expect(h.records('QuickBooks_Sync_Run__c')).toHaveLength(0);
      expect(h.sf.sim.org.calls.filter((c) => c.method !== 'GET')).toHaveLength(0);
      expect(jobsOf(h)).toBe(0);

      await h.store.sessions.close('S1', 'done');
      const after = await h.engine.drain({ waitForRetriesMs: 1000 });
      expect(after.dispatched.failed).toBe(0);
      expect(
        h
          .records('QuickBooks_Invoice__c')
          .map((i) => i.Name)
          .sort(),
      ).toEqual(['1001', '1002', '1003']);
      expect(h.records('QuickBooks_Invoice_Line__c')).toHaveLength(4);
      // One job per object (within a rank), not one per page: the client logs each job it uploads.
      const perObject = new Map<string, number>();
      for (const line of h.sf.logs.map((l) => JSON.parse(l) as { msg?: string; sobject?: string })) {
        if (line.msg === 'bulk job uploaded') perObject.set(line.sobject!, (perObject.get(line.sobject!) ?? 0) + 1);
      }
      // Accounts twice: the customers and vendors themselves (rank 30), then their roll-ups (rank 70).
      expect(Object.fromEntries(perObject)).toEqual({
        Account: 2,
        Opportunity: 1,
        OpportunityLineItem: 1,
        PricebookEntry: 1,
        Product2: 1,
        QuickBooks_Invoice_Line__c: 1,
        QuickBooks_Invoice__c: 1,
      });
      expect(jobsOf(h)).toBe(8);
    });

    it('sends as soon as writes are ready when no session is live, and streams them to the same org', async () => {
      h = await startEngineHarness(backend, { bulkThreshold: 2 });
      await h.receive('S2', { ...smallCompany() });
      const summary = await h.engine.drain({ waitForRetriesMs: 1000 });
      expect(summary.dispatched.failed).toBe(0);
      // The same eight jobs as when gathered: one per object and rank, none per page.
      expect(jobsOf(h)).toBe(8);
      const invoices = h.records('QuickBooks_Invoice__c');
      expect(invoices.map((i) => [i.Name, String(i.Total_Amount__c), i.Status__c]).sort()).toEqual([
        ['1001', '106.5', 'Overdue'],
        ['1002', '1024.24', 'Partially Paid'],
        ['1003', '450', 'Paid'],
      ]);
      // Written once each, parents linked: every line points at an invoice in the org.
      const ids = new Set(invoices.map((i) => i.Id));
      expect(h.records('QuickBooks_Invoice_Line__c').every((l) => ids.has(l.Invoice__c as string))).toBe(true);
    });
  },
);
