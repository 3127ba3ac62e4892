import { validateQbxml13 } from '../../../support/xsd.ts';
import { createCompany, HRESULT, QbHresultError, type Company } from './company.ts';
import { parseXml, textOf, type El } from './xml.ts';

const rq = (inner: string, onError = 'continueOnError') =>
  `<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="${onError}">${inner}</QBXMLMsgsRq></QBXML>`;
const rsOf = (xml: string): El[] => [...parseXml(xml).root.children[0]!.children];
const send = (c: Company, inner: string) => rsOf(c.process(rq(inner)));

function hresultOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof QbHresultError) return e.hresult;
    throw e;
  }
  return undefined;
}

const GUID = '{3F2504E0-4F89-41d3-9A0C-0305E82C3301}';

function invoiceAdd(customerId: string, txnDate: string, guid?: string): string {
  return (
    `<InvoiceAddRq requestID="i"><InvoiceAdd><CustomerRef><ListID>${customerId}</ListID></CustomerRef><TxnDate>${txnDate}</TxnDate>` +
    `${guid === undefined ? '' : `<ExternalGUID>${guid}</ExternalGUID>`}<InvoiceLineAdd><Desc>Work</Desc><Amount>10.00</Amount></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>`
  );
}

function invoiceQuery(customerId: string, from: string, to: string): string {
  return (
    `<InvoiceQueryRq requestID="q"><TxnDateRangeFilter><FromTxnDate>${from}</FromTxnDate><ToTxnDate>${to}</ToTxnDate></TxnDateRangeFilter>` +
    `<EntityFilter><ListID>${customerId}</ListID></EntityFilter></InvoiceQueryRq>`
  );
}

describe('InvoiceAdd with ExternalGUID', () => {
  it('keeps the GUID as given and renders it in InvoiceRet (Add response and queries)', () => {
    const c = createCompany({ seed: 70, customers: 3, invoices: 0, payments: 0 });
    const customer = c.list('customer')[0]?.listId ?? '';
    const [rs] = send(c, invoiceAdd(customer, '2024-02-10', GUID));
    expect(rs?.attrs.statusCode).toBe('0');
    const ret = rs?.children[0];
    expect(textOf(ret, 'ExternalGUID')).toBe(GUID);
    const [byId] = send(c, `<InvoiceQueryRq><TxnID>${textOf(ret, 'TxnID')}</TxnID></InvoiceQueryRq>`);
    expect(textOf(byId?.children[0], 'ExternalGUID')).toBe(GUID);
  });

  it('is found by EntityFilter (ListID) + TxnDateRangeFilter, and other customers and dates are not', () => {
    const c = createCompany({ seed: 71, customers: 4, invoices: 0, payments: 0 });
    const [a, b] = c.list('customer').filter((x) => x.sublevel === 0);
    const set = send(
      c,
      invoiceAdd(a?.listId ?? '', '2024-02-10', GUID) +
        invoiceAdd(a?.listId ?? '', '2024-01-31') +
        invoiceAdd(b?.listId ?? '', '2024-02-10'),
    );
    expect(set.map((r) => r.attrs.statusCode)).toEqual(['0', '0', '0']);
    const [hit, none] = send(
      c,
      invoiceQuery(a?.listId ?? '', '2024-02-01', '2024-02-29') +
        invoiceQuery(a?.listId ?? '', '2024-02-11', '2024-02-29'),
    );
    expect(hit?.children.map((r) => textOf(r, 'TxnID'))).toEqual([textOf(set[0]?.children[0], 'TxnID')]);
    expect(textOf(hit?.children[0], 'ExternalGUID')).toBe(GUID);
    expect(none?.attrs).toMatchObject({ statusCode: '1', statusSeverity: 'Info' });
  });

  it.each([
    ['without braces', '3F2504E0-4F89-41d3-9A0C-0305E82C3301'],
    ['with a short last group', '{3F2504E0-4F89-41d3-9A0C-0305E82C330}'],
    ['with a non-hex digit', '{3F2504E0-4F89-41d3-9A0C-0305E82C330G}'],
    ['as free text', 'order-1234'],
  ])('refuses an ExternalGUID %s as its schema (GUIDTYPE) does: 0x80040400, nothing stored', (_label, guid) => {
    const c = createCompany({ seed: 72, customers: 2, invoices: 0, payments: 0 });
    const customer = c.list('customer')[0]?.listId ?? '';
    expect(hresultOf(() => c.process(rq(invoiceAdd(customer, '2024-02-10', guid), 'stopOnError')))).toBe(HRESULT.parse);
    expect(c.count('invoice')).toBe(0);
  });

  it('answers InvoiceRet with ExternalGUID that validates against the qbXML 13.0 schema', async () => {
    const c = createCompany({ seed: 73, customers: 2, invoices: 0, payments: 0 });
    const customer = c.list('customer')[0]?.listId ?? '';
    const add = c.process(rq(invoiceAdd(customer, '2024-02-10', GUID)));
    const query = c.process(rq(`${invoiceQuery(customer, '2024-02-01', '2024-02-29')}`));
    expect(query).toContain(`<ExternalGUID>${GUID}</ExternalGUID>`);
    const results = await validateQbxml13([
      { name: 'add', xml: add },
      { name: 'query', xml: query },
    ]);
    expect(results.filter((r) => !r.valid)).toEqual([]);
  });
});
