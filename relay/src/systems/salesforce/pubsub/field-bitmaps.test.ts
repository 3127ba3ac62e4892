import { fieldNamesFromBitmaps, type FieldLayout } from './field-bitmaps.ts';

/** Header at 0 as in every change event schema; a compound address at 3; 70 custom fields after. */
const names = [
  'ChangeEventHeader',
  'Name',
  'Phone',
  'BillingAddress',
  ...Array.from({ length: 70 }, (_, i) => `F${i + 4}__c`),
];
const address = ['Street', 'City', 'State', 'PostalCode', 'Country'];
const layout: FieldLayout = { names, childNames: (position) => (position === 3 ? address : undefined) };

describe('change event field bitmaps', () => {
  it('names the fields whose bits are set, lowest bit first', () => {
    expect(fieldNamesFromBitmaps(['0x6'], layout)).toEqual(['Name', 'Phone']);
    expect(fieldNamesFromBitmaps(['0x0'], layout)).toEqual([]);
    expect(fieldNamesFromBitmaps([], layout)).toEqual([]);
  });

  it('reads bitmaps past 53 bits without losing the high fields', () => {
    // Bit 72 (the last field) and bit 1: 0x1 followed by 18 hex digits is 2^72.
    expect(fieldNamesFromBitmaps(['0x1000000000000000002'], layout)).toEqual(['Name', 'F72__c']);
  });

  it('names compound children as Parent.Child and drops the parent they stand for', () => {
    expect(fieldNamesFromBitmaps(['0xA', '3-0x06'], layout)).toEqual([
      'Name',
      'BillingAddress.City',
      'BillingAddress.State',
    ]);
    // Children given without the parent's top-level bit are still listed.
    expect(fieldNamesFromBitmaps(['0x4', '3-0x11'], layout)).toEqual([
      'Phone',
      'BillingAddress.Street',
      'BillingAddress.Country',
    ]);
  });

  it('throws on a malformed bitmap or one the schema cannot account for (wrong schema)', () => {
    expect(() => fieldNamesFromBitmaps(['650004E0'], layout)).toThrow(/neither/);
    expect(() => fieldNamesFromBitmaps(['0x' + '8'.padEnd(20, '0')], layout)).toThrow(/position 79/);
    expect(() => fieldNamesFromBitmaps(['1-0x1'], layout)).toThrow(/Name, not a compound field/);
    expect(() => fieldNamesFromBitmaps(['3-0x20'], layout)).toThrow(/position 5/);
  });
});
