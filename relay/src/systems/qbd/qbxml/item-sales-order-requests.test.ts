import { validateQbxml13 } from '../../../../../test/support/xsd.ts';
import { buildQbxml, buildQbxmlResult, type BuildOptions, type QbxmlRequest } from './requests.ts';

const s: BuildOptions = { onError: 'stopOnError' };
const one = (r: QbxmlRequest) => buildQbxml([r], s);
const GUID = '{5f2b1c3d-9a8e-4b7c-8d6e-0f1a2b3c4d5e}';
const ship = { addr1: 'Ünter den Linden 1', city: 'München', postalCode: '80331', country: 'Germany' };

/** Shapes of the item Mods, non-inventory items and sales orders: smallest valid form and every field filled. */
const SHAPES: readonly { name: string; requests: readonly QbxmlRequest[] }[] = [
  {
    name: 'item-service-mod-full',
    requests: [
      {
        type: 'ItemServiceMod',
        requestId: 'm1',
        listId: '80000014-1689905630',
        editSequence: '1689905630',
        item: {
          name: 'Design & Build',
          isActive: false,
          description: 'Design <per hour>',
          price: '123.45678',
          account: { fullName: 'Income:Services' },
        },
      },
    ],
  },
  {
    name: 'item-service-mod-name-only',
    requests: [
      { type: 'ItemServiceMod', requestId: 'm2', listId: '80000014-1', editSequence: '1', item: { name: 'A' } },
    ],
  },
  {
    name: 'item-service-mod-nothing',
    requests: [{ type: 'ItemServiceMod', requestId: 'm3', listId: '80000014-1', editSequence: '1', item: {} }],
  },
  {
    name: 'item-noninventory-add-full',
    requests: [
      {
        type: 'ItemNonInventoryAdd',
        requestId: 'n1',
        item: {
          name: 'Widget Café',
          isActive: true,
          description: 'Widget, blue',
          price: '-19.5',
          account: { listId: '80000009-1683234553' },
        },
      },
    ],
  },
  {
    name: 'item-noninventory-add-min',
    requests: [{ type: 'ItemNonInventoryAdd', requestId: 'n2', item: { name: 'W', account: { fullName: 'Sales' } } }],
  },
  {
    name: 'item-noninventory-mod-full',
    requests: [
      {
        type: 'ItemNonInventoryMod',
        requestId: 'n3',
        listId: '80000016-1691118553',
        editSequence: '1691118553',
        item: { name: 'Widget 2', isActive: true, description: 'x', price: '0', account: { fullName: 'Sales' } },
      },
    ],
  },
  {
    name: 'sales-order-add-full',
    requests: [
      {
        type: 'SalesOrderAdd',
        requestId: 'o1',
        salesOrder: {
          customer: { listId: '80000009-1415929219' },
          class: { fullName: 'East' },
          txnDate: '2024-03-01',
          refNumber: 'SO-0000001',
          shipAddress: ship,
          poNumber: 'PO 42',
          dueDate: '2024-03-31',
          shipDate: '2024-03-05',
          memo: 'Opportunity 006xx0000012345',
          externalGuid: GUID,
          lines: [
            {
              item: { fullName: 'SPREE-T-SHIRT' },
              description: 'T-shirt',
              quantity: '2',
              rate: '100.00',
              class: { fullName: 'East' },
              amount: '200.00',
              salesTaxCode: { fullName: 'Non' },
            },
            { description: 'Comment line' },
          ],
        },
      },
    ],
  },
  {
    name: 'sales-order-add-min',
    requests: [
      {
        type: 'SalesOrderAdd',
        requestId: 'o2',
        salesOrder: { customer: { fullName: 'a123191' }, lines: [{ item: { listId: '80000034-1' }, amount: '1' }] },
      },
    ],
  },
  {
    name: 'sales-order-query-ids',
    requests: [{ type: 'SalesOrderQuery', requestId: 'q1', txnIds: ['4C-1415942229', '4D-1'], includeLineItems: true }],
  },
  {
    name: 'sales-order-query-filtered',
    requests: [
      {
        type: 'SalesOrderQuery',
        requestId: 'q2',
        iterator: 'Start',
        maxReturned: 100,
        fromTxnDate: '2024-01-01',
        toTxnDate: '2024-12-31',
        entity: { listIds: ['80000009-1415929219'] },
        includeLineItems: true,
        includeLinkedTxns: true,
        includeRetElements: ['TxnID', 'EditSequence'],
        ownerIds: ['0'],
      },
    ],
  },
  {
    name: 'sales-order-query-modified',
    requests: [
      {
        type: 'SalesOrderQuery',
        requestId: 'q3',
        fromModifiedDate: '2024-03-01T08:55:00',
        entity: { fullNames: ['a123191'] },
      },
    ],
  },
  { name: 'sales-order-query-bare', requests: [{ type: 'SalesOrderQuery', requestId: 'q4' }] },
];

describe('item Mods, non-inventory items and sales orders', () => {
  it('validate against qbxmlops130.xsd, and a swapped pair of elements does not', async () => {
    const docs = SHAPES.map((shape) => ({ name: shape.name, xml: buildQbxml(shape.requests, s) }));
    const swapped = docs[0]?.xml.replace(
      '<Name>Design &amp; Build</Name><IsActive>false</IsActive>',
      '<IsActive>false</IsActive><Name>Design &amp; Build</Name>',
    );
    const results = await validateQbxml13([...docs, { name: 'swapped', xml: swapped ?? '' }]);
    expect(results.slice(0, -1).filter((r) => !r.valid)).toEqual([]);
    expect(results.at(-1)).toMatchObject({ valid: false });
    expect(results.at(-1)?.errors.join('\n')).toMatch(/Element 'Name': This element is not expected/);
  });

  it('writes a Mod as ListID, EditSequence, Name, IsActive, then SalesOrPurchaseMod', () => {
    expect(one(SHAPES[0]?.requests[0] as QbxmlRequest)).toContain(
      '<ItemServiceModRq requestID="m1"><ItemServiceMod><ListID>80000014-1689905630</ListID>' +
        '<EditSequence>1689905630</EditSequence><Name>Design &amp; Build</Name><IsActive>false</IsActive>' +
        '<SalesOrPurchaseMod><Desc>Design &lt;per hour&gt;</Desc><Price>123.45678</Price>' +
        '<AccountRef><FullName>Income:Services</FullName></AccountRef></SalesOrPurchaseMod></ItemServiceMod></ItemServiceModRq>',
    );
  });

  it('leaves SalesOrPurchaseMod out when no sales field changes', () => {
    const xml = one(SHAPES[1]?.requests[0] as QbxmlRequest);
    expect(xml).toContain(
      '<ItemServiceMod><ListID>80000014-1</ListID><EditSequence>1</EditSequence><Name>A</Name></ItemServiceMod>',
    );
  });

  it('writes a non-inventory Add with SalesOrPurchase, ListID winning over FullName', () => {
    const xml = one({
      type: 'ItemNonInventoryAdd',
      requestId: 'n',
      item: { name: 'W', price: '2.50', account: { listId: '8-1', fullName: 'Sales' } },
    });
    expect(xml).toContain(
      '<ItemNonInventoryAdd><Name>W</Name><SalesOrPurchase><Price>2.50</Price><AccountRef><ListID>8-1</ListID></AccountRef></SalesOrPurchase></ItemNonInventoryAdd>',
    );
  });

  it('writes sales order lines in schema order after ExternalGUID', () => {
    const xml = one(SHAPES[6]?.requests[0] as QbxmlRequest);
    expect(xml).toContain(
      `<Memo>Opportunity 006xx0000012345</Memo><ExternalGUID>${GUID}</ExternalGUID><SalesOrderLineAdd><ItemRef><FullName>SPREE-T-SHIRT</FullName></ItemRef>` +
        '<Desc>T-shirt</Desc><Quantity>2</Quantity><Rate>100.00</Rate><ClassRef><FullName>East</FullName></ClassRef>' +
        '<Amount>200.00</Amount><SalesTaxCodeRef><FullName>Non</FullName></SalesTaxCodeRef></SalesOrderLineAdd>' +
        '<SalesOrderLineAdd><Desc>Comment line</Desc></SalesOrderLineAdd></SalesOrderAdd>',
    );
  });

  it('queries sales orders by TxnID or by date range and customer, like invoices but without PaidStatus', () => {
    expect(one(SHAPES[8]?.requests[0] as QbxmlRequest)).toContain(
      '<SalesOrderQueryRq requestID="q1"><TxnID>4C-1415942229</TxnID><TxnID>4D-1</TxnID><IncludeLineItems>true</IncludeLineItems></SalesOrderQueryRq>',
    );
    expect(one(SHAPES[9]?.requests[0] as QbxmlRequest)).toContain(
      '<SalesOrderQueryRq requestID="q2" iterator="Start"><MaxReturned>100</MaxReturned>' +
        '<TxnDateRangeFilter><FromTxnDate>2024-01-01</FromTxnDate><ToTxnDate>2024-12-31</ToTxnDate></TxnDateRangeFilter>' +
        '<EntityFilter><ListID>80000009-1415929219</ListID></EntityFilter><IncludeLineItems>true</IncludeLineItems>' +
        '<IncludeLinkedTxns>true</IncludeLinkedTxns><IncludeRetElement>TxnID</IncludeRetElement>',
    );
  });

  it('refuses what QuickBooks Desktop cannot hold, naming the field', () => {
    const long = 'Shipping Item - QuickBooks Integ'; // 32 characters
    const mod = { listId: '80000014-1', editSequence: '1' } as const;
    const cases: [QbxmlRequest, string, string][] = [
      [
        { type: 'ItemNonInventoryAdd', requestId: 'a', item: { name: long, account: { fullName: 'S' } } },
        'qbxml_field_too_long',
        'ItemNonInventoryAddRq/Name',
      ],
      [
        { type: 'ItemServiceMod', requestId: 'a', ...mod, item: { name: long } },
        'qbxml_field_too_long',
        'ItemServiceModRq/Name',
      ],
      [
        { type: 'ItemNonInventoryMod', requestId: 'a', ...mod, item: { name: long } },
        'qbxml_field_too_long',
        'ItemNonInventoryModRq/Name',
      ],
      [
        { type: 'ItemServiceMod', requestId: 'a', ...mod, item: { description: 'd'.repeat(4096) } },
        'qbxml_field_too_long',
        'ItemServiceModRq/SalesOrPurchaseMod/Desc',
      ],
      [
        {
          type: 'ItemNonInventoryAdd',
          requestId: 'a',
          item: { name: 'W', description: 'd'.repeat(4096), account: { fullName: 'S' } },
        },
        'qbxml_field_too_long',
        'ItemNonInventoryAddRq/SalesOrPurchase/Desc',
      ],
      [
        {
          type: 'ItemServiceMod',
          requestId: 'a',
          ...mod,
          item: { account: { fullName: `${'A'.repeat(150)}:${'B'.repeat(9)}` } },
        },
        'qbxml_field_too_long',
        'ItemServiceModRq/AccountRef/FullName',
      ],
      [
        { type: 'ItemNonInventoryMod', requestId: 'a', ...mod, item: { price: '1.123456' } },
        'qbxml_invalid_decimal',
        'ItemNonInventoryModRq/SalesOrPurchaseMod/Price',
      ],
      [
        { type: 'ItemNonInventoryMod', requestId: 'a', ...mod, item: { price: 19.99 as unknown as string } },
        'qbxml_not_a_decimal_string',
        'ItemNonInventoryModRq/SalesOrPurchaseMod/Price',
      ],
      [
        {
          type: 'ItemNonInventoryAdd',
          requestId: 'a',
          item: { name: 'W', account: undefined as unknown as { fullName: string } },
        },
        'qbxml_field_required',
        'ItemNonInventoryAddRq/AccountRef',
      ],
      [
        { type: 'ItemNonInventoryAdd', requestId: 'a', item: { name: '', account: { fullName: 'S' } } },
        'qbxml_field_required',
        'ItemNonInventoryAddRq/Name',
      ],
      [
        { type: 'ItemServiceMod', requestId: 'a', listId: '1-1', editSequence: '', item: {} },
        'qbxml_field_required',
        'ItemServiceModRq/EditSequence',
      ],
      [
        { type: 'ItemNonInventoryMod', requestId: 'a', listId: 'not an id', editSequence: '1', item: {} },
        'qbxml_invalid_id',
        'ItemNonInventoryModRq/ListID',
      ],
      [
        { type: 'SalesOrderAdd', requestId: 'a', salesOrder: { customer: { fullName: 'A' }, lines: [] } },
        'qbxml_field_required',
        'SalesOrderAddRq/SalesOrderLineAdd',
      ],
      [
        {
          type: 'SalesOrderAdd',
          requestId: 'a',
          salesOrder: { customer: { fullName: 'A' }, lines: [{ amount: '1' }, { amount: 200 as unknown as string }] },
        },
        'qbxml_not_a_decimal_string',
        'SalesOrderAddRq/SalesOrderLineAdd[2]/Amount',
      ],
      [
        {
          type: 'SalesOrderAdd',
          requestId: 'a',
          salesOrder: { customer: { fullName: 'A' }, lines: [{ quantity: '1e3' }] },
        },
        'qbxml_invalid_decimal',
        'SalesOrderAddRq/SalesOrderLineAdd[1]/Quantity',
      ],
      [
        {
          type: 'SalesOrderAdd',
          requestId: 'a',
          salesOrder: { customer: { fullName: 'A' }, refNumber: 'SO-000000012', lines: [{}] },
        },
        'qbxml_field_too_long',
        'SalesOrderAddRq/RefNumber',
      ],
      [
        {
          type: 'SalesOrderAdd',
          requestId: 'a',
          salesOrder: { customer: { fullName: 'A' }, externalGuid: 'abc', lines: [{}] },
        },
        'qbxml_invalid_guid',
        'SalesOrderAddRq/ExternalGUID',
      ],
      [
        { type: 'SalesOrderQuery', requestId: 'a', txnIds: ['1-1'], fromTxnDate: '2024-01-01' },
        'qbxml_conflicting_filters',
        'SalesOrderQueryRq/TxnID+filters',
      ],
      [
        { type: 'SalesOrderQuery', requestId: 'a', fromTxnDate: '01/02/2024' },
        'qbxml_invalid_date',
        'SalesOrderQueryRq/FromTxnDate',
      ],
    ];
    for (const [request, code, field] of cases) {
      const built = buildQbxmlResult([request], s);
      expect({ field, code: built.ok ? 'built' : built.error.code }).toEqual({ field, code });
      expect(() => one(request)).toThrow(expect.objectContaining({ code, field }) as unknown as Error);
    }
  });

  it('takes a 31-character item name and a 4095-character description', () => {
    const xml = one({
      type: 'ItemNonInventoryAdd',
      requestId: 'a',
      item: { name: 'Shipping Item - QuickBooks Inte', description: 'd'.repeat(4095), account: { fullName: 'S' } },
    });
    expect(xml).toContain('<Name>Shipping Item - QuickBooks Inte</Name>');
  });

  it('transliterates item names to ISO-8859-1, or refuses them in reject mode', () => {
    const request: QbxmlRequest = {
      type: 'ItemServiceMod',
      requestId: 'a',
      listId: '1-1',
      editSequence: '1',
      item: { name: 'Hà Nội – Tour' },
    };
    expect(one(request)).toContain('<Name>Hà Noi - Tour</Name>');
    expect(buildQbxmlResult([request], { ...s, charset: 'reject' })).toMatchObject({
      ok: false,
      error: { code: 'qbxml_not_latin1', message: expect.stringContaining('ItemServiceModRq/Name') },
    });
  });
});
