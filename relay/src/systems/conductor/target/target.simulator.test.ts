/**
 * The Conductor target against the Conductor simulator over sockets, with the store's identities
 * as the engine leaves them (what a write was confirmed under, and — read back — the QuickBooks
 * record at the revision the write answered): records are added with their references resolved,
 * not sent again when QuickBooks holds them, updated with their revision, linked when made behind
 * the relay's back, never doubled after a lost answer, not overwritten when QuickBooks changed them
 * since the relay read them, deactivated or voided on removal, and failed retryable at once when
 * QuickBooks is not running.
 */
import {
  startConductorSimulator,
  type ConductorSimulator,
  type SimCompany,
} from '../../../../../test/simulators/conductor/index.ts';
import { testBackends, type TestBackend } from '../../../../../test/qbwc/support/stores.ts';
import type { Store } from '../../../store/index.ts';
import { identitiesRepo } from '../../../store/identities.ts';
import { topologyRepo } from '../../../store/topology.ts';
import type { TargetAdapter, WriteOutcome } from '../../../sync/adapters.ts';
import type { CanonicalRecord, Customer, Invoice, Item, Vendor } from '../../../sync/model.ts';
import { createConductorClient } from '../api/index.ts';
import { createConductorTarget } from './index.ts';

const CONNECTION = 'cdt-acme';
const ctx = { connectionKey: 'acme', today: '2026-03-10' };
const updatedAt = '2026-03-01T10:00:00Z';

const customer = (extra: Partial<Customer> = {}): Customer => ({
  type: 'customer',
  id: '001000000000001AAA',
  updatedAt,
  name: 'Globex',
  fullName: 'Globex',
  isActive: true,
  companyName: 'Globex Corporation',
  phone: '555-0100',
  billing: { street: '1 Main St\nSuite 2', city: 'Springfield', state: 'IL', postalCode: '62701' },
  contact: { firstName: 'Hank', lastName: 'Scorpio', title: 'CEO' },
  ...extra,
});
const vendor: Vendor = { type: 'vendor', id: '001000000000002AAA', updatedAt, name: 'Acme Supply', isActive: true };
const item = (extra: Partial<Item> = {}): Item => ({
  type: 'item',
  id: '01t000000000001AAA',
  updatedAt,
  name: 'Setup',
  fullName: 'Setup',
  itemType: 'Service',
  isActive: true,
  price: '150.00',
  description: 'On-site setup',
  ...extra,
});
const invoice: Invoice = {
  type: 'invoice',
  id: '006000000000001AAA',
  updatedAt,
  customerId: customer().id,
  txnDate: '2026-03-09',
  total: '300.00',
  balance: '300.00',
  memo: 'Won deal',
  lines: [{ id: 'l1', itemId: item().id, description: 'Setup', quantity: '2', rate: '150.00', amount: '300.00' }],
};

describe.each(testBackends().map((b): [string, TestBackend] => [b.name, b]))('Conductor target (%s store)', (_n, b) => {
  let sim: ConductorSimulator;
  let co: SimCompany;
  let store: Store;
  let target: TargetAdapter;

  const clientOf = (timeoutMs?: number) =>
    createConductorClient({
      baseUrl: sim.url,
      secretKey: sim.secretKey,
      endUserId: co.endUserId,
      sleep: async (ms) => sim.clock.advance(ms),
      now: sim.clock.now,
      ...(timeoutMs ? { timeoutMs, retries: 0 } : {}),
    });

  beforeEach(async () => {
    sim = await startConductorSimulator({ startAt: Date.UTC(2026, 2, 10, 14) });
    co = sim.company(sim.endUserIds[0]!);
    co.create('accounts', { name: 'Services', accountType: 'income' });
    store = await b.open();
    await topologyRepo(store.db).ensureConnection({ id: CONNECTION, system: 'conductor', label: 'Acme', settings: {} });
    target = createConductorTarget({ connectionId: CONNECTION, client: clientOf(), db: store.db });
  });
  afterEach(async () => {
    await store.close();
    await sim.close();
  });

  /** Sends the records' writes as the engine does (rank by rank, one call per object), noting what it notes. */
  async function sync(records: readonly CanonicalRecord[], t = target): Promise<WriteOutcome[]> {
    const writes = records.flatMap((r) => t.writesFor(r, ctx));
    const identities = identitiesRepo(store.db);
    const out: WriteOutcome[] = [];
    for (const rank of [...new Set(writes.map((w) => w.rank))].sort((x, y) => x - y))
      for (const object of new Set(writes.filter((w) => w.rank === rank).map((w) => w.object))) {
        const batch = writes.filter((w) => w.rank === rank && w.object === object);
        const answers = await t.write(object, '', batch);
        for (const [i, a] of answers.entries()) {
          out.push(a);
          if (!a.ok || !a.targetId) continue;
          const w = batch[i]!;
          await identities.noteWritten({ connectionId: CONNECTION, object, key: w.externalId }, a.targetId, null);
          const read = { connectionId: CONNECTION, object: w.source.type, key: a.targetId };
          await identities.noteWritten(read, a.targetId, null);
          if (a.version) await identities.noteVersion(read, a.version);
        }
      }
    return out;
  }

  const posts = () => sim.requests.filter((r) => r.method === 'POST').length;
  const only = <T>(xs: readonly T[]): T => {
    expect(xs).toHaveLength(1);
    return xs[0]!;
  };

  test('new records are added, the invoice naming its customer and item by their QuickBooks ids', async () => {
    const outcomes = await sync([customer(), vendor, item(), invoice]);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(outcomes.every((o) => o.ok && o.created && o.version)).toBe(true);
    const c = only(co.list('customers'));
    expect(c).toMatchObject({
      name: 'Globex',
      companyName: 'Globex Corporation',
      firstName: 'Hank',
      lastName: 'Scorpio',
      jobTitle: 'CEO',
      phone: '555-0100',
      billingAddress: { line1: '1 Main St', line2: 'Suite 2', city: 'Springfield', state: 'IL', postalCode: '62701' },
    });
    expect(only(co.list('vendors'))).toMatchObject({ name: 'Acme Supply' });
    const s = only(co.list('service-items'));
    expect(s).toMatchObject({
      name: 'Setup',
      salesOrPurchaseDetails: {
        description: 'On-site setup',
        price: '150.00',
        postingAccount: { fullName: 'Services' },
      },
    });
    const inv = only(co.list('invoices'));
    expect(inv).toMatchObject({
      customer: { id: c.id },
      transactionDate: '2026-03-09',
      memo: 'Won deal',
      subtotal: '300.00',
      lines: [{ item: { id: s.id }, quantity: 2, rate: '150.00', amount: '300.00' }],
    });
    expect(String(inv.externalId)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  test('a second write of the same records sends nothing', async () => {
    await sync([customer(), vendor, item(), invoice]);
    const before = posts();
    const again = await sync([customer(), vendor, item(), invoice]);
    expect(again.every((o) => o.ok && !o.created)).toBe(true);
    expect(posts()).toBe(before);
    expect(co.list('invoices')).toHaveLength(1);
  });

  test('a changed field is updated with the revision QuickBooks has, and the new revision is the outcome version', async () => {
    const [made] = await sync([customer()]);
    const before = posts();
    const [changed] = await sync([customer({ phone: '555-0199' })]);
    expect(posts()).toBe(before + 1);
    expect(changed).toMatchObject({ ok: true, created: false });
    const c = only(co.list('customers'));
    expect(c.phone).toBe('555-0199');
    expect(changed!.ok && changed!.version).toBe(c.revisionNumber);
    expect(made!.ok && made!.version).not.toBe(c.revisionNumber);
  });

  test('a record made behind the relay with the same name is linked, not doubled', async () => {
    const theirs = co.create('customers', { name: 'GLOBEX', phone: '555-0100' });
    const theirItem = co.create('service-items', { name: 'Setup' });
    const [i, c] = await sync([customer(), item()]); // items rank before customers
    expect(c).toMatchObject({ ok: true, created: false, targetId: theirs.id });
    expect(i).toMatchObject({ ok: true, created: false, targetId: theirItem.id });
    expect(co.list('customers')).toHaveLength(1);
    expect(co.list('service-items')).toHaveLength(1);
    expect(only(co.list('service-items')).salesOrPurchaseDetails).toMatchObject({ price: '150.00' });
  });

  test('an invoice whose answer was lost is found by its GUID when sent again, not added twice', async () => {
    await sync([customer(), item()]);
    sim.faults.inject('slow', { path: 'invoices', method: 'POST', delayMs: 400 });
    const impatient = createConductorTarget({ connectionId: CONNECTION, client: clientOf(150), db: store.db });
    const [lost] = await sync([invoice], impatient);
    expect(lost).toMatchObject({ ok: false, error: { retryable: true } });
    await new Promise((r) => setTimeout(r, 500));
    const made = only(co.list('invoices'));
    const before = posts();
    const [again] = await sync([invoice]);
    expect(again).toMatchObject({ ok: true, created: false, targetId: made.id });
    expect(posts()).toBe(before);
    expect(co.list('invoices')).toHaveLength(1);
  });

  test('a record changed in QuickBooks since the relay read it is not overwritten; it goes once that change is read', async () => {
    await sync([customer()]);
    const id = String(only(co.list('customers')).id);
    co.update('customers', id, { phone: '555-7777' }); // the bookkeeper, behind the relay's back
    const before = posts();
    const [stale] = await sync([customer({ email: 'ap@globex.example' })]);
    expect(stale).toMatchObject({ ok: false, error: { code: 'cdt_changed_since_read', retryable: true } });
    expect(stale!.ok || stale!.error.message).toMatch(/changed the customer "Globex" since the relay last read it/);
    expect(posts()).toBe(before);
    expect(only(co.list('customers'))).toMatchObject({ phone: '555-7777', email: null });
    // The change is read (the source notes the revision it read), then the write goes.
    const current = String(only(co.list('customers')).revisionNumber);
    await identitiesRepo(store.db).noteVersion({ connectionId: CONNECTION, object: 'customer', key: id }, current);
    const [written] = await sync([customer({ email: 'ap@globex.example', phone: '555-7777' })]);
    expect(written).toMatchObject({ ok: true, created: false, targetId: id });
    expect(only(co.list('customers'))).toMatchObject({ phone: '555-7777', email: 'ap@globex.example' });
  });

  test('a linked record gone from QuickBooks fails in words', async () => {
    await sync([customer(), item(), invoice]);
    co.delete('invoices', String(only(co.list('invoices')).id));
    const [gone] = await sync([invoice]);
    expect(gone).toMatchObject({ ok: false, error: { code: 'cdt_record_gone', retryable: false } });
    expect(co.list('invoices')).toHaveLength(0);
  });

  test('a removed customer is made inactive and an invoice voided', async () => {
    await sync([customer(), item(), invoice]);
    const c = only(co.list('customers'));
    const inv = only(co.list('invoices'));
    expect(await target.remove('Invoice', [String(inv.id)])).toEqual([{ ok: true, targetId: inv.id, created: false }]);
    const [off] = await target.remove('Customer', [String(c.id)]);
    expect(off).toMatchObject({ ok: true, targetId: c.id });
    expect(only(co.list('customers')).isActive).toBe(false);
    expect(only(co.list('invoices'))).toMatchObject({ subtotal: '0.00', memo: 'VOID: Won deal' });
    // Already inactive: done, nothing sent.
    const before = posts();
    expect(await target.remove('Customer', [String(c.id)])).toMatchObject([{ ok: true }]);
    expect(posts()).toBe(before);
  });

  test('QuickBooks not running: the connection pauses a minute (no attempt spent), with one call for the batch', async () => {
    sim.faults.inject('quickbooks_not_running', { times: Infinity });
    const before = sim.requests.length;
    const t = Date.now();
    const outcomes = await sync([
      customer(),
      customer({ id: '001000000000003AAA', name: 'Initech', fullName: 'Initech' }),
      customer({ id: '001000000000004AAA', name: 'Umbrella', fullName: 'Umbrella' }),
    ]);
    expect(outcomes).toHaveLength(3);
    for (const o of outcomes) {
      expect(o).toMatchObject({ ok: false, error: { code: 'cdt_quickbooks_unreachable', retryable: true } });
      // Paused, the writes wait for QuickBooks however long it is closed, instead of failing after their attempts.
      const until = (o as { pausedUntil?: number }).pausedUntil;
      expect(until).toBeGreaterThanOrEqual(t + 60_000);
      expect(until).toBeLessThan(Date.now() + 61_000);
    }
    expect(sim.requests.length - before).toBe(1);
    expect(co.list('customers')).toHaveLength(0);
  });
});
