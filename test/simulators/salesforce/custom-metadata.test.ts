/**
 * The org serves the package's custom metadata records (`QuickBooks_Field_Policy__mdt`) to SOQL as
 * installing the package leaves them, refuses every data API that would write them, and changes
 * them only when a test deploys metadata as an admin would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startSalesforceSimulator, type SalesforceSimulator } from './index.ts';
import { restClient, TEST_CLIENT, token } from './rest-client.ts';
import { DEFAULT_METADATA_ROOT } from './schema.ts';

const TYPE = 'QuickBooks_Field_Policy__mdt';
const FIELDS = 'DeveloperName, MasterLabel, Object__c, Field__c, Owner__c, On_Conflict__c, Active__c, Reason__c';

/** Developer names of the record files the package ships, read straight from the folder. */
const shipped = fs
  .readdirSync(path.join(DEFAULT_METADATA_ROOT, 'customMetadata'))
  .map((f) => /^QuickBooks_Field_Policy\.(.+)\.md-meta\.xml$/.exec(f)?.[1])
  .filter((n): n is string => n !== undefined)
  .sort();

type Row = Record<string, unknown>;

describe('custom metadata records in the org simulator', () => {
  let sim: SalesforceSimulator;
  let call: ReturnType<typeof restClient>;
  let clock: number;
  const start = async (namespace = '') => {
    clock = Date.parse('2026-03-02T09:00:00Z');
    sim = await startSalesforceSimulator({ ...TEST_CLIENT, namespace, bulkStartDelayMs: 1, now: () => clock });
    call = restClient(sim, await token(sim));
  };
  afterEach(() => sim.close());

  const query = async (soql: string) => {
    const res = await call('GET', `/query?q=${encodeURIComponent(soql)}`);
    expect(res.status).toBe(200);
    return (res.body as { totalSize: number; records: Row[] }).records;
  };

  it('answers the 18 shipped records to SOQL with their fields typed as the org types them', async () => {
    await start();
    expect(shipped).toHaveLength(18);
    const rows = await query(`SELECT Id, ${FIELDS}, Label, QualifiedApiName, NamespacePrefix FROM ${TYPE}`);
    expect(rows.map((r) => r.DeveloperName).sort()).toEqual(shipped);
    const billing = rows.find((r) => r.DeveloperName === 'Account_Billing_Address')!;
    expect(billing).toEqual({
      attributes: { type: TYPE, url: `/services/data/v67.0/sobjects/${TYPE}/${String(billing.Id)}` },
      Id: expect.stringMatching(/^m0[0-9][A-Za-z0-9]{15}$/),
      DeveloperName: 'Account_Billing_Address',
      MasterLabel: 'Account Billing Address',
      Object__c: 'Account',
      Field__c: 'BillingAddress',
      Owner__c: 'Most Recent',
      On_Conflict__c: 'Flag for Review',
      Active__c: true,
      Reason__c: 'Kept current by whoever hears of a move first; two different new addresses need a person to pick.',
      Label: 'Account Billing Address',
      QualifiedApiName: 'Account_Billing_Address',
      NamespacePrefix: null,
    });
    // Every record carries the package's own values: picklists from their value sets, checkboxes as booleans.
    for (const r of rows) {
      expect(['QuickBooks', 'Salesforce', 'Most Recent']).toContain(r.Owner__c);
      expect(['Keep QuickBooks', 'Keep Salesforce', 'Flag for Review']).toContain(r.On_Conflict__c);
      expect(typeof r.Active__c).toBe('boolean');
    }
    expect(new Set(rows.map((r) => r.Id)).size).toBe(18);
  });

  it('filters and sorts them with WHERE and ORDER BY like any object', async () => {
    await start();
    const accounts = await query(
      `SELECT DeveloperName, Field__c FROM ${TYPE} WHERE Object__c = 'Account' ORDER BY Field__c DESC`,
    );
    expect(accounts.map((r) => r.Field__c)).toEqual([
      'ShippingAddress',
      'QuickBooks_Terms__c',
      'QuickBooks_Overdue_Balance__c',
      'QuickBooks_Open_Balance__c',
      'QuickBooks_Full_Name__c',
      'Phone',
      'Name',
      'BillingAddress',
    ]);
    expect(accounts.map((r) => r.DeveloperName).sort()).toEqual(shipped.filter((n) => n.startsWith('Account_')));
    const contacts = await query(
      `SELECT DeveloperName FROM ${TYPE} WHERE Object__c = 'Contact' AND Active__c = true ORDER BY DeveloperName`,
    );
    expect(contacts.map((r) => r.DeveloperName)).toEqual([
      'Contact_Email',
      'Contact_First_Name',
      'Contact_Last_Name',
      'Contact_Phone',
    ]);
  });

  it('qualifies the type and its fields with the namespace in a namespaced org, not the standard fields', async () => {
    await start('lbr');
    const rows = await query(
      `SELECT DeveloperName, QualifiedApiName, NamespacePrefix, lbr__Field__c, lbr__Active__c FROM lbr__${TYPE} WHERE lbr__Object__c = 'Opportunity' ORDER BY DeveloperName`,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        attributes: expect.objectContaining({ type: `lbr__${TYPE}` }),
        DeveloperName: 'Opportunity_Amount',
        QualifiedApiName: 'lbr__Opportunity_Amount',
        NamespacePrefix: 'lbr',
        lbr__Field__c: 'Amount',
        lbr__Active__c: true,
      }),
      expect.objectContaining({ DeveloperName: 'Opportunity_Close_Date', lbr__Field__c: 'CloseDate' }),
    ]);
    // The package's names alone do not exist in a namespaced org.
    expect((await call('GET', `/query?q=${encodeURIComponent(`SELECT DeveloperName FROM ${TYPE}`)}`)).body).toEqual([
      expect.objectContaining({ errorCode: 'INVALID_TYPE' }),
    ]);
    const noField = await call('GET', `/query?q=${encodeURIComponent(`SELECT Object__c FROM lbr__${TYPE}`)}`);
    expect(noField.body).toEqual([expect.objectContaining({ errorCode: 'INVALID_FIELD' })]);
  });

  it('refuses every data API that writes a record, and stores nothing', async () => {
    await start();
    const before = JSON.stringify(sim.org.records(TYPE));
    const [first] = sim.org.records(TYPE);
    const id = first!.Id;
    const refused = (operation: string) => ({
      status: 400,
      body: [{ message: `entity type ${TYPE} does not support ${operation}`, errorCode: 'INVALID_TYPE' }],
    });
    const policy = { DeveloperName: 'New_One', MasterLabel: 'New One', Object__c: 'Account', Field__c: 'Site' };
    expect(await call('POST', `/sobjects/${TYPE}`, policy)).toEqual(refused('insert'));
    expect(await call('PATCH', `/sobjects/${TYPE}/${id}`, { Owner__c: 'Salesforce' })).toEqual(refused('update'));
    expect(await call('DELETE', `/sobjects/${TYPE}/${id}`)).toEqual(refused('delete'));
    expect(await call('PATCH', `/sobjects/${TYPE}/DeveloperName/New_One`, policy)).toEqual(refused('upsert'));
    // Collections: one metadata record among Accounts refuses the whole request; the Account is not saved.
    const records = [
      { attributes: { type: 'Account' }, Name: 'Saved only if the request were accepted' },
      { attributes: { type: TYPE }, ...policy },
    ];
    expect(await call('POST', '/composite/sobjects', { allOrNone: false, records })).toEqual(refused('insert'));
    expect(
      await call('PATCH', '/composite/sobjects', {
        records: [{ attributes: { type: TYPE }, Id: id, Owner__c: 'Salesforce' }],
      }),
    ).toEqual(refused('update'));
    expect(await call('PATCH', `/composite/sobjects/${TYPE}/DeveloperName`, { records: [] })).toEqual(
      refused('upsert'),
    );
    expect(await call('DELETE', `/composite/sobjects?ids=${id}`)).toEqual(refused('delete'));
    // Composite: the subrequest fails with the same answer, and allOrNone rolls back its sibling.
    const composite = await call('POST', '/composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: '/services/data/v67.0/sobjects/Account', referenceId: 'acct', body: { Name: 'Gone' } },
        { method: 'PATCH', url: `/services/data/v67.0/sobjects/${TYPE}/${id}`, referenceId: 'mdt', body: {} },
      ],
    });
    expect((composite.body as { compositeResponse: unknown[] }).compositeResponse[1]).toEqual({
      body: refused('update').body,
      httpHeaders: {},
      httpStatusCode: 400,
      referenceId: 'mdt',
    });
    expect(await call('POST', '/jobs/ingest', { object: TYPE, operation: 'insert', lineEnding: 'LF' })).toEqual({
      status: 400,
      body: [{ message: `Entity '${TYPE}' is not supported by the Bulk API.`, errorCode: 'INVALIDENTITY' }],
    });
    expect(sim.org.records('Account')).toEqual([]);
    expect(JSON.stringify(sim.org.records(TYPE))).toBe(before);
  });

  it('describes the type as read-only and keeps it out of the replication windows', async () => {
    await start();
    const describe = await call('GET', `/sobjects/${TYPE}/describe`);
    expect(describe.body).toMatchObject({ name: TYPE, createable: false, updateable: false, deletable: false });
    const fields = (describe.body as { fields: { name: string; createable: boolean; updateable: boolean }[] }).fields;
    expect(fields.find((f) => f.name === 'Owner__c')).toMatchObject({
      name: 'Owner__c',
      type: 'picklist',
      length: 0,
      createable: false,
      updateable: false,
      restrictedPicklist: true,
      picklistValues: [
        { active: true, defaultValue: false, label: 'QuickBooks', validFor: null, value: 'QuickBooks' },
        { active: true, defaultValue: false, label: 'Salesforce', validFor: null, value: 'Salesforce' },
        { active: true, defaultValue: false, label: 'Most Recent', validFor: null, value: 'Most Recent' },
      ],
    });
    expect(fields.find((f) => f.name === 'Field__c')).toMatchObject({ type: 'string', length: 80, picklistValues: [] });
    // An ordinary object stays writable.
    expect((await call('GET', '/sobjects/Account/describe')).body).toMatchObject({
      createable: true,
      updateable: true,
    });
    const window = `start=${encodeURIComponent('2026-03-02T08:00:00Z')}&end=${encodeURIComponent('2026-03-02T10:00:00Z')}`;
    for (const kind of ['updated', 'deleted']) {
      expect(await call('GET', `/sobjects/${TYPE}/${kind}?${window}`)).toEqual({
        status: 400,
        body: [{ message: `entity type ${TYPE} does not support replication`, errorCode: 'INVALID_TYPE' }],
      });
    }
  });

  it('setCustomMetadata and deleteCustomMetadata change what queries answer, as a deployment does', async () => {
    await start();
    const soql = `SELECT ${FIELDS}, LastModifiedDate, SystemModstamp FROM ${TYPE} WHERE DeveloperName = 'Account_Phone'`;
    const [before] = await query(soql);
    expect(before).toMatchObject({ Active__c: true, SystemModstamp: '2026-03-02T09:00:00.000+0000' });
    clock += 60_000;
    sim.org.setCustomMetadata(TYPE, 'Account_Phone', { Owner__c: 'QuickBooks', Active__c: false, Reason__c: null });
    const [after] = await query(soql);
    expect(after).toEqual({
      ...before,
      Owner__c: 'QuickBooks',
      Active__c: false,
      Reason__c: null,
      LastModifiedDate: '2026-03-02T09:01:00.000+0000',
      SystemModstamp: '2026-03-02T09:01:00.000+0000',
    });
    // A new record takes the fields' defaults (Active__c is checked by default).
    sim.org.setCustomMetadata(TYPE, 'Account_Site', {
      MasterLabel: 'Account Site',
      Object__c: 'Account',
      Field__c: 'Site',
      Owner__c: 'Salesforce',
      On_Conflict__c: 'Keep Salesforce',
    });
    const site = await query(`SELECT Label, Active__c FROM ${TYPE} WHERE Field__c = 'Site'`);
    expect(site).toEqual([expect.objectContaining({ Label: 'Account Site', Active__c: true })]);
    sim.org.deleteCustomMetadata(TYPE, 'Account_Terms');
    const names = (await query(`SELECT DeveloperName FROM ${TYPE} WHERE Object__c = 'Account'`)).map(
      (r) => r.DeveloperName,
    );
    expect(names).toContain('Account_Site');
    expect(names).not.toContain('Account_Terms');
    expect(names).toHaveLength(8);
    // What a deployment refuses, the helpers refuse.
    expect(() => sim.org.setCustomMetadata(TYPE, 'Account_Phone', { Owner__c: 'Nobody' })).toThrow(/picklist/);
    expect(() => sim.org.setCustomMetadata(TYPE, 'Account_Phone', { Colour__c: 'red' })).toThrow(/Colour__c/);
    expect(() => sim.org.setCustomMetadata(TYPE, 'Half_Done', { Object__c: 'Account' })).toThrow(/required/);
    expect(() => sim.org.deleteCustomMetadata(TYPE, 'Account_Terms')).toThrow(/Account_Terms/);
    expect(() => sim.org.setCustomMetadata('Account', 'X', {})).toThrow(/not a custom metadata type/);
  });
});
