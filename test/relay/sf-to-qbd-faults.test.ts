/**
 * Salesforce → QuickBooks Desktop when things go wrong, over real sockets: QuickBooks edits a
 * customer between our lookup and our change (3200: looked up again and changed once, within the
 * session), the company file is busy (the change waits for a later session), the session ends after
 * QuickBooks applied a batch but before the relay stored the answer (the next session finds what
 * was added and adds nothing twice), a customer QuickBooks made inactive, a name with characters
 * QuickBooks cannot hold, and a deal whose product has no item. Each ends in the right state with
 * a reason in words. Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = { seed: 32, customers: 3, vendors: 1, items: 2, invoices: 2, bills: 0, payments: 0 };

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'Salesforce → QuickBooks Desktop faults, on %s',
  (_n, backend) => {
    let r: InProcessRelay;
    let store: Store | undefined;
    let d: ReturnType<typeof reverseDriver>;
    let t = Date.parse('2026-12-01T15:00:00Z');
    const now = () => t;

    beforeEach(async () => {
      store = backend.name === 'embedded' ? undefined : await backend.open({ now });
      r = await startInProcessRelay(COMPANY, { ...(store ? { store } : {}), now });
      d = reverseDriver(r, { advance: (ms) => (t += ms) });
      await d.session();
    });
    afterEach(async () => {
      await r.close();
      await store?.close();
    });

    const customers = () => r.company.list('customer');
    const named = (name: string) => customers().filter((c) => c.name === name);
    /** QuickBooks as the Web Connector reaches it, with `before` run ahead of each message set. */
    const wrapped = (before: (xml: string) => void, after: (xml: string) => void = () => undefined) => ({
      hostCompanyPreferencesResponse: (app: { ownerId: string; fileId: string }) =>
        r.company.hostCompanyPreferencesResponse(app),
      process: (xml: string) => {
        before(xml);
        const out = r.company.process(xml);
        after(xml);
        return out;
      },
      beginSession: (file?: string) => r.company.beginSession(file),
      endSession: () => r.company.endSession(),
    });

    it('changes a customer QuickBooks edited meanwhile once, after reading that edit first (3200)', async () => {
      const account = d.insert('Account', { Name: 'Harbor Lights', QuickBooks_Sync_Enabled__c: true });
      await d.readOrg();
      await d.session();
      const harbor = named('Harbor Lights')[0]!;
      d.update('Account', account.Id as string, { Phone: '555-0111' });
      await d.readOrg();
      // Bookkeeping edits the customer's fax in QuickBooks just as our change is on its way.
      let edited = false;
      const report = await d.session({
        company: wrapped((xml) => {
          if (!edited && xml.includes('<CustomerModRq')) {
            edited = true;
            r.company.edit('customer', harbor.listId, { fax: '555-0999' });
          }
        }),
      } as never);
      // Refused as stale, looked up again: QuickBooks changed it since the relay read it, so the
      // change waits until that edit has been read and weighed (the field policy): the next session
      // reads it (its write phase, here before the relay took in what it read, still waits), then it goes.
      expect(d.changesIn(report)).toEqual(['CustomerMod']);
      expect(report.requests.filter((x) => x.includes('requestID="lookup-ids"'))).toHaveLength(2);
      expect(customers().find((c) => c.listId === harbor.listId)!.phone).not.toBe('555-0111');
      expect(d.changesIn(await d.session())).toEqual([]);
      expect(d.changesIn(await d.session())).toEqual(['CustomerMod']);
      expect(customers().find((c) => c.listId === harbor.listId)).toMatchObject({ phone: '555-0111', fax: '555-0999' });
      expect(d.outboundLogs()).toEqual([]);
      expect(d.changesIn(await d.session())).toEqual([]);
    });

    it('leaves a change for a later session while the company file is busy', async () => {
      d.insert('Account', { Name: 'Busy Bee', QuickBooks_Sync_Enabled__c: true });
      await d.readOrg();
      r.company.faults.inject('recordInUse', { times: 1 });
      const busy = await d.session();
      expect(d.changesIn(busy)).toEqual(['CustomerAdd']);
      expect(named('Busy Bee')).toHaveLength(0);
      // The next session within five minutes leaves it be; a later one adds it, once.
      t += 6 * 60_000;
      const later = await d.session();
      expect(d.changesIn(later)).toEqual(['CustomerAdd']);
      expect(named('Busy Bee')).toHaveLength(1);
    });

    it('adds nothing twice when a session ends after QuickBooks applied a batch the relay never heard back from', async () => {
      const acct = d.insert('Account', { Name: 'Lost Answer Ltd', QuickBooks_Sync_Enabled__c: true });
      await d.readOrg();
      let cut = false;
      const broken = await d.session({
        company: wrapped(
          () => undefined,
          (xml) => {
            if (!cut && xml.includes('<CustomerAddRq')) {
              cut = true;
              throw Object.assign(new Error('The connection to QuickBooks was lost.'), { hresult: '0x80040408' });
            }
          },
        ),
      } as never);
      expect(broken.status).not.toBe('completed');
      expect(named('Lost Answer Ltd')).toHaveLength(1); // QuickBooks did add it
      const next = await d.session();
      expect(d.changesIn(next)).not.toContain('CustomerAdd');
      expect(named('Lost Answer Ltd')).toHaveLength(1);
      await d.readOrg();
      expect(d.record('Account', acct.Id).QuickBooks_Customer_Id__c).toMatch(
        new RegExp(`:${named('Lost Answer Ltd')[0]!.listId}$`),
      );
    });

    it('does not change a customer QuickBooks made inactive, and says so on the Account', async () => {
      const account = d.insert('Account', { Name: 'Dormant Co', QuickBooks_Sync_Enabled__c: true });
      await d.readOrg();
      await d.session();
      r.company.edit('customer', named('Dormant Co')[0]!.listId, { isActive: false });
      await d.session();
      d.update('Account', account.Id as string, { Phone: '555-0123' });
      await d.readOrg();
      expect(d.changesIn(await d.session())).toEqual([]);
      await d.readOrg();
      expect(d.record('Account', account.Id)).toMatchObject({ QuickBooks_Sync_Status__c: 'Failed' });
      const log = () => d.outboundLogs().find((l) => l.Account__c === account.Id)!;
      expect(log()).toMatchObject({ Error_Code__c: 'qbd_record_inactive', Status__c: 'Failed' });
      // Made active again in QuickBooks, and replayed from the log: the change goes, the log turns Resolved.
      r.company.edit('customer', named('Dormant Co')[0]!.listId, { isActive: true });
      d.update('QuickBooks_Sync_Log__c', String(log().Id), { Replay_Requested__c: true });
      await d.readOrg();
      // The session reads QuickBooks' own edit (active again) first; the change goes once it is weighed.
      expect(d.changesIn(await d.session())).toEqual([]);
      expect(d.changesIn(await d.session())).toEqual(['CustomerMod']);
      expect(named('Dormant Co')[0]!.phone).toBe('555-0123');
      await d.readOrg();
      expect(log()).toMatchObject({ Status__c: 'Resolved', Replay_Result__c: 'Written to QuickBooks.' });
    });

    it('refuses a name with characters QuickBooks cannot hold, in words, and sends nothing for it', async () => {
      const account = d.insert('Account', { Name: '東京商事', QuickBooks_Sync_Enabled__c: true });
      await d.readOrg();
      expect(d.changesIn(await d.session())).toEqual([]);
      await d.readOrg();
      const log = d.outboundLogs().find((l) => l.Account__c === account.Id)!;
      expect(log.Error_Code__c).toBe('qbxml_not_latin1');
      expect(String(log.Error_Message__c)).toMatch(
        /^Not sent to QuickBooks: .*Correct the record in the CRM it came from/,
      );
    });

    it('fails a deal whose product has no item with "create or map the item", and adds no invoice', async () => {
      const book = String(r.sim.org.find('Pricebook2', 'IsStandard', true)!.Id);
      const product = d.insert('Product2', {
        Name: 'A product name far too long for QuickBooks items',
        IsActive: true,
      });
      const entry = d.insert('PricebookEntry', {
        Pricebook2Id: book,
        Product2Id: product.Id,
        UnitPrice: 10,
        IsActive: true,
      });
      const buyer = d.insert('Account', { Name: 'Itemless Inc' });
      const deal = d.insert('Opportunity', {
        Name: 'Deal',
        AccountId: buyer.Id,
        StageName: 'Closed Won',
        CloseDate: '2026-11-30',
      });
      d.insert('OpportunityLineItem', {
        OpportunityId: deal.Id,
        PricebookEntryId: entry.Id,
        Product2Id: product.Id,
        Quantity: 2,
        UnitPrice: 10,
      });
      const invoices = r.company.list('invoice').length;
      await d.readOrg();
      // Each record on its way shows it, on itself.
      for (const [object, id] of [
        ['Opportunity', deal.Id],
        ['Product2', product.Id],
        ['Account', buyer.Id],
      ] as const)
        expect(d.record(object, id).QuickBooks_Sync_Status__c).toBe('Queued');
      const report = await d.session();
      expect(d.changesIn(report)).toEqual(['CustomerAdd']);
      expect(r.company.list('invoice')).toHaveLength(invoices);
      await d.readOrg();
      const log = r.sim.org.records('QuickBooks_Sync_Log__c').find((l) => l.Error_Code__c === 'qbd_item_missing')!;
      expect(String(log.Error_Message__c)).toContain('Create or map the item');
      expect(r.sim.org.records('QuickBooks_Sync_Log__c').some((l) => l.Error_Code__c === 'qbxml_field_too_long')).toBe(
        true,
      );
      // The deal and the product say they failed; the Account, added, is Synced.
      expect(d.record('Opportunity', deal.Id).QuickBooks_Sync_Status__c).toBe('Failed');
      expect(d.record('Product2', product.Id).QuickBooks_Sync_Status__c).toBe('Failed');
      expect(d.record('Account', buyer.Id).QuickBooks_Sync_Status__c).toBe('Synced');
    });
  },
);
