/** Lists: the iterator's constant cursor and 10-second life, the status default, local-time filters, limits. */
import type { ConductorSimulator, SimCompany } from './index.ts';
import { started, type Api } from './test-client.ts';

describe('Conductor simulator: lists', () => {
  let sim: ConductorSimulator;
  let api: Api;
  let co: SimCompany;
  beforeEach(async () => ({ sim, api, co } = await started()));
  afterEach(() => sim.close());

  const seed = (n: number) => {
    for (let i = 0; i < n; i++) co.create('customers', { name: `Customer ${String(i).padStart(3, '0')}` });
  };

  it('pages with one nextCursor re-sent for every page, remainingCount and hasMore, until null', async () => {
    seed(320);
    const first = await api('GET', '/customers?limit=150');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      objectType: 'list',
      url: '/v1/quickbooks-desktop/customers',
      remainingCount: 170,
      hasMore: true,
    });
    expect(first.body.data).toHaveLength(150);
    const cursor = first.body.nextCursor;
    expect(typeof cursor).toBe('string');
    const second = await api('GET', `/customers?cursor=${cursor}&limit=150`);
    expect(second.body.nextCursor).toBe(cursor);
    expect(second.body).toMatchObject({ remainingCount: 20, hasMore: true });
    const third = await api('GET', `/customers?cursor=${cursor}`);
    expect(third.body).toMatchObject({ nextCursor: null, remainingCount: 0, hasMore: false });
    const names = [first, second, third].flatMap((p) => p.body.data.map((c: { name: string }) => c.name));
    expect(names).toHaveLength(320);
    expect(new Set(names).size).toBe(320);
    expect(Object.keys(first.body)).toEqual(['objectType', 'url', 'data', 'nextCursor', 'remainingCount', 'hasMore']);
    const done = await api('GET', `/customers?cursor=${cursor}`);
    expect(done.status).toBe(400);
    expect(sim.counters()['GET customers']).toBe(4);
  });

  it('drops the iterator when the next page comes more than 10 s (simulated) after the previous answer', async () => {
    seed(40);
    const first = await api('GET', '/customers?limit=10');
    const cursor = first.body.nextCursor;
    sim.clock.advance(9_000);
    const inTime = await api('GET', `/customers?cursor=${cursor}&limit=10`);
    expect(inTime.status).toBe(200);
    sim.clock.advance(9_000); // 9 s after the previous answer, 18 s after the first: still alive
    expect((await api('GET', `/customers?cursor=${cursor}&limit=10`)).status).toBe(200);
    sim.clock.advance(10_001);
    const late = await api('GET', `/customers?cursor=${cursor}&limit=10`);
    expect(late.status).toBe(400);
    expect(late.body.error.type).toBe('INVALID_REQUEST_ERROR');
    expect(late.body.error.message).toMatch(/expired.*10 seconds/);
    expect(sim.openIterators()).toBe(0);
  });

  it('the first page fixes the result set: a record created mid-iteration is not in it, one deleted is skipped', async () => {
    seed(2);
    const add = (name: string) => co.create('customers', { name }).id as string;
    const doomed = add('Doomed');
    const a = add('Zeta');
    const first = await api('GET', '/customers?limit=2');
    co.create('customers', { name: 'Late arrival' });
    co.update('customers', a, { companyName: 'Zeta Inc' });
    co.delete('customers', doomed);
    const rest = await api('GET', `/customers?cursor=${first.body.nextCursor}&limit=10`);
    const names = rest.body.data.map((c: { name: string }) => c.name);
    expect(names).toEqual(['Zeta']);
    expect(rest.body.data[0].companyName).toBe('Zeta Inc');
  });

  it('status defaults to active: inactive records only with status=all or inactive', async () => {
    const keep = co.create('customers', { name: 'Active one' });
    const gone = co.create('customers', { name: 'Retired one' });
    co.deactivate('customers', String(gone.id));
    const ids = async (q: string) => (await api('GET', `/customers${q}`)).body.data.map((c: { id: string }) => c.id);
    expect(await ids('')).toEqual([keep.id]);
    expect(await ids('?status=active')).toEqual([keep.id]);
    expect(await ids('?status=all')).toEqual([keep.id, gone.id]);
    expect(await ids('?status=inactive')).toEqual([gone.id]);
    expect((await api('GET', '/customers?status=deleted')).status).toBe(400);
  });

  it("updatedAfter/updatedBefore without an offset are the PC's local time; date-only updatedBefore is the end of the day", async () => {
    // 14:00 UTC is 09:00 at the default offset of -05:00.
    const c = co.create('customers', { name: 'Nine o clock' });
    expect(c.updatedAt).toBe('2026-03-10T09:00:00-05:00');
    const names = async (q: string) =>
      (await api('GET', `/customers?${q}`)).body.data.map((x: { name: string }) => x.name);
    expect(await names('updatedAfter=2026-03-10T08:30:00')).toEqual(['Nine o clock']);
    expect(await names('updatedAfter=2026-03-10T09:30:00')).toEqual([]); // read as UTC it would match
    expect(await names('updatedAfter=2026-03-10T13:59:00Z')).toEqual(['Nine o clock']);
    expect(await names('updatedAfter=2026-03-10T09:00:01-05:00')).toEqual([]);
    expect(await names('updatedBefore=2026-03-10')).toEqual(['Nine o clock']);
    expect(await names('updatedBefore=2026-03-09')).toEqual([]);
    expect(await names('updatedAfter=2026-03-11')).toEqual([]);
    expect((await api('GET', '/customers?updatedAfter=10/03/2026')).status).toBe(400);
  });

  it('limit must be 1–150 (default 150); unknown parameters are refused', async () => {
    seed(151);
    expect((await api('GET', '/customers')).body.data).toHaveLength(150);
    for (const bad of ['0', '151', 'ten', '1.5']) {
      const res = await api('GET', `/customers?limit=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.error.type).toBe('INVALID_REQUEST_ERROR');
    }
    expect((await api('GET', '/customers?limit=1')).body.data).toHaveLength(1);
    expect((await api('GET', '/customers?pageSize=10')).status).toBe(400);
  });

  it('ids ignores every other filter and fails as QuickBooks does on an id it cannot find', async () => {
    const a = co.create('customers', { name: 'A' });
    const b = co.create('customers', { name: 'B' });
    co.deactivate('customers', String(b.id));
    const res = await api('GET', `/customers?ids=${a.id}&ids=${b.id}&status=active`);
    expect(res.body.data.map((c: { id: string }) => c.id)).toEqual([a.id, b.id]);
    expect(res.body).toMatchObject({ nextCursor: null, hasMore: false, remainingCount: 0 });
    const missing = await api('GET', `/customers?ids=80000999-1234567890`);
    expect(missing.status).toBe(502);
    expect(missing.body.error).toMatchObject({
      type: 'INTEGRATION_ERROR',
      code: 'QBD_REQUEST_ERROR',
      integrationCode: '500',
    });
  });

  it('accounts are not paginated: no cursor, no limit, only objectType/url/data', async () => {
    co.create('accounts', { name: 'Checking', accountType: 'bank' });
    const res = await api('GET', '/accounts');
    expect(Object.keys(res.body)).toEqual(['objectType', 'url', 'data']);
    expect((await api('GET', '/accounts?limit=10')).status).toBe(400);
  });

  it('transactions filter by transactionDateFrom/To and customerIds', async () => {
    const c1 = co.create('customers', { name: 'One' }).id as string;
    const c2 = co.create('customers', { name: 'Two' }).id as string;
    co.create('invoices', { customerId: c1, transactionDate: '2026-01-05' });
    co.create('invoices', { customerId: c2, transactionDate: '2026-02-05' });
    const dates = async (q: string) =>
      (await api('GET', `/invoices?${q}`)).body.data.map((i: { transactionDate: string }) => i.transactionDate);
    expect(await dates('transactionDateFrom=2026-02-01')).toEqual(['2026-02-05']);
    expect(await dates('transactionDateTo=2026-01-05')).toEqual(['2026-01-05']);
    expect(await dates(`customerIds=${c2}`)).toEqual(['2026-02-05']);
    expect((await api('GET', '/invoices?status=all')).status).toBe(400);
  });
});
