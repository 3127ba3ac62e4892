/**
 * Two QuickBooks Online companies connected to one org, over real sockets: each company's records
 * come in, and what the org sends goes to the company its Account names (`QuickBooks Connection`
 * on the Account) — an Account naming none goes to the company connected first, never to both.
 */
import { saveRecord } from './support/org-save.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

type Row = Record<string, unknown>;

const EAST = '9341457021700001';
const WEST = '9341457021700002';

describe('two QuickBooks Online companies into one org', () => {
  let r: QboRelay;
  const keys: Record<string, string> = {};

  const save = (object: string, body: Row, id?: string) => saveRecord(r.org, object, body, id);
  const customersNamed = (realm: string, name: string) =>
    r.qbo
      .company(realm)
      .list('Customer')
      .filter((c) => c.DisplayName === name);
  /** The org's record of a connection (what an admin picks in the Account's lookup). */
  const connectionRecord = (realm: string) =>
    String(r.org.org.records('QuickBooks_Connection__c').find((c) => c.Connection_Key__c === keys[realm])!.Id);

  beforeAll(async () => {
    r = await startQboRelay({
      companies: [
        { realmId: EAST, companyName: 'East Books' },
        { realmId: WEST, companyName: 'West Books' },
      ],
    });
    r.qbo.company(EAST).create('Customer', { DisplayName: 'Only In East' });
    r.qbo.company(WEST).create('Customer', { DisplayName: 'Only In West' });
    await r.connect(EAST);
    await r.settle();
    await r.connect(WEST);
    await r.settle();
    for (const row of await r.relay.runtime.store.db.query<{ id: string; realm: string }>(
      'SELECT connection_id AS id, realm_id AS realm FROM qbo_companies',
    ))
      keys[row.realm] = row.id;
  });
  afterAll(() => r.close());

  it('reads both companies into the org, each Account naming its company', () => {
    const accounts = r.org.org.records('Account');
    expect(accounts.find((a) => a.Name === 'Only In East')).toMatchObject({
      QuickBooks_Connection__c: connectionRecord(EAST),
    });
    expect(accounts.find((a) => a.Name === 'Only In West')).toMatchObject({
      QuickBooks_Connection__c: connectionRecord(WEST),
    });
  });

  it('an Account naming the second company goes there only', async () => {
    save('Account', {
      Name: 'Westward Ltd',
      QuickBooks_Sync_Enabled__c: true,
      QuickBooks_Connection__c: connectionRecord(WEST),
    });
    await r.settle({ force: true });
    await r.settle({ force: true });
    expect(customersNamed(WEST, 'Westward Ltd')).toHaveLength(1);
    expect(customersNamed(EAST, 'Westward Ltd')).toHaveLength(0);
    expect(r.org.org.records('Account').filter((a) => a.Name === 'Westward Ltd')).toHaveLength(1);
  });

  it('an Account naming no company goes to the one connected first, and comes back naming it', async () => {
    const id = save('Account', { Name: 'Plain Account Co', QuickBooks_Sync_Enabled__c: true });
    await r.settle({ force: true });
    await r.settle({ force: true });
    expect(customersNamed(EAST, 'Plain Account Co')).toHaveLength(1);
    expect(customersNamed(WEST, 'Plain Account Co')).toHaveLength(0);
    expect(r.org.org.records('Account').find((a) => a.Id === id)).toMatchObject({
      QuickBooks_Connection__c: connectionRecord(EAST),
    });
  });

  it('an edit of it goes to its company only', async () => {
    const id = String(r.org.org.records('Account').find((a) => a.Name === 'Westward Ltd')!.Id);
    save('Account', { Phone: '555-0142' }, id);
    await r.settle({ force: true });
    await r.settle({ force: true });
    expect(customersNamed(WEST, 'Westward Ltd')[0]).toMatchObject({ PrimaryPhone: { FreeFormNumber: '555-0142' } });
    expect(customersNamed(EAST, 'Westward Ltd')).toHaveLength(0);
  });
});
