/**
 * Salesforce → QuickBooks Desktop with `QBD_WON_DEALS_AS=sales_order`, over real sockets: a won deal
 * becomes a sales order of its products (after its items and customer; no invoice), lines and total
 * to the cent, and the Opportunity gets the sales order's id and shows Synced; the next session
 * adds nothing, also when the session that added it ended before the relay heard QuickBooks' answer.
 * Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = { seed: 33, customers: 3, vendors: 1, items: 2, invoices: 2, bills: 0, payments: 0 };

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'Salesforce won deals → QuickBooks Desktop sales orders, on %s',
  (_n, backend) => {
    let r: InProcessRelay;
    let store: Store | undefined;
    let d: ReturnType<typeof reverseDriver>;
    let companyKey: string;
    let t = Date.parse('2026-12-01T15:00:00Z');
    const now = () => t;

    beforeEach(async () => {
      store = backend.name === 'embedded' ? undefined : await backend.open({ now });
      r = await startInProcessRelay(COMPANY, {
        ...(store ? { store } : {}),
        now,
        env: { QBD_WON_DEALS_AS: 'sales_order' },
      });
      companyKey = (await r.relay.runtime.store.connections.byUsername('acme'))!.id;
      d = reverseDriver(r, { advance: (ms) => (t += ms) });
      const first = await d.session(); // the first sync: QuickBooks' records into the org
      if (first.status !== 'completed') throw new Error(`the first session ended ${first.status}`);
    });
    afterEach(async () => {
      await r.close();
      await store?.close();
    });

    /** A won deal of two products (1 × 150.00 and 3 × 95.50) on a new Account. */
    function wonDeal() {
      const book = String(r.sim.org.find('Pricebook2', 'IsStandard', true)!.Id);
      const product = (name: string, price: number) => {
        const p = d.insert('Product2', { Name: name, IsActive: true, QuickBooks_Item_Type__c: 'Service' });
        const entry = d.insert('PricebookEntry', {
          Pricebook2Id: book,
          Product2Id: p.Id,
          UnitPrice: price,
          IsActive: true,
        });
        return { product: p, entry };
      };
      const onboarding = product('Onboarding', 150);
      const support = product('Support Hours', 95.5);
      const buyer = d.insert('Account', { Name: 'Northwind Traders', BillingCity: 'Portland' });
      const deal = d.insert('Opportunity', {
        Name: 'Northwind onboarding',
        AccountId: buyer.Id,
        StageName: 'Closed Won',
        CloseDate: '2026-11-30',
        Pricebook2Id: book,
      });
      for (const [p, quantity] of [
        [onboarding, 1],
        [support, 3],
      ] as const)
        d.insert('OpportunityLineItem', {
          OpportunityId: deal.Id,
          PricebookEntryId: p.entry.Id,
          Product2Id: p.product.Id,
          Quantity: quantity,
          UnitPrice: Number(p.entry.UnitPrice),
        });
      return deal;
    }
    const customerNamed = (name: string) => r.company.list('customer').find((c) => c.name === name)!;
    const ordersOf = (listId: string) => r.company.list('salesOrder').filter((o) => o.customer.listId === listId);

    it('turns a won deal into a sales order of its products, no invoice, and gives the deal its id and Synced', async () => {
      const deal = wonDeal();
      const invoices = r.company.list('invoice').length;
      const opportunities = r.sim.org.records('Opportunity').length;
      await d.readOrg();
      const report = await d.session();
      expect(report.status).toBe('completed');
      expect(d.changesIn(report)).toEqual(['ItemServiceAdd', 'ItemServiceAdd', 'CustomerAdd', 'SalesOrderAdd']);
      expect(r.company.list('invoice')).toHaveLength(invoices);
      const [order, ...more] = ordersOf(customerNamed('Northwind Traders').listId);
      expect(more).toEqual([]);
      expect(order).toMatchObject({ txnDate: '2026-11-30', subtotal: '436.50', totalAmount: '436.50' });
      expect(order!.lines.map((l) => [l.item?.fullName, l.quantity, l.rate, l.amount])).toEqual([
        ['Onboarding', '1', '150', '150.00'],
        ['Support Hours', '3', '95.5', '286.50'],
      ]);

      await d.readOrg();
      const won = d.record('Opportunity', deal.Id);
      expect(won).toMatchObject({
        QuickBooks_Sales_Order_Id__c: `${companyKey}:${order!.txnId}`,
        QuickBooks_Sync_Status__c: 'Synced',
        StageName: 'Closed Won',
      });
      expect(won.QuickBooks_Invoice_Id__c ?? null).toBeNull();
      // The deal keeps its own products and is not mirrored as a second deal or an invoice.
      expect(r.sim.org.records('Opportunity')).toHaveLength(opportunities);
      expect(r.sim.org.records('OpportunityLineItem').filter((l) => l.OpportunityId === deal.Id)).toHaveLength(2);
      expect(r.sim.org.records('QuickBooks_Invoice__c').filter((i) => i.Opportunity__c === deal.Id)).toEqual([]);
      expect(d.outboundLogs()).toEqual([]);

      const next = await d.session();
      expect(d.changesIn(next)).toEqual([]);
      await d.readOrg();
      expect(d.changesIn(await d.session())).toEqual([]);
      expect(r.company.list('salesOrder')).toHaveLength(1);
    });

    it('adds nothing twice when the session ends after QuickBooks added the sales order, unheard', async () => {
      const deal = wonDeal();
      await d.readOrg();
      let cut = false;
      const broken = await d.session({
        company: {
          hostCompanyPreferencesResponse: (app: { ownerId: string; fileId: string }) =>
            r.company.hostCompanyPreferencesResponse(app),
          process: (xml: string) => {
            const out = r.company.process(xml);
            if (!cut && xml.includes('<SalesOrderAddRq')) {
              cut = true;
              throw Object.assign(new Error('The connection to QuickBooks was lost.'), { hresult: '0x80040408' });
            }
            return out;
          },
          beginSession: (file?: string) => r.company.beginSession(file),
          endSession: () => r.company.endSession(),
        },
      } as never);
      expect(broken.status).not.toBe('completed');
      const customer = customerNamed('Northwind Traders');
      expect(ordersOf(customer.listId)).toHaveLength(1); // QuickBooks did add it

      const next = await d.session();
      expect(next.status).toBe('completed');
      expect(d.changesIn(next)).not.toContain('SalesOrderAdd');
      expect(ordersOf(customer.listId)).toHaveLength(1);
      await d.readOrg();
      expect(d.record('Opportunity', deal.Id)).toMatchObject({
        QuickBooks_Sales_Order_Id__c: `${companyKey}:${ordersOf(customer.listId)[0]!.txnId}`,
        QuickBooks_Sync_Status__c: 'Synced',
      });
    });
  },
);
