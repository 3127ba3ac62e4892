/**
 * A product's standard price changed in Salesforce reaches its QuickBooks Online item, over real
 * sockets, each time it changes. The price lives on the product's entry in the standard price
 * book: changing it leaves the product itself as it was. The item's name is not changed with it,
 * so the field policy holds the name back (set only on creation): the update QuickBooks is sent
 * is a sparse one, without a Name, and must still go.
 */
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import { saveRecord } from './support/org-save.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

describe('a standard price changed in Salesforce, into QuickBooks Online', () => {
  let r: QboRelay;

  const items = (name: string) =>
    r.qbo
      .company(DEFAULT_REALM)
      .list('Item')
      .filter((i) => i.Name === name);
  const failures = () => r.org.org.records('QuickBooks_Sync_Log__c').filter((l) => l.Status__c === 'Failed');
  const itemWrites = () =>
    r.qbo.requests.filter((q) => q.method === 'POST' && q.path.startsWith('/item') && q.status === 200).length;

  beforeAll(async () => {
    r = await startQboRelay();
    await r.connect();
    await r.settle();
  });
  afterAll(() => r.close());

  it('the item takes every new UnitPrice to the cent, named as it was, and the change does not come back', async () => {
    const book = String(r.org.org.find('Pricebook2', 'IsStandard', true)!.Id);
    const product = saveRecord(r.org, 'Product2', { Name: 'Site survey', IsActive: true });
    const entry = saveRecord(r.org, 'PricebookEntry', {
      Pricebook2Id: book,
      Product2Id: product,
      UnitPrice: 1250,
      IsActive: true,
    });
    await r.settle({ force: true });
    await r.settle({ force: true });
    expect(items('Site survey')).toHaveLength(1);
    expect(String(items('Site survey')[0]!.UnitPrice)).toBe('1250');

    for (const price of [1312.55, 1399.99, 80.1]) {
      r.qbo.clock.advance(3 * 3_600_000);
      saveRecord(r.org, 'PricebookEntry', { UnitPrice: price }, entry);
      await r.settle({ force: true });
      await r.settle({ force: true });
      expect(items('Site survey')).toHaveLength(1);
      expect(String(items('Site survey')[0]!.UnitPrice)).toBe(String(price));
    }
    expect(failures()).toEqual([]);

    // Told back by QuickBooks (webhooks, then Change Data Capture), nothing goes out again.
    const before = itemWrites();
    r.qbo.clock.advance(2 * 3_600_000);
    await r.settle({ force: true });
    expect(itemWrites()).toBe(before);
    expect(String(items('Site survey')[0]!.UnitPrice)).toBe('80.1');
  });
});
