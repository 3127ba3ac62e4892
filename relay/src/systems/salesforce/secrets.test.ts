import { startHarness, TEST_SECRET, type Harness } from '../../../../test/simulators/salesforce/harness.ts';

const WRONG_SECRET = 'wrong-Secret-7b1c2d3e4f5a6b7c-NEVER-LOG';

describe('no secret in logs or error messages', () => {
  const harnesses: Harness[] = [];
  afterAll(async () => {
    for (const h of harnesses) await h.close();
  });

  it('a known secret never appears in any log line, outcome or error, across sign-in, re-auth and failures', async () => {
    const good = await startHarness();
    const bad = await startHarness({ secret: WRONG_SECRET });
    harnesses.push(good, bad);
    const seen: unknown[] = [];

    seen.push(await bad.sf.signIn());
    seen.push(
      await bad.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', [
        { QuickBooks_Customer_Id__c: 'a:1', Name: 'A' },
      ]),
    );
    seen.push(bad.sf.health());

    seen.push(await good.sf.signIn());
    good.sim.faults.inject({ kind: 'session_expired' });
    good.sim.faults.inject({ kind: 'unavailable' });
    good.sim.faults.inject({ kind: 'network_reset' });
    seen.push(
      await good.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', [
        { QuickBooks_Customer_Id__c: 'a:1', Name: 'A' },
        { QuickBooks_Customer_Id__c: 'a:2' },
      ]),
    );
    good.sim.org.sessions.block();
    seen.push(await good.sf.query('SELECT Id FROM Account'));
    good.sim.org.sessions.unblock();
    good.sim.faults.inject({ kind: 'request_limit' });
    seen.push(await good.sf.query('SELECT Id FROM Account'));
    seen.push(good.sf.health());

    const text = [...good.logs, ...bad.logs, JSON.stringify(seen)].join('\n');
    expect(good.logs.length).toBeGreaterThan(5);
    expect(text).toContain('sf_auth_invalid_client');
    expect(text).toContain('sf_auth_revoked');
    expect(text).not.toContain(TEST_SECRET);
    expect(text).not.toContain(WRONG_SECRET);
    // Access tokens are secrets too.
    expect(text).not.toMatch(/00D8d0000000001EAA!/);
  });
});
