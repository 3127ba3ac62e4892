import { buildQbxml, continueIterator, type QbxmlRequest } from '../../../../relay/src/systems/qbd/qbxml/requests.ts';
import {
  parseQbxmlResponse,
  type QbxmlResponse,
  type QbxmlResponseSet,
} from '../../../../relay/src/systems/qbd/qbxml/parse.ts';
import { validateQbxml13 } from '../../../support/xsd.ts';
import { createCompany, HRESULT, QbHresultError, type Company } from './company.ts';

const OWNER = '{6b1c7f5e-3b1d-4c2a-9a51-0c2b7d1e9f10}';
const FILE = '{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}';

function run(
  company: Company,
  requests: QbxmlRequest[],
  onError: 'stopOnError' | 'continueOnError' = 'continueOnError',
): QbxmlResponseSet {
  const parsed = parseQbxmlResponse(company.process(buildQbxml(requests, { onError })));
  if (!parsed.ok) throw new Error(`${parsed.error.code}: ${parsed.error.message}`);
  return parsed.value;
}
const only = (set: QbxmlResponseSet): QbxmlResponse => {
  expect(set.responses).toHaveLength(1);
  return set.responses[0] as QbxmlResponse;
};
const rawRq = (inner: string, onError = 'stopOnError') =>
  `<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="${onError}">${inner}</QBXMLMsgsRq></QBXML>`;
function hresultOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof QbHresultError ? e.hresult : `not an HRESULT: ${String(e)}`;
  }
  return undefined;
}

describe('company generator', () => {
  it('is deterministic for a seed and varies with it', () => {
    const q = buildQbxml([{ type: 'InvoiceQuery', requestId: 'i', includeLineItems: true }], {
      onError: 'stopOnError',
    });
    expect(createCompany({ seed: 42, customers: 50 }).process(q)).toBe(
      createCompany({ seed: 42, customers: 50 }).process(q),
    );
    expect(createCompany({ seed: 42, customers: 50 }).process(q)).not.toBe(
      createCompany({ seed: 43, customers: 50 }).process(q),
    );
  });

  it('builds jobs with Parent:Job names, several item types, invoices with lines and applied payments', () => {
    const c = createCompany({ seed: 5, customers: 60, items: 12, invoices: 30, payments: 10 });
    const jobs = c.list('customer').filter((x) => x.sublevel === 1);
    expect(jobs).toHaveLength(11);
    for (const j of jobs) expect(j.fullName).toBe(`${j.parent?.fullName}:${j.name}`);
    expect(new Set(c.list('item').map((i) => i.itemType))).toEqual(
      new Set(['Service', 'NonInventory', 'Inventory', 'OtherCharge', 'Discount']),
    );
    expect(c.list('invoice').every((i) => i.lines.length > 0)).toBe(true);
    const paid = c.list('payment').map((p) => p.appliedTo[0]?.txnId);
    expect(
      paid.every(
        (id) =>
          id !== undefined && c.state.tables.invoice.get(id)?.linkedTxns.some((l) => l.txnType === 'ReceivePayment'),
      ),
    ).toBe(true);
  });
});

describe('company.process: queries', () => {
  it('pages 2,000 customers through an iterator with remaining counts, and every page parses', () => {
    const c = createCompany({ seed: 9, customers: 2000 });
    const first = only(run(c, [{ type: 'CustomerQuery', requestId: 'p1', iterator: 'Start', maxReturned: 500 }]));
    const ids = new Set(first.records.map((r) => (r.kind === 'customer' ? r.listId : '')));
    const remaining = [first.iteratorRemainingCount];
    let iteratorId = first.iteratorId ?? '';
    for (let page = 2; remaining[remaining.length - 1] !== 0; page++) {
      const rs = only(
        run(c, [
          continueIterator(
            { type: 'CustomerQuery', requestId: 'p1', iterator: 'Start', maxReturned: 500 } as const,
            iteratorId,
            `p${page}`,
          ),
        ]),
      );
      expect(rs.requestId).toBe(`p${page}`);
      iteratorId = rs.iteratorId ?? '';
      for (const r of rs.records) ids.add(r.kind === 'customer' ? r.listId : '');
      remaining.push(rs.iteratorRemainingCount);
    }
    expect(remaining).toEqual([1500, 1000, 500, 0]);
    expect(ids.size).toBe(2000);
  });

  it('binds iterators to the session: after endSession, Continue answers 3391', () => {
    const c = createCompany({ seed: 9, customers: 30 });
    const start = { type: 'CustomerQuery', requestId: 's', iterator: 'Start', maxReturned: 10 } as const;
    const first = only(run(c, [start]));
    c.endSession();
    const stale = only(run(c, [continueIterator(start, first.iteratorId ?? '', 'c')]));
    expect(stale).toMatchObject({ statusCode: 3391, status: { action: 'restart_iterator' } });
  });

  it('applies From/ToModifiedDate (local time, no offset) and ActiveStatus', () => {
    const c = createCompany({ seed: 11, customers: 40, vendors: 5 });
    const since = '2024-03-01T09:00:00';
    expect(only(run(c, [{ type: 'CustomerQuery', requestId: 'n', fromModifiedDate: since }]))).toMatchObject({
      statusCode: 1,
      statusSeverity: 'Info',
      records: [],
    });
    const [a, b] = c.list('customer');
    c.advanceClock(3600);
    c.edit('customer', a?.listId ?? '', { phone: '555-0199' });
    c.edit('customer', b?.listId ?? '', { isActive: false });
    const changed = only(run(c, [{ type: 'CustomerQuery', requestId: 'm', fromModifiedDate: since }]));
    expect(changed.records.map((r) => (r.kind === 'customer' ? [r.listId, r.isActive] : []))).toEqual(
      [
        [a?.listId, true],
        [b?.listId, false],
      ].sort((x, y) =>
        (c.state.tables.customer.get(String(x[0]))?.fullName ?? '').localeCompare(
          c.state.tables.customer.get(String(y[0]))?.fullName ?? '',
        ),
      ),
    );
    const activeOnly = only(
      run(c, [{ type: 'CustomerQuery', requestId: 'a', fromModifiedDate: since, activeStatus: 'ActiveOnly' }]),
    );
    expect(activeOnly.records).toHaveLength(1);
    const before = only(
      run(c, [{ type: 'CustomerQuery', requestId: 't', toModifiedDate: '2024-03-01T08:59:59', maxReturned: 5 }]),
    );
    expect(before.records.length).toBe(5);
    const txn = only(run(c, [{ type: 'InvoiceQuery', requestId: 'i', fromModifiedDate: '2030-01-01T00:00:00' }]));
    expect(txn.statusCode).toBe(1);
  });

  it('reports deletions through ListDeletedQuery and TxnDeletedQuery', () => {
    const c = createCompany({ seed: 12, customers: 10, invoices: 4 });
    const since = '2024-03-01T09:00:00';
    const lonely = c
      .list('customer')
      .find(
        (x) =>
          !c.list('invoice').some((i) => i.customer.listId === x.listId) &&
          !c.list('payment').some((p) => p.customer.listId === x.listId),
      );
    const inv = c.list('invoice')[0];
    c.advanceClock(60);
    c.delete('customer', lonely?.listId ?? '');
    c.delete('invoice', inv?.txnId ?? '');
    const set = run(c, [
      { type: 'ListDeletedQuery', requestId: 'l', listDelTypes: ['Customer', 'Vendor'], fromDeletedDate: since },
      { type: 'TxnDeletedQuery', requestId: 't', txnDelTypes: ['Invoice'], fromDeletedDate: since },
    ]);
    expect(set.responses[0]?.records).toEqual([
      expect.objectContaining({
        kind: 'deletedList',
        listDelType: 'Customer',
        listId: lonely?.listId,
        fullName: lonely?.fullName,
      }),
    ]);
    expect(set.responses[1]?.records).toEqual([
      expect.objectContaining({
        kind: 'deletedTxn',
        txnDelType: 'Invoice',
        txnId: inv?.txnId,
        refNumber: inv?.refNumber,
      }),
    ]);
    expect(only(run(c, [{ type: 'CustomerQuery', requestId: 'g', listIds: [lonely?.listId ?? ''] }])).statusCode).toBe(
      1,
    );
  });

  it('answers with records equal to the company file (render → parse round trip) for every kind', () => {
    const c = createCompany({
      seed: 13,
      customers: 25,
      vendors: 6,
      items: 12,
      invoices: 12,
      bills: 5,
      payments: 6,
      journalEntries: 3,
    });
    const set = run(c, [
      { type: 'CustomerQuery', requestId: '1' },
      { type: 'VendorQuery', requestId: '2' },
      { type: 'ItemQuery', requestId: '3' },
      { type: 'AccountQuery', requestId: '4' },
      { type: 'InvoiceQuery', requestId: '5', includeLineItems: true, includeLinkedTxns: true },
      { type: 'BillQuery', requestId: '6', includeLineItems: true, includeLinkedTxns: true },
      { type: 'ReceivePaymentQuery', requestId: '7', includeLineItems: true },
      { type: 'JournalEntryQuery', requestId: '8', includeLineItems: true },
    ]);
    const byId = (records: readonly object[]) =>
      [...records].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    const kinds = ['customer', 'vendor', 'item', 'account', 'invoice', 'bill', 'payment', 'journalEntry'] as const;
    kinds.forEach((kind, i) => {
      expect({ kind, records: byId(set.responses[i]?.records ?? []) }).toEqual({ kind, records: byId(c.list(kind)) });
    });
  });
});

describe('company.process: writes and QuickBooks rules', () => {
  it('adds a customer and a job, and refuses a name used by a vendor (3100)', () => {
    const c = createCompany({ seed: 21, customers: 5, vendors: 2 });
    const vendorName = c.list('vendor')[0]?.name ?? '';
    const set = run(c, [
      { type: 'CustomerAdd', requestId: 'a', customer: { name: 'Zoë & Co', companyName: 'Zoë & Co' } },
      { type: 'CustomerAdd', requestId: 'b', customer: { name: 'Kitchen', parent: { fullName: 'Zoë & Co' } } },
      { type: 'CustomerAdd', requestId: 'c', customer: { name: vendorName } },
      { type: 'CustomerAdd', requestId: 'd', customer: { name: 'Orphan', parent: { fullName: 'Nobody' } } },
    ]);
    expect(set.responses.map((r) => r.statusCode)).toEqual([0, 0, 3100, 3130]);
    expect(set.responses[1]?.records[0]).toMatchObject({ kind: 'customer', fullName: 'Zoë & Co:Kitchen', sublevel: 1 });
    expect(set.responses[2]?.statusMessage).toContain(vendorName);
  });

  it('enforces EditSequence on Mod (3200 when stale, with the current record) and unknown IDs (3120)', () => {
    const c = createCompany({ seed: 22, customers: 5 });
    const target = c.list('customer')[0];
    const stale = target?.editSequence ?? '';
    c.advanceClock(10);
    c.edit('customer', target?.listId ?? '', { phone: '555-0000' });
    const refused = only(
      run(c, [
        {
          type: 'CustomerMod',
          requestId: 'm',
          listId: target?.listId ?? '',
          editSequence: stale,
          customer: { email: 'new@example.com' },
        },
      ]),
    );
    expect(refused).toMatchObject({ statusCode: 3200, status: { action: 'requery' } });
    const current = refused.records[0];
    expect(current?.kind === 'customer' && current.editSequence).not.toBe(stale);
    const accepted = only(
      run(c, [
        {
          type: 'CustomerMod',
          requestId: 'm2',
          listId: target?.listId ?? '',
          editSequence: current?.kind === 'customer' ? current.editSequence : '',
          customer: { email: 'new@example.com' },
        },
      ]),
    );
    expect(accepted.records[0]).toMatchObject({ email: 'new@example.com', phone: '555-0000' });
    expect(
      only(run(c, [{ type: 'CustomerMod', requestId: 'x', listId: '8FFFFFFF-1', editSequence: '1', customer: {} }]))
        .statusCode,
    ).toBe(3120);
  });

  it('refuses references that do not exist (3140) and changes nothing', () => {
    const c = createCompany({ seed: 23, customers: 5, invoices: 2 });
    const before = c.count('invoice');
    const customer = c.list('customer')[0]?.fullName ?? '';
    const set = run(c, [
      {
        type: 'InvoiceAdd',
        requestId: 'x',
        invoice: { customer: { fullName: customer }, lines: [{ item: { fullName: 'No Such Item' }, amount: '10.00' }] },
      },
      {
        type: 'InvoiceAdd',
        requestId: 'y',
        invoice: { customer: { fullName: 'No Such Customer' }, lines: [{ description: 'x' }] },
      },
    ]);
    expect(set.responses.map((r) => [r.statusCode, r.status.errorCode])).toEqual([
      [3140, 'qbxml_invalid_reference'],
      [3140, 'qbxml_invalid_reference'],
    ]);
    expect(c.count('invoice')).toBe(before);
  });

  it('adds an invoice with computed amounts and applies a payment to it (the invoice gets a new EditSequence)', () => {
    const c = createCompany({ seed: 24, customers: 3, items: 6, invoices: 0, payments: 0 });
    const customer = c.list('customer')[0];
    const item = c.list('item').find((i) => i.itemType === 'Service');
    const inv = only(
      run(c, [
        {
          type: 'InvoiceAdd',
          requestId: 'i',
          invoice: {
            customer: { listId: customer?.listId ?? '' },
            lines: [{ item: { listId: item?.listId ?? '' }, quantity: '3', rate: '19.99' }],
          },
        },
      ]),
    );
    const invoice = inv.records[0];
    expect(invoice).toMatchObject({ kind: 'invoice', subtotal: '59.97', balanceRemaining: '59.97', isPaid: false });
    const txnId = invoice?.kind === 'invoice' ? invoice.txnId : '';
    const pay = run(c, [
      {
        type: 'ReceivePaymentAdd',
        requestId: 'p',
        payment: {
          customer: { listId: customer?.listId ?? '' },
          totalAmount: '100.00',
          appliedTo: [{ txnId, paymentAmount: '100.00' }],
        },
      },
      {
        type: 'ReceivePaymentAdd',
        requestId: 'q',
        payment: {
          customer: { listId: customer?.listId ?? '' },
          totalAmount: '59.97',
          appliedTo: [{ txnId, paymentAmount: '59.97' }],
        },
      },
    ]);
    expect(pay.responses.map((r) => r.statusCode)).toEqual([3210, 0]);
    const after = c.state.tables.invoice.get(txnId);
    expect(after).toMatchObject({ balanceRemaining: '0.00', isPaid: true });
    expect(after?.editSequence).not.toBe(invoice?.kind === 'invoice' ? invoice.editSequence : '');
  });

  it('refuses unbalanced journal entries and accepts balanced ones', () => {
    const c = createCompany({ seed: 25 });
    const je = (credit: string): QbxmlRequest => ({
      type: 'JournalEntryAdd',
      requestId: `je-${credit}`,
      journalEntry: {
        debits: [{ account: { fullName: 'Rent Expense' }, amount: '100.00' }],
        credits: [{ account: { fullName: 'Checking' }, amount: credit }],
      },
    });
    expect(run(c, [je('90.00'), je('100.00')]).responses.map((r) => r.statusCode)).toEqual([3210, 0]);
  });

  it('checks field lengths (3070) on what arrives', () => {
    const c = createCompany({ seed: 26 });
    const rs = only(
      parseOk(
        c.process(
          rawRq(
            `<CustomerAddRq requestID="l"><CustomerAdd><Name>${'x'.repeat(42)}</Name></CustomerAdd></CustomerAddRq>`,
          ),
        ),
      ),
    );
    expect(rs).toMatchObject({ statusCode: 3070, status: { errorCode: 'qbxml_field_too_long' } });
  });

  it('stopOnError stops at the first error; continueOnError answers every request', () => {
    const c = createCompany({ seed: 27, vendors: 1 });
    const vendor = c.list('vendor')[0]?.name ?? '';
    const batch: QbxmlRequest[] = [
      { type: 'VendorAdd', requestId: '1', vendor: { name: vendor } },
      { type: 'HostQuery', requestId: '2' },
    ];
    expect(run(c, batch, 'stopOnError').responses.map((r) => r.requestId)).toEqual(['1']);
    expect(run(c, batch, 'continueOnError').responses.map((r) => r.requestId)).toEqual(['1', '2']);
  });
});

function parseOk(xml: string): QbxmlResponseSet {
  const p = parseQbxmlResponse(xml);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

describe('company.process: what QuickBooks refuses as a whole', () => {
  const c = createCompany({ seed: 30 });
  it.each([
    ['malformed XML', rawRq('<HostQueryRq requestID="1">'), HRESULT.parse],
    ['an unescaped ampersand', rawRq('<CustomerQueryRq><FullName>A & B</FullName></CustomerQueryRq>'), HRESULT.parse],
    [
      'elements out of schema order',
      rawRq(
        '<CustomerQueryRq><FromModifiedDate>2024-01-01</FromModifiedDate><MaxReturned>5</MaxReturned></CustomerQueryRq>',
      ),
      HRESULT.parse,
    ],
    [
      'a bare FromModifiedDate in a transaction query',
      rawRq('<InvoiceQueryRq><FromModifiedDate>2024-01-01</FromModifiedDate></InvoiceQueryRq>'),
      HRESULT.parse,
    ],
    [
      'a character outside ISO-8859-1',
      rawRq('<CustomerQueryRq><FullName>東京</FullName></CustomerQueryRq>'),
      HRESULT.parse,
    ],
    [
      'a missing onError',
      '<?qbxml version="13.0"?><QBXML><QBXMLMsgsRq><HostQueryRq/></QBXMLMsgsRq></QBXML>',
      HRESULT.parse,
    ],
    [
      'a missing qbxml version',
      '<QBXML><QBXMLMsgsRq onError="stopOnError"><HostQueryRq/></QBXMLMsgsRq></QBXML>',
      HRESULT.parse,
    ],
    [
      'a qbXML version newer than 13.0',
      '<?qbxml version="16.0"?><QBXML><QBXMLMsgsRq onError="stopOnError"><HostQueryRq/></QBXMLMsgsRq></QBXML>',
      HRESULT.versionUnsupported,
    ],
  ])('%s → HRESULT', (_label, xml, hresult) => {
    expect(hresultOf(() => c.process(xml))).toBe(hresult);
  });

  it('refuses iterator use on AccountQuery as its schema does (no iterator attribute there)', () => {
    expect(
      hresultOf(() =>
        c.process(
          rawRq('<AccountQueryRq requestID="a" iterator="Start"><MaxReturned>5</MaxReturned></AccountQueryRq>'),
        ),
      ),
    ).toBe(HRESULT.parse);
  });
});

describe('faults and the host/company/preferences response', () => {
  it('injects QuickBooks-not-running and modal-dialog HRESULTs when the session opens', () => {
    const c = createCompany({ seed: 31 });
    c.faults.inject('qbNotRunning');
    c.faults.inject('modalDialog');
    expect(hresultOf(() => c.beginSession(''))).toBe(HRESULT.couldNotStart);
    expect(hresultOf(() => c.beginSession(''))).toBe(HRESULT.modalDialog);
    expect(hresultOf(() => c.beginSession(''))).toBeUndefined();
    expect(hresultOf(() => c.beginSession('C:\\other.qbw'))).toBe(HRESULT.wrongFile);
  });

  it('injects a malformed response that the parser refuses, and a slow response', async () => {
    const c = createCompany({ seed: 32 });
    const q = buildQbxml([{ type: 'HostQuery', requestId: 'h' }], { onError: 'stopOnError' });
    c.faults.inject('malformedResponse');
    expect(parseQbxmlResponse(c.process(q))).toMatchObject({ ok: false, error: { code: 'qbxml_malformed' } });
    expect(parseQbxmlResponse(c.process(q)).ok).toBe(true);
    c.faults.inject('slowResponse', { delayMs: 120 });
    const started = Date.now();
    await c.processAsync(q);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('returns host, company (with the FileID under the OwnerID) and preferences', () => {
    const c = createCompany({ seed: 33 });
    const set = parseOk(c.hostCompanyPreferencesResponse({ fileId: FILE, ownerId: OWNER }));
    expect(set.responses.map((r) => r.name)).toEqual(['HostQueryRs', 'CompanyQueryRs', 'PreferencesQueryRs']);
    expect(set.responses[0]?.records[0]).toMatchObject({
      kind: 'host',
      country: 'US',
      supportedQbxmlVersions: expect.arrayContaining(['13.0']),
    });
    expect(set.responses[1]?.records[0]).toMatchObject({
      kind: 'company',
      dataExt: [{ ownerId: OWNER, name: 'FileID', value: FILE }],
    });
    // QBWC stored the first FileID: a different .qwc later still sees the stored one
    const again = parseOk(
      c.hostCompanyPreferencesResponse({ fileId: '{00000000-0000-0000-0000-000000000000}', ownerId: OWNER }),
    );
    expect(again.responses[1]?.records[0]).toMatchObject({ dataExt: [{ value: FILE }] });
  });
});

describe('simulator responses against the qbXML 13.0 schema', () => {
  it('validate against the XSD (every kind, iterator pages, deletions, writes, errors, HCP)', async () => {
    const c = createCompany({ seed: 40, customers: 30, deletions: 2 });
    const docs: { name: string; xml: string }[] = [];
    const add = (name: string, requests: QbxmlRequest[]) =>
      docs.push({ name, xml: c.process(buildQbxml(requests, { onError: 'continueOnError' })) });
    add('lists', [
      { type: 'CustomerQuery', requestId: '1', iterator: 'Start', maxReturned: 10 },
      { type: 'VendorQuery', requestId: '2' },
      { type: 'ItemQuery', requestId: '3' },
      { type: 'AccountQuery', requestId: '4' },
    ]);
    add('txns', [
      { type: 'InvoiceQuery', requestId: '5', includeLineItems: true, includeLinkedTxns: true },
      { type: 'BillQuery', requestId: '6', includeLineItems: true, includeLinkedTxns: true },
      { type: 'ReceivePaymentQuery', requestId: '7', includeLineItems: true },
      { type: 'JournalEntryQuery', requestId: '8', includeLineItems: true },
    ]);
    add('deleted', [
      { type: 'ListDeletedQuery', requestId: '9', listDelTypes: ['Customer'] },
      { type: 'TxnDeletedQuery', requestId: '10', txnDelTypes: ['Bill', 'JournalEntry'] },
    ]);
    add('writes', [
      {
        type: 'CustomerAdd',
        requestId: '11',
        customer: { name: 'Schema Check', billAddress: { addr1: '1 Way', city: 'Reno' } },
      },
      { type: 'CustomerAdd', requestId: '12', customer: { name: 'Schema Check' } },
      { type: 'VendorAdd', requestId: '13', vendor: { name: 'Schema Vendor' } },
      {
        type: 'ItemServiceAdd',
        requestId: '14',
        item: { name: 'Schema Item', price: '10.00', account: { fullName: 'Services' } },
      },
      {
        type: 'JournalEntryAdd',
        requestId: '15',
        journalEntry: {
          debits: [{ account: { fullName: 'Utilities' }, amount: '1.00' }],
          credits: [{ account: { fullName: 'Checking' }, amount: '1.00' }],
        },
      },
    ]);
    docs.push({ name: 'hcp', xml: c.hostCompanyPreferencesResponse({ fileId: FILE, ownerId: OWNER }) });
    const results = await validateQbxml13(docs);
    expect(results.filter((r) => !r.valid)).toEqual([]);
    for (const d of docs) expect(parseQbxmlResponse(d.xml).ok).toBe(true);
  });
});
