/**
 * QuickBooks Online as a target over sockets: writes of customers, items and invoices sent to the
 * simulator through a QboClient, with the store's identities as the engine leaves them.
 */
import { testBackends, type TestBackend } from '../../../../test/qbwc/support/stores.ts';
import {
  QBO_CONNECTION as CONNECTION,
  qboTargetIn,
  startUnthrottledClient,
} from '../../../../test/relay/support/qbo-target.ts';
import type { QboSimulator, SimCompany } from '../../../../test/simulators/qbo/index.ts';
import { decimal, multiply, toMoneyString } from '../../lib/money.ts';
import type { Store } from '../../store/index.ts';
import { identitiesRepo } from '../../store/identities.ts';
import { topologyRepo } from '../../store/topology.ts';
import type { TargetAdapter, TargetWrite, WriteOutcome } from '../../sync/adapters.ts';
import type { Customer, Invoice, Item } from '../../sync/model.ts';
import type { QboClient } from './api/types.ts';
import { createQboTarget } from './target.ts';

const at = '2026-11-30T10:00:00.000Z';
const ctx = { connectionKey: 'sf-org', today: '2026-11-30' };

const account = (n: number, extra: Partial<Customer> = {}): Customer => ({
  type: 'customer',
  id: `001${String(n).padStart(15, '0')}`,
  updatedAt: at,
  name: `Customer ${String(n).padStart(4, '0')}`,
  fullName: `Customer ${String(n).padStart(4, '0')}`,
  companyName: `Customer ${n} Inc`,
  isActive: true,
  billing: { street: `${n} Main St`, city: 'Springfield', state: 'IL', postalCode: '62701' },
  ...extra,
});

const product = (n: number, extra: Partial<Item> = {}): Item => ({
  type: 'item',
  id: `01t${String(n).padStart(15, '0')}`,
  updatedAt: at,
  name: `Product ${n}`,
  fullName: `Product ${n}`,
  itemType: 'Service',
  price: '10.00',
  isActive: true,
  ...extra,
});

const deal = (n: number, customer: Customer, lines: readonly [Item, string, string][]): Invoice => ({
  type: 'invoice',
  id: `006${String(n).padStart(15, '0')}`,
  updatedAt: at,
  customerId: customer.id,
  txnDate: '2026-11-30',
  total: '0',
  balance: '0',
  lines: lines.map(([item, qty, rate], i) => ({
    id: `00k${n}${i}`,
    itemId: item.id,
    description: `${item.name} line ${i + 1}`,
    quantity: qty,
    rate,
    amount: toMoneyString(multiply(decimal(qty), decimal(rate))),
  })),
});

/** A client that does something in the company once, right after one of its calls (a person's edit, say). */
function after(client: QboClient, call: 'selectByIds' | 'query' | 'batch', act: () => void): QboClient {
  let done = false;
  const once = <T>(v: T): T => {
    if (!done) {
      done = true;
      act();
    }
    return v;
  };
  if (call === 'selectByIds')
    return { ...client, selectByIds: async (e, ids) => once(await client.selectByIds(e, ids)) };
  if (call === 'batch') return { ...client, batch: (items, id) => (once(undefined), client.batch(items, id)) };
  return {
    ...client,
    async *query(e, opts) {
      for await (const page of client.query(e, opts)) yield page;
      once(undefined);
    },
  };
}

describe.each(testBackends().map((b): [string, TestBackend] => [b.name, b]))(
  'QuickBooks Online target (%s store)',
  (_name, backend) => {
    let sim: QboSimulator;
    let company: SimCompany;
    let client: QboClient;
    let store: Store;
    let target: TargetAdapter;

    beforeEach(async () => {
      ({ sim, company, client } = await startUnthrottledClient());
      store = await backend.open();
      target = await qboTargetIn(store, client);
    });
    afterEach(async () => {
      await store.close();
      await sim.close();
    });

    /** The SyncToken a record has in the company now. */
    const tokenOf = (entity: 'Customer' | 'Invoice', id: unknown) => String(company.get(entity, String(id))!.SyncToken);
    const writesOf = (records: readonly (Customer | Item | Invoice)[]) =>
      records.flatMap((r) => target.writesFor(r, ctx));

    /** Writes them as the engine does, noting the Ids confirmed (dispatch's settle). */
    async function send(writes: readonly TargetWrite[], t: TargetAdapter = target): Promise<WriteOutcome[]> {
      const outcomes = await t.write(writes[0]!.object, writes[0]!.externalIdField, writes);
      const ids = identitiesRepo(store.db);
      for (const [n, o] of outcomes.entries()) {
        const w = writes[n]!;
        if (o.ok)
          await ids.noteWritten({ connectionId: CONNECTION, object: w.object, key: w.externalId }, o.targetId, null);
      }
      return outcomes;
    }

    const calls = () => sim.requests.length;

    it('creates 1,000 customers in at most 40 calls (lookups by name, then batches of 30)', async () => {
      const records = Array.from({ length: 1000 }, (_, n) => account(n + 1));
      const before = calls();
      const outcomes = await send(writesOf(records));
      const made = sim.requests.slice(before);
      expect(made.length).toBeLessThanOrEqual(40);
      expect(sim.counters().throttled).toBe(0);
      expect(made.every((r) => r.path === '/query' || r.path === '/batch')).toBe(true);
      expect(outcomes.every((o) => o.ok && o.created)).toBe(true);
      const customers = company.list('Customer');
      expect(customers).toHaveLength(1000);
      expect(customers.find((c) => c.DisplayName === 'Customer 0007')).toMatchObject({
        CompanyName: 'Customer 7 Inc',
        BillAddr: { Line1: '7 Main St', City: 'Springfield', CountrySubDivisionCode: 'IL', PostalCode: '62701' },
        Active: true,
      });
    });

    it('links a customer QuickBooks already has by that name (and changes it), creating none', async () => {
      const existing = company.create('Customer', { DisplayName: 'Customer 0001', CompanyName: 'Theirs' });
      const [outcome] = await send(writesOf([account(1, { phone: '555-0101' })]));
      expect(outcome).toEqual({
        ok: true,
        targetId: existing.Id,
        created: false,
        version: tokenOf('Customer', existing.Id),
      });
      const all = company.list('Customer').filter((c) => c.DisplayName === 'Customer 0001');
      expect(all).toHaveLength(1);
      // Changed where it differs; the company name is create-only and stays QuickBooks'.
      expect(all[0]).toMatchObject({ PrimaryPhone: { FreeFormNumber: '555-0101' }, CompanyName: 'Theirs' });
    });

    it('a duplicate name Intuit refuses (6240) is looked up again and linked; a vendor of that name is explained', async () => {
      let made: { Id?: unknown } = {};
      const racing = createQboTarget({
        connectionId: CONNECTION,
        client: after(client, 'query', () => (made = company.create('Customer', { DisplayName: 'Customer 0002' }))),
        db: store.db,
      });
      const [linked] = await send(writesOf([account(2)]), racing);
      expect(linked).toEqual({ ok: true, targetId: made.Id, created: false, version: tokenOf('Customer', made.Id) });
      expect(company.list('Customer').filter((c) => c.DisplayName === 'Customer 0002')).toHaveLength(1);

      company.create('Vendor', { DisplayName: 'Customer 0003' });
      const [refused] = await send(writesOf([account(3)]));
      expect(refused).toMatchObject({ ok: false, error: { code: 'qbo_name_in_use', retryable: false } });
      expect(!refused!.ok && refused!.error.message).toContain('for a vendor, an employee');
    });

    it('a customer that began in QuickBooks is named by its entity; another Account of its name is for a person to decide', async () => {
      const topology = topologyRepo(store.db);
      await topology.ensureConnection({ id: 'sf-org', system: 'salesforce', label: 'Org', settings: {} });
      const linkId = await topology.ensureLink(CONNECTION, 'sf-org');
      await topology.ensureFlow({ linkId, sourceConnectionId: 'sf-org', targetConnectionId: CONNECTION, objects: [] });
      const globex = company.create('Customer', { DisplayName: 'Globex' });
      const ids = identitiesRepo(store.db);
      // Read from QuickBooks, then mirrored into the org as an Account (which says so).
      await ids.noteRead({ connectionId: CONNECTION, object: 'customer', key: String(globex.Id) }, '0', 'read');
      const mirror = account(40, { name: 'Globex', fullName: 'Globex' });
      await ids.join(
        { connectionId: 'sf-org', object: 'customer', key: mirror.id },
        { connectionId: CONNECTION, object: 'customer', key: String(globex.Id) },
      );
      const item = product(1);
      await send(writesOf([item]));
      const [invoice] = await send(writesOf([deal(1, mirror, [[item, '1', '10.00']])]));
      const made = company.get('Invoice', invoice!.ok ? invoice!.targetId : '');
      expect(made).toMatchObject({ CustomerRef: { value: globex.Id } });

      const [other] = await send(writesOf([account(41, { name: 'Globex', fullName: 'Globex' })]));
      expect(other).toMatchObject({ ok: false, error: { code: 'review_record_mirrored' } });
      // Two Accounts of one new name in one batch: one customer, the other for a person.
      const twins = await send(writesOf([account(42, { name: 'Twin' }), account(43, { name: 'Twin' })]));
      expect(twins.filter((o) => o.ok && o.created)).toHaveLength(1);
      expect(twins.filter((o) => !o.ok && o.error.code === 'review_record_mirrored')).toHaveLength(1);
      expect(company.list('Customer').filter((c) => c.DisplayName === 'Twin')).toHaveLength(1);
    });

    it('the same writes sent again (a crash after the call) create nothing twice', async () => {
      const customer = account(1);
      const items = [product(1), product(2)];
      await send(writesOf([customer]));
      await send(writesOf(items));
      const invoices = writesOf([
        deal(1, customer, [[items[0]!, '1', '10.00']]),
        deal(2, customer, [[items[1]!, '2', '10.00']]),
      ]);
      // The relay dies after Intuit answered: no Id was noted, so the same writes go again.
      const first = await target.write('Invoice', '', invoices);
      const again = await target.write('Invoice', '', invoices);
      expect(first.every((o) => o.ok && o.created)).toBe(true);
      expect(again.map((o) => o.ok && o.targetId)).toEqual(first.map((o) => o.ok && o.targetId));
      expect(company.list('Invoice')).toHaveLength(2);
      // Customers are found by name: sent again, they are linked (and, holding every field, not written).
      const before = calls();
      const customers = writesOf([account(5), account(6)]);
      await target.write('Customer', '', customers);
      const twice = await target.write('Customer', '', customers);
      expect(twice.every((o) => o.ok && !o.created)).toBe(true);
      expect(company.list('Customer')).toHaveLength(3);
      expect(sim.requests.slice(before).filter((r) => r.path === '/batch')).toHaveLength(1);
    });

    it('an update QuickBooks changed between the read and the write is not forced: qbo_changed_since_read', async () => {
      const [created] = await send(writesOf([account(1)]));
      const id = created!.ok ? created!.targetId : '';
      const edited = createQboTarget({
        connectionId: CONNECTION,
        client: after(client, 'selectByIds', () => company.update('Customer', id, { Notes: 'called them' })),
        db: store.db,
      });
      const [stale] = await send(writesOf([account(1, { phone: '555-0199' })]), edited);
      expect(stale).toMatchObject({ ok: false, error: { code: 'qbo_changed_since_read', retryable: true } });
      expect(company.get('Customer', id)).toMatchObject({ Notes: 'called them' });
      expect(company.get('Customer', id)?.PrimaryPhone).toBeUndefined();
      // Read again, it goes.
      const [later] = await send(writesOf([account(1, { phone: '555-0199' })]));
      expect(later).toEqual({ ok: true, targetId: id, created: false, version: tokenOf('Customer', id) });
      expect(company.get('Customer', id)).toMatchObject({ PrimaryPhone: { FreeFormNumber: '555-0199' } });
    });

    it('an invoice of 3 lines created, then updated, keeps its line Ids', async () => {
      const customer = account(1);
      const items = [product(1), product(2), product(3)];
      await send(writesOf([customer]));
      await send(writesOf(items));
      const lines = (q2: string): [Item, string, string][] => [
        [items[0]!, '1', '10.00'],
        [items[1]!, q2, '20.00'],
        [items[2]!, '3', '30.00'],
      ];
      const [created] = await send(writesOf([deal(1, customer, lines('2'))]));
      expect(created).toMatchObject({ ok: true, created: true });
      const id = created!.ok ? created!.targetId : '';
      const lineIds = () =>
        (company.get('Invoice', id)!.Line as { Id?: string; DetailType: string }[])
          .filter((l) => l.DetailType === 'SalesItemLineDetail')
          .map((l) => l.Id);
      const before = lineIds();
      expect(before).toHaveLength(3);
      const [updated] = await send(writesOf([deal(1, customer, lines('5'))]));
      expect(updated).toEqual({ ok: true, targetId: id, created: false, version: tokenOf('Invoice', id) });
      expect(lineIds()).toEqual(before);
      const invoice = company.get('Invoice', id)!;
      expect(String(invoice.TotalAmt)).toBe('200');
      expect(invoice.PrivateNote).toBe(`Salesforce Opportunity ${deal(1, customer, []).id}`);
    });

    it('an invoice naming an inactive customer fails with the reason; one naming an unknown item says to create or map it', async () => {
      const customer = account(1);
      const item = product(1);
      const [c] = await send(writesOf([customer]));
      await send(writesOf([item]));
      company.deactivate('Customer', c!.ok ? c!.targetId : '');
      const [inactive] = await send(writesOf([deal(1, customer, [[item, '1', '10.00']])]));
      expect(inactive).toMatchObject({ ok: false, error: { code: 'qbo_customer_inactive' } });
      expect(!inactive!.ok && inactive!.error.message).toContain('Make the customer active in QuickBooks Online or');
      const before = calls();
      const [unknown] = await send(writesOf([deal(2, customer, [[product(9), '1', '10.00']])]));
      expect(unknown).toMatchObject({ ok: false, error: { code: 'qbo_item_missing' } });
      expect(!unknown!.ok && unknown!.error.message).toContain('Create or map the item');
      expect(calls()).toBe(before);
    });

    it('items post to the first active Income account, or the one named; removal deactivates lists and voids invoices', async () => {
      company.create('Account', { Name: 'Consulting Income', AccountType: 'Income' });
      const [service] = await send(writesOf([product(1)]));
      expect(company.get('Item', service!.ok ? service!.targetId : '')).toMatchObject({
        Type: 'Service',
        IncomeAccountRef: { value: '1' },
      });
      const named = createQboTarget({
        connectionId: CONNECTION,
        client,
        db: store.db,
        accounts: { incomeAccount: 'consulting income' },
      });
      const [other] = await send(writesOf([product(2, { itemType: 'NonInventory' })]), named);
      const consulting = company.list('Account').find((a) => a.Name === 'Consulting Income')!;
      expect(company.get('Item', other!.ok ? other!.targetId : '')).toMatchObject({
        Type: 'NonInventory',
        IncomeAccountRef: { value: consulting.Id },
        ExpenseAccountRef: { value: expect.any(String) },
      });

      const customer = account(1);
      const [c] = await send(writesOf([customer]));
      const [inv] = await send(writesOf([deal(1, customer, [[product(1), '1', '10.00']])]));
      const customerId = c!.ok ? c!.targetId : '';
      const invoiceId = inv!.ok ? inv!.targetId : '';
      expect(await target.remove('Customer', [customerId])).toEqual([
        { ok: true, targetId: customerId, created: false },
      ]);
      expect(await target.remove('Invoice', [invoiceId])).toEqual([{ ok: true, targetId: invoiceId, created: false }]);
      expect(company.get('Customer', customerId)).toMatchObject({ Active: false });
      expect(company.get('Invoice', invoiceId)).toMatchObject({ PrivateNote: 'Voided' });
      expect(company.list('Invoice')).toHaveLength(1);
    });
  },
);
