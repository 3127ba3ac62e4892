/** Lists over sockets: one cursor re-sent for every page, status=all, an expired iterator restarted, unpaginated lists, deletions. */
import {
  ITERATOR_LIFETIME_MS,
  startConductorSimulator,
  type ConductorSimulator,
  type SimCompany,
} from '../../../../../test/simulators/conductor/index.ts';
import { createConductorClient, type ConductorClientOptions, type ConductorJson } from './index.ts';
import type { Result } from '../../../lib/result.ts';

let sim: ConductorSimulator;
let co: SimCompany;
beforeEach(async () => {
  sim = await startConductorSimulator({ startAt: Date.UTC(2026, 2, 10, 14) });
  co = sim.company(sim.endUserIds[0]!);
});
afterEach(() => sim.close());

const client = (o: Partial<ConductorClientOptions> = {}) =>
  createConductorClient({
    baseUrl: sim.url,
    secretKey: sim.secretKey,
    endUserId: co.endUserId,
    sleep: async (ms) => sim.clock.advance(ms),
    now: sim.clock.now,
    ...o,
  });

const seed = (n: number) => {
  for (let i = 0; i < n; i++) co.create('customers', { name: `Customer ${String(i).padStart(3, '0')}` });
};

/** Every page, calling `between` after each (the caller's work). */
async function collect(
  pages: AsyncIterable<Result<readonly ConductorJson[]>>,
  between: (n: number) => void = () => undefined,
): Promise<Result<readonly ConductorJson[]>[]> {
  const out: Result<readonly ConductorJson[]>[] = [];
  for await (const page of pages) {
    out.push(page);
    between(out.length);
  }
  return out;
}

const records = (pages: Result<readonly ConductorJson[]>[]) => pages.flatMap((p) => (p.ok ? p.value : []));
const listCalls = () => sim.requests.filter((q) => q.path === '/quickbooks-desktop/customers');

describe('Conductor client: lists', () => {
  it('reads 400 customers in pages of 150, re-sending the same nextCursor for each page', async () => {
    seed(400);
    const pages = await collect(client().list('customers'));
    expect(pages.map((p) => p.ok && p.value.length)).toEqual([150, 150, 100]);
    expect(new Set(records(pages).map((c) => c.id)).size).toBe(400);
    const queries = listCalls().map((q) => new URLSearchParams(q.query));
    expect(queries.map((q) => q.get('limit'))).toEqual(['150', '150', '150']);
    expect(queries[0]!.has('cursor')).toBe(false);
    const cursor = queries[1]!.get('cursor');
    expect(cursor).toEqual(expect.any(String));
    expect(queries[2]!.get('cursor')).toBe(cursor);
    expect(sim.openIterators()).toBe(0);
  });

  it('status=all brings the inactive ones Conductor hides by default; limit sets the page size', async () => {
    seed(3);
    const retired = co.create('customers', { name: 'Retired' }).id as string;
    co.deactivate('customers', retired);
    const active = records(await collect(client().list('customers')));
    expect(active.map((c) => c.id)).not.toContain(retired);
    const all = await collect(client().list('customers', { status: 'all', limit: 2 }));
    expect(all.map((p) => p.ok && p.value.length)).toEqual([2, 2]);
    expect(records(all).find((c) => c.id === retired)).toMatchObject({ isActive: false });
    const inactive = records(await collect(client().list('customers', { status: 'inactive' })));
    expect(inactive.map((c) => c.id)).toEqual([retired]);
  });

  it('passes updatedAfter on, and refuses a limit outside 1–150 as a bug', async () => {
    seed(2);
    const later = records(await collect(client().list('customers', { updatedAfter: '2026-03-10T09:00:01-05:00' })));
    expect(later).toEqual([]);
    expect(records(await collect(client().list('customers', { updatedAfter: '2026-03-10' })))).toHaveLength(2);
    await expect(collect(client().list('customers', { limit: 151 }))).rejects.toThrow(RangeError);
    await expect(collect(client().list('customers', { limit: 0 }))).rejects.toThrow(RangeError);
  });

  it('an iterator expired mid-list (the caller took > 10 s) restarts the list: every record seen, the first page again', async () => {
    seed(400);
    const pages = await collect(client().list('customers'), (n) => {
      if (n === 1) sim.clock.advance(ITERATOR_LIFETIME_MS + 1000);
    });
    expect(pages.every((p) => p.ok)).toBe(true);
    expect(pages.map((p) => p.ok && p.value.length)).toEqual([150, 150, 150, 100]);
    expect(new Set(records(pages).map((c) => c.id)).size).toBe(400);
    expect(records(pages).slice(0, 150)).toEqual(records(pages).slice(150, 300)); // the first page, twice
    expect(listCalls().map((q) => q.status)).toEqual([200, 400, 200, 200, 200]);
  });

  it('after maxRestarts expiries the list ends with cdt_cursor_expired, retryable', async () => {
    seed(20);
    const pages = await collect(client({ maxRestarts: 1 }).list('customers', { limit: 10 }), () =>
      sim.clock.advance(ITERATOR_LIFETIME_MS + 1),
    );
    expect(pages.map((p) => p.ok)).toEqual([true, true, false]);
    const last = pages[2]!;
    expect(!last.ok && last.error).toMatchObject({ code: 'cdt_cursor_expired', retryable: true });
    expect(!last.ok && last.error.message).toMatch(/10 seconds between pages/);
  });

  it('a page lost to a server error is not asked again with its cursor (a page would be skipped): the list restarts', async () => {
    seed(30);
    sim.faults.inject('server_error', { path: 'customers' });
    const first = client();
    const iterator = first.list('customers', { limit: 10 })[Symbol.asyncIterator]();
    const pages: Result<readonly ConductorJson[]>[] = [];
    pages.push((await iterator.next()).value); // the fault fires on the first page: retried as it stands
    sim.faults.inject('network_reset', { path: 'customers' });
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) pages.push(r.value);
    expect(pages.map((p) => p.ok && p.value.length)).toEqual([10, 10, 10, 10]);
    expect(new Set(records(pages).map((c) => c.id)).size).toBe(30);
    expect(listCalls().map((q) => q.status)).toEqual([500, 200, 200, 200, 200]); // the dropped connection left no record
  });

  it('accounts are one page, without limit or cursor', async () => {
    co.create('accounts', { name: 'Checking', accountType: 'bank' });
    co.create('accounts', { name: 'Sales', accountType: 'income' });
    const pages = await collect(client().list('accounts', { status: 'all' }));
    expect(pages.map((p) => p.ok && p.value.map((a) => a.name))).toEqual([['Checking', 'Sales']]);
    expect(sim.requests.map((q) => q.query)).toEqual(['?status=all']);
  });

  it('deleted list objects and transactions of the asked types, one answer each', async () => {
    const gone = co.create('customers', { name: 'Gone' }).id as string;
    const kept = co.create('customers', { name: 'Kept' }).id as string;
    const inv = co.create('invoices', { customerId: kept, transactionDate: '2026-03-01', refNumber: 'R-1' });
    co.delete('invoices', inv.id as string);
    co.delete('customers', gone);
    const lists = await client().deleted('list-objects', { objectTypes: ['customer', 'vendor'] });
    expect(lists.ok && lists.value).toEqual([
      expect.objectContaining({ id: gone, objectType: 'qbd_deleted_list_object', listType: 'customer' }),
    ]);
    const txns = await client().deleted('transactions', { objectTypes: ['invoice'], deletedAfter: '2026-03-01' });
    expect(txns.ok && txns.value).toEqual([
      expect.objectContaining({ id: inv.id, transactionType: 'invoice', refNumber: 'R-1' }),
    ]);
    const none = await client().deleted('list-objects', { objectTypes: ['vendor'], deletedAfter: '2026-03-11' });
    expect(none).toEqual({ ok: true, value: [] });
    const bad = await client().deleted('list-objects', { objectTypes: ['nonsense'] });
    expect(!bad.ok && bad.error.code).toBe('cdt_invalid_request');
  });
});
