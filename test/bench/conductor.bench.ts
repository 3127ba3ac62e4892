/**
 * QuickBooks Desktop through Conductor → Salesforce first sync: a company file of 5,000 customers
 * and 20,000 invoices of 1–3 lines on a few items (`--customers N --invoices N`; a payment on one
 * invoice in ten) in the Conductor simulator, read by a real relay process (`ledgerbridge start`,
 * embedded store on disk) into the Salesforce simulator. The company file is connected as an admin
 * does, `ledgerbridge connect conductor --end-user …` run as its own process before the relay starts.
 *
 * Prints the Conductor calls by endpoint and in total against their floor (a health check, the
 * unpaginated accounts list, ceil(records/150) pages per paginated resource, at least one each; a
 * first sync reads no deletions), Salesforce API calls, wall time from the relay's start until every
 * record is in the org and nothing is owed, relay CPU per record and peak RSS. Does not assert
 * timing; exits non-zero when a record is missing, doubled, off by a cent, or a sync log shows.
 */
import { parseArgs } from 'node:util';
import { READ_RESOURCES } from '../../relay/src/systems/conductor/reads.ts';
import type { ResourceName, SimCompany } from '../simulators/conductor/index.ts';
import { CDT_END_USER, startConductorProcessRig } from '../sync/support/conductor-process.ts';
import { processCpuMs, processPeakRssMiB, waitUntilSynced } from '../sync/support/relay-process.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '5000' },
    invoices: { type: 'string', default: '20000' },
    'timeout-minutes': { type: 'string', default: '10' },
  },
});
const N = { customers: Number(values.customers), invoices: Number(values.invoices) };
const PAGE = 150;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const s1 = (ms: number) => (ms / 1000).toFixed(1);
const money = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
const cents = (v: unknown) => BigInt(Math.round(Number(v) * 100));

/** Seeds the company file: three items, customers, invoices of 1–3 lines, a payment on one invoice in ten. */
function seed(co: SimCompany) {
  const items = ['Design', 'Install', 'Support'].map((name, k) =>
    String(co.create('service-items', { name, salesOrPurchaseDetails: { price: `${25 * (k + 1)}.00` } }).id),
  );
  const customers = Array.from({ length: N.customers }, (_, i) =>
    String(
      co.create('customers', { name: `Customer ${String(i + 1).padStart(5, '0')}`, phone: `555-${i % 10_000}` }).id,
    ),
  );
  let total = 0n;
  let balance = 0n;
  let payments = 0;
  for (let i = 0; i < N.invoices; i++) {
    const customerId = customers[i % customers.length]!;
    const lines = Array.from({ length: 1 + (i % 3) }, (_, k) => {
      const rate = BigInt(1000 + ((i * 37 + k * 101) % 90_000)); // 10.00 … 909.99
      const quantity = 1 + ((i + k) % 4);
      return { itemId: items[(i + k) % items.length]!, quantity, rate: money(rate), cents: rate * BigInt(quantity) };
    });
    const sum = lines.reduce((a, l) => a + l.cents, 0n);
    const inv = co.create('invoices', {
      customerId,
      transactionDate: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      refNumber: String(100_000 + i),
      lines: lines.map(({ itemId, quantity, rate }) => ({ itemId, quantity, rate })),
    });
    total += sum;
    balance += sum;
    if (i % 10 === 0) {
      const paid = sum / 2n;
      co.create('receive-payments', {
        customerId,
        transactionDate: '2026-12-15',
        totalAmount: money(paid),
        applyToTransactions: [{ transactionId: String(inv.id), paymentAmount: money(paid) }],
      });
      balance -= paid;
      payments++;
    }
  }
  return { total, balance, payments };
}

async function main(): Promise<number> {
  const rig = await startConductorProcessRig({ env: { SF_POLL_SECONDS: '3600' } });
  let problems = 0;
  try {
    const co = rig.cdt.company(CDT_END_USER);
    let t = performance.now();
    const seeded = seed(co);
    console.log(
      `company file seeded in ${s1(performance.now() - t)} s: ${int(N.customers)} customers, 3 items, ` +
        `${int(N.invoices)} invoices with 1–3 lines, ${int(seeded.payments)} payments`,
    );
    const connected = await rig.connect();
    if (connected.code !== 0) throw new Error(`connect conductor failed (${connected.code}): ${connected.out}`);
    const before = rig.cdt.requests.length;
    const sf0 = rig.org.org.apiUsage;
    t = performance.now();
    const relay = await rig.start();
    const cpu0 = processCpuMs(relay.pid);
    const org = rig.org.org;
    const landed = () =>
      org.records('Account').length >= N.customers &&
      org.records('QuickBooks_Invoice__c').length >= N.invoices &&
      org.records('QuickBooks_Payment__c').length >= seeded.payments;
    const progress = setInterval(
      () =>
        console.log(
          `  … ${int(rig.cdt.requests.length - before)} Conductor calls, ${int(org.records('Account').length)} accounts, ` +
            `${int(org.records('QuickBooks_Invoice__c').length)} invoices`,
        ),
      10_000,
    );
    const deadline = Date.now() + Number(values['timeout-minutes']) * 60_000;
    try {
      while (!landed()) {
        if (Date.now() > deadline) throw new Error('not every record reached the org in time');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await waitUntilSynced(relay.url, { timeoutMs: Math.max(deadline - Date.now(), 1000), intervalMs: 100 });
    } catch (error) {
      console.log(`the relay's last log lines:\n${relay.log().trim().split('\n').slice(-25).join('\n')}`);
      throw error;
    } finally {
      clearInterval(progress);
    }
    const wallMs = performance.now() - t;
    const cpu = processCpuMs(relay.pid) - cpu0;
    const rss = processPeakRssMiB(relay.pid);

    const calls = rig.cdt.requests.slice(before);
    const byEndpoint = new Map<string, number>();
    for (const c of calls) {
      const k = `${c.method} ${c.path.replace('/quickbooks-desktop/', '')}${c.status === 200 ? '' : ` (${c.status})`}`;
      byEndpoint.set(k, (byEndpoint.get(k) ?? 0) + 1);
    }
    const counts = READ_RESOURCES.map((r) => [r, co.list(r as ResourceName).length] as const);
    const records = counts.reduce((n, [, k]) => n + k, 0);
    const floor = 1 + counts.reduce((n, [r, k]) => n + (r === 'accounts' ? 1 : Math.max(1, Math.ceil(k / PAGE))), 0);
    console.log('\nFirst sync');
    console.log(`  Conductor calls by endpoint  ${[...byEndpoint].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log(
      `  Conductor calls  ${calls.length}, floor ${floor}: ${calls.length === floor ? 'at the floor' : `${calls.length > floor ? '+' : ''}${calls.length - floor}`}` +
        ` (health 1, ${counts.map(([r, k]) => `${r} ${r === 'accounts' ? 1 : Math.max(1, Math.ceil(k / PAGE))}`).join(', ')}; deletions 0 on a first sync)`,
    );
    console.log(`  Salesforce API calls  ${int(org.apiUsage - sf0)}`);
    console.log(`  wall time to first sync complete  ${s1(wallMs)} s (${int(records)} records)`);
    console.log(
      `  relay CPU (user+system)  ${s1(cpu)} s, ${(cpu / records).toFixed(2)} ms per record; peak RSS ${rss.toFixed(1)} MiB`,
    );

    const check = (ok: boolean, what: string) => {
      console.log(`  ${ok ? '✔' : '✘'} ${what}`);
      if (!ok) problems++;
    };
    const accounts = org.records('Account');
    const invoices = org.records('QuickBooks_Invoice__c');
    const keys = (rs: readonly Record<string, unknown>[], f: string) => new Set(rs.map((r) => String(r[f]))).size;
    check(accounts.length === N.customers, `Accounts ${int(accounts.length)} = customers ${int(N.customers)}`);
    check(keys(accounts, 'QuickBooks_Customer_Id__c') === accounts.length, 'no Account twice');
    check(invoices.length === N.invoices, `invoice mirrors ${int(invoices.length)} = invoices ${int(N.invoices)}`);
    check(keys(invoices, 'QuickBooks_Invoice_Id__c') === invoices.length, 'no invoice mirror twice');
    const sfTotal = invoices.reduce((a, i) => a + cents(i.Total_Amount__c), 0n);
    const sfBalance = invoices.reduce((a, i) => a + cents(i.Balance__c), 0n);
    check(sfTotal === seeded.total, `invoice totals agree to the cent (${money(seeded.total)}; org ${money(sfTotal)})`);
    check(
      sfBalance === seeded.balance,
      `open balances agree to the cent (${money(seeded.balance)}; org ${money(sfBalance)})`,
    );
    const logs = org.records('QuickBooks_Sync_Log__c');
    check(logs.length === 0, `no sync log (${logs.length})`);
  } finally {
    await rig.close();
  }
  return problems ? 1 : 0;
}

process.exitCode = await main();
