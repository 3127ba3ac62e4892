/**
 * SalesOrderAdd and SalesOrderQuery as QuickBooks answers them: lines exact to the cent, items that
 * must exist, the schema's order and lengths, no customer balance moved (a sales order posts
 * nothing), found again by TxnID or by customer and date with our ExternalGUID, IncludeLineItems
 * and IncludeRetElement honoured, every answer valid against the qbXML 13.0 schema.
 */
import { validateQbxml13 } from '../../../support/xsd.ts';
import { createCompany, HRESULT, QbHresultError, type Company } from './company.ts';
import { childrenNamed, parseXml, textOf, type El } from './xml.ts';

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

interface Line {
  readonly item?: string;
  readonly desc?: string;
  readonly quantity?: string;
  readonly rate?: string;
}

function salesOrderAdd(customerId: string, txnDate: string, lines: readonly Line[], extra = ''): string {
  const body = lines
    .map(
      (l) =>
        `<SalesOrderLineAdd>${l.item ? `<ItemRef><ListID>${l.item}</ListID></ItemRef>` : ''}${l.desc ? `<Desc>${l.desc}</Desc>` : ''}` +
        `${l.quantity ? `<Quantity>${l.quantity}</Quantity>` : ''}${l.rate ? `<Rate>${l.rate}</Rate>` : ''}</SalesOrderLineAdd>`,
    )
    .join('');
  return (
    `<SalesOrderAddRq requestID="so"><SalesOrderAdd><CustomerRef><ListID>${customerId}</ListID></CustomerRef><TxnDate>${txnDate}</TxnDate>` +
    `${extra}<Memo>Won deal</Memo><ExternalGUID>${GUID}</ExternalGUID>${body}</SalesOrderAdd></SalesOrderAddRq>`
  );
}

const byCustomerAndDate = (customerId: string, date: string, tail = '') =>
  `<SalesOrderQueryRq requestID="q"><TxnDateRangeFilter><FromTxnDate>${date}</FromTxnDate><ToTxnDate>${date}</ToTxnDate></TxnDateRangeFilter>` +
  `<EntityFilter><ListID>${customerId}</ListID></EntityFilter>${tail}</SalesOrderQueryRq>`;

function setUp(seed: number) {
  const c = createCompany({ seed, customers: 3, items: 4, invoices: 0, payments: 0 });
  const customer = c.list('customer').find((x) => x.sublevel === 0)!;
  const [a, b] = c.list('item').filter((i) => i.isActive);
  return { c, customer, a: a!, b: b! };
}

describe('SalesOrderAdd', () => {
  it('adds the lines exact to the cent, keeps the GUID and memo, and moves no customer balance', () => {
    const { c, customer, a, b } = setUp(80);
    const balance = customer.balance;
    const [rs] = send(
      c,
      salesOrderAdd(customer.listId, '2026-11-30', [
        { item: a.listId, desc: 'Onboarding', quantity: '1', rate: '150' },
        { item: b.listId, desc: 'Support', quantity: '3', rate: '33.335' },
      ]),
    );
    expect(rs?.attrs).toMatchObject({ requestID: 'so', statusCode: '0' });
    const ret = rs!.children[0]!;
    expect(ret.name).toBe('SalesOrderRet');
    expect(textOf(ret, 'ExternalGUID')).toBe(GUID);
    expect(textOf(ret, 'Memo')).toBe('Won deal');
    expect(
      childrenNamed(ret, 'SalesOrderLineRet').map((l) => [
        textOf(l, 'Quantity'),
        textOf(l, 'Rate'),
        textOf(l, 'Amount'),
      ]),
    ).toEqual([
      ['1', '150', '150.00'],
      ['3', '33.335', '100.01'],
    ]);
    expect([textOf(ret, 'Subtotal'), textOf(ret, 'TotalAmount')]).toEqual(['250.01', '250.01']);
    expect(c.count('salesOrder')).toBe(1);
    expect(c.count('invoice')).toBe(0);
    expect(c.list('customer').find((x) => x.listId === customer.listId)!.balance).toBe(balance);
  });

  it('refuses a line whose item the company does not have (3140), storing nothing', () => {
    const { c, customer } = setUp(81);
    const [rs] = send(
      c,
      salesOrderAdd(customer.listId, '2026-11-30', [{ item: '80009999-1', quantity: '1', rate: '5' }]),
    );
    expect(rs?.attrs.statusCode).toBe('3140');
    expect(c.count('salesOrder')).toBe(0);
  });

  it('refuses a RefNumber longer than 11 characters (3070), storing nothing', () => {
    const { c, customer, a } = setUp(82);
    const add = salesOrderAdd(customer.listId, '2026-11-30', [{ item: a.listId, rate: '5' }]).replace(
      '<TxnDate>2026-11-30</TxnDate>',
      '<TxnDate>2026-11-30</TxnDate><RefNumber>SO-123456789</RefNumber>',
    );
    const [rs] = send(c, add);
    expect(rs?.attrs.statusCode).toBe('3070');
    expect(c.count('salesOrder')).toBe(0);
  });

  it.each([
    [
      'an element out of order',
      (x: string) =>
        x.replace('<Memo>Won deal</Memo>', '').replace('<CustomerRef>', '<Memo>Won deal</Memo><CustomerRef>'),
    ],
    [
      'an invoice-only element',
      (x: string) => x.replace('<Memo>', '<ARAccountRef><FullName>Accounts Receivable</FullName></ARAccountRef><Memo>'),
    ],
    ['no line', (x: string) => x.replace(/<SalesOrderLineAdd>.*<\/SalesOrderLineAdd>/, '')],
    [
      'a ServiceDate on a line',
      (x: string) => x.replace('</SalesOrderLineAdd>', '<ServiceDate>2026-11-30</ServiceDate></SalesOrderLineAdd>'),
    ],
    [
      'an amount with three decimals',
      (x: string) => x.replace('<Rate>5</Rate>', '<Rate>5</Rate><Amount>5.001</Amount>'),
    ],
  ])('fails the message set on %s as the schema does (0x80040400)', (_what, change) => {
    const { c, customer, a } = setUp(83);
    const add = change(salesOrderAdd(customer.listId, '2026-11-30', [{ item: a.listId, rate: '5' }]));
    expect(hresultOf(() => c.process(rq(add, 'stopOnError')))).toBe(HRESULT.parse);
    expect(c.count('salesOrder')).toBe(0);
  });
});

describe('SalesOrderQuery', () => {
  it('finds a sales order by TxnID, and by customer and date (not another date or customer)', () => {
    const { c, customer, a } = setUp(84);
    const other = c.list('customer').find((x) => x.sublevel === 0 && x.listId !== customer.listId)!;
    const [added] = send(c, salesOrderAdd(customer.listId, '2026-11-30', [{ item: a.listId, rate: '5' }]));
    const txnId = textOf(added!.children[0], 'TxnID');
    const [byId, hit, otherDay, otherCustomer] = send(
      c,
      `<SalesOrderQueryRq requestID="id"><TxnID>${txnId}</TxnID></SalesOrderQueryRq>` +
        byCustomerAndDate(customer.listId, '2026-11-30') +
        byCustomerAndDate(customer.listId, '2026-12-01') +
        byCustomerAndDate(other.listId, '2026-11-30'),
    );
    expect(byId?.children.map((r) => textOf(r, 'TxnID'))).toEqual([txnId]);
    expect(hit?.children.map((r) => textOf(r, 'ExternalGUID'))).toEqual([GUID]);
    expect(otherDay?.attrs).toMatchObject({ statusCode: '1', statusSeverity: 'Info' });
    expect(otherCustomer?.attrs).toMatchObject({ statusCode: '1', statusSeverity: 'Info' });
  });

  it('gives lines only with IncludeLineItems, and only the IncludeRetElement children when named', () => {
    const { c, customer, a } = setUp(85);
    send(c, salesOrderAdd(customer.listId, '2026-11-30', [{ item: a.listId, quantity: '2', rate: '7.25' }]));
    const [bare, withLines, cut] = send(
      c,
      byCustomerAndDate(customer.listId, '2026-11-30') +
        byCustomerAndDate(customer.listId, '2026-11-30', '<IncludeLineItems>true</IncludeLineItems>') +
        byCustomerAndDate(
          customer.listId,
          '2026-11-30',
          '<IncludeLineItems>true</IncludeLineItems><IncludeRetElement>TxnID</IncludeRetElement><IncludeRetElement>ExternalGUID</IncludeRetElement>',
        ),
    );
    expect(childrenNamed(bare!.children[0], 'SalesOrderLineRet')).toHaveLength(0);
    expect(childrenNamed(withLines!.children[0], 'SalesOrderLineRet').map((l) => textOf(l, 'Amount'))).toEqual([
      '14.50',
    ]);
    expect(cut!.children[0]!.children.map((x) => x.name)).toEqual(['TxnID', 'ExternalGUID']);
  });

  it('answers the Add and the queries with SalesOrderRet that validates against the qbXML 13.0 schema', async () => {
    const { c, customer, a, b } = setUp(86);
    const add = c.process(
      rq(
        salesOrderAdd(
          customer.listId,
          '2026-11-30',
          [
            { item: a.listId, desc: 'Setup &amp; config', quantity: '1', rate: '150' },
            { item: b.listId, quantity: '3', rate: '95.5' },
          ],
          '<PONumber>PO-7</PONumber><DueDate>2026-12-30</DueDate>',
        ),
      ),
    );
    const query = c.process(
      rq(byCustomerAndDate(customer.listId, '2026-11-30', '<IncludeLineItems>true</IncludeLineItems>')),
    );
    expect(query).toContain('<SalesOrderLineRet>');
    const results = await validateQbxml13([
      { name: 'add', xml: add },
      { name: 'query', xml: query },
    ]);
    expect(results.filter((r) => !r.valid)).toEqual([]);
  });
});
