/**
 * @module
 * The scripted day of QuickBooks Online the Opportunity and Order panels' fixtures are read from:
 * the real relay (in this process, over loopback) between a simulated org and a simulated QuickBooks
 * Online company, connected the admin's way. A customer sent from the org; two products, one whose
 * name QuickBooks Online refuses (it never gets an item); deals won on them (one becomes an invoice,
 * one fails for want of the item) and one still open (not sent); orders activated (booked as a
 * journal entry), activated then cancelled (reversed), allocated to a department the company lacks
 * (failed, in words), left in draft (not taken), and booked then changed (reversed and booked again:
 * its history, three Sync Logs). Last, a rep presses "Push to QuickBooks" on a
 * deal just won (the request as created, answered and completed) and on the open one (refused).
 * Returns the org as it stands, with the records the steps name, and the connection's key (a random
 * UUID the fixtures replace).
 */
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import { saveRecord } from '../relay/support/org-save.ts';
import { startQboRelay, type QboRelay } from '../relay/support/qbo-relay.ts';

type Row = Record<string, unknown>;

export interface OnlineScenario {
  readonly relay: QboRelay;
  /** The connection's key the relay made (`<key>:<Id>` in every QuickBooks id it writes). */
  readonly connectionKey: string;
  readonly deals: { readonly invoiced: string; readonly failed: string; readonly open: string };
  readonly orders: {
    readonly booked: string;
    readonly cancelled: string;
    readonly failed: string;
    readonly draft: string;
    readonly changed: string;
  };
  /** "Push to QuickBooks": the deal as the rep saw it, and its request at each state; the refused one. */
  readonly push: {
    readonly deal: Row;
    readonly requested: Row;
    readonly inProgress: Row;
    readonly completed: Row;
    readonly failed: Row;
  };
  records(object: string): Row[];
  /** The sync after which a Sync Log (by its key) was first there: its moment, whatever the clock read. */
  logRound(key: string): number;
}

/** A record a step relies on; a relay that no longer writes it stops the scenario saying so. */
function written<T>(value: T | undefined, what: string): T {
  if (value === undefined)
    throw new Error(
      `The Online fixture scenario needs ${what}, which the relay did not write: see what it writes now.`,
    );
  return value;
}

/** Runs the day; the caller closes `relay`. */
export async function runOnlineScenario(): Promise<OnlineScenario> {
  const r = await startQboRelay({ startAt: Date.parse('2026-03-15T17:00:00Z') });
  try {
    await r.connect();
    await r.settle();
    const [row] = await r.relay.runtime.store.db.query<{ id: string }>('SELECT connection_id AS id FROM qbo_companies');
    const connectionKey = written(row?.id, 'a QuickBooks Online connection');
    const save = (object: string, body: Row, id?: string) => saveRecord(r.org, object, body, id);
    const rounds = new Map<string, number>();
    let round = 0;
    const sync = async () => {
      await r.settle({ force: true });
      await r.settle({ force: true });
      round++;
      for (const l of r.org.org.records('QuickBooks_Sync_Log__c'))
        if (!rounds.has(String(l.Log_Key__c))) rounds.set(String(l.Log_Key__c), round);
    };
    r.qbo.company(DEFAULT_REALM).create('Department', { Name: 'West' });
    const book = String(r.org.org.find('Pricebook2', 'IsStandard', true)!.Id);
    const account = save('Account', { Name: 'Northwind Traders', QuickBooks_Sync_Enabled__c: true });
    const priced = (name: string, price: number) => {
      const product = save('Product2', { Name: name, IsActive: true });
      return save('PricebookEntry', { Pricebook2Id: book, Product2Id: product, UnitPrice: price, IsActive: true });
    };
    const onboarding = priced('Onboarding', 1250.5);
    // QuickBooks Online refuses a colon in an item's name: this product never gets an item.
    const onsite = priced('Setup: onsite', 80);
    await sync();

    const deal = (name: string, entry: string, quantity: number, stage: string) => {
      const id = save('Opportunity', {
        Name: name,
        AccountId: account,
        StageName: 'Prospecting',
        CloseDate: '2026-03-15',
        Pricebook2Id: book,
      });
      save('OpportunityLineItem', {
        OpportunityId: id,
        PricebookEntryId: entry,
        Quantity: quantity,
        UnitPrice: 1250.5,
      });
      if (stage !== 'Prospecting') save('Opportunity', { StageName: stage }, id);
      return id;
    };
    const invoiced = deal('Northwind onboarding', onboarding, 2, 'Closed Won');
    const failed = deal('Northwind onsite setup', onsite, 1, 'Closed Won');
    const open = deal('Northwind renewal', onboarding, 1, 'Prospecting');

    const order = (entry: string, quantity: number, extra: Row = {}, activate = true) => {
      const id = save('Order', {
        AccountId: account,
        EffectiveDate: '2026-03-15',
        Status: 'Draft',
        Pricebook2Id: book,
        ...extra,
      });
      save('OrderItem', { OrderId: id, PricebookEntryId: entry, Quantity: quantity, UnitPrice: 1250.5 });
      if (activate) save('Order', { Status: 'Activated' }, id);
      return id;
    };
    // One posting per sync, so the company numbers the entries in a stable order: 1, then 2 and its reversal 3.
    const booked = order(onboarding, 1, { QuickBooks_Department__c: 'West' });
    await sync();
    const cancelled = order(onboarding, 2);
    const nowhere = order(onboarding, 1, { QuickBooks_Department__c: 'East' });
    const draft = order(onboarding, 3, {}, false);
    await sync();
    save('Order', { Status: 'Cancelled' }, cancelled);
    await sync();
    // Booked as entry 4; set back to draft, its quantity changed, activated again: reversed by 5, booked as 6.
    const changed = order(onboarding, 1);
    await sync();
    save('Order', { Status: 'Draft' }, changed);
    const line = r.org.org.records('OrderItem').find((l) => l.OrderId === changed)!;
    save('OrderItem', { Quantity: 4 }, String(line.Id));
    save('Order', { Status: 'Activated' }, changed);
    await sync();

    // A deal just won, pushed before the relay has read it; and the open deal, pushed too.
    const training = deal('Northwind training', onboarding, 1, 'Closed Won');
    const one = (object: string, id: string) =>
      written(
        r.org.org.records(object).find((x) => x.Id === id),
        `${object} ${id}`,
      );
    const pushDeal = one('Opportunity', training);
    const push = (opportunity: string) =>
      save('QuickBooks_Sync_Request__c', {
        Scope__c: 'Opportunity',
        Opportunity__c: opportunity,
        Status__c: 'Requested',
      });
    const pushed = push(training);
    const refused = push(open);
    const requested = one('QuickBooks_Sync_Request__c', pushed);
    await r.relay.runtime.tick({ pollNow: true });
    const inProgress = one('QuickBooks_Sync_Request__c', pushed);
    await sync();
    return {
      relay: r,
      connectionKey,
      deals: { invoiced, failed, open },
      orders: { booked, cancelled, failed: nowhere, draft, changed },
      push: {
        deal: pushDeal,
        requested,
        inProgress,
        completed: one('QuickBooks_Sync_Request__c', pushed),
        failed: one('QuickBooks_Sync_Request__c', refused),
      },
      records: (object) => r.org.org.records(object),
      logRound: (key) => rounds.get(key) ?? round,
    };
  } catch (error) {
    await r.close();
    throw error;
  }
}
