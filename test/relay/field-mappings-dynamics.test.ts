/**
 * Field mappings between a Desktop customer's data extensions and its Dynamics account's columns,
 * over real sockets (Web Connector sessions against the company file, the Dataverse simulator
 * provisioned first, the mapping rows an admin adds to `lb_fieldmapping`): the choice column
 * `new_region` mapped to the data extension "Sales Region" with `East=E;West=W;*=U` and the default
 * "Unassigned", both ways; the text column `new_deliverynotes` (20 characters) taking "Delivery
 * Notes" through Truncate, into Dynamics only, the cut logged without the text. A row naming a
 * column the account lacks, and one whose column is of a type its transform cannot write, are said
 * on the rows themselves and ignored while the accounts still sync; a row added later applies once
 * it is read again (hourly), to records as they next change. Nothing the relay wrote comes back as
 * a change: a session after a mirror writes nothing into Dynamics, and one after an account edit
 * sends QuickBooks nothing more. A rep's pick (or phone) made again right after a session wrote the
 * previous one, before that session's read-back was taken in, is kept on both sides. Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { DataverseSimulator } from '../simulators/dynamics/index.ts';
import { connect, type Api } from '../simulators/dynamics/test-client.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import { SALESPERSON_APP, startDynamicsRelay, type DynamicsRelay } from './support/dynamics-relay.ts';

const COMPANY: CompanyOptions = {
  seed: 18,
  customers: 2,
  vendors: 0,
  items: 1,
  invoices: 0,
  bills: 0,
  payments: 0,
  dataExtDefs: [
    { ownerId: '0', name: 'Sales Region', type: 'STR255TYPE', assignTo: ['Customer'] },
    { ownerId: '0', name: 'Delivery Notes', type: 'STR255TYPE', assignTo: ['Customer'] },
    { ownerId: '0', name: 'Tier', type: 'STR255TYPE', assignTo: ['Customer'] },
  ],
};

const OPTION = 100_000_000;
const REGIONS = ['East', 'West', 'Unassigned', 'North'];
const region = (label: string) => OPTION + REGIONS.indexOf(label);
/** The option values of `lb_fieldmapping`'s choices (`provision/schema.ts`). */
const BOTH = OPTION;
const TO_DYNAMICS = OPTION + 1;
const DATA_EXTENSION = OPTION;
const TRANSFORM = { copy: OPTION, valueMap: OPTION + 1, truncate: OPTION + 2 } as const;

const label = (text: string) => ({ LocalizedLabels: [{ Label: text, LanguageCode: 1033 }] });
const ACCOUNT = "EntityDefinitions(LogicalName='account')/Attributes";
const LONG_NOTE = 'Leave parcels at the loading dock, north side';

const mapping = (name: string, column: string, field: string, more: Record<string, unknown>) => ({
  lb_name: name,
  lb_crmtable: 'account',
  lb_crmcolumn: column,
  lb_quickbooksobject: 'Customer',
  lb_quickbookskind: DATA_EXTENSION,
  lb_quickbooksfield: field,
  lb_active: true,
  ...more,
});

/** The admin's columns on account and their mapping rows, as made in the maker portal. */
async function customize(dataverse: DataverseSimulator) {
  const api = connect(dataverse, SALESPERSON_APP);
  const made = [
    await api('POST', ACCOUNT, {
      '@odata.type': 'Microsoft.Dynamics.CRM.PicklistAttributeMetadata',
      SchemaName: 'new_region',
      OptionSet: {
        IsGlobal: false,
        OptionSetType: 'Picklist',
        Options: REGIONS.map((l) => ({ Value: region(l), Label: label(l) })),
      },
    }),
    await api('POST', ACCOUNT, {
      '@odata.type': 'Microsoft.Dynamics.CRM.StringAttributeMetadata',
      SchemaName: 'new_deliverynotes',
      MaxLength: 20,
    }),
    await api('POST', ACCOUNT, {
      '@odata.type': 'Microsoft.Dynamics.CRM.StringAttributeMetadata',
      SchemaName: 'new_tier',
      MaxLength: 255,
    }),
    await api('POST', ACCOUNT, {
      '@odata.type': 'Microsoft.Dynamics.CRM.IntegerAttributeMetadata',
      SchemaName: 'new_score',
    }),
    await api(
      'POST',
      'lb_fieldmappings',
      mapping('Region', 'new_region', 'Sales Region', {
        lb_direction: BOTH,
        lb_transform: TRANSFORM.valueMap,
        lb_valuemap: 'East=E;West=W;*=U',
        lb_defaultvalue: 'Unassigned',
      }),
    ),
    await api(
      'POST',
      'lb_fieldmappings',
      mapping('Delivery notes', 'new_deliverynotes', 'Delivery Notes', {
        lb_direction: TO_DYNAMICS,
        lb_transform: TRANSFORM.truncate,
      }),
    ),
    await api(
      'POST',
      'lb_fieldmappings',
      mapping('Territory', 'new_territory', 'Sales Region', { lb_direction: BOTH, lb_transform: TRANSFORM.copy }),
    ),
    await api(
      'POST',
      'lb_fieldmappings',
      mapping('Score', 'new_score', 'Tier', { lb_direction: TO_DYNAMICS, lb_transform: TRANSFORM.copy }),
    ),
  ];
  expect(made.map((m) => m.status)).toEqual([204, 204, 204, 204, 204, 204, 204, 204]);
}

describe.each(testBackends().map((b) => [b.name, b] as const))('field mappings with Dynamics, on %s', (_n, backend) => {
  let r: DynamicsRelay;
  let store: Store | undefined;
  let api: Api;
  let t = Date.parse('2026-12-01T15:00:00Z');
  const now = () => t;

  beforeEach(async () => {
    store = backend.name === 'embedded' ? undefined : await backend.open({ now });
    r = await startDynamicsRelay(COMPANY, { ...(store ? { store } : {}), now, prepare: customize });
    api = connect(r.dataverse, SALESPERSON_APP);
  });
  afterEach(async () => {
    await r.close();
    await store?.close();
  });

  const rows = (table: string) => [...r.dataverse.env.table(table).rows()];
  const accountOf = (listId: string) => rows('account').find((a) => a.lb_quickbooksid === listId)!;
  const problemOf = (name: string) => rows('lb_fieldmapping').find((m) => m.lb_name === name)!.lb_problem;
  const customers = () => r.company.list('customer').filter((c) => !c.parent);
  const dataExt = (listId: string, name: string) =>
    r.company
      .list('customer')
      .find((c) => c.listId === listId)!
      .dataExt?.find((d) => d.name === name)?.value;
  const setDataExt = (listId: string, values: Record<string, string>) =>
    r.company.edit('customer', listId, {
      dataExt: Object.entries(values).map(([name, value]) => ({ ownerId: '0', name, value })),
    });
  const writes = () => r.dataverse.requests.filter((q) => q.method !== 'GET').length;
  /** A Web Connector session, then everything it brought written into Dynamics and read back. */
  const session = async () => {
    await r.settle();
    await r.webConnector();
    await r.settle();
  };

  it('mirrors a data extension into the choice column through the value map, an unmapped value as the default, a long text truncated and logged without it; invalid rows said on them', async () => {
    const [a, b] = customers();
    setDataExt(a!.listId, { 'Sales Region': 'W', 'Delivery Notes': LONG_NOTE });
    setDataExt(b!.listId, { 'Sales Region': 'Pacific' });
    await session();

    expect(accountOf(a!.listId)).toMatchObject({
      new_region: region('West'),
      new_deliverynotes: LONG_NOTE.slice(0, 20),
    });
    expect(accountOf(b!.listId).new_region).toBe(region('Unassigned'));
    const cut = r.logs.filter((l) => l.includes('a mapped value cut to fit its Dynamics column'));
    expect(cut).toHaveLength(1);
    expect(JSON.parse(cut[0]!)).toMatchObject({
      mapping: 'Delivery notes',
      column: 'new_deliverynotes',
      length: 45,
      limit: 20,
    });
    expect(r.logs.join('\n')).not.toContain('loading dock');

    // The rows that cannot apply say why; the accounts synced all the same.
    expect(problemOf('Territory')).toBe('the account table has no column new_territory');
    expect(problemOf('Score')).toBe('account.new_score is a whole number column, which Copy cannot write');
    expect(problemOf('Region') ?? null).toBeNull();
    expect(rows('account')).toHaveLength(r.company.list('customer').length);

    // Nothing written comes back: another session writes nothing anywhere.
    const before = writes();
    const region0 = dataExt(b!.listId, 'Sales Region');
    await session();
    expect(writes()).toBe(before);
    expect(dataExt(b!.listId, 'Sales Region')).toBe(region0);
  });

  it('sends an account edit to QuickBooks as the data extension through the value map, an unmapped choice as the * pair, and nothing back into QuickBooks', async () => {
    const [a] = customers();
    setDataExt(a!.listId, { 'Sales Region': 'W' });
    await session();
    const id = String(accountOf(a!.listId).accountid);
    const editSequence = r.company.list('customer').find((c) => c.listId === a!.listId)!.editSequence;
    /** The data extension writes a session sends QuickBooks. */
    const dataExtWrites = async () => {
      await r.settle();
      const report = await r.webConnector();
      await r.settle();
      return report.requests.flatMap((x) => [...x.matchAll(/<(DataExt(?:Mod|Del)|CustomerMod)Rq /g)].map((m) => m[1]));
    };

    expect((await api('PATCH', `accounts(${id})`, { new_region: region('East') })).status).toBe(204);
    expect(await dataExtWrites()).toEqual(['DataExtMod']);
    expect(dataExt(a!.listId, 'Sales Region')).toBe('E');
    expect(await dataExtWrites()).toEqual([]);
    expect(dataExt(a!.listId, 'Sales Region')).toBe('E');

    // Not in the map: the * pair's U.
    expect((await api('PATCH', `accounts(${id})`, { new_region: region('North') })).status).toBe(204);
    expect(await dataExtWrites()).toEqual(['DataExtMod']);
    expect(dataExt(a!.listId, 'Sales Region')).toBe('U');
    expect(await dataExtWrites()).toEqual([]);
    expect(dataExt(a!.listId, 'Sales Region')).toBe('U');
    // No CustomerMod was sent; the data extension writes modified the customer, as QuickBooks does.
    expect(r.company.list('customer').find((c) => c.listId === a!.listId)!.editSequence).not.toBe(editSequence);
  });

  it("keeps a rep's unmapped choice in Dynamics over later sessions (QuickBooks holds the * pair's U), and a later QuickBooks change still arrives", async () => {
    const [a] = customers();
    setDataExt(a!.listId, { 'Sales Region': 'W' });
    await session();
    const id = String(accountOf(a!.listId).accountid);
    const pick = async (label: string) => {
      expect((await api('PATCH', `accounts(${id})`, { new_region: region(label) })).status).toBe(204);
      await session();
    };

    await pick('East');
    expect(dataExt(a!.listId, 'Sales Region')).toBe('E');
    await pick('North');
    expect(dataExt(a!.listId, 'Sales Region')).toBe('U');
    const before = writes();
    for (let n = 0; n < 4; n++) {
      t += 15 * 60_000;
      await session();
      expect(accountOf(a!.listId).new_region).toBe(region('North'));
      expect(dataExt(a!.listId, 'Sales Region')).toBe('U');
    }
    // Nothing echoed either way: no write into Dynamics, no data extension write into QuickBooks.
    expect(writes()).toBe(before);

    // The bookkeeper's own change afterwards still reaches the account.
    t += 15 * 60_000;
    setDataExt(a!.listId, { 'Sales Region': 'W' });
    await session();
    expect(accountOf(a!.listId).new_region).toBe(region('West'));
    await session();
    expect(accountOf(a!.listId).new_region).toBe(region('West'));
    expect(dataExt(a!.listId, 'Sales Region')).toBe('W');
  });

  it("keeps a rep's unmapped choice made right after a session wrote the previous one, before its read-back was taken in", async () => {
    const [a] = customers();
    setDataExt(a!.listId, { 'Sales Region': 'W' });
    await session();
    const id = String(accountOf(a!.listId).accountid);
    expect((await api('PATCH', `accounts(${id})`, { new_region: region('East') })).status).toBe(204);
    await r.settle();
    await r.webConnector(); // writes E and reads the customer back
    expect((await api('PATCH', `accounts(${id})`, { new_region: region('North') })).status).toBe(204);
    await r.settle();
    for (let n = 0; n < 3; n++) {
      t += 15 * 60_000;
      await session();
      expect(accountOf(a!.listId).new_region).toBe(region('North'));
      expect(dataExt(a!.listId, 'Sales Region')).toBe('U');
    }
    const before = writes();
    await session();
    expect(writes()).toBe(before);
  });

  it('keeps a phone the rep changed again right after a session wrote the first change, before its read-back was taken in', async () => {
    const [a] = customers();
    await session();
    const id = String(accountOf(a!.listId).accountid);
    const phone = () => r.company.list('customer').find((c) => c.listId === a!.listId)!.phone;
    expect((await api('PATCH', `accounts(${id})`, { telephone1: '555-0101' })).status).toBe(204);
    await r.settle();
    await r.webConnector(); // writes 555-0101 and reads the customer back
    expect((await api('PATCH', `accounts(${id})`, { telephone1: '555-0102' })).status).toBe(204);
    await r.settle();
    for (let n = 0; n < 3; n++) {
      t += 15 * 60_000;
      await session();
      expect(accountOf(a!.listId).telephone1).toBe('555-0102');
      expect(phone()).toBe('555-0102');
    }
  });

  it('applies a row added later once it is read again, to records as they next change', async () => {
    const [a] = customers();
    await session();
    const made = await api(
      'POST',
      'lb_fieldmappings',
      mapping('Tier', 'new_tier', 'Tier', { lb_direction: TO_DYNAMICS, lb_transform: TRANSFORM.copy }),
    );
    expect(made.status).toBe(204);
    t += 60 * 60_000; // the mappings are read again hourly
    setDataExt(a!.listId, { Tier: 'Gold' });
    await session();
    expect(accountOf(a!.listId).new_tier).toBe('Gold');
    expect(problemOf('Tier') ?? null).toBeNull();
  });
});
