/**
 * Salesforce Orders → QuickBooks Online journal entries over real sockets: an Order activated in
 * the org becomes one balanced entry in the connected company, its Id and Synced status land on
 * the Order; changed after posting (set back to draft, its products changed, activated again), a
 * reversal and a new entry; cancelled, a reversal; an unmapped product or a missing department
 * ends Failed with the reason in a Sync Log, and nothing posted. Each entry booked and each reversal
 * lands on the Order as a Sync Log of its own (Succeeded; Book or Reverse; the entry, the one it
 * reverses or replaces, why, when), one row per entry however often it is reported.
 */
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import { decimal, format, subtract, sum } from '../../relay/src/lib/money.ts';
import { saveRecord } from './support/org-save.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

type Row = Record<string, unknown>;

describe('Salesforce Orders → QuickBooks Online journal entries, over sockets', () => {
  let r: QboRelay;
  let book: string;
  let acme: string;
  const products: Record<string, { id: string; entry: string }> = {};

  const save = (object: string, body: Row, id?: string) => saveRecord(r.org, object, body, id);
  const product = (name: string, price: number) => {
    const id = save('Product2', { Name: name, IsActive: true });
    products[name] = {
      id,
      entry: save('PricebookEntry', { Pricebook2Id: book, Product2Id: id, UnitPrice: price, IsActive: true }),
    };
  };
  /** A draft order of these products (quantity, price), then activated. */
  const activatedOrder = (lines: readonly [string, number, number][], extra: Row = {}) => {
    const id = save('Order', {
      AccountId: acme,
      EffectiveDate: '2026-12-01',
      Status: 'Draft',
      Pricebook2Id: book,
      ...extra,
    });
    for (const [name, quantity, price] of lines)
      save('OrderItem', { OrderId: id, PricebookEntryId: products[name]!.entry, Quantity: quantity, UnitPrice: price });
    save('Order', { Status: 'Activated' }, id);
    return id;
  };
  const orderRow = (id: string) => r.org.org.records('Order').find((o) => o.Id === id)!;
  const company = () => r.qbo.company(DEFAULT_REALM);
  const entries = () => company().list('JournalEntry');
  const receivable = () =>
    String(
      company()
        .list('Account')
        .find((a) => a.AccountType === 'Accounts Receivable')!.Id,
    );
  /** Debits less credits on an account, over these entries. */
  const net = (account: string, of = entries()) => {
    const lines = of.flatMap((e) => e.Line as Record<string, Record<string, unknown>>[]);
    const side = (s: string) =>
      sum(
        lines
          .filter(
            (l) =>
              l.JournalEntryLineDetail!.PostingType === s &&
              (l.JournalEntryLineDetail!.AccountRef as Row).value === account,
          )
          .map((l) => decimal(String(l.Amount))),
      );
    return format(subtract(side('Debit'), side('Credit')), 2);
  };
  const ofOrder = (number: unknown) =>
    entries().filter((e) => String(e.PrivateNote).includes(`Salesforce Order ${String(number)}`));
  const logsOf = (orderId: string) => r.org.org.records('QuickBooks_Sync_Log__c').filter((l) => l.Order__c === orderId);
  /**
   * The Order's history: its Book and Reverse logs, oldest first — by when their write was confirmed,
   * and within one write the reversal before the entry it makes way for (the logs of one write are
   * created together, in no set order).
   */
  const history = (orderId: string) =>
    logsOf(orderId)
      .filter((l) => l.Status__c === 'Succeeded')
      .sort(
        (a, b) =>
          String(a.Last_Attempt_At__c).localeCompare(String(b.Last_Attempt_At__c)) ||
          Number(b.Operation__c === 'Reverse') - Number(a.Operation__c === 'Reverse'),
      );
  const entryKey = (e: Row) => `${qboKey}:${String(e.Id)}`;
  /** The org read now, and everything it queues settled. */
  const sync = () => r.settle({ force: true });

  beforeAll(async () => {
    r = await startQboRelay();
    await r.connect();
    await r.settle();
    company().create('Department', { Name: 'West' });
    book = String(r.org.org.find('Pricebook2', 'IsStandard', true)!.Id);
    acme = save('Account', { Name: 'Acme Orders', QuickBooks_Sync_Enabled__c: true });
    product('Design', 150);
    product('Hosting', 0.1);
    await sync();
  });
  afterAll(() => r.close());

  let first: string;
  let qboKey: string;

  it('an Order activated in the org becomes one balanced entry; its Id and Synced land on the Order', async () => {
    first = activatedOrder(
      [
        ['Design', 2, 150],
        ['Hosting', 1, 0.1],
      ],
      { QuickBooks_Department__c: 'West' },
    );
    await sync();
    const booked = ofOrder(orderRow(first).OrderNumber);
    expect(booked).toHaveLength(1);
    expect(net(receivable(), booked)).toBe('300.10');
    const [entry] = booked;
    const west = company()
      .list('Department')
      .find((d) => d.Name === 'West')!;
    const lines = entry!.Line as Record<string, Record<string, unknown>>[];
    expect(lines.every((l) => (l.JournalEntryLineDetail!.DepartmentRef as Row).value === west.Id)).toBe(true);
    const [{ id: connection }] = (await r.relay.runtime.store.db.query<{ id: string }>(
      'SELECT connection_id AS id FROM qbo_companies',
    )) as [{ id: string }];
    qboKey = connection;
    expect(orderRow(first)).toMatchObject({
      QuickBooks_Journal_Entry_Id__c: `${connection}:${String(entry!.Id)}`,
      QuickBooks_Sync_Status__c: 'Synced',
    });
    expect(history(first)).toEqual([
      expect.objectContaining({
        Operation__c: 'Book',
        Object__c: 'Booked Order',
        Direction__c: 'Salesforce to QuickBooks',
        QuickBooks_Id__c: entryKey(entry!),
        Message__c: `Booked as journal entry ${String(entry!.Id)}.`,
        Last_Attempt_At__c: expect.any(String),
      }),
    ]);
    expect(history(first)[0]!.Replaces_Id__c ?? null).toBeNull();
    // The Order our own write changed is read again, and nothing more is posted (nor logged).
    await sync();
    expect(ofOrder(orderRow(first).OrderNumber)).toHaveLength(1);
    expect(history(first)).toHaveLength(1);
  });

  it('changed after posting: a reversal and a new entry (three in all, net the new amount)', async () => {
    const posted = ofOrder(orderRow(first).OrderNumber)[0]!;
    save('Order', { Status: 'Draft' }, first);
    await sync(); // a draft is not read: nothing changes in the books while it is edited
    expect(ofOrder(orderRow(first).OrderNumber)).toHaveLength(1);
    const hosting = r.org.org
      .records('OrderItem')
      .find((l) => l.OrderId === first && l.Product2Id === products.Hosting!.id)!;
    save('OrderItem', { Quantity: 5 }, String(hosting.Id));
    save('Order', { Status: 'Activated' }, first);
    await sync();
    const booked = ofOrder(orderRow(first).OrderNumber);
    expect(booked).toHaveLength(3);
    expect(booked.find((e) => e.Id === posted.Id)).toMatchObject({ SyncToken: posted.SyncToken }); // never edited
    expect(net(receivable(), booked)).toBe('300.50');
    const latest = booked.filter((e) => !String(e.PrivateNote).startsWith('Reverses')).at(-1)!;
    const reversal = booked.find((e) => String(e.PrivateNote).startsWith('Reverses'))!;
    expect(orderRow(first).QuickBooks_Journal_Entry_Id__c).toBe(`${qboKey}:${String(latest.Id)}`);
    // One reversal and one new entry join the history, each saying which entry it takes the place of and why.
    expect(history(first).slice(1)).toEqual([
      expect.objectContaining({
        Operation__c: 'Reverse',
        QuickBooks_Id__c: entryKey(reversal),
        Replaces_Id__c: entryKey(posted),
        Message__c: `Journal entry ${String(posted.Id)} reversed by entry ${String(reversal.Id)}: the Order changed.`,
      }),
      expect.objectContaining({
        Operation__c: 'Book',
        QuickBooks_Id__c: entryKey(latest),
        Replaces_Id__c: entryKey(posted),
        Message__c: `Booked as journal entry ${String(latest.Id)} after the Order changed; it replaces entry ${String(posted.Id)}.`,
      }),
    ]);
  });

  it('cancelled: a reversal, net zero', async () => {
    save('Order', { Status: 'Cancelled' }, first);
    await sync();
    const booked = ofOrder(orderRow(first).OrderNumber);
    expect(booked).toHaveLength(4);
    expect(net(receivable(), booked)).toBe('0.00');
    expect(orderRow(first).QuickBooks_Sync_Status__c).toBe('Synced');
    const live = history(first)[2]!.QuickBooks_Id__c;
    const reversal = booked.at(-1)!;
    // One reversal joins the history: of the entry that stood, because the Order was cancelled.
    expect(history(first)).toHaveLength(4);
    expect(history(first)[3]).toMatchObject({
      Operation__c: 'Reverse',
      QuickBooks_Id__c: entryKey(reversal),
      Replaces_Id__c: live,
      Message__c: `Journal entry ${String(live).split(':').at(-1)} reversed by entry ${String(reversal.Id)}: the Order was cancelled.`,
    });
    await sync();
    expect(history(first)).toHaveLength(4);
  });

  it('an unmapped product or a missing department: Failed, the reason in a Sync Log, no entry', async () => {
    const before = entries().length;
    // A product QuickBooks refuses (a colon in its name) has no item: the order naming it cannot be booked.
    product('Setup: onsite', 80);
    const unmapped = activatedOrder([['Setup: onsite', 1, 80]]);
    const nowhere = activatedOrder([['Design', 1, 150]], { QuickBooks_Department__c: 'East' });
    await sync();
    expect(entries()).toHaveLength(before);
    expect(orderRow(unmapped).QuickBooks_Sync_Status__c).toBe('Failed');
    expect(logsOf(unmapped)).toEqual([
      expect.objectContaining({ Status__c: 'Failed', Error_Code__c: 'qbo_item_missing', Object__c: 'Booked Order' }),
    ]);
    expect(String(logsOf(unmapped)[0]!.Error_Message__c)).toContain('"Setup: onsite"');
    expect(orderRow(nowhere).QuickBooks_Sync_Status__c).toBe('Failed');
    expect(String(logsOf(nowhere)[0]!.Error_Message__c)).toContain(
      `Create the department "East" in QuickBooks Online or fix the Order's department`,
    );
  });

  it('a crash between Intuit posting and the relay noting it: sent again, answered by its requestid, one entry', async () => {
    const id = activatedOrder([['Design', 3, 150]]);
    await sync();
    expect(ofOrder(orderRow(id).OrderNumber)).toHaveLength(1);
    // What a crash right after Intuit's answer leaves: the write still owed, its entry never noted.
    const db = r.relay.runtime.store.db;
    await db.query("DELETE FROM identities WHERE object = 'JournalEntry' AND record_key = $1", [id]);
    await db.query(
      "UPDATE outbox SET status = 'pending', next_attempt_at = 0 WHERE object = 'JournalEntry' AND external_id = $1",
      [id],
    );
    const sent = () => r.qbo.requests.filter((q) => q.method === 'POST' && q.path === '/journalentry');
    const before = sent().length;
    await sync();
    const again = sent().slice(before);
    expect(again).toHaveLength(1);
    expect(sent().filter((q) => q.requestId === again[0]!.requestId)).toHaveLength(2);
    const booked = ofOrder(orderRow(id).OrderNumber);
    expect(booked).toHaveLength(1);
    expect(orderRow(id).QuickBooks_Journal_Entry_Id__c).toBe(`${qboKey}:${String(booked[0]!.Id)}`);
    // Reported twice (before the crash and after): one row.
    expect(history(id)).toEqual([
      expect.objectContaining({ Operation__c: 'Book', QuickBooks_Id__c: entryKey(booked[0]!) }),
    ]);
  });
});
