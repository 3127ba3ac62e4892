import { addressOf, contactPersonOf, currencyOf, personOf } from './qb-records.ts';

describe('QuickBooks record parts', () => {
  test('an address joins its non-empty lines; one with nothing in it is none', () => {
    expect(addressOf({ lines: ['Acme', '', undefined, '1 Main St'], city: 'Springfield', state: 'IL' })).toEqual({
      street: 'Acme\n1 Main St',
      city: 'Springfield',
      state: 'IL',
    });
    expect(addressOf({ lines: ['', undefined] })).toBeUndefined();
  });

  test('the contact person needs a last name; the alternate phone is the mobile', () => {
    expect(personOf({ firstName: 'Ann', lastName: 'Lee', jobTitle: 'Buyer', altPhone: '555-0101' })).toEqual({
      firstName: 'Ann',
      lastName: 'Lee',
      title: 'Buyer',
      mobile: '555-0101',
    });
    expect(personOf({ firstName: 'Ann' })).toBeUndefined();
  });

  test('an additional contact known by one name is that name, as a last name', () => {
    expect(contactPersonOf({ firstName: 'Ann' })).toEqual({ lastName: 'Ann' });
    expect(contactPersonOf({ firstName: 'Ann', lastName: 'Lee' })).toEqual({ firstName: 'Ann', lastName: 'Lee' });
    expect(contactPersonOf({})).toBeUndefined();
  });

  test('a currency by its QuickBooks name; the home one when none; an unknown name fails with the code given', () => {
    expect(currencyOf('British Pound Sterling', 'USD', 'invoice 7', 'x_unknown')).toEqual({ ok: true, value: 'GBP' });
    expect(currencyOf(undefined, 'CAD', 'invoice 7', 'x_unknown')).toEqual({ ok: true, value: 'CAD' });
    const unknown = currencyOf('Galactic Credit', 'USD', 'invoice 7', 'x_unknown');
    expect(unknown.ok || unknown.error.code).toBe('x_unknown');
    expect(unknown.ok || unknown.error.message).toContain("'Galactic Credit' on invoice 7");
  });
});
