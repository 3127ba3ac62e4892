/**
 * The same customer edited on both sides before the relay hears of either (found by the Online
 * soak, seed 1): the bookkeeper changes its phone in QuickBooks Online while a rep moves its
 * Account to another city. Both changes are kept, and the bookkeeper's next phone change reaches
 * the Account (it did not while the city's update, a sparse one without the DisplayName the field
 * policy held back, was refused before it was sent as a customer with no name).
 */
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import { saveRecord } from './support/org-save.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

describe('a customer edited in QuickBooks Online and its Account in Salesforce at once', () => {
  let r: QboRelay;
  beforeAll(async () => {
    r = await startQboRelay();
    await r.connect();
    await r.settle();
  });
  afterAll(() => r.close());

  it('keeps both changes, and the next change in QuickBooks Online reaches the Account', async () => {
    const co = r.qbo.company(DEFAULT_REALM);
    const account = saveRecord(r.org, 'Account', {
      Name: 'Both Sides Ltd',
      Phone: '(971) 555-0001',
      BillingCity: 'Portland',
      QuickBooks_Sync_Enabled__c: true,
    });
    await r.settle({ force: true });
    await r.settle({ force: true });
    const row = () => r.org.org.records('Account').find((a) => a.Id === account)!;
    const id = String(row().QuickBooks_Customer_Id__c).split(':').at(-1)!;
    expect(co.get('Customer', id)?.DisplayName).toBe('Both Sides Ltd');

    co.update('Customer', id, { PrimaryPhone: { FreeFormNumber: '(458) 555-7105' } });
    saveRecord(r.org, 'Account', { BillingCity: 'Ashland' }, account);
    await r.settle({ force: true });
    await r.settle({ force: true });
    expect(row()).toMatchObject({ Phone: '(458) 555-7105', BillingCity: 'Ashland' });
    expect((co.get('Customer', id)?.BillAddr as { City?: string } | undefined)?.City).toBe('Ashland');

    r.qbo.clock.advance(2 * 3_600_000);
    co.update('Customer', id, { PrimaryPhone: { FreeFormNumber: '(503) 555-0037' } });
    await r.settle({ force: true });
    expect(row().Phone).toBe('(503) 555-0037');
  });
});
