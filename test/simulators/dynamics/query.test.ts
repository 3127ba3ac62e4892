import { matches, parseFilter } from './query.ts';
import { standardTables } from './tables.ts';

const account = standardTables().find((t) => t.logicalName === 'account')!;

describe('the $filter subset', () => {
  it('reads guids whether they start with a digit or a letter, and compares lookups by id', () => {
    for (const id of ['60c4e274-0d87-e711-80e5-00155db19e6d', 'c4e27460-0d87-e711-80e5-00155db19e6d']) {
      const f = parseFilter(account, `_primarycontactid_value eq ${id}`);
      expect(matches(account, f, { primarycontactid: { id, table: 'contact' } })).toBe(true);
      expect(matches(account, f, { primarycontactid: null })).toBe(false);
    }
  });

  it('compares money exactly and strings without regard to case', () => {
    const f = parseFilter(account, "creditlimit ge 0.3 and name ne 'ACME'");
    expect(matches(account, f, { creditlimit: '0.3000', name: 'Bolt' })).toBe(true);
    expect(matches(account, f, { creditlimit: '0.2999', name: 'Bolt' })).toBe(false);
    expect(matches(account, f, { creditlimit: '1.0000', name: 'acme' })).toBe(false);
  });

  it('refuses columns the table lacks and lookups named without _x_value', () => {
    expect(() => parseFilter(account, "colour eq 'red'")).toThrow("Could not find a property named 'colour'");
    expect(() => parseFilter(account, 'primarycontactid eq null')).toThrow(
      "Could not find a property named 'primarycontactid'",
    );
    expect(() => parseFilter(account, "name eq 'a' and")).toThrow(/Syntax error/);
  });
});
