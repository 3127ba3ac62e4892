/** The client's reads over sockets: paging, ids, counts, reads by id, company settings, exact amounts. */
import { startQboHarness, type QboHarness } from '../../../../../test/relay/support/qbo-client.ts';
import { compare, decimal, sum, toMoneyString } from '../../../lib/money.ts';
import type { QboJson } from './types.ts';

describe('QuickBooks Online client: reads', () => {
  let h: QboHarness;
  beforeEach(async () => {
    h = await startQboHarness();
  });
  afterEach(() => h.close());

  const seedCustomers = (n: number) => {
    const co = h.sim.company(h.realm);
    for (let i = 1; i <= n; i++) co.create('Customer', { DisplayName: `Customer ${String(i).padStart(4, '0')}` });
  };
  const queryCalls = () => h.sim.requests.filter((r) => r.path === '/query');

  it('pages 2,500 customers in 3 pages of at most 1,000, in Id order, every call with minorversion 75', async () => {
    seedCustomers(2500);
    const qbo = h.client();
    const pages: (readonly QboJson[])[] = [];
    for await (const page of qbo.query('Customer')) {
      if (!page.ok) throw new Error(page.error.message);
      pages.push(page.value);
    }
    expect(pages.map((p) => p.length)).toEqual([1000, 1000, 500]);
    const ids = pages.flat().map((c) => Number(c.Id));
    expect(ids).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    expect(queryCalls()).toHaveLength(3);
    expect(h.sim.requests.every((r) => r.minorVersion === '75')).toBe(true);
  });

  it('a full last page costs one more call that comes back empty; includeInactive brings inactive ones', async () => {
    seedCustomers(4);
    h.sim.company(h.realm).deactivate('Customer', '2');
    const qbo = h.client();
    const all = async (opts: { pageSize?: number; includeInactive?: boolean }) => {
      const out: string[] = [];
      for await (const page of qbo.query('Customer', opts))
        if (page.ok) out.push(...page.value.map((c) => String(c.Id)));
      return out;
    };
    expect(await all({ pageSize: 3 })).toEqual(['1', '3', '4']);
    expect(await all({ pageSize: 2, includeInactive: true })).toEqual(['1', '2', '3', '4']);
    // 2 pages, then 3 pages (the last one empty).
    expect(queryCalls()).toHaveLength(5);
  });

  it('selects 250 ids (one inactive) in 2 calls; a long id list goes as a POSTed query, duplicates once', async () => {
    seedCustomers(300);
    h.sim.company(h.realm).deactivate('Customer', '7');
    const qbo = h.client();
    const ids = Array.from({ length: 250 }, (_, i) => String(i + 1));
    const r = await qbo.selectByIds('Customer', [...ids, '3']);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((c) => c.Id)).toEqual(ids);
    expect(r.value.find((c) => c.Id === '7')).toMatchObject({ Active: false });
    // 200 ids, too long for a URL, then the 50 left.
    expect(queryCalls().map((c) => c.method)).toEqual(['POST', 'GET']);
  });

  it('counts, reads by id, reads CompanyInfo and Preferences', async () => {
    seedCustomers(12);
    const qbo = h.client();
    expect(await qbo.count('Customer')).toEqual({ ok: true, value: 12 });
    expect(await qbo.count('Customer', "DisplayName LIKE 'Customer 000%'")).toEqual({ ok: true, value: 9 });
    const one = await qbo.read('Customer', '5');
    expect(one.ok && one.value).toMatchObject({ Id: '5', DisplayName: 'Customer 0005', SyncToken: '0' });
    const missing = await qbo.read('Customer', '999');
    expect(missing.ok || missing.error).toMatchObject({
      code: 'qbo_not_found',
      retryable: false,
      cause: { code: '610' },
    });
    const info = await qbo.companyInfo();
    expect(info.ok && info.value.CompanyName).toBe('Sandbox Company_US_1');
    const prefs = await qbo.preferences();
    expect(prefs.ok && prefs.value).toMatchObject({ CurrencyPrefs: { HomeCurrency: { value: 'USD' } } });
  });

  it('keeps amounts exact: lines of 0.10 and 0.20 add up to the invoice total 0.30, as strings', async () => {
    const qbo = h.client();
    const customer = await qbo.write('Customer', 'create', { DisplayName: 'Exact Ltd' }, 'cust-exact');
    if (!customer.ok) throw new Error(customer.error.message);
    const line = (amount: string) => ({
      DetailType: 'SalesItemLineDetail',
      Amount: amount,
      SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 1, UnitPrice: amount },
    });
    const created = await qbo.write(
      'Invoice',
      'create',
      { CustomerRef: { value: customer.value.Id }, Line: [line('0.10'), line('0.20')] },
      'inv-exact',
    );
    if (!created.ok) throw new Error(created.error.message);
    const read = await qbo.read('Invoice', String(created.value.Id));
    if (!read.ok) throw new Error(read.error.message);
    const lines = (read.value.Line as QboJson[]).filter((l) => l.DetailType === 'SalesItemLineDetail');
    const amounts = lines.map((l) => l.Amount);
    expect(amounts.every((a) => typeof a === 'string')).toBe(true);
    const total = sum(amounts.map((a) => decimal(String(a))));
    expect(toMoneyString(total)).toBe('0.30');
    expect(compare(total, decimal(String(read.value.TotalAmt)))).toBe(0);
    expect(0.1 + 0.2).not.toBe(0.3); // what binary floating point would have made of it
  });
});
