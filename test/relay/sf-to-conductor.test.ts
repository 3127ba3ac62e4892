/**
 * Salesforce → QuickBooks Desktop through Conductor over real sockets: an Account a rep marks
 * "Send to QuickBooks" becomes a customer at once (Conductor is called, no Web Connector session is
 * waited for), its id comes back onto that Account, and nothing echoes either way. A rename goes as
 * an update with the record's revision. A customer the bookkeeper changed in QuickBooks while the
 * rename waited is not overwritten: the write waits, QuickBooks' change is read and reaches the
 * Account, and then the rename goes with the current revision, keeping the bookkeeper's edit. With
 * QuickBooks closed overnight, a new Account waits (the company file's writes paused, no attempt
 * spent) and goes in the morning.
 */
import { testBackends, type TestBackend } from '../qbwc/support/stores.ts';
import type { SimCompany } from '../simulators/conductor/index.ts';
import { END_USER, startConductorRelay, type ConductorRelay } from './support/conductor-relay.ts';

type Row = Readonly<Record<string, unknown>>;

describe.each(testBackends().map((b): [string, TestBackend] => [b.name, b]))(
  'Salesforce → QuickBooks Desktop through Conductor (%s store)',
  (_n, backend) => {
    let r: ConductorRelay;
    let co: SimCompany;
    let connectionId: string;
    let zoeId: string;
    const accounts = () => r.org.org.records('Account');
    const account = (id: string) => accounts().find((a) => a.Id === id)!;
    const customers = () => co.list('customers');
    const writes = () => r.cdt.requests.filter((q) => q.method === 'POST');
    const tick = async (advanceMs = 60_000) => {
      r.cdt.clock.advance(advanceMs);
      await r.relay.runtime.tick({ pollNow: true });
    };
    const newAccount = (fields: Row) =>
      r.org.org.store.insert(r.org.org.objectOrThrow('Account'), { QuickBooks_Sync_Enabled__c: true, ...fields });
    const rename = (id: string, Name: string) =>
      r.org.org.store.update(r.org.org.objectOrThrow('Account'), id, { Name });

    beforeAll(async () => {
      r = await startConductorRelay({ backend, startAt: Date.UTC(2026, 11, 1, 15) });
      co = r.cdt.company(END_USER);
      co.create('customers', { name: 'Acme Corp' });
      const connected = await r.connect();
      if (connected.code !== 0) throw new Error(connected.err);
      connectionId = (
        await r.relay.runtime.store.db.query<{ id: string }>("SELECT id FROM connections WHERE system = 'conductor'")
      )[0]!.id;
      await r.settle();
    });
    afterAll(() => r.close());

    it('adds the customer through Conductor, links the Account to it, and echoes nothing back', async () => {
      const zoe = newAccount({ Name: 'Zoe Bakery', Phone: '(415) 555-0142', BillingCity: 'San Francisco' });
      zoeId = zoe.Id as string;
      newAccount({ Name: 'Not for QuickBooks', QuickBooks_Sync_Enabled__c: false });
      await tick();
      await r.settle();
      const added = customers().find((c) => c.name === 'Zoe Bakery');
      expect(added).toMatchObject({
        phone: '(415) 555-0142',
        billingAddress: expect.objectContaining({ city: 'San Francisco' }),
      });
      expect(customers().filter((c) => c.name === 'Not for QuickBooks')).toEqual([]);
      await tick();
      await r.settle();
      expect(account(zoeId)).toMatchObject({
        QuickBooks_Customer_Id__c: `${connectionId}:${added!.id}`,
        QuickBooks_Sync_Status__c: 'Synced',
      });
      expect(accounts().filter((a) => a.Name === 'Zoe Bakery')).toHaveLength(1);
      // Read back through the next read, the customer is our own write: nothing goes to QuickBooks again.
      const sent = writes().length;
      await tick(16 * 60_000);
      await r.settle();
      expect(writes()).toHaveLength(sent);
    });

    it('a rename in Salesforce is an update with the customer’s revision', async () => {
      const before = customers().find((c) => c.name === 'Zoe Bakery')!;
      rename(zoeId, 'Zoe Bakery & Cafe');
      await tick();
      await r.settle();
      const after = co.get('customers', String(before.id))!;
      expect(after.name).toBe('Zoe Bakery & Cafe');
      expect(after.revisionNumber).not.toBe(before.revisionNumber);
      const update = writes().at(-1)!;
      expect(update.path).toBe(`/quickbooks-desktop/customers/${String(before.id)}`);
      expect(update.status).toBe(200);
    });

    it('a customer changed in QuickBooks while a rename waited is not overwritten: its change comes first', async () => {
      const id = String(customers().find((c) => c.name === 'Zoe Bakery & Cafe')!.id);
      // The bookkeeper changes the phone just as the relay is about to write the rename.
      let edited = false;
      r.onArrival((q) => {
        if (!edited && q.method === 'GET' && q.path === `/quickbooks-desktop/customers/${id}`) {
          edited = true;
          co.update('customers', id, { phone: '(415) 555-0777' });
        }
      });
      rename(zoeId, 'Zoe’s Bakery and Cafe');
      await tick();
      r.onArrival(undefined);
      expect(edited).toBe(true);
      expect(co.get('customers', id)).toMatchObject({ name: 'Zoe Bakery & Cafe', phone: '(415) 555-0777' });
      const [waiting] = await r.relay.runtime.store.db.query<{ status: string; error_code: string }>(
        "SELECT status, error_code FROM outbox WHERE object = 'Customer' ORDER BY updated_at DESC LIMIT 1",
      );
      expect(waiting).toMatchObject({ status: 'pending', error_code: 'cdt_changed_since_read' });
      // The next read brings QuickBooks' change to the Account; the rename then goes, the phone kept.
      for (let i = 0; i < 10 && co.get('customers', id)!.name !== 'Zoe’s Bakery and Cafe'; i++) await tick(5 * 60_000);
      expect(co.get('customers', id)).toMatchObject({ name: 'Zoe’s Bakery and Cafe', phone: '(415) 555-0777' });
      expect(account(zoeId).Phone).toBe('(415) 555-0777');
      expect(r.org.org.records('QuickBooks_Sync_Log__c').filter((l) => l.Status__c === 'Failed')).toEqual([]);
    });

    it('QuickBooks closed overnight: the Account waits, paused, and goes in the morning; nothing fails', async () => {
      r.cdt.faults.inject('quickbooks_not_running', { times: Infinity });
      const night = newAccount({ Name: 'Night Owl Ltd' });
      await tick();
      const [paused] = await r.relay.runtime.store.db.query<{ status: string; attempts: number }>(
        "SELECT status, attempts FROM outbox WHERE object = 'Customer' ORDER BY updated_at DESC LIMIT 1",
      );
      expect(paused).toMatchObject({ status: 'pending' });
      // Eight hours of rounds half an hour apart: far more than a write's eight attempts.
      for (let n = 0; n < 16; n++) await tick(30 * 60_000);
      expect(customers().some((c) => c.name === 'Night Owl Ltd')).toBe(false);
      expect(r.org.org.records('QuickBooks_Connection__c')[0]).toMatchObject({ Status__c: 'Offline' });
      r.cdt.faults.clear();
      for (let i = 0; i < 5 && !customers().some((c) => c.name === 'Night Owl Ltd'); i++) await tick();
      await tick(16 * 60_000); // the next read brings the customer back onto the Account
      await r.settle();
      expect(customers().filter((c) => c.name === 'Night Owl Ltd')).toHaveLength(1);
      expect(account(night.Id as string).QuickBooks_Customer_Id__c).toMatch(new RegExp(`^${connectionId}:`));
      expect(r.org.org.records('QuickBooks_Sync_Log__c').filter((l) => l.Status__c === 'Failed')).toEqual([]);
      expect(r.org.org.records('QuickBooks_Connection__c')[0]).toMatchObject({ Status__c: 'Healthy' });
    });
  },
);
