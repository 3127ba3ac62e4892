import { loadConfig } from '../../config.ts';
import { createLogger } from '../../lib/logger.ts';
import {
  startHarness,
  TEST_CLIENT_ID,
  TEST_SECRET,
  type Harness,
} from '../../../../test/simulators/salesforce/harness.ts';
import { createSalesforceClient } from './client.ts';

const invoice = {
  QuickBooks_Invoice_Id__c: 'acme:inv1',
  Name: 'INV-1',
  Status__c: 'Open',
  Account__r: { QuickBooks_Customer_Id__c: 'acme:1' },
};

async function rawPatch(h: Harness, path: string, body: unknown) {
  const tok = (await (
    await fetch(`${h.sim.url}/services/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: TEST_CLIENT_ID,
        client_secret: TEST_SECRET,
      }),
    })
  ).json()) as { access_token: string };
  const res = await fetch(`${h.sim.url}/services/data/v67.0${path}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('namespace on and off', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('without a namespace, custom names are sent as in source', async () => {
    h = await startHarness();
    await h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', [
      { QuickBooks_Customer_Id__c: 'acme:1', Name: 'Acme' },
    ]);
    const out = await h.sf.upsertRecords('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', [invoice]);
    expect(out[0]!.ok).toBe(true);
    const stored = h.sim.org.find('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:inv1');
    expect(stored?.Account__c).toBe(h.sim.org.find('Account', 'QuickBooks_Customer_Id__c', 'acme:1')?.Id);
    expect(h.sim.org.calls.map((c) => c.path)).toContain(
      '/composite/sobjects/QuickBooks_Invoice__c/QuickBooks_Invoice_Id__c',
    );
  });

  it('with a namespace, every custom object, field and relationship carries ns__', async () => {
    h = await startHarness({ namespace: 'lbr' });
    await h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', [
      { QuickBooks_Customer_Id__c: 'acme:1', Name: 'Acme' },
    ]);
    const out = await h.sf.upsertRecords('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', [invoice]);
    expect(out[0]!.ok).toBe(true);
    const stored = h.sim.org.find('lbr__QuickBooks_Invoice__c', 'lbr__QuickBooks_Invoice_Id__c', 'acme:inv1');
    expect(stored).toMatchObject({ Name: 'INV-1', lbr__Status__c: 'Open' });
    expect(stored?.lbr__Account__c).toBe(h.sim.org.find('Account', 'lbr__QuickBooks_Customer_Id__c', 'acme:1')?.Id);
    const q = await h.sf.query<Record<string, unknown>>(
      `SELECT Id, ${h.sf.namer('Account__r.Name')} FROM ${h.sf.namer('QuickBooks_Invoice__c')} WHERE ${h.sf.namer('Status__c')} = 'Open'`,
    );
    expect(q.ok && q.value[0]).toMatchObject({ lbr__Account__r: { Name: 'Acme' } });
  });

  it('a namespaced org rejects un-prefixed names as a real org would', async () => {
    h = await startHarness({ namespace: 'lbr' });
    const wrongObject = await rawPatch(h, '/sobjects/QuickBooks_Invoice__c/QuickBooks_Invoice_Id__c/x1', { Name: 'x' });
    expect(wrongObject).toEqual({
      status: 404,
      body: [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }],
    });
    const wrongField = await rawPatch(h, '/sobjects/Account/lbr__QuickBooks_Customer_Id__c/c1', {
      Name: 'x',
      QuickBooks_Email__c: 'a@b.co',
    });
    expect(wrongField).toEqual({
      status: 400,
      body: [
        { message: "No such column 'QuickBooks_Email__c' on sobject of type Account", errorCode: 'INVALID_FIELD' },
      ],
    });
  });

  it('a client configured with the wrong namespace gets sf_not_found / sf_invalid_field, never a retry', async () => {
    h = await startHarness({ namespace: '' });
    // Org without a namespace, client that prefixes everything.
    const sf = createSalesforceClient({
      settings: loadConfig({
        SF_LOGIN_URL: h.sim.url,
        SF_CLIENT_ID: TEST_CLIENT_ID,
        SF_CLIENT_SECRET: TEST_SECRET,
        SF_NAMESPACE: 'lbr',
      }).salesforce,
      log: createLogger({ level: 'silent' }),
    });
    const out = await sf.upsertRecords('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', [
      { QuickBooks_Invoice_Id__c: 'a:1', Name: 'x' },
    ]);
    expect(!out[0]!.ok && out[0]!.error).toMatchObject({ code: 'sf_not_found', retryable: false });
    const acct = await sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', [
      { QuickBooks_Customer_Id__c: 'a:1', Name: 'x', QuickBooks_Email__c: 'a@b.co' },
    ]);
    expect(!acct[0]!.ok && acct[0]!.error.code).toBe('sf_not_found');
    const q = await sf.query(`SELECT ${sf.namer('QuickBooks_Email__c')} FROM Account`);
    expect(!q.ok && q.error).toMatchObject({ code: 'sf_invalid_field', sfCode: 'INVALID_FIELD' });
  });
});
