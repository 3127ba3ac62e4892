import { validateQbxml13 } from '../../../../../test/support/xsd.ts';
import { REQUEST_SHAPES } from '../fixtures/request-shapes.ts';
import { buildQbxml, buildQbxmlResult, continueIterator, QbxmlBuildError, type QbxmlRequest } from './requests.ts';

const one = (r: QbxmlRequest) => buildQbxml([r], { onError: 'stopOnError' });

describe('buildQbxml', () => {
  it('produces only documents that validate against qbxmlops130.xsd (every shape, one libxml2 run)', async () => {
    const docs = REQUEST_SHAPES.map((s) => ({ name: s.name, xml: buildQbxml(s.requests, s.options) }));
    const results = await validateQbxml13(docs);
    expect(results).toHaveLength(REQUEST_SHAPES.length);
    expect(results.filter((r) => !r.valid)).toEqual([]);
  });

  it('covers every request type the builders know', () => {
    const types = new Set(REQUEST_SHAPES.flatMap((s) => s.requests.map((r) => r.type)));
    expect([...types].sort()).toEqual(
      [
        'AccountQuery',
        'BillQuery',
        'CompanyQuery',
        'CustomerAdd',
        'CustomerMod',
        'CustomerQuery',
        'DataExtDefQuery',
        'HostQuery',
        'InvoiceAdd',
        'InvoiceMod',
        'InvoiceQuery',
        'ItemQuery',
        'ItemServiceAdd',
        'JournalEntryAdd',
        'JournalEntryQuery',
        'ListDeletedQuery',
        'PreferencesQuery',
        'ReceivePaymentAdd',
        'ReceivePaymentQuery',
        'TxnDeletedQuery',
        'VendorAdd',
        'VendorMod',
        'VendorQuery',
      ].sort(),
    );
  });

  it('a deliberately mis-ordered document fails the same XSD check (the check can fail)', async () => {
    const bad = one({
      type: 'CustomerQuery',
      requestId: '1',
      maxReturned: 5,
      fromModifiedDate: '2024-01-01T00:00:00',
    }).replace(
      '<MaxReturned>5</MaxReturned><ActiveStatus>All</ActiveStatus><FromModifiedDate>2024-01-01T00:00:00</FromModifiedDate>',
      '<FromModifiedDate>2024-01-01T00:00:00</FromModifiedDate><MaxReturned>5</MaxReturned>',
    );
    const [result] = await validateQbxml13([{ name: 'misordered', xml: bad }]);
    expect(result?.valid).toBe(false);
    expect(result?.errors.join('\n')).toMatch(/Element 'MaxReturned': This element is not expected\./);
  });

  it('writes the processing instruction, onError and requestID', () => {
    const xml = buildQbxml([{ type: 'HostQuery', requestId: 'h-1' }], { onError: 'continueOnError' });
    expect(xml).toContain('<?qbxml version="13.0"?>');
    expect(xml).toContain('<QBXMLMsgsRq onError="continueOnError"><HostQueryRq requestID="h-1"></HostQueryRq>');
  });

  it('puts list modified dates directly in the query and transaction ones in ModifiedDateRangeFilter', () => {
    const list = one({ type: 'VendorQuery', requestId: 'v', fromModifiedDate: '2024-03-01T08:00:00' });
    expect(list).toContain('<ActiveStatus>All</ActiveStatus><FromModifiedDate>2024-03-01T08:00:00</FromModifiedDate>');
    const txn = one({ type: 'BillQuery', requestId: 'b', fromModifiedDate: '2024-03-01T08:00:00' });
    expect(txn).toContain(
      '<ModifiedDateRangeFilter><FromModifiedDate>2024-03-01T08:00:00</FromModifiedDate></ModifiedDateRangeFilter>',
    );
  });

  it('continues an iterator with the same filters', () => {
    const start = {
      type: 'CustomerQuery',
      requestId: 'c1',
      iterator: 'Start',
      maxReturned: 100,
      fromModifiedDate: '2024-03-01T08:00:00',
    } as const;
    const xml = one(continueIterator(start, '{eb05f701-e727-472f-8ade-6753c4f67a46}', 'c2'));
    expect(xml).toContain(
      '<CustomerQueryRq requestID="c2" iterator="Continue" iteratorID="{eb05f701-e727-472f-8ade-6753c4f67a46}">',
    );
    expect(xml).toContain('<MaxReturned>100</MaxReturned>');
  });

  it('escapes markup and transliterates to ISO-8859-1', () => {
    const xml = one({
      type: 'CustomerAdd',
      requestId: 'a',
      customer: { name: 'Smith & “Sons” – Hà Nội', notes: '<b>€5</b>' },
    });
    expect(xml).toContain('<Name>Smith &amp; &quot;Sons&quot; - Hà Noi</Name>'); // à is Latin-1, ộ is not
    expect(xml).toContain('<Notes>&lt;b&gt;EUR5&lt;/b&gt;</Notes>');
    expect([...xml].every((ch) => (ch.codePointAt(0) ?? 0) <= 0xff)).toBe(true);
  });

  it('keeps Latin-1 letters as they are', () => {
    expect(one({ type: 'CustomerAdd', requestId: 'a', customer: { name: 'Zoë Ångström Café' } })).toContain(
      '<Name>Zoë Ångström Café</Name>',
    );
  });

  it('rejects what cannot be sent, with a typed error naming the field', () => {
    const cases: [QbxmlRequest, string, string][] = [
      [
        { type: 'CustomerAdd', requestId: 'a', customer: { name: 'x'.repeat(42) } },
        'qbxml_field_too_long',
        'CustomerAddRq/Name',
      ],
      [
        { type: 'CustomerAdd', requestId: 'a', customer: { name: '東京商事' } },
        'qbxml_not_latin1',
        'CustomerAddRq/Name',
      ],
      [
        { type: 'CustomerAdd', requestId: 'a', customer: { name: 'A', billAddress: { city: 'c'.repeat(32) } } },
        'qbxml_field_too_long',
        'CustomerAddRq/BillAddress/City',
      ],
      [
        { type: 'CustomerMod', requestId: 'a', listId: '1-1', editSequence: '', customer: {} },
        'qbxml_field_required',
        'CustomerModRq/EditSequence',
      ],
      [
        { type: 'CustomerMod', requestId: 'a', listId: '1-1', editSequence: '12345678901234567', customer: {} },
        'qbxml_field_too_long',
        'CustomerModRq/EditSequence',
      ],
      [
        { type: 'CustomerQuery', requestId: 'a', iterator: 'Start' },
        'qbxml_iterator_misuse',
        'CustomerQueryRq/MaxReturned',
      ],
      [
        { type: 'CustomerQuery', requestId: 'a', iterator: 'Continue', maxReturned: 5 },
        'qbxml_iterator_misuse',
        'CustomerQueryRq/@iteratorID',
      ],
      [
        { type: 'AccountQuery', requestId: 'a', iterator: 'Start' as never },
        'qbxml_iterator_unsupported',
        'AccountQueryRq/@iterator',
      ],
      [
        { type: 'InvoiceQuery', requestId: 'a', txnIds: ['1-1'], maxReturned: 3 },
        'qbxml_conflicting_filters',
        'InvoiceQueryRq/TxnID+filters',
      ],
      [
        { type: 'InvoiceQuery', requestId: 'a', fromModifiedDate: '2024-01-01', fromTxnDate: '2024-01-01' },
        'qbxml_conflicting_filters',
        'InvoiceQueryRq/ModifiedDateRangeFilter+TxnDateRangeFilter',
      ],
      [
        { type: 'InvoiceQuery', requestId: 'a', fromModifiedDate: '03/01/2024' },
        'qbxml_invalid_datetime',
        'InvoiceQueryRq/ModifiedDateRangeFilter/FromModifiedDate',
      ],
      [
        {
          type: 'InvoiceAdd',
          requestId: 'a',
          invoice: { customer: { fullName: 'A' }, refNumber: 'INV-000000012', lines: [{ amount: '1' }] },
        },
        'qbxml_field_too_long',
        'InvoiceAddRq/RefNumber',
      ],
      [
        { type: 'InvoiceAdd', requestId: 'a', invoice: { customer: { fullName: 'A' }, lines: [{ amount: '1.005' }] } },
        'qbxml_invalid_amount',
        'InvoiceAddRq/InvoiceLineAdd[1]/Amount',
      ],
      [
        {
          type: 'ItemServiceAdd',
          requestId: 'a',
          item: { name: 'Shipping Item - QuickBooks Integ', account: { fullName: 'S' } },
        },
        'qbxml_field_too_long',
        'ItemServiceAddRq/Name',
      ],
      [{ type: 'HostQuery', requestId: 'r'.repeat(51) }, 'qbxml_field_too_long', 'HostQueryRq/@requestID'],
    ];
    for (const [request, code, field] of cases) {
      const built = buildQbxmlResult([request], { onError: 'stopOnError' });
      expect({ field, ok: built.ok, code: built.ok ? undefined : built.error.code }).toEqual({
        field,
        ok: false,
        code,
      });
      expect(() => one(request)).toThrow(expect.objectContaining({ code, field }) as unknown as Error);
    }
  });

  it('refuses every non-Latin-1 character in reject mode', () => {
    const built = buildQbxmlResult([{ type: 'CustomerAdd', requestId: 'a', customer: { name: 'Smith – Sons' } }], {
      onError: 'stopOnError',
      charset: 'reject',
    });
    expect(built).toMatchObject({
      ok: false,
      error: { code: 'qbxml_not_latin1', message: expect.stringContaining('CustomerAddRq/Name') },
    });
  });

  it('refuses duplicate requestIDs and empty sets', () => {
    expect(() => buildQbxml([], { onError: 'stopOnError' })).toThrow(QbxmlBuildError);
    expect(() =>
      buildQbxml(
        [
          { type: 'HostQuery', requestId: 'x' },
          { type: 'CompanyQuery', requestId: 'x' },
        ],
        { onError: 'stopOnError' },
      ),
    ).toThrow(/used twice/);
  });

  it('pads one-decimal amounts to the two decimals AMTTYPE requires', () => {
    const xml = one({
      type: 'CustomerMod',
      requestId: 'a',
      listId: '1-1',
      editSequence: '1',
      customer: { creditLimit: '1.5' },
    });
    expect(xml).toContain('<CreditLimit>1.50</CreditLimit>');
  });
});
