/**
 * The same customer edited on both sides before the relay hears of either (found by the Online
 * soak, seed 1): the bookkeeper changes its phone in QuickBooks Online while a rep moves its
 * Account to another city. Both changes are kept, and the changes after them go through. The
 * Account is read (with its old phone) before the relay writes the new phone into it, and that read
 * is taken in after the write landed: it must not carry the old phone back into QuickBooks Online,
 * which made the phone's later change a conflict that was never reported to either side.
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

  it('keeps both changes, and the next changes on either side reach the other', async () => {
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
    const online = () => {
      const c = co.get('Customer', id) as
        { PrimaryPhone?: { FreeFormNumber?: string }; BillAddr?: { City?: string } } | undefined;
      return { phone: c?.PrimaryPhone?.FreeFormNumber, city: c?.BillAddr?.City };
    };
    expect(online()).toEqual({ phone: '(458) 555-7105', city: 'Ashland' });

    r.qbo.clock.advance(2 * 3_600_000);
    co.update('Customer', id, { PrimaryPhone: { FreeFormNumber: '(503) 555-0037' } });
    await r.settle({ force: true });
    expect(row().Phone).toBe('(503) 555-0037');
    expect(row().QuickBooks_Sync_Status__c).toBe('Synced');

    // Both sides again, then each side alone.
    r.qbo.clock.advance(2 * 3_600_000);
    co.update('Customer', id, { PrimaryPhone: { FreeFormNumber: '(541) 555-0140' } });
    saveRecord(r.org, 'Account', { BillingCity: 'Salem' }, account);
    await r.settle({ force: true });
    await r.settle({ force: true });
    expect(row()).toMatchObject({ Phone: '(541) 555-0140', BillingCity: 'Salem', QuickBooks_Sync_Status__c: 'Synced' });
    expect(online()).toEqual({ phone: '(541) 555-0140', city: 'Salem' });

    r.qbo.clock.advance(2 * 3_600_000);
    saveRecord(r.org, 'Account', { BillingCity: 'Eugene' }, account);
    await r.settle({ force: true });
    await r.settle({ force: true });
    expect(online()).toEqual({ phone: '(541) 555-0140', city: 'Eugene' });
    co.update('Customer', id, { PrimaryPhone: { FreeFormNumber: '(503) 555-0199' } });
    await r.settle({ force: true });
    expect(row()).toMatchObject({
      Phone: '(503) 555-0199',
      BillingCity: 'Eugene',
      QuickBooks_Sync_Status__c: 'Synced',
    });
  });
});
