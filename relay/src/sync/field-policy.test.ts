import { customValueOf, decide, valueAt, type DecideInput, type EntityFields, type FieldRule } from './field-policy.ts';

const rule = (field: string, owner: FieldRule['owner'], onConflict: FieldRule['onConflict'] = 'review'): FieldRule => ({
  recordType: 'customer',
  field,
  owner,
  onConflict,
  label: `Account ${field}`,
});

const QB = 'qb-company';
const SF = 'sf-org';
const fromBooks = (values: Record<string, string>, state: EntityFields, rules: FieldRule[]): DecideInput => ({
  rules,
  values,
  state,
  side: 'books',
  from: QB,
  to: SF,
  exists: true,
});
const fromCrm = (values: Record<string, string>, state: EntityFields, rules: FieldRule[]): DecideInput => ({
  ...fromBooks(values, state, rules),
  side: 'crm',
  from: SF,
  to: QB,
});
const j = (v: unknown) => JSON.stringify(v);

describe('decide', () => {
  const name = rule('name', 'latest');
  const terms = rule('terms', 'books');

  it('sends every field to create the record, and remembers them as on their way', () => {
    const d = decide({ ...fromCrm({ name: j('Acme') }, {}, [name]), exists: false });
    expect(d.send).toEqual(['name']);
    expect(d.next.name).toEqual({ value: j('Acme'), to: QB });
  });

  it('sends only what the side read changed since both agreed', () => {
    const state = { name: { value: j('Acme') }, phone: { value: j('555-0100') } };
    const d = decide(fromCrm({ name: j('Acme'), phone: j('555-0199') }, state, [name, rule('phone', 'latest')]));
    expect(d.send).toEqual(['phone']);
    expect(d.hold).toEqual(['name']);
    expect(d.next.phone).toEqual({ value: j('555-0199'), to: QB, was: j('555-0100') });
  });

  it('holds a field a read taken before our write landed shows as it was, and sends a change read after', () => {
    const phone = rule('phone', 'latest');
    const state = { phone: { value: j('555-0199'), landed: { on: SF, at: 1000, was: j('555-0100') } } };
    const before = decide({ ...fromCrm({ phone: j('555-0100') }, state, [phone]), readAt: 1000 });
    expect(before.send).toEqual([]);
    expect(before.hold).toEqual(['phone']);
    expect(before.next.phone).toEqual(state.phone);
    const after = decide({ ...fromCrm({ phone: j('555-0100') }, state, [phone]), readAt: 1001 });
    expect(after.send).toEqual(['phone']);
    expect(after.next.phone).toEqual({ value: j('555-0100'), to: QB, was: j('555-0199') });
    const agreed = decide({ ...fromCrm({ phone: j('555-0199') }, state, [phone]), readAt: 1001 });
    expect(agreed.next.phone).toEqual({ value: j('555-0199') });
    // The other side's read is no read of the side the write landed on.
    expect(decide({ ...fromBooks({ phone: j('555-0100') }, state, [phone]), readAt: 1000 }).send).toEqual(['phone']);
  });

  it('never sends a field the other side owns once the record exists, and does not remember the edit', () => {
    const d = decide(fromCrm({ terms: j('Net 15') }, { terms: { value: j('Net 30') } }, [terms]));
    expect(d.send).toEqual([]);
    expect(d.hold).toEqual(['terms']);
    expect(d.next.terms).toEqual({ value: j('Net 30') });
    // Without any state (a link older than the policy) it still holds the owner's field.
    expect(decide(fromCrm({ terms: j('Net 15') }, {}, [terms])).hold).toEqual(['terms']);
  });

  it('keeps sending a change of its own still on its way when the record is read again', () => {
    const state = { phone: { value: j('555-0202'), to: QB, was: j('555-0101') } };
    const d = decide(fromCrm({ phone: j('555-0202') }, state, [rule('phone', 'latest')]));
    expect(d.send).toEqual(['phone']);
    expect(d.next.phone).toEqual(state.phone);
  });

  it("reads the other side's change as not landed yet, not as a change (no echo back)", () => {
    const state = { name: { value: j('Acme Ltd'), to: QB, was: j('Acme') } };
    const stale = decide(fromBooks({ name: j('Acme') }, state, [name]));
    expect(stale.send).toEqual([]);
    expect(stale.conflicts).toEqual([]);
    const landed = decide(fromBooks({ name: j('Acme Ltd') }, state, [name]));
    expect(landed.send).toEqual([]);
    expect(landed.next.name).toEqual({ value: j('Acme Ltd') });
  });

  it('flags a field both sides changed for review, stopping the waiting write, and keeps each side as it is', () => {
    const pending = { object: 'Customer', externalId: '001A', fields: ['name'] };
    const state = { name: { value: j('Acme Ltd'), to: QB, was: j('Acme'), pending } };
    const d = decide(fromBooks({ name: j('Acme Inc') }, state, [name]));
    expect(d.send).toEqual([]);
    expect(d.conflicts).toEqual([
      { rule: name, ours: j('Acme Inc'), theirs: j('Acme Ltd'), kept: 'review', stop: pending },
    ]);
    expect(d.next.name).toEqual({ value: j('Acme Ltd'), review: { [QB]: j('Acme Inc'), [SF]: j('Acme Ltd') } });
    // Reading either side again unchanged keeps the flag; a change on one side clears it and goes.
    const again = decide(fromCrm({ name: j('Acme Ltd') }, d.next, [name]));
    expect(again.send).toEqual([]);
    expect(again.resolved).toEqual([]);
    const fixed = decide(fromCrm({ name: j('Acme Inc') }, d.next, [name]));
    expect(fixed.send).toEqual(['name']);
    expect(fixed.resolved).toEqual([name]);
    expect(fixed.next.name).toEqual({ value: j('Acme Inc'), to: QB, was: j('Acme Inc') });
  });

  it('keeps the side the policy names on a conflict', () => {
    const pending = { object: 'Customer', externalId: '001A', fields: ['phone'] };
    const state = { phone: { value: j('555-0111'), to: QB, was: j('555-0100'), pending } };
    const booksWin = decide(fromBooks({ phone: j('555-0122') }, state, [rule('phone', 'latest', 'books')]));
    expect(booksWin.send).toEqual(['phone']);
    expect(booksWin.conflicts[0]).toMatchObject({ kept: 'ours', stop: pending });
    expect(booksWin.next.phone).toEqual({ value: j('555-0122'), to: SF, was: j('555-0111') });
    const crmWins = decide(fromBooks({ phone: j('555-0122') }, state, [rule('phone', 'latest', 'crm')]));
    expect(crmWins.send).toEqual([]);
    expect(crmWins.conflicts[0]).toMatchObject({ kept: 'theirs' });
    expect(crmWins.conflicts[0]!.stop).toBeUndefined();
    expect(crmWins.next.phone).toEqual(state.phone);
  });

  it('takes a change made after the other side agreed as a plain change (no conflict once landed)', () => {
    const d = decide(fromBooks({ name: j('Acme Two') }, { name: { value: j('Acme Ltd') } }, [name]));
    expect(d.conflicts).toEqual([]);
    expect(d.send).toEqual(['name']);
  });
});

describe('valueAt', () => {
  it('reads dotted paths as stable JSON, empty as null', () => {
    const r = { contact: { firstName: 'Ada', lastName: '' }, billing: { state: 'CA', city: 'Oakland' } };
    expect(valueAt(r, 'contact.firstName')).toBe('"Ada"');
    expect(valueAt(r, 'contact.lastName')).toBe('null');
    expect(valueAt(r, 'phone')).toBe('null');
    expect(valueAt(r, 'billing')).toBe(valueAt({ billing: { city: 'Oakland', state: 'CA' } }, 'billing'));
  });
});

describe('customValueOf', () => {
  it("reads a record's custom value by its name in the books, as JSON; empty or absent as null", () => {
    const r = {
      custom: [
        { name: 'Sales Region', value: 'W' },
        { name: 'Rep', value: '' },
      ],
    };
    expect(customValueOf(r, 'Sales Region')).toBe('"W"');
    expect(customValueOf(r, 'Rep')).toBe('null');
    expect(customValueOf(r, 'Territory')).toBe('null');
    expect(customValueOf({ name: 'no custom values' }, 'Sales Region')).toBe('null');
  });
});
