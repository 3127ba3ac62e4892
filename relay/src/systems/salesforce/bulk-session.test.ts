/**
 * A session that expires during a Bulk API 2.0 transfer: the client signs in again once (one
 * sign-in per expiry, shared by every call and transfer that saw it, jsforce's own refresh
 * included) and resumes the job where it was, so no record fails for it.
 */
import { BULK_STEPS } from '../../../../test/simulators/salesforce/faults.ts';
import { startHarness, type Harness } from '../../../../test/simulators/salesforce/harness.ts';

describe('Bulk transfers through an expired session', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.sf.upsertRecords(
      'Account',
      'QuickBooks_Customer_Id__c',
      Array.from({ length: 20 }, (_, i) => ({ QuickBooks_Customer_Id__c: `acme:c${i}`, Name: `Customer ${i}` })),
    );
  });
  afterEach(() => h.close());

  const invoices = (n: number, prefix = 'inv') =>
    Array.from({ length: n }, (_, i) => ({
      QuickBooks_Invoice_Id__c: `acme:${prefix}${i}`,
      Name: `INV-${prefix}-${i}`,
      Status__c: 'Open',
      Total_Amount__c: i + 0.25,
      Memo__c: `memo ${i}`,
      Account__r: { QuickBooks_Customer_Id__c: `acme:c${i % 20}` },
    }));

  /** Pages of 500 rows; an async generator, so every read starts from the first page again. */
  const pagesOf = (rows: readonly Record<string, unknown>[]) =>
    async function* () {
      for (let i = 0; i < rows.length; i += 500) yield rows.slice(i, i + 500);
    };

  const signIns = () => h.sim.org.sessions.issued;
  const jobsCreated = () => h.sim.org.calls.filter((c) => c.method === 'POST' && c.path === '/jobs/ingest').length;

  /** Every input row is in the org exactly once and its outcome carries that record's id. */
  const expectAllWritten = (rows: readonly Record<string, unknown>[], outcomeOf: (ext: string) => unknown) => {
    const inOrg = new Map<unknown, unknown[]>();
    for (const r of h.sim.org.records('QuickBooks_Invoice__c')) {
      inOrg.set(r.QuickBooks_Invoice_Id__c, [...(inOrg.get(r.QuickBooks_Invoice_Id__c) ?? []), r.Id]);
    }
    const wrong = rows.flatMap((row) => {
      const ext = String(row.QuickBooks_Invoice_Id__c);
      const ids = inOrg.get(ext) ?? [];
      const outcome = outcomeOf(ext);
      const right =
        ids.length === 1 && JSON.stringify(outcome) === JSON.stringify({ ok: true, id: ids[0], created: true });
      return right ? [] : [{ ext, ids, outcome }];
    });
    expect(wrong.slice(0, 3)).toEqual([]);
  };

  it.each(Object.keys(BULK_STEPS) as (keyof typeof BULK_STEPS)[])(
    'a 401 at the %s step signs in again once and resumes the job; every record lands once',
    async (step) => {
      const rows = invoices(1500);
      const before = signIns();
      h.sim.faults.inject({ kind: 'session_expired', ...BULK_STEPS[step] });
      const outcomeOf = await h.sf.upsertLarge('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', pagesOf(rows));
      expect(h.sim.faults.pending()).toHaveLength(0); // the session did expire at that step
      expect(signIns() - before).toBe(1);
      expect(jobsCreated()).toBe(1); // an upload that 401s is sent again to the same, still open, job
      expect(h.sim.org.records('QuickBooks_Invoice__c')).toHaveLength(1500);
      expectAllWritten(rows, outcomeOf);
      expect(h.sf.health().status).toBe('Healthy');
    },
  );

  it('an upload that 401s goes to a new job when its job is no longer open', async () => {
    const rows = invoices(1200);
    h.sim.faults.inject({ kind: 'session_expired', ...BULK_STEPS.upload });
    // An admin aborts the job in Setup while the relay signs in again.
    h.sim.faults.inject({ kind: 'job_aborted', ...BULK_STEPS.poll });
    const outcomeOf = await h.sf.upsertLarge('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', pagesOf(rows));
    expect(h.sim.faults.pending()).toHaveLength(0);
    expect(jobsCreated()).toBe(2);
    expect(h.sim.org.records('QuickBooks_Invoice__c')).toHaveLength(1200);
    expectAllWritten(rows, outcomeOf);
  });

  it('concurrent transfers and jsforce calls that meet one expiry share one sign-in', async () => {
    const batches = ['a', 'b', 'c'].map((p) => invoices(1200, p));
    const before = signIns();
    h.sim.faults.inject({ kind: 'session_expired', ...BULK_STEPS.upload });
    let done = false;
    const transfers = Promise.all(
      batches.map((rows) => h.sf.upsertLarge('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', pagesOf(rows))),
    ).finally(() => (done = true));
    // Calls through jsforce all along: some meet the expired session too, and jsforce refreshes it.
    const chatter = (async () => {
      const out = [];
      for (let n = 0; !done; n++) {
        out.push(
          ...(await h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', [
            { QuickBooks_Customer_Id__c: `acme:c${n % 20}`, Name: `Customer ${n % 20}` },
          ])),
        );
      }
      return out;
    })();
    const [outcomes, calls] = await Promise.all([transfers, chatter]);
    expect(h.sim.faults.pending()).toHaveLength(0);
    expect(signIns() - before).toBe(1);
    expect(calls.every((c) => c.ok)).toBe(true);
    batches.forEach((rows, i) => expectAllWritten(rows, outcomes[i]!));
  });

  it.each(['create', 'results'] as const)(
    'a second 401 right after the fresh sign-in (%s) is an auth failure, reported, not a loop',
    async (step) => {
      const rows = invoices(600);
      const before = signIns();
      h.sim.faults.inject({ kind: 'session_expired', ...BULK_STEPS[step], times: 2 });
      const outcomeOf = await h.sf.upsertLarge('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', pagesOf(rows));
      expect(h.sim.faults.pending()).toHaveLength(0);
      expect(signIns() - before).toBe(1);
      for (const row of rows) {
        expect(outcomeOf(String(row.QuickBooks_Invoice_Id__c))).toMatchObject({
          ok: false,
          error: { code: 'sf_session_expired', retryable: false },
        });
      }
      expect(h.sf.health()).toMatchObject({
        status: 'Needs Reauthorization',
        reason: expect.stringMatching(/freshly issued session/),
      });
      // A later call signs in afresh; once a call succeeds the connection is healthy again.
      const later = await h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', [
        { QuickBooks_Customer_Id__c: 'acme:c1', Name: 'Customer 1' },
      ]);
      expect(later[0]!.ok).toBe(true);
      expect(h.sf.health().status).toBe('Healthy');
    },
  );
});
