import { validateQbxml13 } from '../../../support/xsd.ts';
import { createCompany, HRESULT, QbHresultError, type Company } from './company.ts';
import { child, parseXml, textOf, type El } from './xml.ts';

const rq = (inner: string, onError = 'continueOnError') =>
  `<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="${onError}">${inner}</QBXMLMsgsRq></QBXML>`;

/** The `*Rs` elements of one request document, read with the simulator's own parser. */
function send(c: Company, inner: string): El[] {
  return [...parseXml(c.process(rq(inner))).root.children[0]!.children];
}
const code = (rs: El | undefined) => rs?.attrs.statusCode;
const ret = (rs: El | undefined) => rs?.children[0];

function hresultOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof QbHresultError) return e.hresult;
    throw e;
  }
  return undefined;
}

const nonInventoryAdd = (
  name: string,
  sales = '<Desc>Cable, 2 m</Desc><Price>12.50</Price>',
  account = 'Product Sales',
) =>
  `<ItemNonInventoryAddRq requestID="n"><ItemNonInventoryAdd><Name>${name}</Name><ManufacturerPartNumber>CB-2M</ManufacturerPartNumber>` +
  `<SalesOrPurchase>${sales}<AccountRef><FullName>${account}</FullName></AccountRef></SalesOrPurchase></ItemNonInventoryAdd></ItemNonInventoryAddRq>`;
const serviceAdd = (name: string, account = 'Services', parent = '') =>
  `<ItemServiceAddRq requestID="s"><ItemServiceAdd><Name>${name}</Name>${parent ? `<ParentRef><FullName>${parent}</FullName></ParentRef>` : ''}` +
  `<SalesOrPurchase><Desc>Hourly work</Desc><Price>80.00</Price><AccountRef><FullName>${account}</FullName></AccountRef></SalesOrPurchase></ItemServiceAdd></ItemServiceAddRq>`;
const serviceMod = (listId: string, editSequence: string, inner: string) =>
  `<ItemServiceModRq requestID="m"><ItemServiceMod><ListID>${listId}</ListID><EditSequence>${editSequence}</EditSequence>${inner}</ItemServiceMod></ItemServiceModRq>`;
const itemQuery = (listId: string) => `<ItemQueryRq requestID="q"><ListID>${listId}</ListID></ItemQueryRq>`;

function added(c: Company, inner: string): El {
  const rs = send(c, inner)[0];
  expect(code(rs)).toBe('0');
  return ret(rs)!;
}

describe('ItemNonInventoryAdd and ItemQuery', () => {
  it('stores a non-inventory item that ItemQuery returns as ItemNonInventoryRet with its SalesOrPurchase', () => {
    const c = createCompany({ seed: 50 });
    const rec = added(c, nonInventoryAdd('Cable 2m'));
    expect(rec.name).toBe('ItemNonInventoryRet');
    const got = ret(send(c, itemQuery(textOf(rec, 'ListID') ?? ''))[0])!;
    expect(got.name).toBe('ItemNonInventoryRet');
    expect(textOf(got, 'FullName')).toBe('Cable 2m');
    expect(textOf(got, 'ManufacturerPartNumber')).toBe('CB-2M');
    const sop = child(got, 'SalesOrPurchase');
    expect([textOf(sop, 'Desc'), textOf(sop, 'Price'), textOf(child(sop, 'AccountRef'), 'FullName')]).toEqual([
      'Cable, 2 m',
      '12.50',
      'Product Sales',
    ]);
    expect(textOf(child(sop, 'AccountRef'), 'ListID')).toBe(
      c.list('account').find((a) => a.name === 'Product Sales')?.listId,
    );
  });

  it('refuses a name longer than 31 characters (3070) and takes one of exactly 31', () => {
    const c = createCompany({ seed: 51 });
    const [long, fits] = send(c, nonInventoryAdd('x'.repeat(32)) + nonInventoryAdd('y'.repeat(31)));
    expect([code(long), code(fits)]).toEqual(['3070', '0']);
    expect(long?.attrs.statusMessage).toContain('"Name"');
  });

  it('keeps item names unique among all item types (3100) but apart from customer names', () => {
    const c = createCompany({ seed: 52, customers: 3 });
    const customer = c.list('customer')[0]?.name ?? '';
    const [first, clash, asCustomer] = send(
      c,
      serviceAdd('Wiring') + nonInventoryAdd('wiring') + nonInventoryAdd(customer),
    );
    expect([code(first), code(clash), code(asCustomer)]).toEqual(['0', '3100', '0']);
    expect(clash?.attrs.statusMessage).toBe('The name "wiring" of the list element is already in use.');
  });

  it('refuses accounts that do not exist or do not suit the item (3140) and stores nothing', () => {
    const c = createCompany({ seed: 53 });
    const before = c.count('item');
    const twoSided = (income: string) =>
      `<ItemNonInventoryAddRq><ItemNonInventoryAdd><Name>Two ${income}</Name><SalesAndPurchase><SalesPrice>5.00</SalesPrice>` +
      `<IncomeAccountRef><FullName>${income}</FullName></IncomeAccountRef><PurchaseCost>3.00</PurchaseCost>` +
      `<ExpenseAccountRef><FullName>Cost of Goods Sold</FullName></ExpenseAccountRef></SalesAndPurchase></ItemNonInventoryAdd></ItemNonInventoryAddRq>`;
    const set = send(
      c,
      nonInventoryAdd('A', undefined, 'No Such Account') +
        nonInventoryAdd('B', undefined, 'Accounts Receivable') +
        twoSided('Rent Expense') +
        twoSided('Product Sales'),
    );
    expect(set.map(code)).toEqual(['3140', '3140', '3140', '0']);
    expect(set[1]?.attrs.statusMessage).toContain('"Accounts Receivable"');
    expect(c.count('item')).toBe(before + 1);
    expect(ret(set[3])?.children.some((e) => e.name === 'SalesAndPurchase')).toBe(true);
  });
});

describe('ItemServiceMod', () => {
  it('changes name, description, price and account; TimeModified and EditSequence move; ItemQuery shows it', () => {
    const c = createCompany({ seed: 54 });
    const rec = added(c, serviceAdd('Consulting'));
    const listId = textOf(rec, 'ListID') ?? '';
    c.advanceClock(60);
    const modded = added(
      c,
      serviceMod(
        listId,
        textOf(rec, 'EditSequence') ?? '',
        '<Name>Consulting Senior</Name><SalesOrPurchaseMod><Desc>Senior hours</Desc><Price>120.00</Price><AccountRef><FullName>Discounts Given</FullName></AccountRef></SalesOrPurchaseMod>',
      ),
    );
    expect(textOf(modded, 'EditSequence')).not.toBe(textOf(rec, 'EditSequence'));
    expect(Number(textOf(modded, 'EditSequence'))).toBeGreaterThan(Number(textOf(rec, 'EditSequence')));
    expect(textOf(modded, 'TimeModified')! > textOf(rec, 'TimeModified')!).toBe(true);
    expect(textOf(modded, 'TimeCreated')).toBe(textOf(rec, 'TimeCreated'));
    const got = ret(send(c, itemQuery(listId))[0])!;
    const sop = child(got, 'SalesOrPurchase');
    expect([
      got.name,
      textOf(got, 'Name'),
      textOf(sop, 'Desc'),
      textOf(sop, 'Price'),
      textOf(child(sop, 'AccountRef'), 'FullName'),
    ]).toEqual(['ItemServiceRet', 'Consulting Senior', 'Senior hours', '120.00', 'Discounts Given']);
    // A second Mod with the EditSequence just returned moves it again; only what was named changes.
    const again = added(c, serviceMod(listId, textOf(modded, 'EditSequence') ?? '', '<IsActive>false</IsActive>'));
    expect(textOf(again, 'EditSequence')).not.toBe(textOf(modded, 'EditSequence'));
    expect([textOf(again, 'IsActive'), textOf(child(again, 'SalesOrPurchase'), 'Price')]).toEqual(['false', '120.00']);
  });

  it('answers a stale EditSequence with 3200 and the current record, an unknown or other-type ListID with 3120', () => {
    const c = createCompany({ seed: 55 });
    const rec = added(c, serviceAdd('Design'));
    const listId = textOf(rec, 'ListID') ?? '';
    const current = added(c, serviceMod(listId, textOf(rec, 'EditSequence') ?? '', '<Name>Design 2</Name>'));
    const nonInv = added(c, nonInventoryAdd('Bracket'));
    const [stale, unknown, otherType] = send(
      c,
      serviceMod(listId, textOf(rec, 'EditSequence') ?? '', '<Name>Design 3</Name>') +
        serviceMod('8FFFFFFF-1', '1', '<Name>Ghost</Name>') +
        serviceMod(textOf(nonInv, 'ListID') ?? '', textOf(nonInv, 'EditSequence') ?? '', '<Name>Nope</Name>'),
    );
    expect([code(stale), code(unknown), code(otherType)]).toEqual(['3200', '3120', '3120']);
    expect(textOf(ret(stale), 'EditSequence')).toBe(textOf(current, 'EditSequence'));
    expect(textOf(ret(stale), 'Name')).toBe('Design 2');
    expect(c.state.tables.item.get(listId)?.name).toBe('Design 2');
  });

  it('refuses a rename onto another item (3100) and a bad account (3140) without changing the record', () => {
    const c = createCompany({ seed: 56 });
    added(c, nonInventoryAdd('Taken'));
    const rec = added(c, serviceAdd('Free'));
    const listId = textOf(rec, 'ListID') ?? '';
    const es = textOf(rec, 'EditSequence') ?? '';
    const [rename, account] = send(
      c,
      serviceMod(listId, es, '<Name>TAKEN</Name>') +
        serviceMod(
          listId,
          es,
          '<SalesOrPurchaseMod><AccountRef><FullName>Checking</FullName></AccountRef></SalesOrPurchaseMod>',
        ),
    );
    expect([code(rename), code(account)]).toEqual(['3100', '3140']);
    expect(c.state.tables.item.get(listId)).toMatchObject({
      name: 'Free',
      editSequence: es,
      incomeAccount: { fullName: 'Services' },
    });
  });

  it('moves sub-item full names with a renamed parent and refuses making an item its own sub-item', () => {
    const c = createCompany({ seed: 57 });
    const parent = added(c, serviceAdd('Labor'));
    const sub = added(c, serviceAdd('Evening', 'Services', 'Labor'));
    expect(textOf(sub, 'FullName')).toBe('Labor:Evening');
    const pid = textOf(parent, 'ListID') ?? '';
    const renamed = added(c, serviceMod(pid, textOf(parent, 'EditSequence') ?? '', '<Name>Work</Name>'));
    expect(textOf(ret(send(c, itemQuery(textOf(sub, 'ListID') ?? ''))[0]), 'FullName')).toBe('Work:Evening');
    const loop = send(
      c,
      serviceMod(
        pid,
        textOf(renamed, 'EditSequence') ?? '',
        '<ParentRef><FullName>Work:Evening</FullName></ParentRef>',
      ),
    )[0];
    expect(code(loop)).toBe('3140');
    expect(c.state.tables.item.get(pid)?.parent).toBeUndefined();
  });
});

describe('ItemNonInventoryMod', () => {
  it('turns a one-sided item two-sided and refuses SalesOrPurchaseMod on it afterwards', () => {
    const c = createCompany({ seed: 58 });
    const rec = added(c, nonInventoryAdd('Paint'));
    const listId = textOf(rec, 'ListID') ?? '';
    const mod = (es: string, inner: string) =>
      `<ItemNonInventoryModRq><ItemNonInventoryMod><ListID>${listId}</ListID><EditSequence>${es}</EditSequence>${inner}</ItemNonInventoryMod></ItemNonInventoryModRq>`;
    const two = added(
      c,
      mod(
        textOf(rec, 'EditSequence') ?? '',
        '<SalesAndPurchaseMod><SalesDesc>Paint, 1 l</SalesDesc><SalesPrice>20.00</SalesPrice><IncomeAccountRef><FullName>Product Sales</FullName></IncomeAccountRef>' +
          '<PurchaseCost>11.00</PurchaseCost><ExpenseAccountRef><FullName>Job Expenses</FullName></ExpenseAccountRef></SalesAndPurchaseMod>',
      ),
    );
    const sap = child(two, 'SalesAndPurchase');
    expect([textOf(sap, 'SalesDesc'), textOf(sap, 'SalesPrice'), textOf(sap, 'PurchaseCost')]).toEqual([
      'Paint, 1 l',
      '20.00',
      '11.00',
    ]);
    const back = send(
      c,
      mod(textOf(two, 'EditSequence') ?? '', '<SalesOrPurchaseMod><Price>1.00</Price></SalesOrPurchaseMod>'),
    )[0];
    expect(code(back)).toBe('3170');
    expect(c.state.tables.item.get(listId)?.salesPrice).toBe('20.00');
  });
});

describe('item requests QuickBooks refuses as a whole (0x80040400)', () => {
  const c = createCompany({ seed: 59 });
  it.each([
    [
      'an ItemNonInventoryAdd without SalesOrPurchase or SalesAndPurchase',
      '<ItemNonInventoryAddRq><ItemNonInventoryAdd><Name>X</Name></ItemNonInventoryAdd></ItemNonInventoryAddRq>',
    ],
    [
      'an ItemServiceAdd without SalesOrPurchase or SalesAndPurchase',
      '<ItemServiceAddRq><ItemServiceAdd><Name>X</Name></ItemServiceAdd></ItemServiceAddRq>',
    ],
    [
      'ItemNonInventoryAdd with ClassRef before ParentRef (its schema order is the other way round)',
      '<ItemNonInventoryAddRq><ItemNonInventoryAdd><Name>X</Name><ClassRef><FullName>East</FullName></ClassRef><ParentRef><FullName>Y</FullName></ParentRef>' +
        '<SalesOrPurchase><Price>1.00</Price></SalesOrPurchase></ItemNonInventoryAdd></ItemNonInventoryAddRq>',
    ],
    [
      'an ItemServiceMod without EditSequence',
      '<ItemServiceModRq><ItemServiceMod><ListID>1-1</ListID><Name>X</Name></ItemServiceMod></ItemServiceModRq>',
    ],
    [
      'an ItemServiceMod with SalesOrPurchase instead of SalesOrPurchaseMod',
      '<ItemServiceModRq><ItemServiceMod><ListID>1-1</ListID><EditSequence>1</EditSequence><SalesOrPurchase><Price>1.00</Price></SalesOrPurchase></ItemServiceMod></ItemServiceModRq>',
    ],
    [
      'an ItemServiceAdd with an ExternalGUID without braces',
      '<ItemServiceAddRq><ItemServiceAdd><Name>X</Name><SalesOrPurchase><Price>1.00</Price></SalesOrPurchase><ExternalGUID>6b1c7f5e-3b1d-4c2a-9a51-0c2b7d1e9f10</ExternalGUID></ItemServiceAdd></ItemServiceAddRq>',
    ],
  ])('%s', (_label, inner) => {
    expect(hresultOf(() => c.process(rq(inner, 'stopOnError')))).toBe(HRESULT.parse);
  });
});

describe('a company file busy for writes (fault recordInUse)', () => {
  it('answers the next N writes with 3175 (or 3176), lets queries through, stores nothing, then writes again', () => {
    const c = createCompany({ seed: 60, customers: 2 });
    const before = c.count('item');
    c.faults.inject('recordInUse', { times: 2 });
    const set = send(
      c,
      serviceAdd('Busy 1') + '<HostQueryRq requestID="h"/>' + nonInventoryAdd('Busy 2') + serviceAdd('Busy 3'),
    );
    expect(set.map(code)).toEqual(['3175', '0', '3175', '0']);
    expect(set[0]?.attrs).toMatchObject({ statusSeverity: 'Error' });
    expect(set[0]?.attrs.statusMessage).toContain('"Busy 1"');
    expect(set[0]?.attrs.statusMessage).toContain('could not be locked');
    expect(c.count('item')).toBe(before + 1);
    c.faults.inject('recordInUse', { code: 3176 });
    const customer = c.list('customer')[0];
    const mod = send(
      c,
      `<CustomerModRq><CustomerMod><ListID>${customer?.listId}</ListID><EditSequence>${customer?.editSequence}</EditSequence><Phone>555-0100</Phone></CustomerMod></CustomerModRq>`,
    )[0];
    expect(code(mod)).toBe('3176');
    expect(c.state.tables.customer.get(customer?.listId ?? '')?.editSequence).toBe(customer?.editSequence);
    expect(c.faults.armed).toEqual([]);
  });
});

describe('item responses against the qbXML 13.0 schema', () => {
  it('validate (Adds, Mods, a 3200 with the current record, ItemQuery)', async () => {
    const c = createCompany({ seed: 61 });
    const docs: { name: string; xml: string }[] = [];
    const run = (name: string, inner: string) => {
      const xml = c.process(rq(inner));
      docs.push({ name, xml });
      return [...parseXml(xml).root.children[0]!.children];
    };
    const [svc, non] = run('adds', serviceAdd('Svc') + nonInventoryAdd('Non'));
    const id = textOf(ret(svc), 'ListID') ?? '';
    const es = textOf(ret(svc), 'EditSequence') ?? '';
    run(
      'mods',
      serviceMod(id, es, '<Name>Svc 2</Name><SalesOrPurchaseMod><PricePercent>10</PricePercent></SalesOrPurchaseMod>') +
        serviceMod(id, es, '<Name>Svc 3</Name>') +
        `<ItemNonInventoryModRq><ItemNonInventoryMod><ListID>${textOf(ret(non), 'ListID')}</ListID><EditSequence>${textOf(ret(non), 'EditSequence')}</EditSequence><Name>Non 2</Name></ItemNonInventoryMod></ItemNonInventoryModRq>`,
    );
    run('query', '<ItemQueryRq requestID="q"/>');
    const results = await validateQbxml13(docs);
    expect(results.filter((r) => !r.valid)).toEqual([]);
    expect(docs[1]?.xml).toContain('statusCode="3200"');
    expect(docs[1]?.xml).toContain('<PricePercent>10</PricePercent>');
  });
});
