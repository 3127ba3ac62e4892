/** Query over sockets: the subset the relay uses, paging, counts, IN, MetaData times, and the refusals. */
import type { QboSimulator } from './index.ts';
import { sample, shapeDiff, startConnected, type ApiAnswer } from './test-client.ts';

describe('QBO simulator: query', () => {
  let sim: QboSimulator;
  let api: (method: string, path: string, body?: unknown) => Promise<ApiAnswer>;
  let realm: string;
  const q = (sql: string) => api('GET', `/query?query=${encodeURIComponent(sql)}`);
  beforeEach(async () => {
    ({ sim, api, realm } = await startConnected());
    for (let i = 1; i <= 12; i++)
      sim.company(realm).create('Customer', { DisplayName: `C${String(i).padStart(2, '0')}` });
  });
  afterEach(() => sim.close());

  it('pages with STARTPOSITION/MAXRESULTS; maxResults is the count returned, as recorded', async () => {
    const page = await q('SELECT * FROM Customer ORDERBY Id STARTPOSITION 11 MAXRESULTS 5');
    expect(page.body.QueryResponse.Customer.map((c: { DisplayName: string }) => c.DisplayName)).toEqual(['C11', 'C12']);
    expect(page.body.QueryResponse).toMatchObject({ startPosition: 11, maxResults: 2 });
    expect(shapeDiff(page.body, sample('query/customer.query.with-subcustomers.nango.json'))).toBe('');
    const post = await api('POST', '/query', 'select * from Customer maxresults 3');
    expect(post.body.QueryResponse.Customer).toHaveLength(3);
    expect((await q("select * from Customer where DisplayName = 'nobody'")).body).toEqual({
      QueryResponse: {},
      time: expect.any(String),
    });
  });

  it('counts, IN, LIKE, ORDERBY DESC and MetaData.LastUpdatedTime', async () => {
    expect((await q('select count(*) from Customer')).body.QueryResponse).toEqual({ totalCount: 12 });
    const ids = await q("select * from Customer where Id in ('1', '3')");
    expect(ids.body.QueryResponse.Customer.map((c: { Id: string }) => c.Id)).toEqual(['1', '3']);
    expect(
      (
        await q("select * from Customer where DisplayName like 'c1%' orderby DisplayName desc")
      ).body.QueryResponse.Customer.map((c: { DisplayName: string }) => c.DisplayName),
    ).toEqual(['C12', 'C11', 'C10']);
    const mark = sim.company(realm).get('Customer', '12')!.MetaData as { LastUpdatedTime: string };
    sim.clock.advance(5000);
    sim.company(realm).update('Customer', '3', { Notes: 'changed' });
    const since = await q(`select * from Customer where MetaData.LastUpdatedTime > '${mark.LastUpdatedTime}'`);
    expect(since.body.QueryResponse.Customer.map((c: { Id: string }) => c.Id)).toEqual(['3']);
  });

  it('refuses what QuickBooks refuses: MAXRESULTS > 1000, STARTPOSITION 0, unknown entity/field, OR, Id with >', async () => {
    const code = async (sql: string) => {
      const r = await q(sql);
      expect(r.status).toBe(400);
      return r.body.Fault.Error[0].code;
    };
    expect(await code('select * from Customer maxresults 1001')).toBe('4001');
    const zero = await q('select * from Customer startposition 0');
    expect(zero.body.Fault.Error[0].Detail).toBe('QueryValidationError: value 0 is too small. Min allowed value is 1');
    expect(await code('select * from Widget')).toBe('4000');
    expect(await code("select * from Customer where Colour = 'red'")).toBe('4001');
    expect(await code("select * from Customer where DisplayName = 'a' or DisplayName = 'b'")).toBe('4000');
    expect(await code("select * from Customer where Id > '3'")).toBe('4001');
    expect(await code('select DisplayName from Customer')).toBe('4001');
  });
});
