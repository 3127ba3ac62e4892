/**
 * An Account's BillingCity changed in Salesforce reaches its QuickBooks Online customer, every time
 * (found by the Online soak, seed 4): the write leaves the customer's name as QuickBooks Online has
 * it (the field policy holds a field this side did not change), and a write with no DisplayName was
 * refused as a customer without a name, though it only updates one (the first such write went,
 * because it left no field out).
 */
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import { saveRecord } from './support/org-save.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

describe("an Account's billing city changed in Salesforce", () => {
  let r: QboRelay;
  beforeAll(async () => {
    r = await startQboRelay();
    await r.connect();
    await r.settle();
  });
  afterAll(() => r.close());

  const account = (id: string) => r.org.org.records('Account').find((a) => a.Id === id)!;
  const city = (customerId: string) =>
    (r.qbo.company(DEFAULT_REALM).get('Customer', customerId)?.BillAddr as { City?: string } | undefined)?.City;
  const failed = () =>
    r.org.org.records('QuickBooks_Sync_Log__c').filter((l) => l.Status__c === 'Failed' && l.Error_Code__c);

  async function moves(accountId: string, customerId: string, cities: readonly string[]): Promise<void> {
    for (const c of cities) {
      r.qbo.clock.advance(3_600_000);
      saveRecord(r.org, 'Account', { BillingCity: c }, accountId);
      await r.settle({ force: true });
      await r.settle({ force: true });
      expect({ city: city(customerId), status: account(accountId).QuickBooks_Sync_Status__c }).toEqual({
        city: c,
        status: 'Synced',
      });
    }
    expect(r.qbo.company(DEFAULT_REALM).get('Customer', customerId)?.DisplayName).toBe(account(accountId).Name);
  }

  it('reaches the customer of an Account made in Salesforce, each time it changes', async () => {
    const id = saveRecord(r.org, 'Account', {
      Name: 'City Movers Ltd',
      BillingCity: 'Portland',
      QuickBooks_Sync_Enabled__c: true,
    });
    await r.settle({ force: true });
    await r.settle({ force: true });
    const customer = String(account(id).QuickBooks_Customer_Id__c).split(':').at(-1)!;
    expect(city(customer)).toBe('Portland');
    await moves(id, customer, ['Ashland', 'Bend', 'Salem']);
    expect(failed()).toEqual([]);
  });
});
