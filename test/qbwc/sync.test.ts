/**
 * Full Web Connector updates over HTTP with the company simulator: the first run pulls every object
 * type, the next pulls only what changed and reports deletions, a 2,000-customer list comes in
 * iterator pages, and a relay restart between two pages loses nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../relay/src/store/index.ts';
import type { Connection } from '../../relay/src/store/connections.ts';
import { requestsRepo } from '../../relay/src/store/requests.ts';
import { upsertConnection } from '../../relay/src/systems/qbd/setup.ts';
import { createCompany, type Company } from '../simulators/qbd/company/index.ts';
import { createWebConnector } from '../simulators/qbd/webconnector/client.ts';
import { openFixture, type Fixture } from './support/fixture.ts';
import { idsOf, inboxRecords } from './support/inbox.ts';
import { startTestRelay, type TestRelay } from './support/relay.ts';

const KINDS = ['account', 'item', 'customer', 'vendor', 'invoice', 'bill', 'payment', 'journalEntry'] as const;
const idOf = (r: { listId?: string; txnId?: string }) => (r.listId ?? r.txnId) as string;
const companyIds = (company: Company, kind: (typeof KINDS)[number]) =>
  company
    .list(kind)
    .map((r) => idOf(r as { listId?: string; txnId?: string }))
    .sort();

describe('Web Connector updates with the company simulator', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.close();
  });

  it('pulls every object type first, then only what changed, and reports deletions', async () => {
    f = await openFixture({ env: { QBWC_PAGE_SIZE: '25' } });
    const company = createCompany({
      seed: 11,
      customers: 60,
      vendors: 12,
      items: 15,
      invoices: 40,
      bills: 10,
      payments: 12,
      journalEntries: 6,
    });
    const first = await f.webConnector(company).run();
    expect(first.status).toBe('completed');
    const stored = await inboxRecords(f.store, f.connection.id);
    for (const kind of KINDS) expect(idsOf(stored, kind)).toEqual(companyIds(company, kind));
    const cursors = await f.store.cursors.all(f.connection.id);
    expect(cursors.map((c) => c.objectType).sort()).toEqual(
      expect.arrayContaining([
        'Account',
        'Bill',
        'Customer',
        'Invoice',
        'Item',
        'JournalEntry',
        'ReceivePayment',
        'Vendor',
      ]),
    );

    // A bookkeeper works in QuickBooks for an hour.
    company.advanceClock(3600);
    const [c1, c2] = company.list('customer');
    const [inv] = company.list('invoice');
    company.edit('customer', c1!.listId, { phone: '555-0101' });
    company.edit('customer', c2!.listId, { email: 'ap@example.com' });
    company.edit('invoice', inv!.txnId, { memo: 'Adjusted' });
    const gone = company.list('vendor').at(-1)!;
    company.delete('vendor', gone.listId);
    const goneTxn = company.list('journalEntry')[0]!;
    company.delete('journalEntry', goneTxn.txnId);

    const before = new Set((await f.store.inbox.list(f.connection.id)).map((i) => i.id));
    const second = await f.webConnector(company).run();
    expect(second.status).toBe('completed');
    expect(second.message).toMatch(/5 new or changed records/);
    const newRows = (await f.store.inbox.list(f.connection.id)).filter((i) => !before.has(i.id));
    const sessionId = newRows[0]?.sessionId;
    const all = await inboxRecords(f.store, f.connection.id);
    // De-duplicated by ID + EditSequence: the overlap window re-reads a few unchanged records.
    const seenFirst = new Set(all.filter((r) => r.session !== sessionId).map((r) => `${r.id}|${r.editSequence}`));
    const rawSecond = all.filter((r) => r.session === sessionId);
    expect(rawSecond.length).toBeLessThan(15);
    const secondRecords = rawSecond.filter((r) => !seenFirst.has(`${r.id}|${r.editSequence}`));
    expect(idsOf(secondRecords, 'customer')).toEqual([c1!.listId, c2!.listId].sort());
    expect(idsOf(secondRecords, 'invoice')).toEqual([inv!.txnId]);
    for (const kind of ['account', 'item', 'vendor', 'bill', 'payment', 'journalEntry'])
      expect(idsOf(secondRecords, kind)).toEqual([]);
    expect(idsOf(secondRecords, 'deletedList')).toEqual([gone.listId]);
    expect(idsOf(secondRecords, 'deletedTxn')).toEqual([goneTxn.txnId]);
  });

  it('takes up the sync requests waiting for the connection as a session opens, and re-reads their customers', async () => {
    f = await openFixture();
    const company = createCompany({ seed: 5, customers: 8, invoices: 6 });
    expect((await f.webConnector(company).run()).status).toBe('completed');
    // What the Salesforce poller records of a user's "Sync with QuickBooks" on one customer's Account.
    const customer = company.list('customer')[2]!.listId;
    const requests = requestsRepo(f.store.db);
    await requests.add({
      id: 'a0R000000000001',
      connectionId: f.connection.id,
      scope: 'account',
      customerId: customer,
    });

    const report = await f.webConnector(company).run();
    expect(report.status).toBe('completed');
    const targeted = report.requests.find((x) => x.includes('<CustomerQueryRq requestID="targeted-'));
    expect(targeted).toContain(`<ListID>${customer}</ListID>`);
    const taken = await requests.get('a0R000000000001');
    expect(taken).toMatchObject({ status: 'in_progress' });
    expect(await f.store.sessions.byId(taken!.sessionId!)).toMatchObject({ connectionId: f.connection.id });
    // Taken up once: the next session has nothing to re-read.
    const next = await f.webConnector(company).run();
    expect(next.requests.some((x) => x.includes('requestID="targeted-'))).toBe(false);
  });

  it('brings a 2,000-customer list in several iterator pages', async () => {
    f = await openFixture({ env: { QBWC_PAGE_SIZE: '500' } });
    const company = createCompany({ seed: 3, customers: 2000, invoices: 5 });
    const report = await f.webConnector(company).run();
    expect(report.status).toBe('completed');
    const customerRequests = report.requests.filter((r) => r.includes('<CustomerQueryRq'));
    expect(customerRequests).toHaveLength(4);
    expect(customerRequests[0]).toContain('iterator="Start"');
    for (const r of customerRequests.slice(1)) expect(r).toMatch(/iterator="Continue" iteratorID="[^"]+"/);
    const stored = await inboxRecords(f.store, f.connection.id);
    expect(idsOf(stored, 'customer')).toEqual(companyIds(company, 'customer'));
    expect(stored.filter((r) => r.kind === 'customer')).toHaveLength(2000);
    // Progress moves through the pages as true integers.
    expect(new Set(report.progress).size).toBe(13);
  });
});

describe('a relay restart between two iterator pages', () => {
  let dir: string;
  let store: Store;
  let relay: TestRelay;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-restart-'));
  });
  afterEach(async () => {
    await relay.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ends the interrupted session cleanly and the next one resumes from the durable cursor', async () => {
    const file = path.join(dir, 'ledgerbridge.sqlite');
    const env = { QBWC_PAGE_SIZE: '500' };
    store = await openStore({ kind: 'embedded', file });
    const connection: Connection = await upsertConnection(store, {
      username: 'acme',
      password: 'pw for the restart test',
    });
    relay = await startTestRelay({ store, env });
    const port = relay.port;
    const company = createCompany({ seed: 5, customers: 2000, invoices: 5 });
    let receivedCustomerPages = 0;
    let restarted = false;
    const wc = (beforeCall?: (op: string) => Promise<void>) =>
      createWebConnector({
        url: `http://127.0.0.1:${port}/qbwc`,
        username: 'acme',
        password: 'pw for the restart test',
        ownerId: connection.ownerId,
        fileId: connection.fileId,
        company,
        ...(beforeCall ? { beforeCall } : {}),
      });

    const interrupted = await wc(async (op) => {
      const rows = await store.inbox.list(connection.id);
      receivedCustomerPages = rows.filter((r) => r.requestKind === 'CustomerQuery').length;
      if (!restarted && op === 'sendRequestXML' && receivedCustomerPages === 2) {
        restarted = true;
        await relay.close();
        await store.close();
        store = await openStore({ kind: 'embedded', file });
        relay = await startTestRelay({ store, env, port });
        // Let the Web Connector's HTTP client notice its kept-alive socket closed (it reconnects).
        await new Promise((r) => setTimeout(r, 50));
      }
    }).run();
    expect(restarted).toBe(true);
    expect(interrupted.status).toBe('error');
    expect(interrupted.message).toMatch(/restarted during this update/);
    expect(interrupted.lastError).toMatch(/restarted during this update/);
    const pagesBefore = await inboxRecords(store, connection.id);
    expect(pagesBefore.filter((r) => r.kind === 'customer')).toHaveLength(1000);
    expect(await store.cursors.get(connection.id, 'Customer')).toBeUndefined();

    const resumed = await wc().run();
    expect(resumed.status).toBe('completed');
    const all = await inboxRecords(store, connection.id);
    expect(idsOf(all, 'customer')).toEqual(companyIds(company, 'customer'));
    expect((await store.cursors.get(connection.id, 'Customer'))?.fromModified).toBeTruthy();
    const sessions = await store.db.query<{ close_reason: string }>(
      'SELECT close_reason FROM qbwc_sessions ORDER BY created_at',
    );
    expect(sessions.map((s) => s.close_reason)).toEqual(['relay_restarted', 'completed']);
  });
});
