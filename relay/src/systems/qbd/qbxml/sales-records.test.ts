import fs from 'node:fs';
import path from 'node:path';
import { validateQbxml13 } from '../../../../../test/support/xsd.ts';
import { unescapeXml } from './charset.ts';
import { parseQbxmlResponse, type QbxmlRecord } from './parse.ts';

const REAL = path.join(import.meta.dirname, '..', 'fixtures', 'real');
const GUID = '{5f2b1c3d-9a8e-4b7c-8d6e-0f1a2b3c4d5e}';
const STAMP =
  '<TimeCreated>2023-08-03T19:09:13-08:00</TimeCreated><TimeModified>2023-08-04T10:00:00-08:00</TimeModified>';

const wrap = (inner: string) => `<?xml version="1.0" ?>\n<QBXML><QBXMLMsgsRs>${inner}</QBXMLMsgsRs></QBXML>\n`;
const rs = (type: string, rets: string) =>
  `<${type}Rs requestID="r" statusCode="0" statusSeverity="Info" statusMessage="Status OK">${rets}</${type}Rs>`;

/** Written the way QuickBooks 2023 answers (element order of qbXML 13.0, offsets on timestamps). */
const NON_INVENTORY = rs(
  'ItemQuery',
  `<ItemNonInventoryRet><ListID>80000016-1691118553</ListID>${STAMP}<EditSequence>1691162400</EditSequence>` +
    '<Name>Widget</Name><FullName>Parts:Widget</FullName><IsActive>false</IsActive>' +
    '<ParentRef><ListID>80000015-1691118500</ListID><FullName>Parts</FullName></ParentRef><Sublevel>1</Sublevel>' +
    '<SalesTaxCodeRef><ListID>80000002-1</ListID><FullName>Tax</FullName></SalesTaxCodeRef>' +
    '<SalesOrPurchase><Desc>Widget, blue &amp; boxed</Desc><Price>19.99500</Price>' +
    '<AccountRef><ListID>80000009-1683234553</ListID><FullName>Product Sales</FullName></AccountRef></SalesOrPurchase>' +
    `<ExternalGUID>${GUID}</ExternalGUID></ItemNonInventoryRet>` +
    `<ItemServiceRet><ListID>80000014-1689905630</ListID>${STAMP}<EditSequence>1689905630</EditSequence>` +
    '<Name>Design</Name><FullName>Design</FullName><IsActive>true</IsActive><Sublevel>0</Sublevel>' +
    '<SalesOrPurchase><Desc>Design per hour</Desc><PricePercent>12.5</PricePercent>' +
    '<AccountRef><FullName>Services</FullName></AccountRef></SalesOrPurchase></ItemServiceRet>',
);

const INVOICE = rs(
  'InvoiceQuery',
  `<InvoiceRet><TxnID>C5-1417118624</TxnID>${STAMP}<EditSequence>1417118624</EditSequence><TxnNumber>31</TxnNumber>` +
    '<CustomerRef><ListID>80000009-1415929219</ListID><FullName>a123191</FullName></CustomerRef>' +
    '<TxnDate>2024-03-01</TxnDate><RefNumber>1031</RefNumber><IsPending>false</IsPending><Subtotal>200.00</Subtotal>' +
    `<BalanceRemaining>200.00</BalanceRemaining><IsPaid>false</IsPaid><ExternalGUID>${GUID}</ExternalGUID>` +
    '<InvoiceLineRet><TxnLineID>C7-1417118624</TxnLineID><ItemRef><FullName>Design</FullName></ItemRef>' +
    '<Quantity>2</Quantity><Rate>100.00</Rate><Amount>200.00</Amount><ServiceDate>2024-02-28</ServiceDate></InvoiceLineRet>' +
    '</InvoiceRet>',
);

const SALES_ORDER_GROUP = rs(
  'SalesOrderQuery',
  `<SalesOrderRet><TxnID>4F-1415942300</TxnID>${STAMP}<EditSequence>1415942300</EditSequence>` +
    '<CustomerRef><FullName>a123191</FullName></CustomerRef><TxnDate>2024-03-02</TxnDate><RefNumber>14</RefNumber>' +
    `<TotalAmount>150.00</TotalAmount><IsManuallyClosed>false</IsManuallyClosed><IsFullyInvoiced>true</IsFullyInvoiced><ExternalGUID>${GUID}</ExternalGUID>` +
    '<LinkedTxn><TxnID>C5-1417118624</TxnID><TxnType>Invoice</TxnType><TxnDate>2024-03-03</TxnDate><LinkType>QUANTYPE</LinkType><Amount>150.00</Amount></LinkedTxn>' +
    '<SalesOrderLineGroupRet><TxnLineID>50-1</TxnLineID><ItemGroupRef><FullName>Kit</FullName></ItemGroupRef>' +
    '<Quantity>1</Quantity><IsPrintItemsInGroup>false</IsPrintItemsInGroup><TotalAmount>150.00</TotalAmount>' +
    '<SalesOrderLineRet><TxnLineID>51-1</TxnLineID><ItemRef><FullName>Widget</FullName></ItemRef><Quantity>3</Quantity>' +
    '<Rate>50.00</Rate><Amount>150.00</Amount><Invoiced>3</Invoiced><IsManuallyClosed>false</IsManuallyClosed></SalesOrderLineRet>' +
    '</SalesOrderLineGroupRet></SalesOrderRet>',
);

function records(xml: string): readonly QbxmlRecord[] {
  const r = parseQbxmlResponse(xml);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value.responses.flatMap((x) => x.records);
}

/** The qbXML inside a recorded receiveResponseXML envelope. */
function recorded(file: string): string {
  const m = /<response>([\s\S]*)<\/response>/.exec(fs.readFileSync(path.join(REAL, file), 'utf8'));
  if (!m?.[1]) throw new Error(`no <response> in ${file}`);
  return unescapeXml(m[1]);
}

describe('item, invoice and sales order records', () => {
  it('uses samples that are valid qbXML 13.0 responses', async () => {
    const results = await validateQbxml13(
      [NON_INVENTORY, INVOICE, SALES_ORDER_GROUP].map((inner, i) => ({ name: `sample-${i}`, xml: wrap(inner) })),
    );
    expect(results.filter((r) => !r.valid)).toEqual([]);
  });

  it('reads a non-inventory item with its SalesOrPurchase description, price and account', () => {
    const [widget] = records(wrap(NON_INVENTORY));
    expect(widget).toEqual({
      kind: 'item',
      itemType: 'NonInventory',
      listId: '80000016-1691118553',
      timeCreated: '2023-08-03T19:09:13-08:00',
      timeModified: '2023-08-04T10:00:00-08:00',
      editSequence: '1691162400',
      name: 'Widget',
      fullName: 'Parts:Widget',
      isActive: false,
      parent: { listId: '80000015-1691118500', fullName: 'Parts' },
      sublevel: 1,
      salesTaxCode: { listId: '80000002-1', fullName: 'Tax' },
      salesDesc: 'Widget, blue & boxed',
      salesPrice: '19.99500',
      incomeAccount: { listId: '80000009-1683234553', fullName: 'Product Sales' },
      externalGuid: GUID,
    });
  });

  it('reads a service item priced as a percentage without inventing a price', () => {
    const service = records(wrap(NON_INVENTORY))[1];
    expect(service).toMatchObject({
      kind: 'item',
      itemType: 'Service',
      salesDesc: 'Design per hour',
      salesPricePercent: '12.5',
      incomeAccount: { fullName: 'Services' },
    });
    expect(service).not.toHaveProperty('salesPrice');
  });

  it('puts the ExternalGUID of an invoice on the invoice record', () => {
    const [invoice] = records(wrap(INVOICE));
    expect(invoice).toMatchObject({ kind: 'invoice', txnId: 'C5-1417118624', externalGuid: GUID });
    expect(invoice?.kind === 'invoice' && invoice.lines).toEqual([
      {
        txnLineId: 'C7-1417118624',
        item: { fullName: 'Design' },
        quantity: '2',
        rate: '100.00',
        amount: '200.00',
        serviceDate: '2024-02-28',
      },
    ]);
  });

  it('reads a recorded SalesOrderAdd answer into a sales order record', () => {
    const [order] = records(recorded('flowlink__receiveResponseXML_sales_order_add_rs_raw.xml'));
    expect(order).toMatchObject({
      kind: 'salesOrder',
      txnId: '4C-1415942229',
      editSequence: '1415942229',
      txnNumber: '26',
      txnDate: '2014-02-03',
      refNumber: '13',
      customer: { listId: '80000009-1415929219', fullName: 'a123191' },
      template: { fullName: 'Custom Sales Order' },
      shipAddress: { addr1: '1234 Awesome Street', city: 'Hollywood', state: 'CA', postalCode: '90210' },
      poNumber: 'R15408534641',
      subtotal: '200.00',
      totalAmount: '200.00',
      isManuallyClosed: false,
      isFullyInvoiced: false,
      linkedTxns: [],
    });
    expect(order?.kind === 'salesOrder' && order.lines).toEqual([
      {
        txnLineId: '4E-1415942229',
        item: { listId: '80000034-1415899267', fullName: 'SPREE-T-SHIRT' },
        desc: 'SPREE-T-SHIRT',
        quantity: '2',
        rate: '100.00',
        amount: '200.00',
        salesTaxCode: { listId: '80000002-1414518221', fullName: 'Non' },
        invoiced: '0',
        isManuallyClosed: false,
      },
    ]);
  });

  it('reads group lines, linked invoices and the ExternalGUID of a sales order', () => {
    const [order] = records(wrap(SALES_ORDER_GROUP));
    expect(order).toMatchObject({
      kind: 'salesOrder',
      externalGuid: GUID,
      isFullyInvoiced: true,
      linkedTxns: [{ txnId: 'C5-1417118624', txnType: 'Invoice', amount: '150.00' }],
    });
    expect(order?.kind === 'salesOrder' && order.lines.map((l) => [l.txnLineId, l.groupTxnLineId, l.amount])).toEqual([
      ['50-1', undefined, '150.00'],
      ['51-1', '50-1', '150.00'],
    ]);
  });

  it('refuses a sales order without TxnID and keeps a trimmed one as partial', () => {
    const noId = SALES_ORDER_GROUP.replace('<TxnID>4F-1415942300</TxnID>', '');
    expect(parseQbxmlResponse(wrap(noId))).toMatchObject({ ok: false, error: { code: 'qbxml_invalid_identity' } });
    const trimmed = rs(
      'SalesOrderAdd',
      '<SalesOrderRet><TxnID>4F-1415942300</TxnID><RefNumber>14</RefNumber></SalesOrderRet>',
    );
    expect(records(wrap(trimmed))).toMatchObject([{ kind: 'partial', retName: 'SalesOrderRet', id: '4F-1415942300' }]);
  });
});
