/**
 * The Dynamics feed over sockets against the Dataverse simulator, on each store backend: the first
 * read in full, edits and deletions through the delta links only, an expired link read in full
 * again, a crash between pages, webhook notices drained, and the source decoding what was stored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startDynHarness, type DynHarness } from '../../../../../test/relay/support/dynamics-client.ts';
import { testBackends } from '../../../../../test/qbwc/support/stores.ts';
import { dynamicsStore } from '../../../../../test/relay/support/dynamics-store.ts';
import { createLogger } from '../../../lib/logger.ts';
import type { Store } from '../../../store/index.ts';
import type { Feed } from '../../registry.ts';
import type { DataverseClient } from '../api/types.ts';
import { createDynamicsSource } from '../source.ts';
import { decodePage, type Page } from './page.ts';
import { createDynamicsFeed, type NoticeQueue, type PendingChange } from './index.ts';

const START = Date.UTC(2026, 10, 2, 9, 30, 0);
/** The first read's pages as stored, the source's unit tests decode (`../source.test.ts`). */
const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'pages.simulator.json');

/** Every GUID renamed in order of first appearance, an order number's random part masked: the same each run. */
function normalized(text: string): string {
  const names = new Map<string, string>();
  return text
    .replace(/(ORD-\d+-)[A-Z0-9]+/g, '$1XXXXXX')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (g) => {
      if (!names.has(g)) names.set(g, `00000000-0000-4000-8000-${String(names.size + 1).padStart(12, '0')}`);
      return names.get(g)!;
    });
}
const CONNECTION = 'contoso';

/** Notices held in memory, as the webhook route's store would hand them over. */
function memoryNotices(): NoticeQueue & { waiting: PendingChange[]; settled: PendingChange[] } {
  const q = {
    waiting: [] as PendingChange[],
    settled: [] as PendingChange[],
    pending: async (connectionId: string, limit: number) =>
      connectionId === CONNECTION ? q.waiting.slice(0, limit) : [],
    done: async (_connectionId: string, changes: readonly PendingChange[]) => {
      q.settled.push(...changes);
      q.waiting = q.waiting.filter((p) => !changes.includes(p));
    },
  };
  return q;
}

describe.each(testBackends().map((b) => [b.name, b] as const))('Dynamics feed on %s', (_name, backend) => {
  let h: DynHarness;
  let store: Store;
  let client: DataverseClient;
  let logs: Record<string, unknown>[];
  const now = () => h.sim.clock.now();
  const source = createDynamicsSource({ now, orderTrigger: 'submitted', productItemType: 'Service' });
  const t = (name: string) => h.sim.env.table(name);

  beforeEach(async () => {
    h = await startDynHarness({ startAt: START });
    for (const table of ['account', 'contact', 'product', 'salesorder']) await h.provision(table);
    // The store's clock moves a millisecond a call, so pages stored in one instant keep their order.
    let tick = 0;
    store = await dynamicsStore(backend, [CONNECTION], { now, storeNow: () => now() + ++tick });
    client = h.client();
    logs = [];
  });
  afterEach(async () => {
    await store.close();
    await h.close();
  });

  const feedWith = (over: Partial<Parameters<typeof createDynamicsFeed>[0]> = {}): Feed =>
    createDynamicsFeed({
      store,
      log: createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) }),
      now,
      clientFor: (id) => (id === CONNECTION ? client : undefined),
      ...over,
    });

  /** The pages in the inbox, oldest first, decoded as stored. */
  async function pages(): Promise<(Page & { kind: string; readId: string | null })[]> {
    return (await store.inbox.list(CONNECTION)).map((item) => {
      const page = decodePage(item.payload);
      if (!page.ok) throw new Error(page.error.message);
      return { ...page.value, kind: item.requestKind, readId: item.sessionId };
    });
  }
  const ids = (p: Page) => p.rows.map((r) => r[`${p.table}id`]);
  const decoded = async (from = 0) =>
    (await store.inbox.list(CONNECTION)).slice(from).map((item) => {
      const r = source.decode(item.payload, item.requestKind, { homeCurrency: 'USD' });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    });

  /** Acme with its primary contact, a supplier, a service, and a submitted order of it. */
  function company() {
    const wile = t('contact').insert({ firstname: 'Wile', lastname: 'Coyote', emailaddress1: 'wile@acme.example' });
    const acme = t('account').insert({
      name: 'Acme',
      customertypecode: 3,
      telephone1: '555-0100',
      primarycontactid: { table: 'contact', id: wile.contactid as string },
    });
    // A vendor the QuickBooks flow wrote: it names its QuickBooks record.
    const supplier = t('account').insert({
      name: 'Roadrunner Supply',
      customertypecode: 11,
      lb_quickbooksconnection: 'acme-desktop',
      lb_quickbooksid: '80000002-1271891748',
    });
    const consulting = t('product').insert({ name: 'Consulting', producttypecode: 3, price: '150.0000' });
    const order = t('salesorder').insert({
      name: 'Acme order',
      customerid: { table: 'account', id: acme.accountid as string },
      statecode: 1,
      statuscode: 3,
      submitdate: '2026-11-02T09:00:00Z',
    });
    t('salesorderdetail').insert({
      salesorderid: { table: 'salesorder', id: order.salesorderid as string },
      productid: { table: 'product', id: consulting.productid as string },
      quantity: '2.00000',
      priceperunit: '150.0000',
      ispriceoverridden: true,
      lineitemnumber: 1,
    });
    return {
      wile: wile.contactid as string,
      acme: acme.accountid as string,
      supplier: supplier.accountid as string,
      consulting: consulting.productid as string,
      order: order.salesorderid as string,
    };
  }

  it('reads every table in full first: the right canonical records, and a delta link per table', async () => {
    const c = company();
    await feedWith().round(false);
    const stored = await pages();
    expect(stored.map((p) => [p.kind, p.table, ids(p)])).toEqual([
      ['account', 'account', [c.acme, c.supplier]],
      ['product', 'product', [c.consulting]],
      ['salesorder', 'salesorder', [c.order]],
    ]);
    const recorded = (await store.inbox.list(CONNECTION)).map((i) => ({
      requestKind: i.requestKind,
      payload: JSON.parse(i.payload) as unknown,
    }));
    const live = normalized(`${JSON.stringify(recorded, null, 1)}\n`);
    if (process.env.RECORD_DYNAMICS_FIXTURES === '1') fs.writeFileSync(FIXTURE, live);
    expect(live).toBe(fs.readFileSync(FIXTURE, 'utf8'));
    const records = (await decoded()).flatMap((d) => d.records);
    expect(records).toMatchObject([
      {
        type: 'customer',
        id: c.acme,
        name: 'Acme',
        phone: '555-0100',
        contact: { firstName: 'Wile', lastName: 'Coyote', email: 'wile@acme.example' },
      },
      {
        type: 'vendor',
        id: c.supplier,
        name: 'Roadrunner Supply',
        mirrorOf: { object: 'accounts', key: '80000002-1271891748' },
        assignedTo: 'acme-desktop',
      },
      { type: 'item', id: c.consulting, itemType: 'Service', price: '150.00' },
      {
        type: 'invoice',
        id: c.order,
        customerId: c.acme,
        txnDate: '2026-11-02',
        total: '300.00',
        lines: [{ itemId: c.consulting, quantity: '2', rate: '150.00', amount: '300.00' }],
      },
    ]);
    const cursors = await store.cursors.all(CONNECTION);
    expect(cursors.map((k) => [k.objectType, k.fromModified?.includes('$deltatoken=')])).toEqual([
      ['account', true],
      ['contact', true],
      ['product', true],
      ['salesorder', true],
    ]);
    // Counts per table in the log, never what the rows hold.
    const read = logs.find((l) => l.msg === 'read Dynamics 365');
    expect(read).toMatchObject({ read: 'tracking', ok: true, accountRows: 2, productRows: 1, salesorderRows: 1 });
    expect(JSON.stringify(logs)).not.toMatch(/Acme|Coyote|555-0100/);
  });

  it('keeps the pages of one read in the order read, though stored in the same instant', async () => {
    await store.close();
    store = await dynamicsStore(backend, [CONNECTION], { now, storeNow: () => START });
    for (let n = 0; n < 12; n++) {
      t('account').insert({ name: `Account ${n}`, customertypecode: 3 });
      t('product').insert({ name: `Product ${n}`, producttypecode: 3, price: '10.0000' });
    }
    await feedWith({ pageSize: 2 }).round(false);
    const stored = await pages();
    expect(stored).toHaveLength(12);
    const names = (prefix: string) => Array.from({ length: 12 }, (_, n) => `${prefix} ${n}`);
    expect(stored.flatMap((p) => p.rows.map((r) => r.name))).toEqual([...names('Account'), ...names('Product')]);
  });

  it('reads an edit, a contact’s edit and a deletion through the delta links only', async () => {
    const c = company();
    const feed = feedWith();
    await feed.round(false);
    const before = (await pages()).length;
    h.sim.clock.advance(60_000);
    const asked = h.sim.requests.length;
    t('account').update(c.supplier, { telephone1: '555-0200' });
    t('contact').update(c.wile, { emailaddress1: 'coyote@acme.example' });
    t('product').delete(c.consulting);
    await feed.round(false);

    const later = (await pages()).slice(before);
    expect(later.map((p) => [p.table, ids(p), p.deleted.map((d) => d.id)])).toEqual([
      ['account', [c.acme], []], // through its primary contact
      ['account', [c.supplier], []],
      ['product', [], [c.consulting]],
    ]);
    const paths = h.sim.requests.slice(asked).map((r) => decodeURIComponent(r.path));
    expect(paths.every((p) => p.includes('$deltatoken=') || p.includes('$filter='))).toBe(true);
    const records = (await decoded(before)).flatMap((d) => d.records);
    expect(records).toMatchObject([
      { type: 'customer', id: c.acme, contact: { email: 'coyote@acme.example' } },
      { type: 'vendor', id: c.supplier, phone: '555-0200' },
      { type: 'deletion', recordType: 'item', id: c.consulting },
    ]);

    // Nothing changed since: nothing stored.
    h.sim.clock.advance(60_000);
    await feed.round(false);
    expect(await pages()).toHaveLength(before + 3);
  });

  it('reads a table in full again when its delta link expired, and says so', async () => {
    const c = company();
    const feed = feedWith();
    await feed.round(false);
    const before = (await pages()).length;
    h.sim.clock.advance(8 * 86_400_000);
    t('account').update(c.supplier, { telephone1: '555-0300' });
    const asked = h.sim.requests.length;
    await feed.round(false);
    // The accounts are read in full after the contacts were (a contact changed meanwhile is in them).
    expect(logs.filter((l) => String(l.msg).includes('delta link expired')).map((l) => l.table)).toEqual([
      'contact',
      'product',
      'salesorder',
    ]);
    expect(logs.filter((l) => l.msg === 'read Dynamics 365 tables in full').map((l) => l.tables)).toEqual([
      'contact,account,product,salesorder',
      'contact,account,product,salesorder',
    ]);
    const full = h.sim.requests.slice(asked).map((r) => decodeURIComponent(r.path));
    expect(full.filter((p) => p.startsWith('accounts?$select=accountid,name') && !p.includes('$filter'))).toHaveLength(
      1,
    );
    // The unchanged pages are not stored again; the account page changed.
    const later = (await pages()).slice(before);
    expect(later.map((p) => [p.table, ids(p)])).toEqual([['account', [c.acme, c.supplier]]]);
    expect(later[0]!.rows[1]).toMatchObject({ telephone1: '555-0300' });
  });

  it('a crash between pages loses nothing and stores nothing twice; a read in progress is a delivery open', async () => {
    const accounts = ['A', 'B', 'C', 'D', 'E'].map((name) => t('account').insert({ name }).accountid as string);
    let crash = true;
    const open: boolean[] = [];
    const faulty: DataverseClient = {
      ...client,
      select: async function* (entitySet, opts) {
        let n = 0;
        for await (const page of client.select(entitySet, opts)) {
          open.push(await source.receiving(store.db, CONNECTION, now()));
          if (entitySet === 'accounts' && ++n === 3 && crash) {
            crash = false;
            throw new Error('relay killed');
          }
          yield page;
        }
      },
    };
    const feed = feedWith({ clientFor: () => faulty, pageSize: 2 });
    await feed.round(false);
    expect(logs.find((l) => l.msg === 'a Dynamics 365 read failed')).toBeDefined();
    expect((await pages()).map(ids)).toEqual([accounts.slice(0, 2)]);
    expect(await store.cursors.get(CONNECTION, 'account')).toMatchObject({ fromModified: null });

    await feed.round(true);
    const stored = await pages();
    expect(stored.map(ids)).toEqual([accounts.slice(0, 2), accounts.slice(2, 4), accounts.slice(4)]);
    expect((await store.cursors.get(CONNECTION, 'account'))?.fromModified).toContain('$deltatoken=');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every(Boolean)).toBe(true);
    const readId = stored.at(-1)!.readId!;
    expect(await source.deliveryOpen(store.db, CONNECTION, readId, now())).toBe(false);
    expect(await source.receiving(store.db, CONNECTION, now())).toBe(false);
  });

  it('a crash as the delta link moves takes the last page back with it: the next round stores it', async () => {
    const c = company();
    const feed = feedWith();
    await feed.round(false);
    const before = (await pages()).length;
    h.sim.clock.advance(60_000);
    t('product').update(c.consulting, { price: '175.0000' });
    const link = (await store.cursors.get(CONNECTION, 'product'))!.fromModified;
    const failing: Store = {
      ...store,
      transaction: (fn) =>
        store.transaction((tx) =>
          fn({
            ...tx,
            cursors: {
              ...tx.cursors,
              put: async (id, cursor, o) => {
                if (cursor.objectType === 'product') throw new Error('relay killed');
                return tx.cursors.put(id, cursor, o);
              },
            },
          }),
        ),
    };
    await feedWith({ store: failing }).round(false);
    expect(await pages()).toHaveLength(before);
    expect((await store.cursors.get(CONNECTION, 'product'))!.fromModified).toBe(link);
    h.sim.clock.advance(60_000);
    await feed.round(false);
    const later = (await pages()).slice(before);
    expect(later.map((p) => [p.table, ids(p), p.rows[0]?.price])).toEqual([['product', [c.consulting], '175.0000']]);
    expect((await store.cursors.get(CONNECTION, 'product'))!.fromModified).not.toBe(link);
  });

  it('drains webhook notices by reading their rows, marks them done, and tracks changes on the slower schedule', async () => {
    const c = company();
    const notices = memoryNotices();
    const feed = feedWith({ notices });
    await feed.round(false);
    const before = (await pages()).length;
    h.sim.clock.advance(10_000);
    t('account').update(c.acme, { telephone1: '555-0111' });
    t('product').delete(c.consulting);
    const notice = (entity: string, rowId: string, messageName: PendingChange['messageName']): PendingChange => ({
      id: `${entity}:${rowId}`,
      entity,
      rowId,
      messageName,
      changedAt: '2026-11-02T09:30:10.000Z',
      postImage: { name: 'an image lacks the primary contact' },
    });
    notices.waiting.push(
      notice('account', c.acme, 'Update'),
      notice('product', c.consulting, 'Delete'),
      notice('lead', '7a000000-0000-4000-8000-000000000001', 'Create'),
      notice('account', 'accountid ne null', 'Update'),
    );
    const asked = h.sim.requests.length;
    await feed.round(false);
    expect(notices.waiting).toEqual([]);
    expect(notices.settled.map((p) => p.entity)).toEqual(['account', 'product', 'lead', 'account']);
    const later = (await pages()).slice(before);
    expect(later.map((p) => [p.table, ids(p), p.deleted])).toEqual([
      ['account', [c.acme], []],
      ['product', [], [{ id: c.consulting, deletedAt: '2026-11-02T09:30:10.000Z' }]],
    ]);
    expect((await decoded(before))[0]!.records[0]).toMatchObject({
      phone: '555-0111',
      contact: { lastName: 'Coyote' },
    });
    // Change tracking just ran: not due; the rows were read by id with their related rows.
    const paths = h.sim.requests.slice(asked).map((r) => decodeURIComponent(r.path));
    expect(paths).toEqual([
      expect.stringMatching(/^accounts\?\$select=.*&\$filter=accountid eq .*&\$expand=primarycontactid/),
    ]);

    // Webhooks arriving: change tracking waits its 15 minutes, then catches up.
    const tracking = () => logs.filter((l) => l.read === 'tracking').length;
    const tracked = tracking();
    h.sim.clock.advance(5 * 60_000);
    await feed.round(false);
    expect(tracking()).toBe(tracked);
    h.sim.clock.advance(11 * 60_000);
    await feed.round(false);
    expect(tracking()).toBe(tracked + 1);
  });

  it('without webhooks change tracking runs once a minute', async () => {
    company();
    const feed = feedWith();
    await feed.round(false);
    const tracking = () => logs.filter((l) => l.read === 'tracking').length;
    h.sim.clock.advance(30_000);
    await feed.round(false);
    expect(tracking()).toBe(1);
    h.sim.clock.advance(30_000);
    await feed.round(false);
    expect(tracking()).toBe(2);
  });

  it('a row the source cannot map is a failure in words; the rest of its page is used', async () => {
    const good = t('account').insert({ name: 'Acme' }).accountid as string;
    const nameless = t('account').insert({ name: null }).accountid as string;
    await feedWith().round(false);
    const [page] = await decoded();
    expect(page!.records.map((r) => r.id)).toEqual([good]);
    expect(page!.failures).toEqual([
      {
        sourceType: 'customer',
        sourceId: nameless,
        error: {
          code: 'dyn_row_unreadable',
          message: `The account row ${nameless} could not be read: name: Invalid input: expected string, received null.`,
          retryable: false,
        },
      },
    ]);
  });
});
