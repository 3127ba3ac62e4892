import { createInactiveItems } from './inactive-items.ts';

describe('inactive items', () => {
  it('recalls a connection’s items from the Product2 writes queued before, then follows the items it maps', () => {
    const inactive = createInactiveItems();
    inactive.recall('acme', [
      { externalId: 'acme:I-1', fields: { Name: 'Installation', IsActive: true } },
      { externalId: 'acme:I-3', fields: { Name: 'Old cabinet line', IsActive: false } },
      // A deleted item's write carries only its state.
      { externalId: 'acme:I-4', fields: { IsActive: false } },
      { externalId: 'other:I-5', fields: { IsActive: false } },
    ]);
    expect([...inactive.of('acme')].sort()).toEqual(['I-3', 'I-4']);
    inactive.note('acme', 'I-3', true);
    inactive.note('acme', 'I-6', false);
    expect([...inactive.of('acme')].sort()).toEqual(['I-4', 'I-6']);
    // Another connection's products are its own.
    expect([...inactive.of('other')]).toEqual([]);
    inactive.note('other', 'I-7', false);
    expect([...inactive.of('other')]).toEqual(['I-7']);
  });
});
