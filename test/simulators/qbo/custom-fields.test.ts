/** Sales-form custom fields over sockets: the definitions in Preferences, an invoice's values on read, create, sparse update and CDC, and what a write of them QuickBooks drops or refuses. */
import type { QboSimulator } from './index.ts';
import { startConnected, type ApiAnswer } from './test-client.ts';

type Api = (method: string, path: string, body?: unknown) => Promise<ApiAnswer>;

describe('QBO simulator: sales-form custom fields', () => {
  let sim: QboSimulator;
  let api: Api;
  let realm: string;
  let customer: string;
  beforeEach(async () => {
    ({ sim, api, realm } = await startConnected());
    sim.company(realm).setPreferences({
      salesCustomFields: [
        { name: 'PO Number', enabled: true },
        { name: 'Crew #', enabled: false },
        { name: 'Region', enabled: true },
      ],
    });
    customer = String((await api('POST', '/customer', { DisplayName: 'Acme' })).body.Customer.Id);
  });
  afterEach(() => sim.close());

  const invoice = (custom: unknown[]) => ({
    CustomerRef: { value: customer },
    Line: [{ DetailType: 'SalesItemLineDetail', Amount: 10, SalesItemLineDetail: { ItemRef: { value: '1' } } }],
    CustomField: custom,
  });

  it('gives the definitions as Preferences does: a group of UseSalesCustomN flags, a group of SalesCustomNameN names', async () => {
    const prefs = (await api('GET', '/preferences')).body.Preferences.SalesFormsPrefs.CustomField;
    expect(prefs[0].CustomField).toEqual([
      { Name: 'SalesFormsPrefs.UseSalesCustom1', Type: 'BooleanType', BooleanValue: true },
      { Name: 'SalesFormsPrefs.UseSalesCustom2', Type: 'BooleanType', BooleanValue: false },
      { Name: 'SalesFormsPrefs.UseSalesCustom3', Type: 'BooleanType', BooleanValue: true },
    ]);
    expect(prefs[1].CustomField).toEqual([
      { Name: 'SalesFormsPrefs.SalesCustomName1', Type: 'StringType', StringValue: 'PO Number' },
      { Name: 'SalesFormsPrefs.SalesCustomName2', Type: 'StringType', StringValue: 'Crew #' },
      { Name: 'SalesFormsPrefs.SalesCustomName3', Type: 'StringType', StringValue: 'Region' },
    ]);
  });

  it('keeps the values of enabled slots by DefinitionId, lists every enabled slot on read, and drops the others without a fault', async () => {
    const made = await api(
      'POST',
      '/invoice',
      invoice([
        { DefinitionId: '1', Type: 'StringType', StringValue: 'PO-7' },
        { DefinitionId: '2', Type: 'StringType', StringValue: 'crew' },
        { DefinitionId: '9', StringValue: 'nowhere' },
        { Name: 'Region', StringValue: 'no id' },
      ]),
    );
    expect(made.status).toBe(200);
    const { Id, SyncToken } = made.body.Invoice;
    expect(made.body.Invoice.CustomField).toEqual([
      { DefinitionId: '1', Name: 'PO Number', Type: 'StringType', StringValue: 'PO-7' },
      { DefinitionId: '3', Name: 'Region', Type: 'StringType' },
    ]);
    // A sparse update naming one slot leaves the others; an empty value clears it.
    const sparse = await api('POST', '/invoice', {
      Id,
      SyncToken,
      sparse: true,
      CustomField: [{ DefinitionId: '3', Type: 'StringType', StringValue: 'West' }],
    });
    expect(sparse.body.Invoice.CustomField.map((f: { StringValue?: string }) => f.StringValue)).toEqual([
      'PO-7',
      'West',
    ]);
    const cleared = await api('POST', '/invoice', {
      Id,
      SyncToken: sparse.body.Invoice.SyncToken,
      sparse: true,
      CustomField: [{ DefinitionId: '1', Type: 'StringType', StringValue: '' }],
    });
    expect(cleared.body.Invoice.CustomField).toEqual([
      { DefinitionId: '1', Name: 'PO Number', Type: 'StringType' },
      { DefinitionId: '3', Name: 'Region', Type: 'StringType', StringValue: 'West' },
    ]);
    const read = await api('GET', `/invoice/${Id}`);
    expect(read.body.Invoice.CustomField).toEqual(cleared.body.Invoice.CustomField);
    const queried = await api('GET', `/query?query=${encodeURIComponent(`select * from Invoice where Id = '${Id}'`)}`);
    expect(queried.body.QueryResponse.Invoice[0].CustomField).toEqual(cleared.body.Invoice.CustomField);
  });

  it('refuses a value longer than 31 characters (2050), and saves nothing', async () => {
    const long = await api('POST', '/invoice', invoice([{ DefinitionId: '1', StringValue: 'x'.repeat(32) }]));
    expect(long.status).toBe(400);
    expect(long.body.Fault.Error[0]).toMatchObject({ code: '2050', element: 'CustomField.StringValue' });
    expect(sim.company(realm).list('Invoice')).toEqual([]);
    expect((await api('POST', '/invoice', invoice([{ DefinitionId: '1', StringValue: 'x'.repeat(31) }]))).status).toBe(
      200,
    );
  });

  it('a slot disabled later is no longer listed, and shows its value again once enabled', async () => {
    const made = await api('POST', '/invoice', invoice([{ DefinitionId: '3', StringValue: 'East' }]));
    sim.company(realm).setPreferences({
      salesCustomFields: [
        { name: 'PO Number', enabled: true },
        { name: 'Crew #', enabled: false },
        { name: 'Region', enabled: false },
      ],
    });
    const id = String(made.body.Invoice.Id);
    expect(sim.company(realm).get('Invoice', id)!.CustomField).toEqual([
      { DefinitionId: '1', Name: 'PO Number', Type: 'StringType' },
    ]);
    sim.company(realm).setPreferences({
      salesCustomFields: [
        { name: 'PO Number', enabled: true },
        { name: 'Crew #', enabled: false },
        { name: 'Region', enabled: true },
      ],
    });
    expect(sim.company(realm).get('Invoice', id)!.CustomField).toContainEqual({
      DefinitionId: '3',
      Name: 'Region',
      Type: 'StringType',
      StringValue: 'East',
    });
  });
});
