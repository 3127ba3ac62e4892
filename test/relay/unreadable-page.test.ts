/**
 * A page of a Web Connector session the relay cannot read (a customer whose EditSequence is garbled):
 * it is quarantined with the reason in words, reported once as a Sync Log, and the customer cursor
 * is rewound, so the next session reads those customers again and they end in the org — whether
 * the page is read after the session or while the session still runs (its last page must not move
 * the cursor past the quarantined one).
 */
import type { Company } from '../simulators/qbd/company/index.ts';
import type { QuickBooksLike } from '../simulators/qbd/webconnector/client.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';

const COMPANY = { seed: 5, customers: 25, vendors: 0, items: 0, invoices: 0, bills: 0, payments: 0, journalEntries: 0 };

const idAfterConnection = (externalId: unknown) => String(externalId).split(':').slice(1).join(':');

/** QuickBooks customers whose Account is in the org. */
const customersInOrg = (r: InProcessRelay) =>
  r.sim.org
    .records('Account')
    .filter((a) => a.QuickBooks_Type__c === 'Customer')
    .map((a) => idAfterConnection(a.QuickBooks_Customer_Id__c))
    .sort();

const companyCustomers = (c: Company) =>
  c
    .list('customer')
    .map((x) => x.listId)
    .sort();

const inboxLogs = (r: InProcessRelay) =>
  r.sim.org.records('QuickBooks_Sync_Log__c').filter((l) => String(l.Log_Key__c).includes(':inbox:'));

async function quarantinedCustomerPage(r: InProcessRelay) {
  const store = r.relay.runtime.store;
  const [connection] = await store.connections.list();
  const quarantined = await store.inbox.list(connection!.id, { status: 'quarantined' });
  expect(quarantined).toHaveLength(1);
  return { connection: connection!, page: quarantined[0]! };
}

describe('an unreadable QuickBooks page in a Web Connector session', () => {
  let r: InProcessRelay;
  afterEach(async () => {
    await r.close();
  });

  it('is quarantined and reported in words once, and the next session reads its customers again into the org', async () => {
    r = await startInProcessRelay(COMPANY, { env: { QBWC_PAGE_SIZE: '10' } });
    r.company.faults.inject('unreadableRecord', { query: 'CustomerQuery' });
    const first = await r.webConnector();
    expect(first.status).toBe('completed');
    await r.settle();

    const { connection, page } = await quarantinedCustomerPage(r);
    expect(page.payload).toContain('<EditSequence>not an edit sequence</EditSequence>');
    expect(page.error).toBe('qbxml_invalid_identity');
    expect(page.errorMessage).toMatch(/^Ledgerbridge could not read a page of the customer list QuickBooks sent/);
    expect(page.errorMessage).toMatch(/Its records are read again at the next session\.$/);
    // The cursor the page fed is back where it was before (the first read: from the beginning).
    expect((await r.relay.runtime.store.cursors.get(connection.id, 'Customer'))?.fromModified).toBeNull();
    const logs = inboxLogs(r);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      Log_Key__c: `${connection.id}:inbox:${page.id}`,
      Status__c: 'Failed',
      Object__c: 'CustomerQuery',
      Error_Code__c: 'qbxml_invalid_identity',
      Error_Message__c: page.errorMessage,
    });
    // The 10 customers of that page are not in the org yet; the other 15 are.
    expect(customersInOrg(r)).toHaveLength(15);

    const second = await r.webConnector();
    expect(second.status).toBe('completed');
    await r.settle();
    expect(customersInOrg(r)).toEqual(companyCustomers(r.company));
    expect(inboxLogs(r)).toHaveLength(1);
    expect(await r.relay.runtime.store.inbox.list(connection.id, { status: 'quarantined' })).toHaveLength(1);
    // The bookkeeper's log says it is over: read again, nothing left to do.
    expect(inboxLogs(r)[0]).toMatchObject({ Status__c: 'Resolved' });
    expect(String(inboxLogs(r)[0]!.Error_Message__c)).toMatch(/ Its records were read again by a later session\.$/);
  });

  it('keeps the rewind when the page is read while the session still runs: its last page does not move the cursor', async () => {
    r = await startInProcessRelay(COMPANY, { env: { QBWC_PAGE_SIZE: '10' } });
    r.company.faults.inject('unreadableRecord', { query: 'CustomerQuery' });
    // The relay reads what it received before QuickBooks answers each next customer page.
    const company: QuickBooksLike = {
      ...r.company,
      processAsync: async (xml) => {
        if (/<CustomerQueryRq[^>]*iterator="Continue"/.test(xml)) await r.relay.runtime.tick();
        return r.company.processAsync(xml);
      },
    };
    const first = await r.webConnector({ company });
    expect(first.status).toBe('completed');
    const { connection, page } = await quarantinedCustomerPage(r);
    const cursor = await r.relay.runtime.store.cursors.get(connection.id, 'Customer');
    // Rewound (version 1) while the step ran; its last page found the cursor changed and left it.
    expect(cursor).toMatchObject({ fromModified: null, version: 1 });
    expect(page.cursor).toEqual({ type: 'Customer', from: null, version: 0 });
    await r.settle();
    expect(inboxLogs(r)).toHaveLength(1);

    const second = await r.webConnector();
    expect(second.status).toBe('completed');
    await r.settle();
    expect(customersInOrg(r)).toEqual(companyCustomers(r.company));
    expect((await r.relay.runtime.store.cursors.get(connection.id, 'Customer'))?.fromModified).not.toBeNull();
  });
});
