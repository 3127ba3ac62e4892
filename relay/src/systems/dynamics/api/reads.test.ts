/** Reads over sockets: pages followed by @odata.nextLink, the headers every call carries, links kept inside the environment. */
import { startDynHarness, type DynHarness } from '../../../../../test/relay/support/dynamics-client.ts';

let h: DynHarness;
beforeEach(async () => {
  h = await startDynHarness();
});
afterEach(() => h.close());

describe('Dataverse client: reads', () => {
  it('pages through a table by @odata.nextLink, with $select and $filter, every row once', async () => {
    for (let i = 0; i < 12; i++)
      h.sim.env.table('account').insert({ name: `Shop ${i}`, telephone1: i % 2 ? 'odd' : 'even' });
    h.sim.env.table('account').insert({ name: 'Not a shop', telephone1: 'odd' });
    const pages: (readonly Record<string, unknown>[])[] = [];
    for await (const page of h.client().select('accounts', {
      select: ['name', 'telephone1'],
      filter: "startswith(name,'Shop')",
      pageSize: 5,
    })) {
      expect(page.ok).toBe(true);
      if (page.ok) pages.push(page.value);
    }
    expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
    const names = pages.flat().map((r) => r.name);
    expect(new Set(names).size).toBe(12);
    expect(names).not.toContain('Not a shop');
    expect(h.sim.requests).toHaveLength(3);
    expect(decodeURIComponent(h.sim.requests[1]!.path)).toMatch(/\$skiptoken=<cookie pagenumber="2"/);
  });

  it('sends the OData headers, a bearer token and Prefer: odata.maxpagesize; annotations only when asked', async () => {
    const seen: Headers[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(new Headers(init?.headers));
      return fetch(input, init);
    };
    const dyn = h.client({ fetch: spy });
    for await (const page of dyn.select('accounts', { select: ['name'] })) expect(page.ok).toBe(true);
    for await (const page of dyn.select('accounts', { select: ['name'], annotations: true }))
      expect(page.ok).toBe(true);
    expect(seen[0]!.get('odata-maxversion')).toBe('4.0');
    expect(seen[0]!.get('odata-version')).toBe('4.0');
    expect(seen[0]!.get('accept')).toBe('application/json');
    expect(seen[0]!.get('authorization')).toMatch(/^Bearer ey/);
    expect(seen[0]!.get('prefer')).toBe('odata.maxpagesize=5000');
    expect(seen[1]!.get('prefer')).toBe('odata.maxpagesize=5000,odata.include-annotations="*"');
  });

  it('does not follow a next link outside the environment (the token stays home)', async () => {
    const calls: string[] = [];
    const fake: typeof fetch = async (input) => {
      calls.push(String(input));
      return Response.json({
        value: [{ name: 'a' }],
        '@odata.nextLink': 'https://elsewhere.example/api/data/v9.2/accounts',
      });
    };
    const results = [];
    for await (const page of h.client({ fetch: fake }).select('accounts')) results.push(page);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(!results[1]!.ok && results[1]!.error.code).toBe('dyn_bad_response');
    expect(calls).toHaveLength(1);
  });

  it('reads one row by GUID, and a missing one is dyn_not_found in words', async () => {
    const row = h.sim.env.table('account').insert({ name: 'Acme' });
    const dyn = h.client();
    const found = await dyn.byKey('accounts', row.accountid as string, { select: ['name'] });
    expect(found.ok && found.value.name).toBe('Acme');
    const missing = await dyn.byKey('accounts', '00000000-0000-0000-0000-000000000001');
    expect(!missing.ok && missing.error.code).toBe('dyn_not_found');
    expect(!missing.ok && missing.error.message).toMatch(/Does Not Exist \(code 0x80040217\)/);
  });
});
