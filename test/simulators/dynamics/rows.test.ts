import { startDataverseSimulator, type DataverseSimulator } from './index.ts';
import { connect, provisionTable, sample, type Api } from './test-client.ts';

let sim: DataverseSimulator;
let api: Api;
beforeEach(async () => {
  sim = await startDataverseSimulator();
  api = connect(sim);
});
afterEach(() => sim.close());

const KEY = "accounts(lb_quickbooksconnection='acme',lb_quickbooksid='80000001-1')";

describe('columns exist only once provisioned', () => {
  it('refuses an unknown column in a body and in $select, and lb_* columns before provisioning creates them', async () => {
    const unknown = await api('POST', 'accounts', { name: 'Acme', colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('0x80048d19');
    expect(unknown.body.error.message).toContain(
      "The property 'colour' does not exist on type 'Microsoft.Dynamics.CRM.account'",
    );
    const before = await api('POST', 'accounts', { name: 'Acme', lb_quickbooksid: '80000001-1' });
    expect(before.status).toBe(400);
    const select = await api('GET', 'accounts?$select=name,lb_quickbooksid');
    expect(select.status).toBe(400);
    expect(select.body).toEqual({
      error: {
        code: '0x80060888',
        message: "Could not find a property named 'lb_quickbooksid' on type 'Microsoft.Dynamics.CRM.account'.",
      },
    });
    expect(await api('GET', KEY)).toMatchObject({ status: 400 }); // no such key yet
  });

  it('creates columns and the alternate key through the metadata endpoints, and refuses creating them twice', async () => {
    expect(await provisionTable(api, 'account')).toEqual([204, 204, 204]);
    const defs = await api(
      'GET',
      "EntityDefinitions(LogicalName='account')?$select=LogicalName&$expand=Attributes($select=LogicalName),Keys",
    );
    expect(defs.status).toBe(200);
    const names = (defs.body.Attributes as { LogicalName: string }[]).map((a) => a.LogicalName);
    expect(names).toEqual(expect.arrayContaining(['lb_quickbooksconnection', 'lb_quickbooksid', 'name']));
    expect(defs.body.Keys).toEqual([
      expect.objectContaining({
        LogicalName: 'lb_quickbooksid_key',
        KeyAttributes: ['lb_quickbooksconnection', 'lb_quickbooksid'],
        EntityKeyIndexStatus: 'Active',
      }),
    ]);
    const again = await provisionTable(api, 'account');
    expect(again).toEqual([400, 400, 400]);
    const choice = await api('POST', "EntityDefinitions(LogicalName='account')/Attributes", {
      '@odata.type': 'Microsoft.Dynamics.CRM.PicklistAttributeMetadata',
      SchemaName: 'lb_syncstatus',
      OptionSet: {
        IsGlobal: false,
        OptionSetType: 'Picklist',
        Options: ['Not Synced', 'Queued', 'Synced', 'Failed', 'Needs Review'].map((l, i) => ({
          Value: 100000000 + i,
          Label: { LocalizedLabels: [{ Label: l, LanguageCode: 1033 }] },
        })),
      },
    });
    expect(choice.status).toBe(204);
    expect((await api('POST', 'accounts', { name: 'A', lb_syncstatus: 100000002 })).status).toBe(204);
    expect((await api('POST', 'accounts', { name: 'B', lb_syncstatus: 7 })).body.error.code).toBe('0x80044331');
  });

  it('creates a table (the sync log) with its primary name column and its own entity set', async () => {
    const created = await api('POST', 'EntityDefinitions', {
      '@odata.type': 'Microsoft.Dynamics.CRM.EntityMetadata',
      SchemaName: 'lb_synclog',
      DisplayName: { LocalizedLabels: [{ Label: 'Ledgerbridge Sync Log', LanguageCode: 1033 }] },
      OwnershipType: 'OrganizationOwned',
      HasActivities: false,
      HasNotes: false,
      IsActivity: false,
      Attributes: [
        {
          '@odata.type': 'Microsoft.Dynamics.CRM.StringAttributeMetadata',
          SchemaName: 'lb_name',
          IsPrimaryName: true,
          MaxLength: 200,
        },
      ],
    });
    expect(created.status).toBe(204);
    expect(
      (
        await api('POST', "EntityDefinitions(LogicalName='lb_synclog')/Attributes", {
          '@odata.type': 'Microsoft.Dynamics.CRM.IntegerAttributeMetadata',
          SchemaName: 'lb_attempts',
        })
      ).status,
    ).toBe(204);
    const row = await api(
      'POST',
      'lb_synclogs',
      { lb_name: 'QB 3100', lb_attempts: 2 },
      { Prefer: 'return=representation' },
    );
    expect(row.status).toBe(201);
    expect(row.body).toMatchObject({ lb_name: 'QB 3100', lb_attempts: 2, statecode: 0, statuscode: 1 });
    expect((await api('POST', 'EntityDefinitions', { SchemaName: 'lb_synclog', Attributes: [] })).status).toBe(400);
  });
});

describe('alternate keys and upsert', () => {
  beforeEach(async () => {
    await provisionTable(api, 'account');
  });

  it('PATCH to a key creates, then updates, never duplicates; GET by key reads it', async () => {
    const first = await api('PATCH', KEY, { name: 'Acme' });
    expect(first.status).toBe(204);
    expect(first.headers.get('odata-entityid')).toMatch(/\/api\/data\/v9\.2\/accounts\([0-9a-f-]{36}\)$/);
    expect((await api('PATCH', KEY, { name: 'Acme Corp' })).status).toBe(204);
    expect(sim.env.table('account').rows()).toHaveLength(1);
    const got = await api('GET', `${KEY}?$select=name,lb_quickbooksid`);
    expect(got.body).toMatchObject({ name: 'Acme Corp', lb_quickbooksid: '80000001-1' });
    expect(got.body).not.toHaveProperty('lb_quickbooksconnection');
  });

  it('If-Match: * only updates (404 as recorded), If-None-Match: * only creates (412 as recorded)', async () => {
    const missing = await api(
      'PATCH',
      'accounts(00000000-0000-0000-0000-000000000001)',
      { name: 'x' },
      { 'If-Match': '*' },
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(sample('error-404-upsert-if-match-star.response.json'));
    expect((await api('PATCH', KEY, { name: 'x' }, { 'If-Match': '*' })).status).toBe(404);
    expect(sim.env.table('account').rows()).toHaveLength(0);
    expect((await api('PATCH', KEY, { name: 'Acme' }, { 'If-None-Match': '*' })).status).toBe(204);
    const dup = await api('PATCH', KEY, { name: 'Acme 2' }, { 'If-None-Match': '*' });
    expect(dup.status).toBe(412);
    expect(dup.body).toEqual(sample('error-412-upsert-if-none-match-star.response.json'));
    expect(sim.env.table('account').rows()[0]!.name).toBe('Acme');
  });

  it('refuses key values with characters Dataverse cannot address, and keys the table does not define', async () => {
    for (const ch of [':', '&', '%25', '*', '<', '+']) {
      const res = await api('PATCH', `accounts(lb_quickbooksconnection='acme',lb_quickbooksid='A${ch}B')`, {
        name: 'x',
      });
      expect([ch, res.status]).toEqual([ch, 400]);
    }
    const wrong = await api('GET', "accounts(lb_quickbooksid='80000001-1')");
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(
      /^The key in the request URI is not valid for resource 'Microsoft\.Dynamics\.CRM\.account'/,
    );
    expect(sim.env.table('account').rows()).toHaveLength(0);
  });

  it('a create with key values that exist is refused (412 DuplicateRecordEntityKey)', async () => {
    await api('PATCH', KEY, { name: 'Acme' });
    const res = await api('POST', 'accounts', {
      name: 'Other',
      lb_quickbooksconnection: 'ACME',
      lb_quickbooksid: '80000001-1',
    });
    expect(res.status).toBe(412);
    expect(res.body.error.code).toBe('0x80060892');
  });
});

describe('ETags, representations, state', () => {
  it('If-Match with a stale etag is refused 412 as recorded; the current one updates', async () => {
    const created = await api(
      'POST',
      'accounts',
      { name: 'Acme', creditlimit: 1250.5 },
      { Prefer: 'return=representation' },
    );
    expect(created.status).toBe(201);
    expect(created.text).toContain('"creditlimit":1250.5000');
    const id = created.body.accountid as string;
    const etag = created.body['@odata.etag'] as string;
    expect(etag).toMatch(/^W\/"\d+"$/);
    await api('PATCH', `accounts(${id})`, { telephone1: '555' });
    const stale = await api('PATCH', `accounts(${id})`, { name: 'Mine' }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body).toEqual(sample('error-412-etag-mismatch.response.json'));
    const current = (await api('GET', `accounts(${id})?$select=name`)).body['@odata.etag'] as string;
    const ok = await api(
      'PATCH',
      `accounts(${id})?$select=name,telephone1`,
      { name: 'Mine' },
      { 'If-Match': current, Prefer: 'return=representation' },
    );
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body).sort()).toEqual(['@odata.context', '@odata.etag', 'accountid', 'name', 'telephone1']);
    expect(
      (await api('GET', `accounts(${id})`, undefined, { 'If-None-Match': ok.body['@odata.etag'] as string })).status,
    ).toBe(304);
    expect((await api('DELETE', `accounts(${id})`, undefined, { 'If-Match': etag })).status).toBe(412);
  });

  it('binds lookups with @odata.bind, reads them as _x_value, and expands them', async () => {
    const contact = await api(
      'POST',
      'contacts',
      { firstname: 'Ada', lastname: 'Byron' },
      { Prefer: 'return=representation' },
    );
    expect(contact.body.fullname).toBe('Ada Byron');
    const acct = await api(
      'POST',
      'accounts',
      { name: 'Acme', 'primarycontactid@odata.bind': `/contacts(${contact.body.contactid})` },
      { Prefer: 'return=representation' },
    );
    expect(acct.body._primarycontactid_value).toBe(contact.body.contactid);
    await api('PATCH', `contacts(${contact.body.contactid})`, {
      'parentcustomerid_account@odata.bind': `/accounts(${acct.body.accountid})`,
    });
    const list = await api(
      'GET',
      `accounts?$select=name&$expand=primarycontactid($select=fullname),contact_customer_accounts($select=lastname)&$filter=_primarycontactid_value eq ${contact.body.contactid}`,
    );
    expect(list.text).not.toContain('error');
    expect(list.body.value).toEqual([
      expect.objectContaining({
        name: 'Acme',
        primarycontactid: expect.objectContaining({ fullname: 'Ada Byron' }),
        contact_customer_accounts: [expect.objectContaining({ lastname: 'Byron' })],
      }),
    ]);
    const missing = await api('POST', 'accounts', {
      name: 'X',
      'primarycontactid@odata.bind': '/contacts(00000000-0000-0000-0000-0000000000aa)',
    });
    expect(missing.status).toBe(404);
    const direct = await api('POST', 'accounts', { name: 'X', primarycontactid: contact.body.contactid });
    expect(direct.status).toBe(400);
  });

  it('orders move through their states with matching statuses; statecode is not valid on create; an invoiced order is read-only', async () => {
    const acct = sim.env.table('account').insert({ name: 'Acme' });
    const refused = await api('POST', 'salesorders', {
      name: 'SO',
      statecode: 1,
      'customerid_account@odata.bind': `/accounts(${acct.accountid})`,
    });
    expect(refused.status).toBe(400);
    const so = await api(
      'POST',
      'salesorders',
      { name: 'SO', 'customerid_account@odata.bind': `/accounts(${acct.accountid})` },
      { Prefer: 'return=representation' },
    );
    expect(so.body).toMatchObject({
      statecode: 0,
      statuscode: 1,
      ordernumber: expect.stringMatching(/^ORD-\d{5}-[A-Z0-9]{6}$/),
    });
    const url = `salesorders(${so.body.salesorderid})`;
    expect((await api('PATCH', url, { statecode: 1, statuscode: 100003 })).status).toBe(400);
    expect((await api('PATCH', url, { statecode: 1, statuscode: 3 })).status).toBe(204);
    expect((await api('PATCH', url, { statecode: 4, statuscode: 100003 })).status).toBe(204);
    expect((await api('PATCH', url, { name: 'changed' })).status).toBe(400);
    expect((await api('POST', 'salesorders', { name: 'no customer' })).status).toBe(400);
  });

  it('deactivates an account through statecode and keeps a paid invoice read-only until reactivated', async () => {
    const acct = sim.env.table('account').insert({ name: 'Acme' });
    expect((await api('PATCH', `accounts(${acct.accountid})`, { statecode: 1 })).status).toBe(204);
    expect(sim.env.table('account').get(acct.accountid as string)).toMatchObject({ statecode: 1, statuscode: 2 });
    const inv = await api(
      'POST',
      'invoices',
      { name: 'INV', 'customerid_account@odata.bind': `/accounts(${acct.accountid})` },
      { Prefer: 'return=representation' },
    );
    expect(inv.body).toMatchObject({ statecode: 0, statuscode: 1, invoicenumber: expect.stringMatching(/^INV-/) });
    const url = `invoices(${inv.body.invoiceid})`;
    expect((await api('PATCH', url, { statecode: 2, statuscode: 100001 })).status).toBe(204);
    const locked = await api('PATCH', url, { description: 'late note' });
    expect(locked.status).toBe(400);
    expect(locked.body.error.message).toBe('The invoice cannot be updated because it is paid.');
    expect((await api('PATCH', url, { statecode: 0 })).status).toBe(204);
    expect((await api('PATCH', url, { description: 'late note' })).status).toBe(204);
  });

  it('computes line amounts and order totals exactly, from the price list unless overridden', async () => {
    const acct = sim.env.table('account').insert({ name: 'Acme' });
    const usd = sim.env.table('transactioncurrency').rows()[0]!;
    const list = sim.env.table('pricelevel').insert({
      name: 'Ledgerbridge',
      transactioncurrencyid: { id: usd.transactioncurrencyid as string, table: 'transactioncurrency' },
    });
    const group = sim.env.table('uomschedule').insert({ name: 'Default Unit', baseuomname: 'Each' });
    const each = sim.env.table('uom').insert({
      name: 'Each',
      uomscheduleid: { id: group.uomscheduleid as string, table: 'uomschedule' },
      quantity: '1.0000000000',
    });
    const product = await api(
      'POST',
      'products',
      {
        name: 'Widget',
        productnumber: 'W-1',
        quantitydecimal: 2,
        'defaultuomscheduleid@odata.bind': `/uomschedules(${group.uomscheduleid})`,
        'defaultuomid@odata.bind': `/uoms(${each.uomid})`,
      },
      { Prefer: 'return=representation' },
    );
    expect(product.body).toMatchObject({ statecode: 2, statuscode: 0 }); // Draft, as a fresh organization creates them
    await api('POST', 'productpricelevels', {
      amount: 19.99,
      'pricelevelid@odata.bind': `/pricelevels(${list.pricelevelid})`,
      'productid@odata.bind': `/products(${product.body.productid})`,
      'uomid@odata.bind': `/uoms(${each.uomid})`,
    });
    const so = await api(
      'POST',
      'salesorders',
      {
        name: 'SO',
        'customerid_account@odata.bind': `/accounts(${acct.accountid})`,
        'pricelevelid@odata.bind': `/pricelevels(${list.pricelevelid})`,
      },
      { Prefer: 'return=representation' },
    );
    const order = `/salesorders(${so.body.salesorderid})`;
    await api('POST', 'salesorderdetails', {
      quantity: 3,
      'salesorderid@odata.bind': order,
      'productid@odata.bind': `/products(${product.body.productid})`,
      'uomid@odata.bind': `/uoms(${each.uomid})`,
    });
    await api('POST', 'salesorderdetails', {
      quantity: 0.1,
      ispriceoverridden: true,
      priceperunit: 0.1,
      isproductoverridden: true,
      productdescription: 'Tenth',
      'salesorderid@odata.bind': order,
    });
    const read = await api(
      'GET',
      `salesorders(${so.body.salesorderid})?$select=totalamount,totallineitemamount&$expand=order_details($select=extendedamount,priceperunit)`,
    );
    expect(read.text).toContain('"totalamount":59.9800');
    expect(read.body.order_details.map((l: { priceperunit: number }) => l.priceperunit).sort()).toEqual([0.1, 19.99]);
  });
});

describe('queries', () => {
  it('filters case-insensitively, orders, tops, selects and pages with odata.maxpagesize', async () => {
    for (const [name, city, limit] of [
      ['Acme', 'Austin', '100.00'],
      ['Bolt', 'Boston', '2500.50'],
      ['Crate', 'austin', '99.99'],
      ['Dune', 'Denver', '0'],
    ] as const) {
      sim.env
        .table('account')
        .insert({ name, address1_city: city, creditlimit: `${limit}00`.replace(/^(\d+)00$/, '$1.0000') });
    }
    const austin = await api('GET', "accounts?$select=name&$filter=address1_city eq 'AUSTIN'&$orderby=name desc");
    expect(austin.body.value.map((a: { name: string }) => a.name)).toEqual(['Crate', 'Acme']);
    const rich = await api(
      'GET',
      "accounts?$select=name&$filter=creditlimit gt 99.99 and (startswith(name,'a') or contains(name,'ol'))",
    );
    expect(rich.body.value.map((a: { name: string }) => a.name).sort()).toEqual(['Acme', 'Bolt']);
    expect((await api('GET', 'accounts?$top=1&$orderby=name')).body.value.map((a: { name: string }) => a.name)).toEqual(
      ['Acme'],
    );
    const page1 = await api('GET', 'accounts?$select=name&$orderby=name', undefined, { Prefer: 'odata.maxpagesize=3' });
    expect(page1.body.value).toHaveLength(3);
    expect(page1.headers.get('preference-applied')).toBe('odata.maxpagesize=3');
    const next = page1.body['@odata.nextLink'] as string;
    const page2 = await api('GET', next.slice(`${sim.url}/api/data/v9.2/`.length), undefined, {
      Prefer: 'odata.maxpagesize=3',
    });
    expect(page2.body.value.map((a: { name: string }) => a.name)).toEqual(['Dune']);
    expect(page2.body['@odata.nextLink']).toBeUndefined();
    expect((await api('GET', "accounts?$filter=colour eq 'red'")).status).toBe(400);
    expect((await api('GET', 'widgets')).status).toBe(404);
  });
});
