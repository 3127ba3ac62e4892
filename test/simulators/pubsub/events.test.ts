import path from 'node:path';
import { relayImports } from '../qbd/imports.ts';
import { startPubSubSimulator, type PubSubSimulator } from './index.ts';
import { bitmapNames, decode, TestClient, type TestStream } from './test-client.ts';

const ORG = '00D000000000001EAA';
const AUTH = { accesstoken: 'tok', instanceurl: 'https://acme.my.salesforce.com', tenantid: ORG };
const ACCOUNT_ID = '0014H00002LbR7QQAV';

type Header = {
  entityName: string;
  recordIds: string[];
  changeType: string;
  changeOrigin: string;
  commitTimestamp: number;
  commitNumber: number;
  commitUser: string;
  changedFields: string[];
  nulledFields: string[];
  diffFields: string[];
};

describe('Pub/Sub simulator: change event payloads', () => {
  let sim: PubSubSimulator;
  let client: TestClient;
  let stream: TestStream;

  beforeEach(async () => {
    sim = await startPubSubSimulator({
      tenantId: ORG,
      isValidToken: (t) => t === 'tok',
      entities: {
        Account: [
          { name: 'Name', type: 'string' },
          { name: 'Type', type: 'string' },
          { name: 'BillingAddress', type: 'address' },
          { name: 'ShippingAddress', type: 'address' },
          { name: 'AnnualRevenue', type: 'double' },
          { name: 'NumberOfEmployees', type: 'int' },
        ],
        QuickBooks_Sync_Request__c: [
          { name: 'Account__c', type: 'string' },
          { name: 'Done__c', type: 'boolean' },
        ],
      },
    });
    client = new TestClient(sim.address, AUTH);
  });
  afterEach(async () => {
    stream?.cancel();
    client.close();
    await sim.close();
  });

  /** Publishes with `publish`, then reads that one event back over the wire and decodes it. */
  async function roundTrip(publish: () => Buffer) {
    const replayId = publish();
    stream = client.subscribe({ topicName: '/data/ChangeEvents', replayPreset: 'EARLIEST', numRequested: 100 });
    const response = await stream.next();
    const event = response.events.find((e) => e.replayId.equals(replayId));
    if (!event) throw new Error('the published event did not arrive');
    const { schema, value } = await decode(client, event.event);
    const header = value.ChangeEventHeader as Header;
    const names = (bitmaps: string[]) => bitmapNames(schema.fields, bitmaps);
    return { schema, schemaId: event.event.schemaId, value, header, names };
  }

  it("an UPDATE's changedFields bitmaps decode to the changed fields, address components as Parent.Child", async () => {
    const { value, header, names } = await roundTrip(() =>
      sim.publish('Account', {
        changeType: 'UPDATE',
        recordIds: [ACCOUNT_ID],
        fields: { BillingAddress: { City: 'San Francisco', State: 'CA' } },
        commitTimestamp: 1696444513000,
        changeOrigin: 'com/salesforce/api/rest/62.0;client=ledgerbridge',
      }),
    );
    // As in the decoded sample event from pozil's client (shared/spec/salesforce/rest-samples).
    expect(names(header.changedFields).sort()).toEqual(
      ['LastModifiedDate', 'BillingAddress.City', 'BillingAddress.State'].sort(),
    );
    // Header 0, Name 1, Type 2, BillingAddress 3, ..., LastModifiedDate 9; City and State are components 1 and 2.
    expect(header.changedFields).toEqual(['0x200', '3-0x6']);
    expect(header).toMatchObject({
      entityName: 'Account',
      recordIds: [ACCOUNT_ID],
      changeType: 'UPDATE',
      changeOrigin: 'com/salesforce/api/rest/62.0;client=ledgerbridge',
      commitTimestamp: 1696444513000,
      nulledFields: [],
      diffFields: [],
    });
    expect(header.commitNumber).toBeGreaterThan(0);
    expect(value.Name).toBeNull();
    expect(value.ShippingAddress).toBeNull();
    expect(value.LastModifiedDate).toBe(1696444513000);
    expect(value.BillingAddress).toMatchObject({ City: 'San Francisco', State: 'CA', Street: null, PostalCode: null });
  });

  it('nulledFields name the fields set to null; the second address (a named-type reference) decodes too', async () => {
    const { value, header, names } = await roundTrip(() =>
      sim.publish('Account', {
        changeType: 'UPDATE',
        recordIds: [ACCOUNT_ID],
        fields: { Name: 'Acme', AnnualRevenue: 1250.5, ShippingAddress: { PostalCode: '94105' } },
        nulledFields: ['Type', 'ShippingAddress.Street'],
      }),
    );
    expect(names(header.nulledFields).sort()).toEqual(['ShippingAddress.Street', 'Type']);
    expect(names(header.changedFields).sort()).toEqual(
      [
        'AnnualRevenue',
        'LastModifiedDate',
        'Name',
        'ShippingAddress.PostalCode',
        'ShippingAddress.Street',
        'Type',
      ].sort(),
    );
    expect(value).toMatchObject({ Name: 'Acme', AnnualRevenue: 1250.5, Type: null });
    expect(value.ShippingAddress).toMatchObject({ PostalCode: '94105', Street: null });
  });

  it('a CREATE carries the values and audit fields with no changedFields; a custom object names itself', async () => {
    const { value, header, schemaId } = await roundTrip(() =>
      sim.publish('QuickBooks_Sync_Request__c', {
        changeType: 'CREATE',
        recordIds: ['a01000000000001AAA'],
        fields: { Account__c: ACCOUNT_ID, Done__c: false },
        commitUser: '005000000000009AAA',
        commitTimestamp: 1700000000000,
      }),
    );
    expect(header).toMatchObject({
      entityName: 'QuickBooks_Sync_Request__c',
      changeType: 'CREATE',
      changedFields: [],
      commitUser: '005000000000009AAA',
    });
    expect(value).toMatchObject({
      Account__c: ACCOUNT_ID,
      Done__c: false,
      CreatedDate: 1700000000000,
      CreatedById: '005000000000009AAA',
    });
    expect((await client.getTopic('/data/QuickBooks_Sync_Request__ChangeEvent')).schemaId).toBe(schemaId);
  });

  it('gap events carry a header with the record ids and no field data', async () => {
    const { value, header } = await roundTrip(() => sim.publishGap('Account', 'GAP_UPDATE', [ACCOUNT_ID]));
    expect(header).toMatchObject({ changeType: 'GAP_UPDATE', recordIds: [ACCOUNT_ID], changedFields: [] });
    expect(Object.entries(value).filter(([k, v]) => k !== 'ChangeEventHeader' && v !== null)).toEqual([]);
  });

  it('an overflow event is GAP_OVERFLOW with no record ids', async () => {
    const { header } = await roundTrip(() => sim.publishOverflow('Account'));
    expect(header).toMatchObject({ entityName: 'Account', changeType: 'GAP_OVERFLOW', recordIds: [] });
  });

  it('a change that does not fit the entity is a bug in the test and throws', () => {
    expect(() =>
      sim.publish('Account', { changeType: 'UPDATE', recordIds: [ACCOUNT_ID], fields: { Nope: 1 } }),
    ).toThrow(/no field Nope/);
    expect(() =>
      sim.publish('Account', { changeType: 'UPDATE', recordIds: [ACCOUNT_ID], fields: { NumberOfEmployees: 'many' } }),
    ).toThrow(/not a valid change event/);
    expect(() => sim.publish('Lead', { changeType: 'CREATE', recordIds: [] })).toThrow(/entity Lead/);
  });

  it('the simulator imports nothing from relay/', () => {
    const root = path.resolve(import.meta.dirname, '..', '..', '..');
    expect(relayImports(import.meta.dirname, root)).toEqual([]);
  });
});
