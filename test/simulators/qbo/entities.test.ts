/** The v3 entity API over sockets: auth and realm checks, reads, creates, sparse updates, SyncToken, requestid, refusals. */
import type { QboSimulator } from './index.ts';
import { sample, shapeDiff, startConnected, type ApiAnswer } from './test-client.ts';

type Api = (method: string, path: string, body?: unknown) => Promise<ApiAnswer>;
const fault = (r: ApiAnswer) => ({
  status: r.status,
  code: r.body?.Fault?.Error?.[0]?.code,
  type: r.body?.Fault?.type,
});

describe('QBO simulator: entities', () => {
  let sim: QboSimulator;
  let api: Api;
  let realm: string;
  beforeEach(async () => {
    ({ sim, api, realm } = await startConnected());
  });
  afterEach(() => sim.close());

  it('checks the bearer token (lower-case 401 body) and the realm it was issued for (403)', async () => {
    const res = await fetch(`${sim.url}/v3/company/${realm}/customer/1?minorversion=75`, {
      headers: { authorization: 'Bearer nope', accept: 'application/json' },
    });
    expect(res.status).toBe(401);
    expect(
      shapeDiff(await res.json(), sample('errors/fault.3200.401.lowercase-envelope.python-quickbooks-issue250.json'), {
        allowMissing: false,
      }),
    ).toBe('');
    sim.clock.advance(3600_000);
    const expired = await api('GET', '/customer/1');
    expect(expired.status).toBe(401);
    expect(expired.body.fault.error[0].code).toBe('3200');
    const other = await fetch(`${sim.url}/v3/company/999/customer/1`, {
      headers: { authorization: `Bearer ${sim.oauth.connect(realm).access_token}` },
    });
    expect(other.status).toBe(403);
  });

  it('creates a customer and a sub-customer (Job, ParentRef, FullyQualifiedName) shaped like the recorded read', async () => {
    const parent = await api('POST', '/customer', {
      DisplayName: 'Freeman Sporting Goods',
      CompanyName: 'Freeman Sporting Goods',
    });
    expect(parent.status).toBe(200);
    expect(parent.body.Customer).toMatchObject({ Id: expect.any(String), SyncToken: '0', Job: false, Active: true });
    const job = await api('POST', '/customer', {
      DisplayName: '0969 Ocean View Road',
      ParentRef: { value: parent.body.Customer.Id },
    });
    expect(job.body.Customer).toMatchObject({
      Job: true,
      Level: 1,
      FullyQualifiedName: 'Freeman Sporting Goods:0969 Ocean View Road',
    });
    const read = await api('GET', `/customer/${job.body.Customer.Id}`);
    expect(shapeDiff(read.body, sample('entities/customer.read.nango.json'))).toBe(
      '$.Customer has extra [ParentRef, Level], lacks []',
    );
    const recordedJob = (
      sample('query/customer.query.with-subcustomers.nango.json') as { QueryResponse: { Customer: { Job: boolean }[] } }
    ).QueryResponse.Customer.find((c) => c.Job);
    expect(shapeDiff(read.body.Customer, recordedJob)).toBe('');
    expect(read.body.Customer.MetaData.CreateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-07:00$/);
    expect(read.body.time).toMatch(/\.\d{3}-07:00$/);
  });

  it('refuses a duplicate name (6240), an unknown field (2010), a missing DisplayName (2020) and a colon', async () => {
    await api('POST', '/customer', { DisplayName: 'Acme' });
    expect(fault(await api('POST', '/vendor', { DisplayName: 'ACME' }))).toEqual({
      status: 400,
      code: '6240',
      type: 'ValidationFault',
    });
    const unknown = await api('POST', '/customer', { DisplayName: 'B', Colour: 'red' });
    expect(fault(unknown).code).toBe('2010');
    expect(unknown.body.Fault.Error[0].Detail).toContain('Unrecognized field "Colour"');
    expect(fault(await api('POST', '/customer', { CompanyName: 'no name' })).code).toBe('2020');
    expect(fault(await api('POST', '/customer', { DisplayName: 'A:B' })).code).toBe('6000');
    expect(fault(await api('POST', '/account', { Name: 'X', AccountType: 'Sideways' })).code).toBe('2010');
    expect(fault(await api('POST', '/customer', '{not json')).code).toBe('2010');
  });

  it('sparse update moves SyncToken; a stale one is 5010 with the sample strings', async () => {
    const c = (await api('POST', '/customer', { DisplayName: 'Amy', GivenName: 'Amy' })).body.Customer;
    const u = await api('POST', '/customer', { Id: c.Id, SyncToken: '0', sparse: true, DisplayName: 'Amy B' });
    expect(u.body.Customer).toMatchObject({ SyncToken: '1', DisplayName: 'Amy B', GivenName: 'Amy' });
    const stale = await api('POST', '/customer', { Id: c.Id, SyncToken: '0', sparse: true, Notes: 'x' });
    expect(fault(stale)).toEqual({ status: 400, code: '5010', type: 'ValidationFault' });
    const expected = (
      sample('batch/batch.response.faults-6240-610-5010.intuit-docs.json') as {
        BatchItemResponse: { Fault?: { Error: { Message: string }[] } }[];
      }
    ).BatchItemResponse[2]!.Fault!.Error[0]!;
    expect(stale.body.Fault.Error[0]).toEqual(expected);
    // A full update clears what it leaves out.
    const full = await api('POST', '/customer', { Id: c.Id, SyncToken: '1', DisplayName: 'Amy C' });
    expect(full.body.Customer.GivenName).toBeUndefined();
  });

  it('deactivates name lists (no delete); hidden from queries unless Active is named', async () => {
    const c = (await api('POST', '/customer', { DisplayName: 'Gone' })).body.Customer;
    expect(fault(await api('POST', '/customer?operation=delete', { Id: c.Id, SyncToken: '0' })).code).toBe('500');
    const off = await api('POST', '/customer', { Id: c.Id, SyncToken: '0', sparse: true, Active: false });
    expect(off.body.Customer.Active).toBe(false);
    const q = await api(
      'GET',
      `/query?query=${encodeURIComponent("select * from Customer where DisplayName = 'Gone'")}`,
    );
    expect(q.body.QueryResponse).toEqual({});
    const q2 = await api(
      'GET',
      `/query?query=${encodeURIComponent("select * from Customer where DisplayName = 'Gone' and Active in (true, false)")}`,
    );
    expect(q2.body.QueryResponse.Customer).toHaveLength(1);
    expect(
      fault(
        await api('POST', '/invoice', {
          CustomerRef: { value: c.Id },
          Line: [{ DetailType: 'SalesItemLineDetail', Amount: 1, SalesItemLineDetail: { ItemRef: { value: '1' } } }],
        }),
      ).code,
    ).toBe('610');
  });

  it('invoice: exact totals, SubTotal line, 6070 when Amount ≠ Qty × UnitPrice, shaped like the recorded create', async () => {
    const cust = (await api('POST', '/customer', { DisplayName: 'Amy' })).body.Customer;
    const line = (amount: number, qty: number, price: number) => ({
      DetailType: 'SalesItemLineDetail',
      Amount: amount,
      SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: qty, UnitPrice: price },
    });
    const inv = await api('POST', '/invoice', {
      CustomerRef: { value: cust.Id },
      TxnDate: '2024-01-15',
      Line: [line(0.1, 1, 0.1), line(0.2, 1, 0.2), line(47.5, 5, 9.5)],
    });
    expect(inv.status).toBe(200);
    expect(inv.text).toContain('"TotalAmt":47.8,');
    expect(inv.body.Invoice.Line.at(-1)).toEqual({
      Amount: 47.8,
      DetailType: 'SubTotalLineDetail',
      SubTotalLineDetail: {},
    });
    expect(inv.body.Invoice).toMatchObject({ Balance: 47.8, DueDate: '2024-02-14', DocNumber: expect.any(String) });
    expect(shapeDiff(inv.body, sample('entities/invoice.create.response.nango.json'))).toBe('');
    expect(fault(await api('POST', '/invoice', { CustomerRef: { value: cust.Id }, Line: [line(10, 3, 3)] })).code).toBe(
      '6070',
    );
    expect(fault(await api('POST', '/invoice', { CustomerRef: { value: cust.Id } })).code).toBe('2020');
    expect(fault(await api('POST', '/invoice', { CustomerRef: { value: '999' }, Line: [line(1, 1, 1)] })).code).toBe(
      '2500',
    );
    expect(fault(await api('GET', '/invoice/999')).code).toBe('610');
  });

  it('an update keeps the lines sent with their Ids, numbers new ones afresh and drops the lines left out', async () => {
    const cust = (await api('POST', '/customer', { DisplayName: 'Lines' })).body.Customer;
    const line = (amount: number, id?: string) => ({
      ...(id ? { Id: id } : {}),
      DetailType: 'SalesItemLineDetail',
      Amount: amount,
      SalesItemLineDetail: { ItemRef: { value: '1' } },
    });
    const inv = (await api('POST', '/invoice', { CustomerRef: { value: cust.Id }, Line: [line(1), line(2), line(3)] }))
      .body.Invoice;
    const ids = (i: { Line: { Id?: string; DetailType: string }[] }) =>
      i.Line.filter((l) => l.DetailType === 'SalesItemLineDetail').map((l) => l.Id);
    expect(ids(inv)).toEqual(['1', '2', '3']);
    const kept = await api('POST', '/invoice', {
      Id: inv.Id,
      SyncToken: inv.SyncToken,
      sparse: true,
      Line: [line(3, '3'), line(1, '1'), line(4)],
    });
    expect(ids(kept.body.Invoice)).toEqual(['3', '1', '4']);
    const replaced = await api('POST', '/invoice', {
      Id: inv.Id,
      SyncToken: kept.body.Invoice.SyncToken,
      sparse: true,
      Line: [line(5)],
    });
    expect(ids(replaced.body.Invoice)).toEqual(['5']);
  });

  it('a repeated requestid returns the first answer and creates nothing', async () => {
    const first = await api('POST', '/customer?requestid=req-1', { DisplayName: 'Once' });
    const again = await api('POST', '/customer?requestid=req-1', { DisplayName: 'Once' });
    expect(again.body.Customer.Id).toBe(first.body.Customer.Id);
    expect(
      sim
        .company(realm)
        .list('Customer')
        .filter((c) => c.DisplayName === 'Once'),
    ).toHaveLength(1);
  });

  it('payment applies to an invoice (Balance, LinkedTxn); delete and void as QuickBooks allows', async () => {
    const cust = (await api('POST', '/customer', { DisplayName: 'Payer' })).body.Customer;
    const inv = (
      await api('POST', '/invoice', {
        CustomerRef: { value: cust.Id },
        Line: [{ DetailType: 'SalesItemLineDetail', Amount: 100, SalesItemLineDetail: { ItemRef: { value: '1' } } }],
      })
    ).body.Invoice;
    const unapplied = await api('POST', '/payment', { CustomerRef: { value: cust.Id }, TotalAmt: 100 });
    expect(
      shapeDiff(unapplied.body, sample('entities/payment.create.response.nango.json'), { allowMissing: false }),
    ).toBe('');
    const pay = (
      await api('POST', '/payment', {
        CustomerRef: { value: cust.Id },
        TotalAmt: 30.1,
        Line: [{ Amount: 30.1, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }],
      })
    ).body.Payment;
    const after = (await api('GET', `/invoice/${inv.Id}`)).body.Invoice;
    expect(after).toMatchObject({ Balance: 69.9, SyncToken: '1', LinkedTxn: [{ TxnId: pay.Id, TxnType: 'Payment' }] });
    expect(
      fault(
        await api('POST', '/payment', {
          CustomerRef: { value: cust.Id },
          TotalAmt: 100,
          Line: [{ Amount: 100, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }],
        }),
      ).code,
    ).toBe('6000');
    const voided = await api('POST', '/payment?operation=update&include=void', {
      Id: pay.Id,
      SyncToken: pay.SyncToken,
      sparse: true,
    });
    expect(voided.body.Payment.TotalAmt).toBe(0);
    expect((await api('GET', `/invoice/${inv.Id}`)).body.Invoice.Balance).toBe(100);
    const del = await api('POST', '/invoice?operation=delete', { Id: inv.Id, SyncToken: '2' });
    expect(del.body.Invoice).toEqual({ status: 'Deleted', domain: 'QBO', Id: inv.Id });
    expect(fault(await api('GET', `/invoice/${inv.Id}`)).code).toBe('610');
  });

  it('journal entries must balance; A/R lines need a customer', async () => {
    const je = (debit: number, credit: number, account = '7') => ({
      Line: [
        {
          DetailType: 'JournalEntryLineDetail',
          Amount: debit,
          JournalEntryLineDetail: { PostingType: 'Debit', AccountRef: { value: account } },
        },
        {
          DetailType: 'JournalEntryLineDetail',
          Amount: credit,
          JournalEntryLineDetail: { PostingType: 'Credit', AccountRef: { value: '6' } },
        },
      ],
    });
    const ok = await api('POST', '/journalentry', je(0.3, 0.3));
    expect(ok.status).toBe(200);
    expect(shapeDiff(ok.body, sample('entities/journalentry.read.nango.json'))).toBe('');
    expect(ok.body.JournalEntry.Line.map((l: { Id: string }) => l.Id)).toEqual(['0', '1']);
    expect(fault(await api('POST', '/journalentry', je(100, 99.99))).code).toBe('6000');
    expect(fault(await api('POST', '/journalentry', je(5, 5, '2'))).code).toBe('6000');
  });

  it('a journal line’s customer, department and class must exist and be active', async () => {
    const line = (detail: Record<string, unknown>, side = 'Debit') => ({
      DetailType: 'JournalEntryLineDetail',
      Amount: 5,
      JournalEntryLineDetail: { PostingType: side, AccountRef: { value: side === 'Debit' ? '2' : '1' }, ...detail },
    });
    const je = (debit: Record<string, unknown>, credit: Record<string, unknown> = {}) => ({
      Line: [line(debit), line(credit, 'Credit')],
    });
    const customer = (id: string) => ({ Entity: { Type: 'Customer', EntityRef: { value: id } } });
    const west = (await api('POST', '/department', { Name: 'West' })).body.Department;
    const acme = (await api('POST', '/customer', { DisplayName: 'JE Acme' })).body.Customer;
    const posted = await api('POST', '/journalentry', je(customer(acme.Id), { DepartmentRef: { value: west.Id } }));
    expect(posted.body.JournalEntry.Line[1].JournalEntryLineDetail.DepartmentRef).toEqual({
      value: west.Id,
      name: 'West',
    });
    expect(posted.body.JournalEntry.Line[0].JournalEntryLineDetail.Entity.EntityRef.name).toBe('JE Acme');
    expect(fault(await api('POST', '/journalentry', je(customer('9999')))).code).toBe('2500');
    expect(fault(await api('POST', '/journalentry', je(customer(acme.Id), { ClassRef: { value: '9999' } }))).code).toBe(
      '2500',
    );
    sim.company(realm).deactivate('Department', String(west.Id));
    expect(
      fault(await api('POST', '/journalentry', je(customer(acme.Id), { DepartmentRef: { value: west.Id } }))).code,
    ).toBe('610');
  });

  it('reads CompanyInfo and Preferences (home currency, multicurrency); foreign currency needs multicurrency', async () => {
    const info = await api('GET', `/companyinfo/${realm}`);
    expect(shapeDiff(info.body, sample('entities/companyinfo.read.intuit-docs.json'))).toBe('');
    const prefs = await api('GET', '/preferences');
    expect(prefs.body.Preferences.CurrencyPrefs).toEqual({
      MultiCurrencyEnabled: false,
      HomeCurrency: { value: 'USD' },
    });
    expect(fault(await api('POST', '/customer', { DisplayName: 'Euro Co', CurrencyRef: { value: 'EUR' } })).code).toBe(
      '6000',
    );
    sim.company(realm).setPreferences({ multiCurrency: true });
    expect(
      (await api('POST', '/customer', { DisplayName: 'Euro Co', CurrencyRef: { value: 'EUR' } })).body.Customer
        .CurrencyRef.value,
    ).toBe('EUR');
  });
});
