import { startHarness, type Harness } from '../../../../test/simulators/salesforce/harness.ts';

const accounts = (n: number, prefix = 'acme') =>
  Array.from({ length: n }, (_, i) => ({ QuickBooks_Customer_Id__c: `${prefix}:${i}`, Name: `Customer ${i}` }));
const upsertAccounts = (h: Harness, records: Record<string, unknown>[], sourceIds?: string[]) =>
  h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', records, sourceIds ? { sourceIds } : {});

describe('Salesforce failure classes and their outcomes', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('403 REQUEST_LIMIT_EXCEEDED pauses the connection: no further calls, health says Paused', async () => {
    h.sim.faults.inject({ kind: 'request_limit', path: '/composite' });
    const out = await upsertAccounts(h, accounts(450));
    expect(out.filter((o) => !o.ok && o.error.code === 'sf_rate_limited' && o.error.retryable)).toHaveLength(450);
    const health = h.sf.health();
    expect(health.status).toBe('Paused');
    expect(Date.parse(health.pausedUntil!)).toBeGreaterThan(Date.now());
    const callsBefore = h.sim.org.calls.length;
    const again = await h.sf.query('SELECT Id FROM Account');
    expect(!again.ok && again.error.code).toBe('sf_rate_limited');
    expect(h.sim.org.calls.length).toBe(callsBefore);
    expect(h.sim.org.records('Account')).toHaveLength(0);
  });

  it('the daily allowance running out is the same class (403 from the org counter)', async () => {
    h.sim.org.apiLimit = 1;
    // 1,200 records: five chunks of 200 in the first Composite call, the sixth in a second one, refused.
    const out = await upsertAccounts(h, accounts(1200));
    expect(out.slice(0, 1000).filter((o) => o.ok)).toHaveLength(1000);
    expect(out.slice(1000).filter((o) => !o.ok && o.error.code === 'sf_rate_limited')).toHaveLength(200);
    expect(h.sf.apiUsage()).toEqual({ used: 1, limit: 1 });
  });

  it('sends up to five Collections of 200 in one Composite call, each answering for its records', async () => {
    h.sim.org.addValidationRule('Account', (r) => (r.Name === 'Customer 700' ? 'Customer 700 is on hold' : undefined));
    const out = await upsertAccounts(h, accounts(1001));
    expect(h.sim.org.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /composite',
      'PATCH /composite/sobjects/Account/QuickBooks_Customer_Id__c',
    ]);
    expect(out.filter((o) => o.ok)).toHaveLength(1000);
    expect(out.filter((o) => !o.ok).map((o) => !o.ok && o.error.message)).toEqual(['Customer 700 is on hold']);
    expect(h.sim.org.records('Account')).toHaveLength(1000);
  });

  it('503 is retried with backoff and then succeeds', async () => {
    h.sim.faults.inject({ kind: 'unavailable', path: '/composite/sobjects', times: 2 });
    const out = await upsertAccounts(h, accounts(5));
    expect(out.filter((o) => o.ok)).toHaveLength(5);
    expect(h.sim.faults.pending()).toHaveLength(0);
    expect(h.logs.filter((l) => l.includes('retrying'))).toHaveLength(2);
  });

  it('a 503 on a GET is retried by the client policy only (jsforce retries are off)', async () => {
    h.sim.faults.inject({ kind: 'unavailable', path: '/query', times: 2 });
    const r = await h.sf.query('SELECT Id FROM Account');
    expect(r.ok).toBe(true);
    expect(h.logs.filter((l) => l.includes('retrying') && l.includes('GET'))).toHaveLength(2);
  });

  it('persistent 5xx ends as sf_unavailable (retryable, for the dead-letter queue) and health Degraded', async () => {
    h.sim.faults.inject({ kind: 'server_error', path: '/composite/sobjects', times: 50 });
    const out = await upsertAccounts(h, accounts(3));
    expect(out.filter((o) => !o.ok && o.error.code === 'sf_unavailable' && o.error.retryable)).toHaveLength(3);
    // Five attempts in all (four retries), then the records are handed back.
    expect(h.logs.filter((l) => l.includes('retrying'))).toHaveLength(4);
    expect(out.filter((o) => o.attempts === 1)).toHaveLength(3);
    expect(h.sf.health().status).toBe('Degraded');
  });

  it('a dropped connection is retried, and nothing is written twice', async () => {
    h.sim.faults.inject({ kind: 'network_reset', path: '/composite/sobjects' });
    const out = await upsertAccounts(h, accounts(10));
    expect(out.filter((o) => o.ok)).toHaveLength(10);
    expect(h.sim.org.records('Account').filter((r) => h.sim.org.store.writeCount(r.Id) === 1)).toHaveLength(10);
  });

  it('a response slower than the timeout is retried; the upsert stays idempotent', async () => {
    await h.close();
    h = await startHarness({ client: { requestTimeoutMs: 150 } });
    h.sim.faults.inject({ kind: 'slow', delayMs: 400, path: '/composite/sobjects' });
    const out = await upsertAccounts(h, accounts(4));
    expect(out.filter((o) => o.ok)).toHaveLength(4);
    await new Promise((r) => setTimeout(r, 400));
    const stored = h.sim.org.records('Account');
    expect(stored).toHaveLength(4);
    expect(out.map((o) => o.ok && o.id).sort()).toEqual(stored.map((r) => r.Id).sort());
  });

  it('UNABLE_TO_LOCK_ROW: only the locked records are sent again, then succeed', async () => {
    h.sim.faults.inject({ kind: 'row_lock', externalIds: ['acme:3', 'acme:7'], times: 2 });
    const out = await upsertAccounts(h, accounts(10));
    expect(out.filter((o) => o.ok)).toHaveLength(10);
    expect(out.filter((o) => o.attempts === 2).map((o) => o.externalId)).toEqual(['acme:3', 'acme:7']);
    expect(h.sim.org.calls).toHaveLength(2);
  });

  it('a record that stays locked ends as sf_row_locked after the capped retries (dead-letter)', async () => {
    h.sim.faults.inject({ kind: 'row_lock', externalIds: ['acme:1'], times: 100 });
    const out = await upsertAccounts(h, accounts(3));
    expect(out[0]!.ok && out[2]!.ok).toBe(true);
    const locked = out[1]!;
    expect(!locked.ok && locked.error).toMatchObject({
      code: 'sf_row_locked',
      retryable: true,
      sfCode: 'UNABLE_TO_LOCK_ROW',
    });
    expect(locked.attempts).toBe(5);
  });

  it('validation errors are not retried and carry a readable reason, per source record', async () => {
    h.sim.org.addValidationRule('Account', (r) =>
      String(r.Name).includes('Bad') ? 'Name may not contain "Bad"' : undefined,
    );
    const out = await upsertAccounts(
      h,
      [
        { QuickBooks_Customer_Id__c: 'acme:1', Name: 'Good Co' },
        { QuickBooks_Customer_Id__c: 'acme:2', Name: 'Bad Co' },
        { QuickBooks_Customer_Id__c: 'acme:3' },
        { QuickBooks_Customer_Id__c: 'acme:4', Name: 'Child', ParentId: '001000000000000AAA' },
        { QuickBooks_Customer_Id__c: 'acme:5', Name: 'Typo', QuickBooks_Type__c: 'Customerr' },
      ],
      ['c1', 'c2', 'c3', 'c4', 'c5'],
    );
    expect(out.map((o) => o.sourceId)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(out[0]!.ok).toBe(true);
    const errors = out.slice(1).map((o) => (!o.ok ? o.error : undefined));
    expect(errors.map((e) => e?.sfCode)).toEqual([
      'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      'REQUIRED_FIELD_MISSING',
      'INVALID_CROSS_REFERENCE_KEY',
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
    ]);
    expect(errors.every((e) => e?.code === 'sf_validation' && !e.retryable)).toBe(true);
    expect(errors[0]!.message).toBe('Name may not contain "Bad"');
    expect(errors[1]!.fields).toEqual(['Name']);
    expect(out.every((o) => o.attempts === 1)).toBe(true);
    expect(h.sim.org.calls).toHaveLength(1);
  });

  it('a missing parent (by external ID) is a validation failure naming the parent', async () => {
    const out = await h.sf.upsertRecords('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', [
      {
        QuickBooks_Invoice_Id__c: 'acme:inv1',
        Name: 'INV-1',
        Account__r: { QuickBooks_Customer_Id__c: 'acme:nobody' },
      },
    ]);
    expect(!out[0]!.ok && out[0]!.error).toMatchObject({ code: 'sf_validation', sfCode: 'INVALID_FIELD' });
    expect(!out[0]!.ok && out[0]!.error.message).toBe(
      'Not written: the Account it belongs to (acme:nobody) is not in Salesforce — it failed, or has not been written yet. Once that record is written, replay this one.',
    );
  });

  it('collapses duplicate external IDs in a batch (the last one wins) and sends one request', async () => {
    const out = await upsertAccounts(
      h,
      [
        { QuickBooks_Customer_Id__c: 'acme:1', Name: 'Old name' },
        { QuickBooks_Customer_Id__c: 'acme:2', Name: 'Other' },
        { QuickBooks_Customer_Id__c: 'ACME:1', Name: 'New name' },
      ],
      ['s1', 's2', 's3'],
    );
    expect(out.filter((o) => o.ok)).toHaveLength(3);
    expect(out[0]!.ok && out[2]!.ok && out[0]!.id === out[2]!.id).toBe(true);
    expect(
      h.sim.org
        .records('Account')
        .map((r) => r.Name)
        .sort(),
    ).toEqual(['New name', 'Other']);
  });

  it('refuses (as a bug) a field that is not in SCHEMA, before any call', async () => {
    await expect(
      upsertAccounts(h, [{ QuickBooks_Customer_Id__c: 'a:1', Name: 'x', Industry: 'Tech' }]),
    ).rejects.toThrow(/not in SCHEMA/);
    expect(h.sim.org.apiUsage).toBe(0);
  });
});
