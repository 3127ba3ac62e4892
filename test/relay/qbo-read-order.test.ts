/**
 * The pages of one read of a QuickBooks Online company are ingested in the order they were read:
 * parents before children (customers before the invoices naming them). Found by the Online soak
 * (seed 3 replayed differently from run to run): with the relay's clock standing still over a
 * round, every page of a read was received at the same instant, and the inbox, ordered by when a
 * page came and then by its id, took them in the order of random ids. An invoice page taken first
 * was written before its customer's Account and refused ("the Account it belongs to is not in
 * Salesforce"), and stayed failed.
 */
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

describe('one read of QuickBooks Online, ingested in the order it was read', () => {
  let r: QboRelay;
  /** The relay's rounds until nothing is owed, a minute passing between them (a write waiting for its retry gets it). */
  const settle = async () => {
    for (let i = 0; i < 30; i++) {
      await r.relay.runtime.tick({ pollNow: i === 0 });
      await r.qbo.webhooks.flush();
      r.qbo.clock.advance(60_000);
    }
    await r.settle();
  };
  beforeAll(async () => {
    // The relay's clock stands still while it works, as the soak's: a read's pages share one instant.
    r = await startQboRelay({ ticking: false });
    await r.connect();
    await settle();
  });
  afterAll(() => r.close());

  it('items, customers and their invoices told at once: every invoice lands, on its Account, none refused', async () => {
    const co = r.qbo.company(DEFAULT_REALM);
    // Each round a new item, a new customer and an invoice of both, whose webhooks come together:
    // one read, three pages (the relay ingests two a step, then sends what they made).
    const rounds = 12;
    for (let n = 1; n <= rounds; n++) {
      r.qbo.clock.advance(10 * 60_000);
      const item = co.create('Item', {
        Name: `Audit ${n}`,
        Type: 'Service',
        IncomeAccountRef: { value: '1' },
        UnitPrice: 90,
      });
      const customer = co.create('Customer', { DisplayName: `Read Order ${n}` });
      co.create('Invoice', {
        CustomerRef: { value: String(customer.Id) },
        DocNumber: `RO-${n}`,
        TxnDate: '2026-11-02',
        Line: [
          {
            DetailType: 'SalesItemLineDetail',
            Amount: 90 * n,
            SalesItemLineDetail: { ItemRef: { value: String(item.Id) }, Qty: n, UnitPrice: 90 },
          },
        ],
      });
      await settle();
    }
    const failed = await r.relay.runtime.store.db.query<{ object: string; error_message: string }>(
      "SELECT object, error_message FROM outbox WHERE status = 'failed'",
    );
    expect(failed).toEqual([]);
    const mirrors = r.org.org.records('QuickBooks_Invoice__c').filter((i) => String(i.Name).startsWith('RO-'));
    expect(mirrors.map((i) => String(i.Name)).sort()).toEqual(
      Array.from({ length: rounds }, (_, i) => `RO-${i + 1}`).sort(),
    );
    const accounts = new Map(r.org.org.records('Account').map((a) => [a.Id, a.Name]));
    for (const m of mirrors) expect(accounts.get(String(m.Account__c))).toBe(`Read Order ${String(m.Name).slice(3)}`);
  });
});
