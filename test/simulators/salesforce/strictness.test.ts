/**
 * The org refuses what a real org refuses: numbers beyond a field's precision, strings beyond its
 * length, products from an inactive or foreign price book entry, dates that are no day, Composite
 * and Graph requests beyond their limits, and API versions the org does not serve.
 */
import { parseCsv } from './csv.ts';
import { startSalesforceSimulator, type SalesforceSimulator } from './index.ts';
import { bulkFailures, restClient, TEST_CLIENT, token } from './rest-client.ts';

describe('the org simulator refuses what Salesforce refuses', () => {
  let sim: SalesforceSimulator;
  let call: ReturnType<typeof restClient>;
  beforeEach(async () => {
    sim = await startSalesforceSimulator({ ...TEST_CLIENT, bulkStartDelayMs: 1 });
    call = restClient(sim, await token(sim));
  });
  afterEach(() => sim.close());

  const upsertAccount = (ext: string, fields: Record<string, unknown>) =>
    call('PATCH', `/sobjects/Account/QuickBooks_Customer_Id__c/${ext}`, { Name: 'Acme', ...fields });

  it('numbers: too many integer digits is NUMBER_OUTSIDE_VALID_RANGE; extra decimals are rounded to the scale', async () => {
    // QuickBooks_Open_Balance__c is Currency(16, 2): 14 digits before the point.
    const tooBig = await upsertAccount('a1', { QuickBooks_Open_Balance__c: '123456789012345.00' });
    expect(tooBig).toEqual({
      status: 400,
      body: [
        {
          message: 'QuickBooks Open Balance: value outside of valid range on numeric field: 123456789012345.00',
          errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
          fields: ['QuickBooks_Open_Balance__c'],
        },
      ],
    });
    expect(sim.org.find('Account', 'QuickBooks_Customer_Id__c', 'a1')).toBeUndefined();
    expect((await upsertAccount('a2', { QuickBooks_Open_Balance__c: 12345678901234.99 })).status).toBe(201);
    expect((await upsertAccount('a3', { QuickBooks_Open_Balance__c: '1.005' })).status).toBe(201);
    expect(sim.org.find('Account', 'QuickBooks_Customer_Id__c', 'a3')?.QuickBooks_Open_Balance__c).toBe(1.01);
    // Rounding that carries into a new integer digit can make a value too big.
    expect((await upsertAccount('a4', { QuickBooks_Open_Balance__c: '99999999999999.995' })).body).toMatchObject([
      { errorCode: 'NUMBER_OUTSIDE_VALID_RANGE' },
    ]);
    // In Collections the refusal is the record's own.
    const many = await call('PATCH', '/composite/sobjects/Account/QuickBooks_Customer_Id__c', {
      allOrNone: false,
      records: [
        {
          attributes: { type: 'Account' },
          QuickBooks_Customer_Id__c: 'b1',
          Name: 'B1',
          QuickBooks_Open_Balance__c: 1e15,
        },
        { attributes: { type: 'Account' }, QuickBooks_Customer_Id__c: 'b2', Name: 'B2', QuickBooks_Open_Balance__c: 5 },
      ],
    });
    expect(many.status).toBe(200);
    expect(many.body).toEqual([
      {
        success: false,
        errors: [
          {
            statusCode: 'NUMBER_OUTSIDE_VALID_RANGE',
            message: 'QuickBooks Open Balance: value outside of valid range on numeric field: 1000000000000000',
            fields: ['QuickBooks_Open_Balance__c'],
          },
        ],
      },
      expect.objectContaining({ success: true, created: true }),
    ]);
  });

  it('strings: custom and standard fields have their real lengths (STRING_TOO_LONG)', async () => {
    const cases: [string, string, string, number][] = [
      ['Product2', 'QuickBooks_Item_Id__c', 'Description', 4000],
      ['Product2', 'QuickBooks_Item_Id__c', 'Name', 255],
      ['Product2', 'QuickBooks_Item_Id__c', 'ProductCode', 255],
      ['Account', 'QuickBooks_Customer_Id__c', 'Phone', 40],
      ['Account', 'QuickBooks_Customer_Id__c', 'BillingCity', 40],
      ['Account', 'QuickBooks_Customer_Id__c', 'BillingPostalCode', 20],
      ['Account', 'QuickBooks_Customer_Id__c', 'ShippingState', 80],
      ['Account', 'QuickBooks_Customer_Id__c', 'QuickBooks_Terms__c', 100],
      ['Contact', 'QuickBooks_Contact_Id__c', 'FirstName', 40],
      ['Contact', 'QuickBooks_Contact_Id__c', 'Title', 128],
      ['Contact', 'QuickBooks_Contact_Id__c', 'MobilePhone', 40],
      ['Opportunity', 'QuickBooks_Invoice_Id__c', 'Name', 120],
      ['Opportunity', 'QuickBooks_Invoice_Id__c', 'Description', 32000],
      ['QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'Memo__c', 4096],
    ];
    const base: Record<string, Record<string, unknown>> = {
      Product2: { Name: 'Widget' },
      Account: { Name: 'Acme' },
      Contact: { LastName: 'Doe' },
      Opportunity: { Name: 'Invoice 1', StageName: 'Prospecting', CloseDate: '2026-01-31' },
      QuickBooks_Invoice__c: { Name: '1' },
    };
    for (const [object, ext, field, max] of cases) {
      const over = await call('PATCH', `/sobjects/${object}/${ext}/over-${field}`, {
        ...base[object],
        [field]: 'x'.repeat(max + 1),
      });
      expect([object, field, over.status, (over.body as { errorCode: string }[])[0]?.errorCode]).toEqual([
        object,
        field,
        400,
        'STRING_TOO_LONG',
      ]);
      expect((over.body as { message: string; fields: string[] }[])[0]).toMatchObject({
        message: expect.stringMatching(new RegExp(`: data value too large: x+ \\(max length=${max}\\)$`)),
        fields: [field],
      });
      const fits = await call('PATCH', `/sobjects/${object}/${ext}/fits-${field}`, {
        ...base[object],
        [field]: 'x'.repeat(max),
      });
      expect([object, field, fits.status]).toEqual([object, field, 201]);
    }
    const email = await call('PATCH', '/sobjects/Contact/QuickBooks_Contact_Id__c/e1', {
      LastName: 'Doe',
      Email: `${'a'.repeat(70)}@example.com`,
    });
    expect(email.body).toMatchObject([{ errorCode: 'STRING_TOO_LONG', fields: ['Email'] }]);
  });

  describe('Opportunity products', () => {
    const standardBook = () => String(sim.org.find('Pricebook2', 'IsStandard', true)!.Id);
    async function entry(key: string, { active = true, productActive = true, book = standardBook() } = {}) {
      await call('PATCH', `/sobjects/Product2/QuickBooks_Item_Id__c/${key}`, { Name: key, IsActive: productActive });
      const r = await call('PATCH', `/sobjects/PricebookEntry/QuickBooks_Item_Id__c/${key}`, {
        Pricebook2Id: book,
        Product2: { QuickBooks_Item_Id__c: key },
        UnitPrice: 10,
        IsActive: active,
      });
      expect(r.status).toBe(201);
    }
    const opportunity = (key: string, fields: Record<string, unknown> = {}) =>
      call('PATCH', `/sobjects/Opportunity/QuickBooks_Invoice_Id__c/${key}`, {
        Name: key,
        StageName: 'Prospecting',
        CloseDate: '2026-01-31',
        ...fields,
      });
    const line = (key: string, opp: string, item: string) =>
      call('PATCH', `/sobjects/OpportunityLineItem/QuickBooks_Line_Id__c/${key}`, {
        Opportunity: { QuickBooks_Invoice_Id__c: opp },
        PricebookEntry: { QuickBooks_Item_Id__c: item },
        Quantity: 1,
        TotalPrice: 10,
      });
    const inactive = {
      status: 400,
      body: [
        {
          message: 'field integrity exception: PricebookEntryId (pricebook entry is inactive)',
          errorCode: 'FIELD_INTEGRITY_EXCEPTION',
          fields: ['PricebookEntryId'],
        },
      ],
    };

    it('an inactive price book entry, or one whose product is inactive, is refused', async () => {
      await entry('off', { active: false });
      await entry('retired', { productActive: false });
      await entry('on');
      await opportunity('o1');
      expect(await line('l1', 'o1', 'off')).toEqual(inactive);
      expect(await line('l2', 'o1', 'retired')).toEqual(inactive);
      expect(sim.org.records('OpportunityLineItem')).toHaveLength(0);
      expect((await line('l3', 'o1', 'on')).status).toBe(201);
    });

    it('a product line takes its price book entry’s product; another product is refused', async () => {
      await entry('pe1');
      await entry('pe2');
      await opportunity('o3');
      expect((await line('l6', 'o3', 'pe1')).status).toBe(201);
      const product = (key: string) => sim.org.find('Product2', 'QuickBooks_Item_Id__c', key)?.Id;
      expect(sim.org.find('OpportunityLineItem', 'QuickBooks_Line_Id__c', 'l6')?.Product2Id).toBe(product('pe1'));
      const mismatched = await call('PATCH', '/sobjects/OpportunityLineItem/QuickBooks_Line_Id__c/l7', {
        Opportunity: { QuickBooks_Invoice_Id__c: 'o3' },
        PricebookEntry: { QuickBooks_Item_Id__c: 'pe1' },
        Product2Id: product('pe2'),
        Quantity: 1,
        TotalPrice: 10,
      });
      expect(mismatched.body).toMatchObject([{ errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['Product2Id'] }]);
    });

    it('an entry from another price book than the Opportunity’s is refused; the first product sets the price book', async () => {
      const other = await call('POST', '/sobjects/Pricebook2', { Name: 'Wholesale', IsActive: true });
      await entry('std');
      await entry('wholesale', { book: (other.body as { id: string }).id });
      await opportunity('o2');
      expect((await line('l4', 'o2', 'std')).status).toBe(201);
      expect(sim.org.find('Opportunity', 'QuickBooks_Invoice_Id__c', 'o2')?.Pricebook2Id).toBe(standardBook());
      expect(await line('l5', 'o2', 'wholesale')).toEqual({
        status: 400,
        body: [
          {
            message:
              'field integrity exception: PricebookEntryId (pricebook entry is in a different pricebook than the one assigned to the opportunity)',
            errorCode: 'FIELD_INTEGRITY_EXCEPTION',
            fields: ['PricebookEntryId'],
          },
        ],
      });
    });
  });

  it('dates: REST refuses a day that does not exist with JSON_PARSER_ERROR; Bulk fails the row', async () => {
    const invoice = (key: string, fields: Record<string, unknown>) =>
      call('PATCH', `/sobjects/QuickBooks_Invoice__c/QuickBooks_Invoice_Id__c/${key}`, { Name: key, ...fields });
    for (const bad of ['2026-02-31', '2026-13-01', '2026-2-1', '31/01/2026', '2026-01-01x']) {
      expect(await invoice('i1', { Due_Date__c: bad })).toEqual({
        status: 400,
        body: [
          {
            message: `Cannot deserialize instance of date from VALUE_STRING value ${bad} or request may be missing a required field`,
            errorCode: 'JSON_PARSER_ERROR',
          },
        ],
      });
    }
    for (const bad of ['2026-01-01T24:00:00Z', '2026-02-30T10:00:00.000+0000', 'yesterday']) {
      expect((await invoice('i1', { QuickBooks_Updated_At__c: bad })).body).toMatchObject([
        { errorCode: 'JSON_PARSER_ERROR' },
      ]);
    }
    expect(
      (await invoice('i2', { Due_Date__c: '2028-02-29', QuickBooks_Updated_At__c: '2026-01-31T23:59:59Z' })).status,
    ).toBe(201);
    expect(sim.org.records('QuickBooks_Invoice__c').map((r) => r.QuickBooks_Invoice_Id__c)).toEqual(['i2']);

    const job = await call('POST', '/jobs/ingest', {
      object: 'QuickBooks_Invoice__c',
      operation: 'upsert',
      externalIdFieldName: 'QuickBooks_Invoice_Id__c',
      lineEnding: 'LF',
    });
    const id = (job.body as { id: string }).id;
    const csv = 'QuickBooks_Invoice_Id__c,Name,Due_Date__c\nb1,B1,2026-02-31\nb2,B2,2026-02-28\n';
    expect((await call('PUT', `/jobs/ingest/${id}/batches`, csv, { 'content-type': 'text/csv' })).status).toBe(201);
    await call('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
    expect(parseCsv(await bulkFailures(call, id)).filter((r) => r.length > 1)).toEqual([
      ['sf__Id', 'sf__Error', 'QuickBooks_Invoice_Id__c', 'Name', 'Due_Date__c'],
      [
        '',
        'INVALID_TYPE_ON_FIELD_IN_RECORD:Due Date: value not of required type: 2026-02-31:Due_Date__c',
        'b1',
        'B1',
        '2026-02-31',
      ],
    ]);
    expect(sim.org.find('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'b2')?.Due_Date__c).toBe('2026-02-28');
  });

  it('Composite: at most 25 subrequests, at most 5 of them sObject Collections or queries', async () => {
    const upsert = (i: number) => ({
      method: 'PATCH',
      url: `/services/data/v67.0/sobjects/Account/QuickBooks_Customer_Id__c/c${i}`,
      referenceId: `a${i}`,
      body: { Name: `C${i}` },
    });
    const query = (i: number) => ({
      method: 'GET',
      url: '/services/data/v67.0/query?q=SELECT+Id+FROM+Account',
      referenceId: `q${i}`,
    });
    const collection = (i: number) => ({
      method: 'PATCH',
      url: '/services/data/v67.0/composite/sobjects/Account/QuickBooks_Customer_Id__c',
      referenceId: `k${i}`,
      body: {
        allOrNone: false,
        records: [{ attributes: { type: 'Account' }, QuickBooks_Customer_Id__c: `k${i}`, Name: 'K' }],
      },
    });
    const composite = (subs: unknown[]) => call('POST', '/composite', { allOrNone: false, compositeRequest: subs });

    const tooMany = await composite(Array.from({ length: 26 }, (_, i) => upsert(i)));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual([
      { message: 'compositeRequest must contain between 1 and 25 subrequests', errorCode: 'INVALID_BATCH_REQUEST' },
    ]);
    expect((await composite(Array.from({ length: 25 }, (_, i) => upsert(i)))).status).toBe(200);

    const heavy = await composite([
      query(1),
      query(2),
      query(3),
      collection(4),
      collection(5),
      collection(6),
      upsert(7),
    ]);
    expect(heavy).toEqual({
      status: 400,
      body: [
        {
          message: 'A composite request can contain at most 5 sObject Collections or query subrequests (got 6)',
          errorCode: 'INVALID_BATCH_REQUEST',
        },
      ],
    });
    expect(sim.org.find('Account', 'QuickBooks_Customer_Id__c', 'k4')).toBeUndefined();
    const five = await composite([query(1), query(2), collection(3), collection(4), collection(5), upsert(99)]);
    expect(
      (five.body as { compositeResponse: { httpStatusCode: number }[] }).compositeResponse.map((r) => r.httpStatusCode),
    ).toEqual([200, 200, 200, 200, 200, 201]);
  });

  it('Graph: only sObject nodes; a query node fails its graph; 500 nodes per payload', async () => {
    const node = (ref: string, ext: string) => ({
      method: 'PATCH',
      url: `/services/data/v67.0/sobjects/Account/QuickBooks_Customer_Id__c/${ext}`,
      referenceId: ref,
      body: { Name: ext },
    });
    const graph = await call('POST', '/composite/graph', {
      graphs: [
        {
          graphId: 'g1',
          compositeRequest: [
            node('a', 'g1a'),
            { method: 'GET', url: '/services/data/v67.0/query?q=SELECT+Id+FROM+Account', referenceId: 'q' },
          ],
        },
        { graphId: 'g2', compositeRequest: [node('b', 'g2b')] },
      ],
    });
    expect(graph.status).toBe(200);
    const [g1, g2] = (
      graph.body as {
        graphs: {
          isSuccessful: boolean;
          graphResponse: { compositeResponse: { body: unknown; httpStatusCode: number }[] };
        }[];
      }
    ).graphs;
    expect(g1!.isSuccessful).toBe(false);
    expect(
      g1!.graphResponse.compositeResponse.map((r) => [
        r.httpStatusCode,
        (r.body as { errorCode: string }[])[0]!.errorCode,
      ]),
    ).toEqual([
      [400, 'PROCESSING_HALTED'],
      [400, 'INVALID_GRAPH'],
    ]);
    expect(g2!.isSuccessful).toBe(true);
    expect(sim.org.find('Account', 'QuickBooks_Customer_Id__c', 'g1a')).toBeUndefined();
    expect(sim.org.find('Account', 'QuickBooks_Customer_Id__c', 'g2b')).toBeDefined();

    const big = await call('POST', '/composite/graph', {
      graphs: [
        { graphId: 'x', compositeRequest: Array.from({ length: 300 }, (_, i) => node(`x${i}`, `x${i}`)) },
        { graphId: 'y', compositeRequest: Array.from({ length: 201 }, (_, i) => node(`y${i}`, `y${i}`)) },
      ],
    });
    expect(big).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_BATCH_REQUEST' }] });
  });

  it('API versions: /services/data lists 31.0 to 67.0; a retired version is 410 GONE, an unknown one 404', async () => {
    const versions = (await call('GET', '/services/data')).body as { label: string; url: string; version: string }[];
    expect(versions[0]).toEqual({ label: "Summer '14", url: '/services/data/v31.0', version: '31.0' });
    expect(versions.at(-1)).toEqual({ label: "Summer '26", url: '/services/data/v67.0', version: '67.0' });
    expect(versions).toHaveLength(37);
    const at = (v: string) => call('GET', `/services/data/${v}/limits`);
    expect((await at('v31.0')).status).toBe(200);
    expect(await at('v99.0')).toEqual({
      status: 404,
      body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
    });
    expect(await at('v68.0')).toMatchObject({ status: 404 });
    expect(await at('v20.0')).toEqual({
      status: 410,
      body: [{ errorCode: 'GONE', message: 'API version 20.0 has been retired' }],
    });
  });
});
