import { createOrg } from './org.ts';
import { newTx, rollback } from './store.ts';

describe('the org simulator’s record store', () => {
  it('finds the records that reference a parent, through inserts, deletes and rolled-back transactions', () => {
    const org = createOrg({ clientId: 'c', clientSecret: 's' });
    const accounts = org.objectOrThrow('Account');
    const contacts = org.objectOrThrow('Contact');
    const a = org.store.insert(accounts, { Name: 'A' }).Id;
    const b = org.store.insert(accounts, { Name: 'B' }).Id;
    const c1 = org.store.insert(contacts, { LastName: 'One', AccountId: a }).Id;
    expect(org.store.referencing(contacts, 'AccountId', a)).toEqual([c1]);
    // Indexed from then on: later saves keep it right.
    const c2 = org.store.insert(contacts, { LastName: 'Two', AccountId: a }).Id;
    org.store.update(contacts, c1, { AccountId: b });
    expect([org.store.referencing(contacts, 'AccountId', a), org.store.referencing(contacts, 'AccountId', b)]).toEqual([
      [c2],
      [c1],
    ]);
    const tx = newTx();
    org.store.remove(contacts, c2, tx);
    org.store.insert(contacts, { LastName: 'Three', AccountId: b }, tx);
    expect(org.store.referencing(contacts, 'AccountId', a)).toEqual([]);
    rollback(tx);
    expect([org.store.referencing(contacts, 'AccountId', a), org.store.referencing(contacts, 'AccountId', b)]).toEqual([
      [c2],
      [c1],
    ]);
  });
});
