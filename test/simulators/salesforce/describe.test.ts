/**
 * Describe answers fields as the REST API does (its type names, lengths, picklist values), and a
 * field the customer deploys on a standard object is known to describe, SOQL and writes alike.
 */
import { startSalesforceSimulator, type SalesforceSimulator } from './index.ts';
import { restClient, TEST_CLIENT, token } from './rest-client.ts';

interface Described {
  name: string;
  type: string;
  length: number;
  picklistValues: { value: string; active: boolean }[];
}

describe('the org simulator describing objects', () => {
  let sim: SalesforceSimulator;
  let call: ReturnType<typeof restClient>;
  beforeEach(async () => {
    sim = await startSalesforceSimulator({ ...TEST_CLIENT, bulkStartDelayMs: 1 });
    call = restClient(sim, await token(sim));
  });
  afterEach(() => sim.close());

  const fields = async (object: string) =>
    ((await call('GET', `/sobjects/${object}/describe`)).body as { fields: Described[] }).fields;

  it('answers REST type names and lengths', async () => {
    const account = await fields('Account');
    expect(account.find((f) => f.name === 'Name')).toMatchObject({ type: 'string', length: 255 });
    expect(account.find((f) => f.name === 'Id')).toMatchObject({ type: 'id', length: 18 });
    expect(account.find((f) => f.name === 'QuickBooks_Sync_Enabled__c')).toMatchObject({ type: 'boolean', length: 0 });
  });

  it('knows a field the customer deployed, and refuses one it did not', async () => {
    const soql = (f: string) => call('GET', `/query?q=${encodeURIComponent(`SELECT Id, ${f} FROM Account`)}`);
    expect((await soql('Region__c')).status).toBe(400);
    sim.org.deployField('Account', {
      name: 'Region__c',
      type: 'Picklist',
      custom: true,
      required: false,
      values: ['East', 'West'],
      restricted: true,
    });
    const region = (await fields('Account')).find((f) => f.name === 'Region__c');
    expect(region).toMatchObject({
      type: 'picklist',
      length: 0,
      picklistValues: [
        { value: 'East', active: true },
        { value: 'West', active: true },
      ],
    });
    const made = await call('POST', '/sobjects/Account', { Name: 'Acme', Region__c: 'West' });
    expect(made.status).toBe(201);
    expect((await call('POST', '/sobjects/Account', { Name: 'Beta', Region__c: 'North' })).status).toBe(400);
    expect((await soql('Region__c')).status).toBe(200);
  });
});
