import { buildQbxml } from '../../../../relay/src/systems/qbd/qbxml/requests.ts';
import { parseQbxmlResponse } from '../../../../relay/src/systems/qbd/qbxml/parse.ts';
import { createCompany, HRESULT, QbHresultError } from './company.ts';
import { parseXml } from './xml.ts';

const rq = (inner: string, onError = 'stopOnError') =>
  `<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="${onError}">${inner}</QBXMLMsgsRq></QBXML>`;

/** The HRESULT QuickBooks fails with, or undefined when it answered. */
function hresultOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof QbHresultError) return e.hresult;
    throw e;
  }
  return undefined;
}

/** The status attributes of each Rs, read with the simulator's own parser. */
function statuses(xml: string): { code: string; severity: string; message: string }[] {
  const msgs = parseXml(xml).root.children[0]!;
  return msgs.children.map((rs) => ({
    code: rs.attrs.statusCode ?? '',
    severity: rs.attrs.statusSeverity ?? '',
    message: rs.attrs.statusMessage ?? '',
  }));
}

describe('simulated QuickBooks refuses what its schema refuses (0x80040400 for the whole message set)', () => {
  const c = createCompany({ seed: 11 });
  it.each([
    [
      'an unknown element inside a filter',
      '<CustomerQueryRq><NameFilter><MatchCriterion>StartsWith</MatchCriterion><Name>A</Name><Colour>red</Colour></NameFilter></CustomerQueryRq>',
    ],
    [
      'filter children out of order',
      '<CustomerQueryRq><NameFilter><Name>A</Name><MatchCriterion>StartsWith</MatchCriterion></NameFilter></CustomerQueryRq>',
    ],
    ['a filter missing a required child', '<CustomerQueryRq><NameFilter><Name>A</Name></NameFilter></CustomerQueryRq>'],
    [
      'an ActiveStatus outside its enumeration',
      '<CustomerQueryRq><ActiveStatus>Everything</ActiveStatus></CustomerQueryRq>',
    ],
    ['a PaidStatus outside its enumeration', '<InvoiceQueryRq><PaidStatus>Unpaid</PaidStatus></InvoiceQueryRq>'],
    [
      'a ListDelType outside its enumeration',
      '<ListDeletedQueryRq><ListDelType>Customers</ListDelType></ListDeletedQueryRq>',
    ],
    ['a boolean that is not true/false', '<InvoiceQueryRq><IncludeLineItems>yes</IncludeLineItems></InvoiceQueryRq>'],
    [
      'a date that is not YYYY-MM-DD',
      '<InvoiceQueryRq><TxnDateRangeFilter><FromTxnDate>03/01/2024</FromTxnDate></TxnDateRangeFilter></InvoiceQueryRq>',
    ],
    [
      'an iterator on AccountQuery (the schema has none)',
      '<AccountQueryRq iterator="Start"><MaxReturned>5</MaxReturned></AccountQueryRq>',
    ],
    [
      'an unknown attribute on a request',
      '<CustomerQueryRq colour="red"><MaxReturned>5</MaxReturned></CustomerQueryRq>',
    ],
    [
      'an iterator value outside Start/Continue/Stop',
      '<CustomerQueryRq iterator="Begin"><MaxReturned>5</MaxReturned></CustomerQueryRq>',
    ],
    ['a text value inside an aggregate', '<CustomerQueryRq><NameFilter>A</NameFilter></CustomerQueryRq>'],
    ['an element inside a leaf', '<CustomerQueryRq><MaxReturned><Value>5</Value></MaxReturned></CustomerQueryRq>'],
    ['a ListDeletedQuery without a ListDelType', '<ListDeletedQueryRq></ListDeletedQueryRq>'],
    [
      'an amount with three decimal places',
      '<InvoiceAddRq><InvoiceAdd><CustomerRef><FullName>x</FullName></CustomerRef><InvoiceLineAdd><Desc>x</Desc><Amount>10.005</Amount></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>',
    ],
    ['an OwnerID that is not a GUID', '<CustomerQueryRq><OwnerID>owner-1</OwnerID></CustomerQueryRq>'],
    ['a control character', '<CustomerQueryRq><FullName>A\u0001B</FullName></CustomerQueryRq>'],
    ['an entity a DTD would define', '<CustomerQueryRq><FullName>&company;</FullName></CustomerQueryRq>'],
  ])('%s', (_label, inner) => {
    expect(hresultOf(() => c.process(rq(inner)))).toBe(HRESULT.parse);
  });

  it('an unknown attribute on QBXMLMsgsRq', () => {
    expect(hresultOf(() => c.process(rq('<HostQueryRq/>', 'stopOnError" colour="red')))).toBe(HRESULT.parse);
  });

  it('says only what QuickBooks says, and keeps what it found for whoever debugs the test', () => {
    expect(() => c.process(rq('<CustomerQueryRq><ActiveStatus>Everything</ActiveStatus></CustomerQueryRq>'))).toThrow(
      expect.objectContaining({
        message: 'QuickBooks found an error when parsing the provided XML text stream.',
        detail: expect.stringMatching(/Everything.*ActiveStatus/),
      }),
    );
  });
});

describe('simulated QuickBooks refuses one request for a date that names no day (3020)', () => {
  const c = createCompany({ seed: 12 });
  it.each([
    [
      'FromTxnDate',
      '<InvoiceQueryRq><TxnDateRangeFilter><FromTxnDate>2024-02-30</FromTxnDate></TxnDateRangeFilter></InvoiceQueryRq>',
    ],
    ['FromModifiedDate', '<CustomerQueryRq><FromModifiedDate>2024-13-01T00:00:00</FromModifiedDate></CustomerQueryRq>'],
    [
      'TxnDate',
      '<JournalEntryAddRq><JournalEntryAdd><TxnDate>2023-02-29</TxnDate></JournalEntryAdd></JournalEntryAddRq>',
    ],
  ])('%s', (field, inner) => {
    const [first, second] = statuses(c.process(rq(`${inner}<HostQueryRq/>`, 'continueOnError')));
    expect(first).toEqual({
      code: '3020',
      severity: 'Error',
      message: expect.stringContaining(`in the field "${field}"`),
    });
    expect(second?.code).toBe('0');
  });

  it('the relay reads that refusal as an error in words (it builds such a date without complaint)', () => {
    const xml = buildQbxml([{ type: 'InvoiceQuery', requestId: 'bad-day', fromTxnDate: '2024-02-30' }], {
      onError: 'stopOnError',
    });
    const parsed = parseQbxmlResponse(c.process(xml));
    expect(parsed.ok && parsed.value.responses.map((r) => [r.requestId, r.statusCode, r.status.level])).toEqual([
      ['bad-day', 3020, 'error'],
    ]);
    expect(parsed.ok && parsed.value.responses[0]?.statusMessage).toContain('"2024-02-30"');
  });
});

describe('values the schema admits are read as QuickBooks reads them', () => {
  it('xsd:boolean 1 is true (IsActive, IncludeLineItems)', () => {
    const c = createCompany({ seed: 13, invoices: 2 });
    const added = c.process(
      rq('<CustomerAddRq><CustomerAdd><Name>One Is True</Name><IsActive>1</IsActive></CustomerAdd></CustomerAddRq>'),
    );
    expect(statuses(added)[0]?.code).toBe('0');
    expect(c.list('customer').find((x) => x.name === 'One Is True')?.isActive).toBe(true);
    const withLines = c.process(rq('<InvoiceQueryRq><IncludeLineItems>1</IncludeLineItems></InvoiceQueryRq>'));
    expect(withLines).toContain('<InvoiceLineRet>');
  });

  it('escapes all five special characters in what it writes', () => {
    const c = createCompany({ seed: 14, customers: 0, invoices: 0, payments: 0 });
    const xml = c.process(
      rq(
        `<CustomerAddRq><CustomerAdd><Name>O&apos;Brien &amp; "Sons" &lt;West&gt;</Name></CustomerAdd></CustomerAddRq>`,
      ),
    );
    expect(xml).toContain('<Name>O&apos;Brien &amp; &quot;Sons&quot; &lt;West&gt;</Name>');
  });
});
