/**
 * Records the QuickBooks Online simulator makes (as the company's user would), read back over HTTP
 * as the client reads them (`parseExactJson`), mapped: jobs, departments and classes by name, a
 * discount, a partly paid invoice, a voided one, a deleted payment from CDC.
 */
import type { QboSimulator } from '../../../../../test/simulators/qbo/index.ts';
import { startConnected } from '../../../../../test/simulators/qbo/test-client.ts';
import { parseExactJson } from '../api/json.ts';
import type { QboJson } from '../api/types.ts';
import type { Invoice, Payment } from '../../../sync/model.ts';
import { readPreferences } from './company.ts';
import { departmentOrClassName, toCanonical, type QboMappingContext } from './to-canonical.ts';

describe('QuickBooks Online simulator records → canonical', () => {
  let sim: QboSimulator;
  let realm: string;
  let token: string;
  beforeAll(async () => {
    ({ sim, realm } = await startConnected());
    token = sim.oauth.connect(realm).access_token;
  });
  afterAll(() => sim.close());

  /** GET as the client does it: the exact text of every number kept. */
  async function get(pathAndQuery: string): Promise<QboJson> {
    const sep = pathAndQuery.includes('?') ? '&' : '?';
    const res = await fetch(`${sim.url}/v3/company/${realm}${pathAndQuery}${sep}minorversion=75`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    return parseExactJson(await res.text()) as QboJson;
  }
  const read = async (entity: string, id: unknown) =>
    (await get(`/${entity.toLowerCase()}/${String(id)}`))[entity] as QboJson;
  function map(entity: string, json: unknown, ctx: QboMappingContext) {
    const r = toCanonical(entity, json, ctx);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  }

  it('maps what the simulator makes, exactly, with the names of departments and classes read from their lists', async () => {
    const co = sim.company(realm);
    const east = co.create('Department', { Name: 'East' });
    const boston = co.create('Department', {
      Name: 'Boston',
      ParentRef: { value: String(east.Id) },
      SubDepartment: true,
    });
    const retail = co.create('Class', { Name: 'Retail' });
    const acme = co.create('Customer', {
      DisplayName: 'Acme Corp',
      CompanyName: 'Acme Corporation',
      GivenName: 'Ada',
      FamilyName: 'Lovelace',
      Title: 'Ms.',
      PrimaryEmailAddr: { Address: 'ada@acme.example' },
      BillAddr: {
        Line1: '1 Main St',
        Line2: 'Suite 5',
        City: 'Springfield',
        CountrySubDivisionCode: 'IL',
        PostalCode: '62701',
      },
    });
    const job = co.create('Customer', { DisplayName: 'Kitchen', ParentRef: { value: String(acme.Id) }, Job: true });
    const inv = co.create('Invoice', {
      CustomerRef: { value: String(job.Id) },
      TxnDate: '2026-03-01',
      DepartmentRef: { value: String(boston.Id) },
      ClassRef: { value: String(retail.Id) },
      PrivateNote: 'Spring work',
      Line: [
        {
          DetailType: 'SalesItemLineDetail',
          Amount: '30.03',
          Description: 'Design',
          SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: '3', UnitPrice: '10.01' },
        },
        { DetailType: 'DescriptionOnly', Description: 'Thank you' },
        { DetailType: 'DiscountLineDetail', Amount: '0.03', DiscountLineDetail: { PercentBased: false } },
      ],
    });
    const pay = co.create('Payment', {
      CustomerRef: { value: String(job.Id) },
      TotalAmt: '20.00',
      PaymentRefNum: 'CHK-7',
      Line: [{ Amount: '10.00', LinkedTxn: [{ TxnId: String(inv.Id), TxnType: 'Invoice' }] }],
    });

    const names = new Map<string, string>();
    for (const [entity, id] of [
      ['Department', east.Id],
      ['Department', boston.Id],
      ['Class', retail.Id],
    ] as const) {
      const n = departmentOrClassName(await read(entity, id), entity);
      if (!n.ok) throw new Error(n.error.message);
      names.set(`${entity}:${n.value.id}`, n.value.name);
    }
    const prefs = readPreferences((await get('/preferences')).Preferences);
    expect(prefs).toEqual({ ok: true, value: { homeCurrency: 'USD', multiCurrency: false } });
    const ctx: QboMappingContext = { homeCurrency: 'USD', nameOf: (k, id) => names.get(`${k}:${id}`) };

    expect(map('Customer', await read('Customer', job.Id), ctx)).toMatchObject({
      name: 'Kitchen',
      fullName: 'Acme Corp:Kitchen',
      parentId: acme.Id,
      // Its open invoice less what it paid and left unapplied.
      balance: '10.00',
    });
    expect(map('Customer', await read('Customer', acme.Id), ctx)).toMatchObject({
      name: 'Acme Corp',
      companyName: 'Acme Corporation',
      billing: { street: '1 Main St\nSuite 5', city: 'Springfield', state: 'IL', postalCode: '62701' },
      contact: { salutation: 'Ms.', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' },
    });
    const invoice = map('Invoice', await read('Invoice', inv.Id), ctx) as Invoice;
    expect(invoice).toMatchObject({
      customerId: job.Id,
      txnDate: '2026-03-01',
      total: '30.00',
      balance: '20.00',
      isPaid: false,
      memo: 'Spring work',
      department: 'East:Boston',
      className: 'Retail',
      currency: 'USD',
    });
    expect(invoice.lines).toEqual([
      { id: `${String(inv.Id)}-1`, itemId: '1', description: 'Design', quantity: '3', rate: '10.01', amount: '30.03' },
      { id: `${String(inv.Id)}-2`, description: 'Thank you', amount: '0.00' },
      { id: `${String(inv.Id)}-L4`, amount: '-0.03' },
    ]);
    expect(invoice).not.toHaveProperty('exchangeRate');
    expect(map('Payment', await read('Payment', pay.Id), ctx)).toEqual({
      type: 'payment',
      id: String(pay.Id),
      version: '0',
      updatedAt: expect.any(String),
      number: 'CHK-7',
      customerId: String(job.Id),
      txnDate: expect.any(String),
      amount: '20.00',
      unapplied: '10.00',
      currency: 'USD',
      applied: [{ invoiceId: String(inv.Id), amount: '10.00' }],
    } satisfies Payment);
  });

  it('a voided invoice is voided; a deleted payment comes from CDC as a deletion', async () => {
    const co = sim.company(realm);
    sim.clock.advance(60_000);
    const since = new Date(sim.clock.now() - 1000).toISOString();
    const c = co.create('Customer', { DisplayName: 'Voids Ltd' });
    const line = [
      { DetailType: 'SalesItemLineDetail', Amount: '12.34', SalesItemLineDetail: { ItemRef: { value: '1' } } },
    ];
    const voided = co.create('Invoice', { CustomerRef: { value: String(c.Id) }, Line: line });
    co.void('Invoice', String(voided.Id));
    const p = co.create('Payment', { CustomerRef: { value: String(c.Id) }, TotalAmt: '5.00' });
    co.delete('Payment', String(p.Id));
    const ctx = { homeCurrency: 'USD' };
    expect(map('Invoice', await read('Invoice', voided.Id), ctx)).toMatchObject({
      total: '0.00',
      balance: '0.00',
      isVoided: true,
      memo: 'Voided',
    });
    const cdc = await get(`/cdc?entities=Payment&changedSince=${encodeURIComponent(since)}`);
    const [group] = (cdc.CDCResponse as { QueryResponse: { Payment?: QboJson[] }[] }[])[0]!.QueryResponse;
    expect(group?.Payment?.map((r) => map('Payment', r, ctx))).toEqual([
      { type: 'deletion', recordType: 'payment', id: p.Id, deletedAt: expect.any(String) },
    ]);
  });
});
