/**
 * An invoice's standard `Other` field, as QuickBooks Desktop keeps it: stored and answered by
 * InvoiceAdd and InvoiceMod, refused over its 29 characters (3070, nothing stored), and an
 * InvoiceMod that names no lines leaves the lines as they were.
 */
import { validateQbxml13 } from '../../../support/xsd.ts';
import { createCompany, type Company } from './company.ts';
import { parseXml, textOf, type El } from './xml.ts';

const rq = (inner: string) =>
  `<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="continueOnError">${inner}</QBXMLMsgsRq></QBXML>`;
const send = (c: Company, inner: string): El[] => [...parseXml(c.process(rq(inner))).root.children[0]!.children];

const add = (customerId: string, other: string) =>
  `<InvoiceAddRq requestID="a"><InvoiceAdd><CustomerRef><ListID>${customerId}</ListID></CustomerRef><TxnDate>2026-11-30</TxnDate>` +
  `<Other>${other}</Other><InvoiceLineAdd><Desc>Work</Desc><Amount>10.00</Amount></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>`;
const mod = (txnId: string, editSequence: string, other: string) =>
  `<InvoiceModRq requestID="m"><InvoiceMod><TxnID>${txnId}</TxnID><EditSequence>${editSequence}</EditSequence>` +
  `<Other>${other}</Other></InvoiceMod></InvoiceModRq>`;

const FITS = 'PO-2026-0042 / Northwind East';
const LONGER = `${FITS}!`;

describe("an invoice's Other field", () => {
  function start() {
    const c = createCompany({ seed: 74, customers: 2, invoices: 0, payments: 0 });
    return { c, customer: c.list('customer')[0]!.listId };
  }

  it('is stored and answered on InvoiceAdd, as the schema places it', async () => {
    const { c, customer } = start();
    expect(FITS).toHaveLength(29);
    const request = rq(add(customer, FITS));
    const response = c.process(request);
    const [rs] = [...parseXml(response).root.children[0]!.children];
    expect(rs?.attrs.statusCode).toBe('0');
    expect(textOf(rs?.children[0], 'Other')).toBe(FITS);
    expect(c.list('invoice')[0]).toMatchObject({ other: FITS });
    const results = await validateQbxml13([
      { name: 'request', xml: request },
      { name: 'response', xml: response },
    ]);
    expect(results.filter((r) => !r.valid)).toEqual([]);
  });

  it('over 29 characters is refused as QuickBooks does (3070), and nothing is stored', () => {
    const { c, customer } = start();
    const [rs] = send(c, add(customer, LONGER));
    expect(rs?.attrs).toMatchObject({ statusCode: '3070', statusSeverity: 'Error' });
    expect(rs?.attrs.statusMessage).toBe(`The string "${LONGER}" in the field "Other" is too long.`);
    expect(c.count('invoice')).toBe(0);
  });

  it('is changed by InvoiceMod, the lines kept; a stale EditSequence (3200) or one over 29 (3070) changes nothing', async () => {
    const { c, customer } = start();
    const [added] = send(c, add(customer, 'PO-1'));
    const ret = added!.children[0];
    const txnId = textOf(ret, 'TxnID')!;
    const editSequence = textOf(ret, 'EditSequence')!;

    const [stale] = send(c, mod(txnId, '1', 'PO-2'));
    expect(stale?.attrs.statusCode).toBe('3200');
    const [long] = send(c, mod(txnId, editSequence, LONGER));
    expect(long?.attrs.statusCode).toBe('3070');
    expect(c.list('invoice')[0]).toMatchObject({ other: 'PO-1', editSequence });

    const request = rq(mod(txnId, editSequence, 'PO-2'));
    const response = c.process(request);
    const [rs] = [...parseXml(response).root.children[0]!.children];
    expect(rs?.attrs.statusCode).toBe('0');
    expect(textOf(rs?.children[0], 'Other')).toBe('PO-2');
    const [after] = c.list('invoice');
    expect(after).toMatchObject({ other: 'PO-2', subtotal: '10.00' });
    expect(after!.editSequence).not.toBe(editSequence);
    expect(after!.lines.map((l) => [l.desc, l.amount])).toEqual([['Work', '10.00']]);
    const results = await validateQbxml13([
      { name: 'request', xml: request },
      { name: 'response', xml: response },
    ]);
    expect(results.filter((r) => !r.valid)).toEqual([]);
  });
});
