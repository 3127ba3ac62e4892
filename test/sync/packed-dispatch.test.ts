/**
 * A small company's first sync packs its objects and ranks into ordered Composite calls: parents'
 * subrequests before their children's. Each write still settles on its own: confirmed ones land in
 * the id map, a failed parent's children fail with the missing-parent words and reach the failure log.
 */
import { identitiesRepo } from '../../relay/src/store/identities.ts';
import { outboxRepo } from '../../relay/src/store/outbox.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import { startEngineHarness, type EngineHarness } from './engine-harness.ts';
import { smallCompany } from './small-company.ts';

const writeCalls = (h: EngineHarness) =>
  h.sf.sim.org.calls.filter((c) => c.method !== 'GET' && /\/composite(\/sobjects|$)/.test(c.path));

describe.each(testBackends().map((b) => [b.name, b] as const))('packed dispatch on %s', (_name, backend) => {
  let h: EngineHarness;
  afterEach(async () => {
    await h.close();
  });

  it('writes every object and rank of a small company in one Composite call, each write settled', async () => {
    h = await startEngineHarness(backend);
    await h.receive('S1', { ...smallCompany() });
    const summary = await h.engine.drain({ waitForRetriesMs: 1000 });
    expect(summary.dispatched.failed).toBe(0);
    // The connection and run, then every record rank by rank, roll-ups last.
    const calls = writeCalls(h);
    expect(calls.every((c) => c.path.endsWith('/composite'))).toBe(true);
    expect(calls).toHaveLength(1);
    const invoice = h.records('QuickBooks_Invoice__c').find((i) => i.Name === '1002')!;
    const customer = h.records('Account').find((a) => a.Name === 'Kitchen')!;
    expect(invoice.Account__c).toBe(customer.Id);
    expect(h.records('QuickBooks_Invoice_Line__c').filter((l) => l.Invoice__c === invoice.Id)).toHaveLength(2);

    const rows = await outboxRepo(h.store.db).list({ connectionId: 'acme' });
    expect(rows.filter((r) => r.status !== 'done')).toEqual([]);
    const ids = identitiesRepo(h.store.db);
    const inOrg = (object: string, key: string) => ids.localId({ connectionId: 'salesforce', object, key });
    expect(await inOrg('QuickBooks_Invoice__c', 'acme:T-101')).toBe(invoice.Id);
    expect(await inOrg('Account', 'acme:C-2')).toBe(customer.Id);
  });

  it('reads the standard price book in that call: no query of its own', async () => {
    h = await startEngineHarness(backend);
    await h.receive('S1', { ...smallCompany() });
    await h.engine.drain({ waitForRetriesMs: 1000 });
    expect(h.sf.sim.org.calls.filter((c) => c.soql?.includes('Pricebook2'))).toEqual([]);
    const standard = h.sf.sim.org.find('Pricebook2', 'IsStandard', true)!.Id;
    expect(h.records('PricebookEntry').map((e) => e.Pricebook2Id)).toEqual(h.records('Product2').map(() => standard));
    expect(h.records('Opportunity').filter((o) => o.Pricebook2Id === standard).length).toBeGreaterThan(0);
  });

  it('an org with no standard price book: its prices and priced Opportunities fail in words, the rest is written', async () => {
    h = await startEngineHarness(backend);
    const books = h.sf.sim.org.objectOrThrow('Pricebook2');
    h.sf.sim.org.store.remove(books, String(h.sf.sim.org.find('Pricebook2', 'IsStandard', true)!.Id));
    await h.receive('S1', { ...smallCompany() });
    await h.engine.drain({ waitForRetriesMs: 1000 });
    const outbox = outboxRepo(h.store.db);
    expect(await outbox.findByTarget('acme', 'PricebookEntry', 'acme:I-1')).toMatchObject({
      status: 'failed',
      errorCode: 'sf_no_standard_pricebook',
    });
    expect(await outbox.findByTarget('acme', 'Opportunity', 'acme:T-100')).toMatchObject({
      status: 'failed',
      errorCode: 'sf_no_standard_pricebook',
    });
    expect(h.records('PricebookEntry')).toEqual([]);
    expect(h.records('Product2')).toHaveLength(2);
    expect(h.records('QuickBooks_Invoice__c').length).toBeGreaterThan(0);
  });

  it("a failed parent's children in the same call fail with the missing-parent words; the rest is written", async () => {
    h = await startEngineHarness(backend);
    h.sf.sim.org.addValidationRule('Account', (r) => (r.Name === 'Kitchen' ? 'Kitchen is on hold' : undefined));
    await h.receive('S1', { ...smallCompany() });
    const summary = await h.engine.drain({ waitForRetriesMs: 1000 });
    expect(summary.dispatched.failed).toBeGreaterThan(0);

    const outbox = outboxRepo(h.store.db);
    expect(await outbox.findByTarget('acme', 'Account', 'acme:C-2')).toMatchObject({
      status: 'failed',
      errorMessage: 'Kitchen is on hold',
    });
    // T-101 belongs to the job Kitchen (C-2): refused by Salesforce because its Account is not there.
    expect(await outbox.findByTarget('acme', 'QuickBooks_Invoice__c', 'acme:T-101')).toMatchObject({
      status: 'failed',
      errorCode: 'sf_validation',
      errorMessage:
        'Not written: the Account it belongs to (acme:C-2) is not in Salesforce — it failed, or has not been written yet. Once that record is written, replay this one.',
    });
    // T-100 belongs to Kristy Abercrombie (C-1), written in the same call.
    expect(await outbox.findByTarget('acme', 'QuickBooks_Invoice__c', 'acme:T-100')).toMatchObject({ status: 'done' });
    expect(h.records('QuickBooks_Invoice__c').map((i) => i.Name)).toEqual(['1001']);
    const logs = h.records('QuickBooks_Sync_Log__c');
    expect(logs.find((l) => l.Record_Id__c === 'acme:T-101')).toMatchObject({ Status__c: 'Failed' });
    // The Account's own log (its roll-up, refused for the same reason, has one of its own).
    expect(logs.find((l) => l.Log_Key__c === 'acme:Account:acme:C-2')).toMatchObject({
      Status__c: 'Failed',
      Error_Message__c: 'Kitchen is on hold',
    });
  });
});
