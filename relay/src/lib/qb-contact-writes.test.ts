import { contactChanges, contactsHeld, contactWrite } from './qb-contact-writes.ts';

describe("a customer's additional contacts as QuickBooks takes them", () => {
  it('cuts names to QuickBooks lengths and sends a last name alone as the first name (QuickBooks requires one)', () => {
    expect(contactWrite({ salutation: 'Mr.', firstName: 'Ben', lastName: 'Okafor', title: 'T'.repeat(50) })).toEqual({
      salutation: 'Mr.',
      firstName: 'Ben',
      lastName: 'Okafor',
      jobTitle: 'T'.repeat(41),
    });
    expect(contactWrite({ lastName: 'Nakamura', email: 'n@example.com', phone: '555' })).toEqual({
      firstName: 'Nakamura',
    });
  });

  const held = [
    { listId: 'C1', editSequence: '11', fields: { firstName: 'Ben', lastName: 'Okafor', jobTitle: 'Buyer' } },
    { listId: 'C2', editSequence: '12', fields: { firstName: 'Nakamura', salutation: 'Dr.' } },
  ];

  it('changes only the contacts that differ, by name without regard to case, and adds the new ones', () => {
    expect(
      contactChanges(
        [
          { firstName: 'BEN', lastName: 'okafor', jobTitle: 'Buyer' },
          { firstName: 'Nakamura' },
          { firstName: 'Dee', lastName: 'Ellis' },
        ],
        held,
      ),
    ).toEqual([
      { listId: 'C1', editSequence: '11', firstName: 'BEN', lastName: 'okafor', jobTitle: 'Buyer' },
      { firstName: 'Dee', lastName: 'Ellis' },
    ]);
    expect(contactChanges([{ firstName: 'Ben', lastName: 'Okafor', jobTitle: 'Buyer' }], held)).toEqual([]);
  });

  it('holds a write whose every contact QuickBooks holds (it keeps the ones the CRM no longer has)', () => {
    const fields = held.map((h) => h.fields);
    expect(contactsHeld([{ firstName: 'Nakamura' }], fields)).toBe(true);
    expect(contactsHeld([{ firstName: 'Nakamura', salutation: 'Ms.' }], fields)).toBe(false);
    expect(
      contactsHeld(
        [
          { firstName: 'Ben', lastName: 'Okafor' },
          { firstName: 'Ben', lastName: 'Okafor' },
        ],
        fields,
      ),
    ).toBe(false);
  });
});
