/**
 * QuickBooks Desktop through Conductor → Salesforce over real sockets, the way an admin and time
 * go: `ledgerbridge connect conductor` (a refused key and an unknown end user connect nothing); the
 * first sync of a company with more customers than a page, its list iterator lost mid-way and
 * restarted without a record lost or doubled; edits and a deactivation read since the cursors; a
 * deleted invoice; QuickBooks not running, shown in Conductor's words on the org's connection and
 * resumed from; and a company file left unread for more than QuickBooks keeps deletions, read in
 * full again with what it no longer holds deactivated.
 */
import { createLogger } from '../../relay/src/lib/logger.ts';
import { runPing } from '../../relay/src/ping-command.ts';
import { runConnectConductor, runDisconnectConductor } from '../../relay/src/systems/conductor/connect-command.ts';
import { ITERATOR_LIFETIME_MS, type SimCompany } from '../simulators/conductor/index.ts';
import { testBackends, type TestBackend } from '../qbwc/support/stores.ts';
import { END_USER, startConductorRelay, type ConductorRelay } from './support/conductor-relay.ts';

const DAY = 86_400_000;

/** A company as a bookkeeper keeps it: 320 customers (one with a job, one inactive), two items, invoices, a payment. */
function seed(co: SimCompany, later: () => void) {
  for (let n = 1; n <= 316; n++) co.create('customers', { name: `Customer ${String(n).padStart(3, '0')}` });
  later(); // the bookkeeper's own customers come an hour after the list was imported
  const acme = co.create('customers', {
    name: 'Acme Corp',
    companyName: 'Acme Corporation',
    phone: '217-555-0101',
    billingAddress: { line1: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' },
  });
  const job = co.create('customers', { name: 'Kitchen', parentId: String(acme.id) });
  const globex = co.create('customers', { name: 'Globex', isActive: false });
  const initech = co.create('customers', { name: 'Initech' });
  const design = co.create('service-items', { name: 'Design', salesOrPurchaseDetails: { price: '75.00' } });
  const inv1 = co.create('invoices', {
    customerId: String(job.id),
    transactionDate: '2026-11-02',
    refNumber: '1001',
    lines: [{ itemId: String(design.id), quantity: 2, rate: '75.00' }, { description: 'Thank you for your business' }],
  });
  const inv2 = co.create('invoices', {
    customerId: String(acme.id),
    transactionDate: '2026-11-05',
    refNumber: '1002',
    lines: [{ itemId: String(design.id), quantity: 1, rate: '0.10' }],
  });
  co.create('receive-payments', {
    customerId: String(job.id),
    transactionDate: '2026-11-10',
    totalAmount: '100.05',
    applyToTransactions: [{ transactionId: String(inv1.id), paymentAmount: '100.05' }],
  });
  return { acme, job, globex, initech, inv1, inv2 };
}

describe.each(testBackends().map((b): [string, TestBackend] => [b.name, b]))(
  'QuickBooks Desktop through Conductor → Salesforce (%s store)',
  (_n, backend) => {
    let r: ConductorRelay;
    let co: SimCompany;
    let ids: ReturnType<typeof seed>;
    const accounts = () => r.org.org.records('Account');
    const named = (name: string) => accounts().find((a) => a.Name === name);
    const invoices = () => r.org.org.records('QuickBooks_Invoice__c');
    const invoiceOf = (id: unknown) => invoices().find((i) => String(i.QuickBooks_Invoice_Id__c).endsWith(`:${id}`));
    const connectionRecord = () => r.org.org.records('QuickBooks_Connection__c')[0];
    const ping = async () => {
      let text = '';
      const code = await runPing(r.config, createLogger({ level: 'silent' }), (s) => (text += s), {
        store: r.relay.runtime.store,
        now: () => r.cdt.clock.now(),
      });
      return { code, text };
    };

    beforeAll(async () => {
      r = await startConductorRelay({ backend, startAt: Date.UTC(2026, 10, 20, 12) });
      co = r.cdt.company(END_USER);
      ids = seed(co, () => r.cdt.clock.advance(3_600_000));
    });
    afterAll(() => r.close());

    it('connects nothing with a key Conductor refuses or an end user it does not know, and says why', async () => {
      let err = '';
      const wrongKey = await runConnectConductor(
        ['--end-user', END_USER],
        { ...r.config, conductor: { ...r.config.conductor, secretKey: 'sk_test_not_the_key' } },
        () => undefined,
        (s) => (err += s),
        { store: r.relay.runtime.store },
      );
      expect(wrongKey).toBe(1);
      expect(err).toMatch(/^Nothing was connected\. .*secret key/i);
      const unknown = await r.connect('end_usr_nobodyhere1');
      expect(unknown.code).toBe(1);
      expect(unknown.err).toMatch(/end user/i);
      const bad = await r.connect('not-an-end-user');
      expect(bad.code).toBe(2);
      expect(await r.relay.runtime.store.db.query("SELECT id FROM connections WHERE system = 'conductor'")).toEqual([]);
    });

    it('connects an end user; the secret key is stored encrypted', async () => {
      const done = await r.connect(END_USER, ['--label', 'Acme Desktop']);
      expect(done).toMatchObject({ code: 0, err: '' });
      expect(done.out).toContain('Connected Acme Desktop (Conductor end user end_usr_acmedesktop1)');
      const [secret] = await r.relay.runtime.store.db.query<{ value: string }>(
        "SELECT value FROM secrets WHERE name = 'conductor_secret_key'",
      );
      expect(secret?.value).toBeDefined();
      expect(secret!.value).not.toContain(r.cdt.secretKey);
      const again = await r.connect(END_USER);
      expect(again.out).toContain('Updated Acme Desktop');
      expect(
        await r.relay.runtime.store.db.query("SELECT id FROM connections WHERE system = 'conductor'"),
      ).toHaveLength(1);
    });

    it('first sync: every record lands, to the cent; an iterator lost mid-list restarts, nothing lost or doubled', async () => {
      let expired = false;
      r.onArrival((q) => {
        // The relay is slow on the second page of customers: QuickBooks drops the iterator.
        if (!expired && q.path === '/quickbooks-desktop/customers' && q.query.includes('cursor=')) {
          expired = true;
          r.cdt.clock.advance(ITERATOR_LIFETIME_MS + 1000);
        }
      });
      await r.settle();
      r.onArrival(undefined);
      expect(expired).toBe(true);
      expect(accounts()).toHaveLength(320);
      expect(new Set(accounts().map((a) => a.Name)).size).toBe(320);
      const acme = named('Acme Corp');
      expect(acme).toMatchObject({ Phone: '217-555-0101', BillingCity: 'Springfield', QuickBooks_Active__c: true });
      expect(named('Kitchen')).toMatchObject({ ParentId: acme!.Id, QuickBooks_Full_Name__c: 'Acme Corp:Kitchen' });
      expect(named('Globex')?.QuickBooks_Active__c).toBe(false); // read with status=all
      expect(invoiceOf(ids.inv1.id)).toMatchObject({ Total_Amount__c: 150, Balance__c: 49.95 });
      expect(invoiceOf(ids.inv2.id)).toMatchObject({ Total_Amount__c: 0.1 });
      expect(r.org.org.records('QuickBooks_Payment__c')).toHaveLength(1);
      expect(connectionRecord()).toMatchObject({
        Status__c: 'Healthy',
        Edition__c: 'Desktop',
        Company_Name__c: 'Acme Desktop',
      });
      const lists = r.cdt.requests.filter((q) => q.path === '/quickbooks-desktop/customers');
      // 320 customers: three pages, the second lost once, so the list began again (five calls).
      expect(lists.map((q) => q.status)).toEqual([200, 400, 200, 200, 200]);
    });

    it('reads only what changed since the cursors: edits and a deactivation arrive', async () => {
      const before = r.cdt.requests.length;
      const stored = async () =>
        Number(
          (
            await r.relay.runtime.store.db.query<{ n: number }>(
              "SELECT COUNT(*) AS n FROM inbox i JOIN connections c ON c.id = i.connection_id WHERE c.system = 'conductor'",
            )
          )[0]?.n,
        );
      const pages = await stored();
      r.cdt.clock.advance(60_000);
      co.update('customers', ids.acme.id as string, { phone: '217-555-0199' });
      co.deactivate('customers', ids.job.id as string);
      await r.settle();
      expect(named('Acme Corp')?.Phone).toBe('217-555-0199');
      expect(named('Kitchen')?.QuickBooks_Active__c).toBe(false);
      const reads = r.cdt.requests.slice(before);
      const customers = reads.filter((q) => q.path === '/quickbooks-desktop/customers');
      expect(customers).toHaveLength(1);
      expect(customers[0]!.query).toMatch(/updatedAfter=/);
      expect(customers[0]!.query).toMatch(/status=all/);
      expect(await stored()).toBe(pages + 1); // one page: the two customers changed
    });

    it('a deleted invoice is read from deleted-transactions and voids its mirror', async () => {
      r.cdt.clock.advance(60_000);
      co.delete('invoices', ids.inv2.id as string);
      await r.settle();
      expect(invoiceOf(ids.inv2.id)?.Status__c).toBe('Voided');
      expect(invoiceOf(ids.inv1.id)?.Status__c).not.toBe('Voided');
    });

    it('QuickBooks not running: the org shows Conductor’s words; the relay checks again later and resumes', async () => {
      r.cdt.faults.inject('quickbooks_not_running', { path: 'health-check', times: Infinity });
      r.cdt.clock.advance(60_000);
      co.update('customers', ids.acme.id as string, { phone: '217-555-0300' });
      await r.settle();
      expect(connectionRecord()).toMatchObject({ Status__c: 'Offline' });
      expect(connectionRecord()?.Last_Error__c).toContain('it is not running. Open QuickBooks Desktop');
      expect(connectionRecord()?.Last_Error__c).toContain('QuickBooks code 0x80040408');
      expect(named('Acme Corp')?.Phone).toBe('217-555-0199');
      const down = await ping();
      expect(down.code).toBe(1);
      expect(down.text).toMatch(
        /^FAIL QuickBooks Desktop through Conductor \(Acme Desktop\): .*it is not running\. .*\(last read 1 minutes? ago\)$/m,
      );
      expect(down.text).not.toContain('Web Connector connection yet'); // Conductor only: no Web Connector to set up
      const checks = () => r.cdt.requests.filter((q) => q.path.endsWith('/health-check')).length;
      const tried = checks();
      await r.settle(); // forced again at once: the relay waits its minute, and asks nothing
      expect(checks()).toBe(tried);
      r.cdt.faults.clear();
      r.cdt.clock.advance(61_000);
      await r.settle({ force: false });
      expect(named('Acme Corp')?.Phone).toBe('217-555-0300');
      expect(connectionRecord()).toMatchObject({ Status__c: 'Healthy', Last_Error__c: '' });
      expect((await ping()).text).toMatch(
        /^ok {3}QuickBooks Desktop through Conductor \(Acme Desktop\): QuickBooks answered in \d+ ms; last read/m,
      );
    });

    it('a company file unread for more than 90 days is read in full again; what it no longer holds is deactivated', async () => {
      co.delete('customers', ids.initech.id as string);
      r.cdt.clock.advance(91 * DAY);
      await r.settle();
      expect(named('Initech')?.QuickBooks_Active__c).toBe(false);
      expect(named('Acme Corp')?.QuickBooks_Active__c).toBe(true);
      expect(accounts()).toHaveLength(320);
      expect(connectionRecord()).toMatchObject({ Status__c: 'Degraded' });
      expect(connectionRecord()?.Last_Error__c).toContain('more than 90 days');
    });

    it('disconnect forgets the key and stops reading; connecting again resumes', async () => {
      let out = '';
      const code = await runDisconnectConductor(
        ['--end-user', END_USER],
        r.config,
        (s) => (out += s),
        () => undefined,
        {
          store: r.relay.runtime.store,
        },
      );
      expect(code).toBe(0);
      expect(out).toContain('Disconnected Acme Desktop');
      expect(
        await r.relay.runtime.store.db.query("SELECT name FROM secrets WHERE name = 'conductor_secret_key'"),
      ).toEqual([]);
      co.update('customers', ids.acme.id as string, { phone: '217-555-0400' });
      const calls = r.cdt.requests.length;
      r.cdt.clock.advance(16 * 60_000);
      await r.settle();
      expect(r.cdt.requests).toHaveLength(calls);
      expect(connectionRecord()).toMatchObject({ Status__c: 'Needs Reauthorization' });
      expect((await r.connect()).code).toBe(0);
      await r.settle();
      expect(named('Acme Corp')?.Phone).toBe('217-555-0400');
      expect(connectionRecord()).toMatchObject({ Status__c: 'Healthy' });
    });
  },
);
