/**
 * The polling fallback gives the same end state as Change Data Capture, and switching between them
 * loses no change: the same edits in the org — new Accounts to send to QuickBooks, a product, a won
 * deal, an Account edited, another added while Pub/Sub is unreachable, one more once it is back —
 * reach QuickBooks the same whether the relay learnt of them by change events, by polling alone,
 * or by events, then polling, then events again. Over real sockets (org, Pub/Sub, Web Connector).
 */
import type { Company } from '../simulators/qbd/company/index.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';

const COMPANY = { seed: 9, customers: 2, vendors: 0, items: 1, invoices: 0, bills: 0, payments: 0 };
type Mode = 'pubsub' | 'polling' | 'switch';

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 8000): Promise<void> {
  for (const begun = Date.now(); !(await cond()); await new Promise((resolve) => setTimeout(resolve, 10))) {
    if (Date.now() - begun > ms) throw new Error(`timed out waiting for ${what}`);
  }
}

/** What QuickBooks ends with of what the org sent: customers with their phones, items, invoices' totals. */
function books(company: Company) {
  return {
    customers: company
      .list('customer')
      .map((c) => `${c.name} ${c.phone ?? ''}`)
      .sort(),
    items: company
      .list('item')
      .map((i) => i.name)
      .sort(),
    invoices: company
      .list('invoice')
      .map((i) => `${i.customer.fullName} ${i.txnDate} ${i.subtotal}`)
      .sort(),
  };
}

async function scenario(mode: Mode) {
  let t = Date.parse('2026-12-01T15:00:00Z');
  const r: InProcessRelay = await startInProcessRelay(COMPANY, {
    now: () => t,
    ...(mode === 'polling' ? { env: { SF_PUBSUB: 'off' } } : { pubsub: {} }),
  });
  try {
    const health = async () =>
      ((await (await fetch(`${r.relay.url}/health`)).json()) as { salesforce?: { changes: string } }).salesforce;
    const round = async (ms = 1_000) => {
      t += ms;
      await r.relay.runtime.tick();
    };
    const insert = (object: string, fields: Record<string, unknown>) =>
      r.sim.org.store.insert(r.sim.org.objectOrThrow(object), fields);
    /** Tells the relay of a change the way this mode learns of it (an event, or nothing: it polls). */
    const told = (entity: string, id: unknown, changeType: 'CREATE' | 'UPDATE' = 'CREATE') => {
      if (mode !== 'polling') r.pubsub!.publish(entity, { changeType, recordIds: [String(id)] });
    };
    /** The org's pages the relay has stored (what it read). */
    const pages = async () =>
      (
        await r.relay.runtime.store.db.query<{ payload: string }>(
          "SELECT payload FROM inbox WHERE system = 'salesforce'",
        )
      )
        .map((x) => x.payload)
        .join('\n');
    /** Rounds until the relay has read what `seen` names: a minute of polling, or once the events came. */
    const readAll = async (...seen: string[]) => {
      if (mode === 'polling' || (await health())?.changes === 'polling') await round(61_000);
      await until(`the relay read ${seen.join(', ')}`, async () => {
        await round();
        const read = await pages();
        return seen.every((x) => read.includes(x));
      });
      await round();
    };
    t += 15 * 60_000;
    await r.webConnector();
    await r.settle();
    if (mode !== 'polling') await until('subscribed', async () => (await health())?.changes === 'pubsub');
    await round();

    const book = String(r.sim.org.find('Pricebook2', 'IsStandard', true)!.Id);
    const a1 = insert('Account', { Name: 'Alder Works', Phone: '555-0101', QuickBooks_Sync_Enabled__c: true });
    told('Account', a1.Id);
    const p = insert('Product2', { Name: 'Fitting', IsActive: true });
    const pe = insert('PricebookEntry', { Pricebook2Id: book, Product2Id: p.Id, UnitPrice: 40, IsActive: true });
    told('Product2', p.Id);
    const deal = insert('Opportunity', {
      Name: 'Alder fit-out',
      AccountId: a1.Id,
      StageName: 'Closed Won',
      CloseDate: '2026-11-28',
    });
    insert('OpportunityLineItem', {
      OpportunityId: deal.Id,
      PricebookEntryId: pe.Id,
      Product2Id: p.Id,
      Quantity: 3,
      UnitPrice: 40,
    });
    told('Opportunity', deal.Id);
    await readAll(String(a1.Id), String(p.Id), String(deal.Id));

    if (mode === 'switch') {
      r.pubsub!.refuse('unavailable');
      r.pubsub!.dropStreams();
      await until('polling', async () => (await health())?.changes === 'polling');
    }
    // Changes while Pub/Sub is unreachable (in 'switch'): an edit and a new Account.
    await new Promise((resolve) => setTimeout(resolve, 5));
    r.sim.org.store.update(r.sim.org.objectOrThrow('Account'), String(a1.Id), { Phone: '555-0199' });
    told('Account', a1.Id, 'UPDATE');
    const a2 = insert('Account', { Name: 'Birch & Sons', Phone: '555-0102', QuickBooks_Sync_Enabled__c: true });
    told('Account', a2.Id);
    await readAll('555-0199', String(a2.Id));

    if (mode === 'switch') {
      r.pubsub!.refuse(null);
      await until('back on Pub/Sub', async () => {
        await round();
        return (await health())?.changes === 'pubsub';
      });
    }
    const a3 = insert('Account', { Name: 'Cedar Row', QuickBooks_Sync_Enabled__c: true });
    told('Account', a3.Id);
    await readAll(String(a3.Id));

    t += 15 * 60_000;
    await r.webConnector();
    await r.settle();
    return books(r.company);
  } finally {
    await r.close();
  }
}

describe('the polling fallback and Change Data Capture', () => {
  it('end the same, and a switch between them loses no change', async () => {
    const byEvents = await scenario('pubsub');
    expect(byEvents.customers).toEqual(
      expect.arrayContaining(['Alder Works 555-0199', 'Birch & Sons 555-0102', 'Cedar Row ']),
    );
    expect(byEvents.invoices).toEqual(expect.arrayContaining(['Alder Works 2026-11-28 120.00']));
    expect(byEvents.items).toContain('Fitting');
    expect(await scenario('polling')).toEqual(byEvents);
    expect(await scenario('switch')).toEqual(byEvents);
  });
});
