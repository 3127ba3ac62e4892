/**
 * Crash safety, QuickBooks Desktop through Conductor → Salesforce, end to end, on both stores: the
 * relay runs as its own process (`ledgerbridge start`; the embedded store in its data directory, or
 * a PostgreSQL schema of its own when TEST_DATABASE_URL is set), connected with `ledgerbridge
 * connect conductor` run as a process; the Conductor simulator (a company file of 400 customers
 * and 400 invoices, so several pages of 150 each) and the org are in this process. One first sync
 * is SIGKILLed four times, the relay restarted on the same data directory and store each time:
 * 1. as the 2nd page of customers is asked for (mid-pagination, nothing sent yet);
 * 2. as the 2nd page of invoices is asked for; while it is down the bookkeeper edits a customer
 *    and an invoice already read, and adds a customer;
 * 3. once every page is stored, at the first write to Salesforce (nothing of the company sent);
 * 4. while a write to Salesforce is in flight (it lands; the relay never hears the answer).
 * At the end the org holds exactly one Account per customer and one invoice mirror per invoice,
 * with QuickBooks' totals and balances to the cent, the edits, and no sync log. On the embedded
 * store the restarted relay takes over at once what the killed one left (its read, its leases);
 * where relays share PostgreSQL it cannot tell a killed relay from a live one, and takes over once
 * the read has stored nothing for `SILENT_MS` (15 minutes) and the leases have run out (up to 10),
 * which the test stands for by dating them back that far before each restart.
 */
import { SILENT_MS } from '../../relay/src/store/reads.ts';
import type { Arrival, SimCompany } from '../simulators/conductor/index.ts';
import { testBackends, type TestBackend } from '../qbwc/support/stores.ts';
import { CDT_END_USER, startConductorProcessRig, type ConductorProcessRig } from './support/conductor-process.ts';
import { waitUntilSynced } from './support/relay-process.ts';

const N = { customers: 400, invoices: 400 };
/** Every Salesforce call answers this much later, so writes are in flight when the relay dies. */
const SF_LATENCY_MS = 10;
const money = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
const cents = (v: unknown) => BigInt(Math.round(Number(v) * 100));

/** The company file: two items, customers, invoices of 1–3 lines, a payment on one invoice in eight. */
function seed(co: SimCompany) {
  const items = ['Design', 'Install'].map((name) => String(co.create('service-items', { name }).id));
  const customers = Array.from({ length: N.customers }, (_, i) =>
    String(co.create('customers', { name: `Customer ${String(i + 1).padStart(3, '0')}` }).id),
  );
  const invoices: string[] = [];
  for (let i = 0; i < N.invoices; i++) {
    const inv = co.create('invoices', {
      customerId: customers[i % customers.length]!,
      transactionDate: '2026-11-02',
      refNumber: String(5000 + i),
      lines: Array.from({ length: 1 + (i % 3) }, (_, k) => ({
        itemId: items[(i + k) % 2]!,
        quantity: 1 + k,
        rate: money(BigInt(1001 + ((i * 37 + k * 101) % 50_000))),
      })),
    });
    invoices.push(String(inv.id));
    if (i % 8 === 0)
      co.create('receive-payments', {
        customerId: customers[i % customers.length]!,
        transactionDate: '2026-11-10',
        totalAmount: '10.01',
        applyToTransactions: [{ transactionId: String(inv.id), paymentAmount: '10.01' }],
      });
  }
  return { customers, invoices };
}

/** A PostgreSQL schema of the relay's own (made and migrated by the test backend, dropped at the end). */
async function postgresFor(backend: TestBackend) {
  const store = await backend.open();
  const [row] = await store.db.query<{ s: string }>('SELECT current_schema() AS s');
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.searchParams.set('options', `-c search_path=${row!.s}`);
  return {
    url: url.toString(),
    /** What 15 minutes without the killed relay would do: its unfinished read falls silent, its leases run out. */
    async silence() {
      const past = Date.now() - 1000;
      await store.db.query('UPDATE conductor_reads SET alive_at = alive_at - $1 WHERE finished_at IS NULL', [
        SILENT_MS + 1000,
      ]);
      await store.db.query(`UPDATE outbox SET lease_until = $1 WHERE status = 'leased'`, [past]);
      await store.db.query('UPDATE inbox SET claimed_until = $1 WHERE claimed_until IS NOT NULL', [past]);
    },
    close: () => store.close(),
  };
}

describe.each(testBackends().map((b): [string, TestBackend] => [b.name, b]))(
  'the Conductor relay killed with SIGKILL during a first sync, then restarted (%s store)',
  (_name, backend) => {
    let rig: ConductorProcessRig;
    let co: SimCompany;
    let ids: ReturnType<typeof seed>;
    let pg: Awaited<ReturnType<typeof postgresFor>> | undefined;
    const org = () => rig.org.org;
    const tail = () => rig.relay.log().trim().split('\n').slice(-30).join('\n');

    /** SIGKILLs the relay as the `n`th request for which `when` holds arrives at Conductor. */
    const killAtArrival = (when: (r: Arrival) => boolean, n: number) => {
      let seen = 0;
      const pid = rig.relay.pid;
      rig.onArrival((r) => {
        if (when(r) && ++seen === n) {
          rig.onArrival(undefined);
          process.kill(pid, 'SIGKILL');
        }
      });
    };
    const pageOf = (resource: string) => (r: Arrival) => r.path === `/quickbooks-desktop/${resource}`;

    /** SIGKILLs the relay at the first write to the org for which `when` holds; `slow`: that write lands after the kill. */
    const killAtWrite = (when: () => boolean, slow: boolean) => {
      const faults = org().faults;
      const take = faults.takeRequestFault.bind(faults);
      return new Promise<void>((resolve) => {
        faults.takeRequestFault = (method, path) => {
          if (method === 'GET' || !when()) return take(method, path);
          faults.takeRequestFault = take;
          if (!slow) {
            void rig.relay.kill().then(resolve);
            return { kind: 'network_reset' };
          }
          setTimeout(() => void rig.relay.kill().then(() => setTimeout(resolve, 600)), 100);
          return { kind: 'slow', delayMs: 400 };
        };
      });
    };

    const restart = async () => {
      const how = await rig.relay.exited;
      if (how !== 'SIGKILL') throw new Error(`the relay ended ${how}, not killed:\n${tail()}`);
      await pg?.silence();
      await rig.start();
    };

    beforeAll(async () => {
      pg = backend.name === 'postgres' ? await postgresFor(backend) : undefined;
      rig = await startConductorProcessRig({
        ...(pg ? { databaseUrl: pg.url } : {}),
        env: { SF_POLL_SECONDS: '3600', LEDGERBRIDGE_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') },
      });
      rig.org.faults.inject({ kind: 'slow', delayMs: SF_LATENCY_MS, times: Number.MAX_SAFE_INTEGER });
      co = rig.cdt.company(CDT_END_USER);
      ids = seed(co);
      const connected = await rig.connect();
      if (connected.code !== 0) throw new Error(`connect conductor failed (${connected.code}): ${connected.out}`);
    }, 30_000);
    afterAll(async () => {
      await rig?.close();
      await pg?.close();
    });

    it('killed as the 2nd page of customers is asked for: nothing reached the org', async () => {
      await rig.start();
      killAtArrival(pageOf('customers'), 2);
      expect(await rig.relay.exited).toBe('SIGKILL');
      expect(org().records('Account')).toHaveLength(0);
    }, 20_000);

    it('restarted, killed as the 2nd page of invoices is asked for; the bookkeeper edits while it is down', async () => {
      await restart();
      killAtArrival(pageOf('invoices'), 2);
      expect(await rig.relay.exited).toBe('SIGKILL');
      rig.cdt.clock.advance(2000);
      co.update('customers', ids.customers[0]!, { phone: '217-555-0199' });
      co.update('invoices', ids.invoices[1]!, { memo: 'edited while the relay was down' });
      co.create('customers', { name: 'Customer added while down' });
    }, 20_000);

    it('restarted, killed once every page is stored, at the first write to the org', async () => {
      const pages = () => rig.cdt.requests.filter((r) => r.path.endsWith('/receive-payments')).length;
      const before = pages();
      const killed = killAtWrite(() => pages() > before, false);
      await restart();
      await killed;
      expect(org().records('Account')).toHaveLength(0);
    }, 30_000);

    it('restarted, killed while a write to the org is in flight (it lands unheard)', async () => {
      const invoices = () => org().records('QuickBooks_Invoice__c').length;
      const killed = killAtWrite(() => invoices() >= 100, true);
      await restart();
      await killed;
      expect(invoices()).toBeGreaterThan(0);
      expect(invoices()).toBeLessThan(N.invoices);
    }, 30_000);

    it('restarted: each customer and invoice once, totals to the cent, the edits, no sync log', async () => {
      await restart();
      const health = await waitUntilSynced(rig.relay.url, { timeoutMs: 30_000 }).catch((error: unknown) => {
        throw new Error(`${(error as Error).message}\nthe relay's last log lines:\n${tail()}`);
      });
      expect(health.failedWrites).toBe(0);
      const accounts = org().records('Account');
      const customerIds = accounts.map((a) => String(a.QuickBooks_Customer_Id__c).split(':').pop());
      expect([...customerIds].sort()).toEqual(
        co
          .list('customers')
          .map((c) => String(c.id))
          .sort(),
      );
      const invoices = org().records('QuickBooks_Invoice__c');
      const byId = new Map(invoices.map((i) => [String(i.QuickBooks_Invoice_Id__c).split(':').pop(), i]));
      expect(invoices).toHaveLength(N.invoices);
      expect(byId.size).toBe(N.invoices);
      for (const inv of co.list('invoices')) {
        const mirror = byId.get(String(inv.id));
        expect([inv.id, cents(mirror?.Total_Amount__c), cents(mirror?.Balance__c)]).toEqual([
          inv.id,
          cents(inv.subtotal),
          cents(inv.balanceRemaining),
        ]);
      }
      expect(org().records('QuickBooks_Invoice_Line__c')).toHaveLength(
        co.list('invoices').reduce((n, i) => n + (i.lines as unknown[]).length, 0),
      );
      expect(org().records('QuickBooks_Payment__c')).toHaveLength(co.list('receive-payments').length);
      expect(accounts.find((a) => a.Name === 'Customer 001')?.Phone).toBe('217-555-0199');
      expect(accounts.filter((a) => a.Name === 'Customer added while down')).toHaveLength(1);
      expect(byId.get(ids.invoices[1])?.Memo__c).toBe('edited while the relay was down');
      expect(org().records('QuickBooks_Sync_Log__c')).toEqual([]);
    }, 40_000);
  },
);
