/** Orders and their products in the simulated org: drafts first, products locked once activated, totals exact. */
import { insert, prepare, update, type SaveResult } from './dml.ts';
import { createOrg } from './org.ts';

describe('Order and OrderItem, as the org keeps them', () => {
  const org = createOrg({ clientId: 'cid', clientSecret: 'sec' });
  const save = (object: string, body: Record<string, unknown>, id?: string): SaveResult => {
    const o = org.objectOrThrow(object);
    const rec = prepare(org.dml, o, body);
    return id ? update(org.dml, o, id, rec) : insert(org.dml, o, rec);
  };
  const idOf = (r: SaveResult) => {
    if (!r.success) throw new Error(JSON.stringify(r.errors));
    return r.id;
  };
  const pricebook = org.records('Pricebook2')[0]!.Id;
  const account = idOf(save('Account', { Name: 'Acme' }));
  const product = idOf(save('Product2', { Name: 'Design', IsActive: true }));
  const entry = idOf(
    save('PricebookEntry', { Pricebook2Id: pricebook, Product2Id: product, UnitPrice: 150, IsActive: true }),
  );
  const order = (status = 'Draft', extra: Record<string, unknown> = {}) =>
    save('Order', { AccountId: account, EffectiveDate: '2026-12-01', Status: status, ...extra });
  const get = (object: string, id: string) => org.records(object).find((r) => r.Id === id)!;

  it('creates an order only as a draft, and gives it its status category and number', () => {
    expect(order('Activated')).toMatchObject({
      success: false,
      errors: [{ statusCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['Status'] }],
    });
    const id = idOf(order());
    expect(get('Order', id)).toMatchObject({ StatusCode: 'Draft', OrderNumber: expect.stringMatching(/^\d{8}$/) });
  });

  it('needs the order’s price book for a product; totals to the cent; locks products once activated', () => {
    const bare = idOf(order());
    expect(save('OrderItem', { OrderId: bare, PricebookEntryId: entry, Quantity: 1, UnitPrice: 1 })).toMatchObject({
      success: false,
      errors: [{ statusCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['PricebookEntryId'] }],
    });
    const id = idOf(order('Draft', { Pricebook2Id: pricebook }));
    const line = idOf(save('OrderItem', { OrderId: id, PricebookEntryId: entry, Quantity: 3, UnitPrice: 33.335 }));
    expect(get('OrderItem', line)).toMatchObject({ Product2Id: product, TotalPrice: 100.02 });
    idOf(save('OrderItem', { OrderId: id, PricebookEntryId: entry, Quantity: 1, UnitPrice: 0.1 }));
    expect(get('Order', id).TotalAmount).toBe(100.12);
    idOf(save('Order', { Status: 'Activated' }, id));
    expect(get('Order', id).StatusCode).toBe('Activated');
    expect(save('OrderItem', { Quantity: 2 }, line)).toMatchObject({
      success: false,
      errors: [{ statusCode: 'FIELD_INTEGRITY_EXCEPTION' }],
    });
    idOf(save('Order', { Status: 'Draft' }, id));
    idOf(save('OrderItem', { Quantity: 2 }, line));
    expect(get('Order', id).TotalAmount).toBe(66.78); // 2 × 33.34 (the price kept to the cent) + 0.10;
  });
});
