import { status, type ServiceError } from '@grpc/grpc-js';
import { startPubSubSimulator, type PubSubSimulator } from './index.ts';
import { TestClient } from './test-client.ts';

const ORG = '00D000000000001EAA';
const INSTANCE = 'https://acme.my.salesforce.com';
const ENTITIES = {
  Account: [
    { name: 'Name', type: 'string' },
    { name: 'BillingAddress', type: 'address' },
  ],
  QuickBooks_Sync_Request__c: [{ name: 'Status__c', type: 'string' }],
} as const;

async function rejection(p: Promise<unknown>): Promise<ServiceError> {
  try {
    await p;
  } catch (err) {
    return err as ServiceError;
  }
  throw new Error('the call succeeded');
}

describe('Pub/Sub simulator: auth, topics, schemas, faults', () => {
  let sim: PubSubSimulator;
  const tokens = new Set(['tok-1']);
  const clients: TestClient[] = [];
  const client = (auth = { accesstoken: 'tok-1', instanceurl: INSTANCE, tenantid: ORG }) => {
    const c = new TestClient(sim.address, auth);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    tokens.clear();
    tokens.add('tok-1');
    sim = await startPubSubSimulator({
      tenantId: ORG,
      instanceUrl: INSTANCE,
      isValidToken: (t) => tokens.has(t),
      entities: {
        Account: [...ENTITIES.Account],
        QuickBooks_Sync_Request__c: [...ENTITIES.QuickBooks_Sync_Request__c],
      },
    });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await sim.close();
  });

  it('accepts valid auth metadata and refuses a missing, unknown or rotated token with UNAUTHENTICATED', async () => {
    await expect(client().getTopic('/data/AccountChangeEvent')).resolves.toMatchObject({ canSubscribe: true });

    const missing = await rejection(
      client({ accesstoken: '', instanceurl: INSTANCE, tenantid: ORG }).getTopic('/data/AccountChangeEvent'),
    );
    expect(missing.code).toBe(status.UNAUTHENTICATED);
    expect(missing.metadata.get('error-code')).toEqual(['sfdc.platform.eventbus.grpc.service.auth.error']);
    expect(missing.details).toMatch(/rpcId: [0-9a-f-]{36}$/);

    tokens.delete('tok-1'); // the session expired or the token rotated
    const rotated = await rejection(client().getTopic('/data/AccountChangeEvent'));
    expect(rotated.code).toBe(status.UNAUTHENTICATED);

    tokens.add('tok-1');
    const otherInstance = await rejection(
      client({ accesstoken: 'tok-1', instanceurl: 'https://other.my.salesforce.com', tenantid: ORG }).getTopic(
        '/data/AccountChangeEvent',
      ),
    );
    expect(otherInstance.code).toBe(status.UNAUTHENTICATED);
  });

  it('refuses another org id in tenantid with PERMISSION_DENIED, on unary and streaming calls', async () => {
    const wrong = client({ accesstoken: 'tok-1', instanceurl: INSTANCE, tenantid: '00D000000000002EAA' });
    expect((await rejection(wrong.getSchema('x'))).code).toBe(status.PERMISSION_DENIED);
    const stream = wrong.subscribe({ topicName: '/data/AccountChangeEvent', numRequested: 1 });
    expect((await stream.closed()).code).toBe(status.PERMISSION_DENIED);
    expect(sim.stats.subscribes).toBe(0);
  });

  it('GetTopic names the entity channels, the standard channel and custom objects; unknown topics are NOT_FOUND', async () => {
    const c = client();
    const account = await c.getTopic('/data/AccountChangeEvent');
    expect(account).toMatchObject({ topicName: '/data/AccountChangeEvent', tenantGuid: ORG, canSubscribe: true });
    expect(account.schemaId).toMatch(/^[\w-]{22}$/);
    const custom = await c.getTopic('/data/QuickBooks_Sync_Request__ChangeEvent');
    expect(custom.schemaId).not.toBe(account.schemaId);
    await expect(c.getTopic('/data/ChangeEvents')).resolves.toMatchObject({ canSubscribe: true });
    const unknown = await rejection(c.getTopic('/data/ContactChangeEvent'));
    expect(unknown.code).toBe(status.NOT_FOUND);
    expect((await rejection(c.getTopic('/data/QuickBooks_Sync_Request__cChangeEvent'))).code).toBe(status.NOT_FOUND);
  });

  it('GetSchema returns the Avro schema of a topic, stable across restarts; an unknown id is NOT_FOUND', async () => {
    const c = client();
    const { schemaId } = await c.getTopic('/data/AccountChangeEvent');
    const info = await c.getSchema(schemaId);
    expect(info.schemaId).toBe(schemaId);
    const schema = JSON.parse(info.schemaJson) as { name: string; fields: { name: string; type: unknown }[] };
    expect(schema.name).toBe('AccountChangeEvent');
    expect(schema.fields.map((f) => f.name)).toEqual([
      'ChangeEventHeader',
      'Name',
      'BillingAddress',
      'CreatedDate',
      'CreatedById',
      'LastModifiedDate',
      'LastModifiedById',
    ]);
    expect(schema.fields[1]).toEqual({ name: 'Name', type: ['null', 'string'], default: null });
    expect(((schema.fields[2]?.type as unknown[])[1] as { name: string }).name).toBe('Address');
    expect(sim.stats.getSchema).toBe(1);

    const again = await startPubSubSimulator({
      tenantId: ORG,
      isValidToken: () => true,
      entities: { Account: [...ENTITIES.Account] },
    });
    const other = new TestClient(again.address, { accesstoken: 't', instanceurl: INSTANCE, tenantid: ORG });
    try {
      expect((await other.getTopic('/data/AccountChangeEvent')).schemaId).toBe(schemaId);
    } finally {
      other.close();
      await again.close();
    }
    expect((await rejection(c.getSchema('nope'))).code).toBe(status.NOT_FOUND);
  });

  it('Publish, PublishStream and ManagedSubscribe answer UNIMPLEMENTED', async () => {
    const c = client();
    expect((await rejection(c.publish())).code).toBe(status.UNIMPLEMENTED);
    expect((await c.openStream('PublishStream')).code).toBe(status.UNIMPLEMENTED);
    expect((await c.openStream('ManagedSubscribe')).code).toBe(status.UNIMPLEMENTED);
  });

  it("refuse('unavailable') fails every new RPC with UNAVAILABLE until refuse(null)", async () => {
    const c = client();
    sim.refuse('unavailable');
    expect((await rejection(c.getTopic('/data/AccountChangeEvent'))).code).toBe(status.UNAVAILABLE);
    expect((await c.subscribe({ topicName: '/data/AccountChangeEvent', numRequested: 1 }).closed()).code).toBe(
      status.UNAVAILABLE,
    );
    expect(sim.stats.refused).toBe(2);
    sim.refuse(null);
    await expect(c.getTopic('/data/AccountChangeEvent')).resolves.toMatchObject({ canSubscribe: true });
  });

  it("refuse('not_licensed') answers PERMISSION_DENIED saying the org or user lacks the feature", async () => {
    sim.refuse('not_licensed');
    const err = await rejection(client().getTopic('/data/AccountChangeEvent'));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toMatch(/not licensed|permission/i);
  });
});
