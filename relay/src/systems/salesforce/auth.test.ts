import { startHarness, TEST_SECRET, type Harness } from '../../../../test/simulators/salesforce/harness.ts';

const accounts = (n: number, prefix = 'acme') =>
  Array.from({ length: n }, (_, i) => ({ QuickBooks_Customer_Id__c: `${prefix}:${i}`, Name: `Customer ${i}` }));

describe('Salesforce sign-in (client credentials against the simulated org)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('signs in, uses the configured API version and tags every call with Sforce-Call-Options', async () => {
    h = await startHarness();
    const r = await h.sf.signIn();
    expect(r.ok && r.value.orgId).toBe(h.sim.org.orgId);
    await h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', accounts(3));
    await h.sf.query('SELECT Id FROM Account');
    expect(h.sim.org.calls.length).toBe(2);
    expect(h.sim.org.calls.filter((c) => c.version === '67.0')).toHaveLength(2);
    expect(h.sim.org.calls.filter((c) => c.callOptions === 'client=ledgerbridge')).toHaveLength(2);
  });

  it('reports a bad secret as sf_auth_invalid_client and the connection as needing reauthorization', async () => {
    h = await startHarness({ secret: 'not-the-secret' });
    const r = await h.sf.signIn();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('sf_auth_invalid_client');
    expect(!r.ok && r.error.retryable).toBe(false);
    expect(h.sf.health().status).toBe('Needs Reauthorization');
    const out = await h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', accounts(2));
    expect(out.filter((o) => !o.ok && o.error.code === 'sf_auth_invalid_client')).toHaveLength(2);
    expect(h.sim.org.apiUsage).toBe(0);
  });

  it('reports a revoked (blocked) app as sf_auth_revoked, even mid-session', async () => {
    h = await startHarness();
    expect((await h.sf.signIn()).ok).toBe(true);
    h.sim.org.sessions.block();
    const out = await h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', accounts(2));
    expect(out.map((o) => (!o.ok ? o.error.code : 'ok'))).toEqual(['sf_auth_revoked', 'sf_auth_revoked']);
    expect(h.sf.health()).toMatchObject({ status: 'Needs Reauthorization' });
    expect(h.sf.health().reason).toMatch(/blocked/);
  });

  it('re-authenticates when the session expires mid-batch: no record lost or written twice', async () => {
    h = await startHarness();
    await h.sf.signIn();
    // The third of five Collections requests finds its session expired.
    let collections = 0;
    const original = h.sim.org.faults.takeRequestFault.bind(h.sim.org.faults);
    h.sim.org.faults.takeRequestFault = (method, path) => {
      if (path === '/composite' && ++collections === 1) return { kind: 'session_expired' };
      return original(method, path);
    };
    const out = await h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', accounts(1000));
    expect(out.filter((o) => o.ok)).toHaveLength(1000);
    expect(h.sf.health().status).toBe('Healthy');
    expect(h.sim.org.sessions.issued).toBe(2);
    const stored = h.sim.org.records('Account');
    expect(stored).toHaveLength(1000);
    expect(stored.filter((r) => h!.sim.org.store.writeCount(r.Id) === 1)).toHaveLength(1000);
    expect(new Set(stored.map((r) => r.QuickBooks_Customer_Id__c)).size).toBe(1000);
  });

  it('shares one sign-in between concurrent callers after an expiry', async () => {
    h = await startHarness();
    await h.sf.signIn();
    h.sim.org.sessions.expireAll();
    const results = await Promise.all(Array.from({ length: 5 }, () => h!.sf.query('SELECT Id FROM Account')));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(h.sim.org.sessions.issued).toBe(2);
  });

  it('re-authenticates once per request, not in a loop, when the org keeps refusing the session', async () => {
    h = await startHarness();
    await h.sf.signIn();
    h.sim.faults.inject({ kind: 'session_expired', path: '/composite/sobjects', times: 3 });
    const out = await h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', accounts(1));
    expect(!out[0]!.ok && out[0]!.error.code).toBe('sf_session_expired');
    expect(h.sim.org.sessions.issued).toBe(2);
    expect(h.sim.faults.pending()).toHaveLength(1);
  });

  it('signs in again before the session would idle out, without waiting for a 401', async () => {
    let clock = Date.parse('2026-11-02T09:00:00Z');
    const now = () => clock;
    h = await startHarness({
      org: { now, sessionIdleMs: 60 * 60_000 },
      client: { now, sessionIdleMs: 60 * 60_000, refreshMarginMs: 5 * 60_000 },
    });
    await h.sf.signIn();
    await h.sf.query('SELECT Id FROM Account');
    clock += 56 * 60_000; // 4 minutes before the idle timeout
    const r = await h.sf.query('SELECT Id FROM Account');
    expect(r.ok).toBe(true);
    expect(h.sim.org.sessions.issued).toBe(2);
    expect(h.sim.org.calls.map((c) => c.status)).toEqual([200, 200]);
    expect(h.logs.some((l) => l.includes('near idle timeout'))).toBe(true);
    expect(h.logs.join('\n')).not.toContain(TEST_SECRET);
  });
});
