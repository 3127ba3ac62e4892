import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHarness, type Harness } from '../../../../test/simulators/salesforce/harness.ts';

describe('Bulk API 2.0 backfills', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ client: { bulkThreshold: 500 } });
    const customers = Array.from({ length: 50 }, (_, i) => ({
      QuickBooks_Customer_Id__c: `acme:c${i}`,
      Name: `Customer ${i}`,
    }));
    await h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', customers);
  });
  afterEach(() => h.close());

  const invoices = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      QuickBooks_Invoice_Id__c: `acme:inv${i}`,
      Name: `INV-${i}, "draft"`,
      Status__c: 'Open',
      Total_Amount__c: i + 0.5,
      Txn_Date__c: '2026-10-01',
      Memo__c: i % 3 === 0 ? null : `memo ${i}\nsecond line`,
      Account__r: { QuickBooks_Customer_Id__c: i % 100 === 99 ? 'acme:missing' : `acme:c${i % 50}` },
    }));

  it('uses a job at or above the threshold and joins unordered results back by external ID', async () => {
    const input = invoices(1200);
    const out = await h.sf.upsertRecords('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', input, {
      sourceIds: input.map((_, i) => `src-${i}`),
    });
    const jobCalls = h.sim.org.calls.filter((c) => c.path.startsWith('/jobs/ingest'));
    expect(jobCalls.length).toBeGreaterThanOrEqual(6);
    expect(h.sim.org.calls.filter((c) => c.path.startsWith('/composite/sobjects'))).toHaveLength(1); // the accounts
    const failed = out.filter((o) => !o.ok);
    expect(failed.map((o) => o.sourceId)).toEqual(Array.from({ length: 12 }, (_, k) => `src-${k * 100 + 99}`));
    expect(failed.every((o) => !o.ok && o.error.code === 'sf_validation' && /acme:missing/.test(o.error.message))).toBe(
      true,
    );
    // Every success carries the id of the record with its own external ID.
    for (const o of out.filter((x) => x.ok)) {
      const rec = h.sim.org.find('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', o.externalId)!;
      expect(o.ok && o.id).toBe(rec.Id);
    }
    const sample = h.sim.org.find('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:inv4')!;
    expect(sample).toMatchObject({ Name: 'INV-4, "draft"', Memo__c: 'memo 4\nsecond line', Total_Amount__c: 4.5 });
    expect(h.sim.org.find('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:inv3')!.Memo__c).toBeNull();
  });

  it('a bulk-path row lock is re-sent alone after the job', async () => {
    h.sim.faults.inject({ kind: 'row_lock', externalIds: ['acme:inv10'], times: 1 });
    const out = await h.sf.upsertRecords(
      'QuickBooks_Invoice__c',
      'QuickBooks_Invoice_Id__c',
      invoices(600).filter((_, i) => i % 100 !== 99),
    );
    expect(out.every((o) => o.ok)).toBe(true);
    expect(out.find((o) => o.externalId === 'acme:inv10')!.attempts).toBe(2);
    expect(h.sim.org.calls.filter((c) => c.path.startsWith('/composite/sobjects'))).toHaveLength(2);
  });

  it('a job the org fails as a whole (a column it does not have) reports sf_bulk_failed on every record', async () => {
    // An org with an older package version: the invoice has no Terms__c field.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-meta-'));
    fs.cpSync(
      path.resolve(import.meta.dirname, '../../../../force-app/main/default/objects'),
      path.join(root, 'objects'),
      { recursive: true },
    );
    fs.rmSync(path.join(root, 'objects/QuickBooks_Invoice__c/fields/Terms__c.field-meta.xml'));
    const old = await startHarness({ org: { metadataRoot: root }, client: { bulkThreshold: 500 } });
    try {
      await old.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', [
        { QuickBooks_Customer_Id__c: 'acme:c1', Name: 'Acme' },
      ]);
      const rows = invoices(600).map((r) => ({
        ...r,
        Terms__c: 'Net 30',
        Account__r: { QuickBooks_Customer_Id__c: 'acme:c1' },
      }));
      const out = await old.sf.upsertRecords('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', rows);
      expect(out.every((o) => !o.ok && o.error.code === 'sf_bulk_failed' && !o.error.retryable)).toBe(true);
      expect(!out[0]!.ok && out[0]!.error.message).toMatch(/Field name not found : Terms__c/);
      expect(old.sim.org.records('QuickBooks_Invoice__c')).toHaveLength(0);
    } finally {
      await old.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  describe('streamed from pages (upsertLarge)', () => {
    /** Pages of `size` rows, counting how often the caller read them through. */
    const paged = (rows: readonly Record<string, unknown>[], size: number) => {
      const reads = { count: 0 };
      const pages = async function* () {
        reads.count++;
        for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
      };
      return { reads, pages };
    };

    it('reads the pages twice, cuts jobs by size, and reports each record by external ID', async () => {
      const big = await startHarness({ client: { bulkJobBytes: 40_000 } });
      try {
        await big.sf.upsertRecords(
          'Account',
          'QuickBooks_Customer_Id__c',
          Array.from({ length: 50 }, (_, i) => ({ QuickBooks_Customer_Id__c: `acme:c${i}`, Name: `Customer ${i}` })),
        );
        const input = invoices(1200);
        const { reads, pages } = paged(input, 250);
        const outcomeOf = await big.sf.upsertLarge('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', pages);
        expect(reads.count).toBe(2);
        const jobs = big.sim.org.calls.filter((c) => c.method === 'POST' && c.path === '/jobs/ingest');
        expect(jobs.length).toBeGreaterThan(1); // ~170 bytes a row: 1,200 rows do not fit in 40,000 bytes
        expect(big.sim.org.records('QuickBooks_Invoice__c')).toHaveLength(1188);
        // Each record's outcome, looked up case-insensitively (as the field is): the org's id, or why not.
        const expected = input.map((row, i) => {
          if (i % 100 === 99) return 'sf_validation';
          return big.sim.org.find('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', `acme:inv${i}`)!.Id;
        });
        const got = input.map((row) => {
          const o = outcomeOf(String(row.QuickBooks_Invoice_Id__c).toUpperCase());
          return o.ok ? o.created && o.id : o.error.code;
        });
        expect(got).toEqual(expected);
        expect(outcomeOf('acme:never-sent')).toMatchObject({ ok: false, error: { retryable: true } });
        expect(big.sim.org.find('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:inv4')).toMatchObject({
          Name: 'INV-4, "draft"',
          Memo__c: 'memo 4\nsecond line',
        });
      } finally {
        await big.close();
      }
    });

    it('a record that gained a field between the two reads is not sent, and is reported retryable', async () => {
      const input = invoices(600).filter((_, i) => i % 100 !== 99);
      let read = 0;
      const pages = async function* () {
        read++;
        yield read === 1 ? input : input.map((r, i) => (i === 7 ? { ...r, Terms__c: 'Net 30' } : r));
      };
      const outcomeOf = await h.sf.upsertLarge('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', pages);
      expect(outcomeOf('acme:inv7')).toMatchObject({ ok: false, error: { retryable: true } });
      expect(h.sim.org.find('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:inv7')).toBeUndefined();
      expect(outcomeOf('acme:inv8')).toMatchObject({ ok: true });
    });

    it('a job Salesforce refuses to create fails every record of it, retryable', async () => {
      h.sim.faults.inject({ kind: 'unavailable', method: 'POST', path: '/jobs/ingest', times: 10 });
      const { pages } = paged(invoices(300), 100);
      const outcomeOf = await h.sf.upsertLarge('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', pages);
      for (let i = 0; i < 300; i++) {
        expect(outcomeOf(`acme:inv${i}`)).toMatchObject({
          ok: false,
          error: { code: 'sf_unavailable', retryable: true },
        });
      }
      expect(h.sim.org.records('QuickBooks_Invoice__c')).toHaveLength(0);
    });

    it('a job that ends Failed part-way: what it processed is confirmed or failed per record, the rest retryable', async () => {
      const message = 'InternalServerError : Batch failed after 10 retries';
      h.sim.faults.inject({ kind: 'job_failed', afterRows: 400, message });
      const input = invoices(1000);
      const { pages } = paged(input, 250);
      const outcomeOf = await h.sf.upsertLarge('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', pages);
      // The first 400 rows uploaded were processed (4 of them refused), the other 600 not at all.
      expect(h.sim.org.records('QuickBooks_Invoice__c')).toHaveLength(396);
      const got = input.map((_, i) => {
        const o = outcomeOf(`acme:inv${i}`);
        if (o.ok)
          return o.id === h.sim.org.find('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', `acme:inv${i}`)?.Id;
        return `${o.error.code}${o.error.retryable ? ' (retryable)' : ''}`;
      });
      const expected = input.map((_, i) =>
        i >= 400 ? 'sf_unavailable (retryable)' : i % 100 === 99 ? 'sf_validation' : true,
      );
      expect(got).toEqual(expected);
      const refused = outcomeOf('acme:inv99');
      expect(!refused.ok && refused.error.message).toMatch(/acme:missing/);
      const unprocessed = outcomeOf('acme:inv400');
      expect(!unprocessed.ok && unprocessed.error.message).toContain(message);
    });
  });

  it('a job that ends Failed part-way in memory: processed rows confirmed, the unprocessed sent again', async () => {
    h.sim.faults.inject({ kind: 'job_failed', afterRows: 250 });
    const input = invoices(700).filter((_, i) => i % 100 !== 99);
    const out = await h.sf.upsertRecords('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', input);
    expect(out.filter((o) => !o.ok)).toEqual([]);
    expect(out.map((o) => o.attempts)).toEqual(input.map((_, i) => (i < 250 ? 1 : 2)));
    expect(h.sim.org.records('QuickBooks_Invoice__c')).toHaveLength(input.length);
  });

  it('an aborted job (an admin in Setup) is read too: its unprocessed rows go again in a new job', async () => {
    h.sim.faults.inject({ kind: 'job_aborted', method: 'GET', path: /^\/jobs\/ingest\/[^/]+$/ });
    const input = invoices(600).filter((_, i) => i % 100 !== 99);
    const out = await h.sf.upsertRecords('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', input);
    expect(h.sim.faults.pending()).toHaveLength(0);
    expect(out.every((o) => o.ok && o.attempts === 2)).toBe(true);
    expect(h.sim.org.calls.filter((c) => c.method === 'POST' && c.path === '/jobs/ingest')).toHaveLength(2);
    expect(h.sim.org.records('QuickBooks_Invoice__c')).toHaveLength(input.length);
  });
});
