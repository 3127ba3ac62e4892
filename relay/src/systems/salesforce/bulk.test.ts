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
});
