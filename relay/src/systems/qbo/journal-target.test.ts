/**
 * Orders booked by the QuickBooks Online target, over sockets to the simulator through a QboClient,
 * with the store's identities as the engine leaves them: one balanced entry per order, a reversal
 * and a new entry for a changed one, a reversal for a cancelled one, refusals in words with nothing
 * posted, and a write sent again after a crash (Intuit posted, the relay never noted it) answered
 * by its requestid instead of posted twice. Each outcome lists what it posted (`events`), for the
 * Order's history: the entry booked, the reversal with the entry it reverses and why.
 */
import { testBackends, type TestBackend } from '../../../../test/qbwc/support/stores.ts';
import {
  QBO_CONNECTION as CONNECTION,
  qboTargetIn,
  startUnthrottledClient,
} from '../../../../test/relay/support/qbo-target.ts';
import type { QboSimulator, SimCompany } from '../../../../test/simulators/qbo/index.ts';
import { decimal, format, subtract, sum } from '../../lib/money.ts';
import type { Store } from '../../store/index.ts';
import { identitiesRepo } from '../../store/identities.ts';
import type { TargetAdapter, TargetWrite, WriteOutcome } from '../../sync/adapters.ts';
import type { Order } from '../../sync/model.ts';
import type { QboClient } from './api/types.ts';

const ctx = { connectionKey: 'sf-org', today: '2026-12-01' };
const ACCOUNT_ID = '001000000000001AAA';
const DESIGN = '01t000000000001AAA';
const HOSTING = '01t000000000002AAA';

const order = (lines: readonly [string, string][], extra: Partial<Order> = {}): Order => ({
  type: 'order',
  id: '801000000000001AAA',
  updatedAt: '2026-12-01T10:00:00.000Z',
  number: '00000100',
  customerId: ACCOUNT_ID,
  txnDate: '2026-12-01',
  status: 'activated',
  department: 'West',
  lines: lines.map(([itemId, amount], i) => ({ id: `802${i}`, itemId, productName: `Product ${i + 1}`, amount })),
  ...extra,
});

describe.each(testBackends().map((b): [string, TestBackend] => [b.name, b]))(
  'QuickBooks Online target: orders as journal entries (%s store)',
  (_name, backend) => {
    let sim: QboSimulator;
    let company: SimCompany;
    let store: Store;
    let target: TargetAdapter;
    let consulting: string;

    beforeEach(async () => {
      let client: QboClient;
      ({ sim, company, client } = await startUnthrottledClient());
      store = await backend.open();
      target = await qboTargetIn(store, client);
      // The Account and both products are in QuickBooks already (their writes were confirmed).
      consulting = String(company.create('Account', { Name: 'Consulting Income', AccountType: 'Income' }).Id);
      const acme = company.create('Customer', { DisplayName: 'Acme' });
      const design = company.create('Item', {
        Name: 'Design',
        Type: 'Service',
        IncomeAccountRef: { value: consulting },
      });
      const hosting = company.create('Item', { Name: 'Hosting', Type: 'Service', IncomeAccountRef: { value: '1' } });
      company.create('Department', { Name: 'West' });
      const ids = identitiesRepo(store.db);
      for (const [object, key, id] of [
        ['Customer', ACCOUNT_ID, acme.Id],
        ['Item', DESIGN, design.Id],
        ['Item', HOSTING, hosting.Id],
      ] as const)
        await ids.noteWritten({ connectionId: CONNECTION, object, key }, String(id), null);
    });
    afterEach(async () => {
      await store.close();
      await sim.close();
    });

    const writeOf = (o: Order): TargetWrite => {
      const [w] = target.writesFor(o, ctx);
      if (!w) throw new Error('an order writes one journal entry');
      return w;
    };
    /** Sends as the engine does; `note: false` is a crash between Intuit's answer and the relay's note. */
    async function send(o: Order, { note = true } = {}): Promise<WriteOutcome> {
      const w = writeOf(o);
      const [outcome] = await target.write(w.object, w.externalIdField, [w]);
      if (note && outcome?.ok)
        await identitiesRepo(store.db).noteWritten(
          { connectionId: CONNECTION, object: w.object, key: w.externalId },
          outcome.targetId,
          null,
        );
      return outcome!;
    }
    const entries = () => company.list('JournalEntry');
    /** What every entry together leaves on an account: debits less credits. */
    const net = (account: string) => {
      const lines = entries().flatMap((e) => e.Line as Record<string, Record<string, unknown>>[]);
      const of = (side: string) =>
        sum(
          lines
            .filter(
              (l) =>
                l.JournalEntryLineDetail!.PostingType === side &&
                (l.JournalEntryLineDetail!.AccountRef as { value: string }).value === account,
            )
            .map((l) => decimal(String(l.Amount))),
        );
      return format(subtract(of('Debit'), of('Credit')), 2);
    };
    const receivable = () => String(company.list('Account').find((a) => a.AccountType === 'Accounts Receivable')!.Id);

    it('books an activated order as one balanced entry: the customer’s receivable against each item’s income account', async () => {
      const outcome = await send(
        order([
          [DESIGN, '300.00'],
          [HOSTING, '0.10'],
        ]),
      );
      expect(outcome).toMatchObject({ ok: true, created: true });
      expect(entries()).toHaveLength(1);
      const [entry] = entries();
      // What it posted, for the Order's history: one entry booked.
      expect(outcome.ok && outcome.events).toEqual([{ operation: 'book', targetId: String(entry!.Id) }]);
      expect(entry).toMatchObject({ DocNumber: '00000100', TxnDate: '2026-12-01' });
      expect(net(receivable())).toBe('300.10');
      expect(net(consulting)).toBe('-300.00');
      expect(net('1')).toBe('-0.10');
      const lines = entry!.Line as Record<string, Record<string, unknown>>[];
      const west = company.list('Department')[0]!;
      expect(lines.every((l) => (l.JournalEntryLineDetail!.DepartmentRef as { value: string }).value === west.Id)).toBe(
        true,
      );
      expect(lines[0]!.JournalEntryLineDetail!.Entity).toMatchObject({ Type: 'Customer' });
      // Sent again unchanged (a replay): the entry already books it, nothing is posted.
      expect(
        await send(
          order([
            [DESIGN, '300.00'],
            [HOSTING, '0.10'],
          ]),
        ),
      ).toEqual({
        ok: true,
        created: false,
        targetId: String(entry!.Id),
      });
      expect(entries()).toHaveLength(1);
    });

    it('a write sent again after a crash (posted, never noted) is answered by its requestid: one entry', async () => {
      const o = order([[DESIGN, '300.00']]);
      const first = await send(o, { note: false });
      const again = await send(o, { note: false });
      expect(again).toEqual(first);
      expect(entries()).toHaveLength(1);
      // And a change replayed the same way: one reversal, one new entry.
      await send(o);
      const changed = order([[DESIGN, '450.00']]);
      const a = await send(changed, { note: false });
      const b = await send(changed, { note: false });
      expect(b).toEqual(a);
      expect(entries()).toHaveLength(3);
      expect(net(receivable())).toBe('450.00');
    });

    it('a changed order: its entry is reversed, never edited, and a new one posted (three in all, net the new amount)', async () => {
      const first = await send(
        order([
          [DESIGN, '300.00'],
          [HOSTING, '0.10'],
        ]),
      );
      const posted = entries()[0]!;
      const changed = await send(order([[DESIGN, '450.00']], { department: undefined }));
      expect(changed).toMatchObject({ ok: true, created: true });
      expect(changed.ok && first.ok && changed.targetId !== first.targetId).toBe(true);
      expect(entries()).toHaveLength(3);
      expect(entries().find((e) => e.Id === posted.Id)).toEqual(posted); // untouched
      const reversals = entries().filter((e) =>
        String(e.PrivateNote).startsWith(`Reverses journal entry ${String(posted.Id)}`),
      );
      expect(reversals).toHaveLength(1);
      // Both postings, for the Order's history: the reversal (of which entry, why), then the new entry.
      expect(changed.ok && changed.events).toEqual([
        { operation: 'reverse', targetId: String(reversals[0]!.Id), replaces: String(posted.Id), reason: 'changed' },
        { operation: 'book', targetId: changed.ok && changed.targetId, replaces: String(posted.Id), reason: 'changed' },
      ]);
      expect(net(receivable())).toBe('450.00');
      expect(net(consulting)).toBe('-450.00');
      expect(net('1')).toBe('0.00');
    });

    it('a cancelled order: its entry is reversed (net zero), and only once', async () => {
      const booked = await send(order([[DESIGN, '300.00']]));
      const cancelled = order([], { status: 'cancelled' });
      const reversal = await send(cancelled);
      expect(reversal).toMatchObject({ ok: true, created: true });
      expect(reversal.ok && reversal.events).toEqual([
        {
          operation: 'reverse',
          targetId: reversal.ok && reversal.targetId,
          replaces: booked.ok && booked.targetId,
          reason: 'cancelled',
        },
      ]);
      expect(entries()).toHaveLength(2);
      expect(net(receivable())).toBe('0.00');
      expect(net(consulting)).toBe('0.00');
      expect(await send(cancelled)).toEqual({ ok: true, created: false, targetId: reversal.ok && reversal.targetId });
      expect(entries()).toHaveLength(2);
    });

    it('an unmapped product, a missing or inactive department: refused in words, nothing posted', async () => {
      const unmapped = await send(
        order([
          [DESIGN, '300.00'],
          ['01t000000000009AAA', '5.00'],
        ]),
      );
      expect(unmapped).toMatchObject({ ok: false, error: { code: 'qbo_item_missing', retryable: false } });
      expect(!unmapped.ok && unmapped.error.message).toContain('"Product 2"');
      const east = await send(order([[DESIGN, '300.00']], { department: 'East' }));
      expect(east).toMatchObject({ ok: false, error: { code: 'qbo_department_missing' } });
      expect(!east.ok && east.error.message).toContain(
        `Create the department "East" in QuickBooks Online or fix the Order's department`,
      );
      company.deactivate('Department', String(company.list('Department')[0]!.Id));
      expect(await send(order([[DESIGN, '300.00']]))).toMatchObject({
        ok: false,
        error: { code: 'qbo_department_inactive' },
      });
      expect(entries()).toHaveLength(0);
    });
  },
);
