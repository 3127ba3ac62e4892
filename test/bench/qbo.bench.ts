/**
 * QuickBooks Online → Salesforce: a company's first sync, then a burst of edits told by webhooks.
 * The relay runs in this process (`test/relay/support/qbo-relay.ts`) against the simulated org and
 * QuickBooks Online over loopback sockets; CPU figures include the simulators.
 *
 * Prints: QuickBooks Online calls of the first sync by kind (aim: under 40), Salesforce API calls,
 * wall time; webhook-to-Salesforce latency p50/p95 over 500 edits and the calls they cost; the peak
 * requests a minute Intuit saw (limit 500). Exits non-zero when a record is missing, doubled or
 * off by a cent. Options: --customers N --invoices N --payments N --edits N.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import { startQboRelay, type QboRelay } from '../relay/support/qbo-relay.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '2000' },
    invoices: { type: 'string', default: '10000' },
    payments: { type: 'string', default: '5000' },
    edits: { type: 'string', default: '500' },
  },
});
const N = {
  customers: Number(values.customers),
  invoices: Number(values.invoices),
  payments: Number(values.payments),
  edits: Number(values.edits),
};
const ITEMS = 20;
const TARGET = { qboCalls: 40, perMinute: 500 };
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const s1 = (ms: number) => (ms / 1000).toFixed(1);
const mark = (ok: boolean) => (ok ? 'meets target' : 'MISSES TARGET');
const cents = (text: unknown) => {
  const [whole = '0', frac = ''] = String(text).split('.');
  const sign = whole.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(whole.replace('-', '')) * 100n + BigInt((frac + '00').slice(0, 2)));
};

/** Seeds the company as its bookkeeper would have it: items, customers (one in ten a job), invoices of 3 lines, payments. */
function seed(r: QboRelay) {
  const co = r.qbo.company(DEFAULT_REALM);
  const items = Array.from({ length: ITEMS }, (_, i) =>
    String(co.create('Item', { Name: `Service ${i + 1}`, Type: 'Service', IncomeAccountRef: { value: '1' } }).Id),
  );
  const customers: string[] = [];
  for (let i = 0; i < N.customers; i++) {
    const parent = i % 10 === 9 ? customers[i - 1] : undefined;
    const created = parent
      ? co.create('Customer', { DisplayName: `Job ${i + 1}`, ParentRef: { value: parent }, Job: true })
      : co.create('Customer', {
          DisplayName: `Customer ${i + 1}`,
          PrimaryPhone: { FreeFormNumber: `555-${String(i).padStart(4, '0')}` },
        });
    customers.push(String(created.Id));
  }
  let total = 0n;
  const invoices: { id: string; customer: string; cents: bigint }[] = [];
  for (let i = 0; i < N.invoices; i++) {
    const customer = customers[i % customers.length]!;
    const lines = [0, 1, 2].map((k) => {
      const c = BigInt(1000 + ((i * 37 + k * 101) % 90_000)); // 10.00 … 909.99
      return { c, amount: `${c / 100n}.${String(c % 100n).padStart(2, '0')}` };
    });
    const inv = co.create('Invoice', {
      CustomerRef: { value: customer },
      DocNumber: String(10_000 + i),
      Line: lines.map((l, k) => ({
        DetailType: 'SalesItemLineDetail',
        Amount: l.amount,
        SalesItemLineDetail: { ItemRef: { value: items[(i + k) % ITEMS]! }, Qty: 1, UnitPrice: l.amount },
      })),
    });
    const sum = lines.reduce((a, l) => a + l.c, 0n);
    total += sum;
    invoices.push({ id: String(inv.Id), customer, cents: sum });
  }
  for (let i = 0; i < N.payments; i++) {
    const inv = invoices[i % invoices.length]!;
    const half = inv.cents / 2n;
    const amount = `${half / 100n}.${String(half % 100n).padStart(2, '0')}`;
    co.create('Payment', {
      CustomerRef: { value: inv.customer },
      TotalAmt: amount,
      Line: [{ Amount: amount, LinkedTxn: [{ TxnId: inv.id, TxnType: 'Invoice' }] }],
    });
  }
  return { customers, total };
}

/** Rounds until nothing is owed (no round limit: a first sync of this size takes many). */
async function settle(r: QboRelay, deadlineMs: number) {
  const until = performance.now() + deadlineMs;
  while (performance.now() < until) {
    try {
      await r.settle();
      return;
    } catch (error) {
      if (!String(error).includes('did not settle')) throw error;
    }
  }
  throw new Error('the relay did not settle in time');
}

const percentile = (xs: readonly number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function main(): Promise<number> {
  const r = await startQboRelay();
  let problems = 0;
  try {
    r.qbo.webhooks.unregister(); // the seeding's own notices are not the bench's: the first sync reads everything
    let t = performance.now();
    const seeded = seed(r);
    console.log(
      `company seeded in ${s1(performance.now() - t)} s: ${int(N.customers)} customers (one in ten a job), ${ITEMS} items, ` +
        `${int(N.invoices)} invoices with ${int(N.invoices * 3)} lines, ${int(N.payments)} payments`,
    );
    const sf0 = r.org.org.apiUsage;
    const qbo0 = r.qbo.requests.length;
    const cpu0 = process.cpuUsage();
    t = performance.now();
    if ((await r.connect()).status !== 200) throw new Error('connect failed');
    await settle(r, 20 * 60_000);
    const syncMs = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    const calls = r.qbo.requests.slice(qbo0);
    const byKind = new Map<string, number>();
    for (const c of calls)
      byKind.set(`${c.method} ${c.path.split('/')[1]}`, (byKind.get(`${c.method} ${c.path.split('/')[1]}`) ?? 0) + 1);

    const accounts = r.org.org.records('Account');
    const invoices = r.org.org.records('QuickBooks_Invoice__c');
    const lines = r.org.org.records('QuickBooks_Invoice_Line__c');
    const payments = r.org.org.records('QuickBooks_Payment__c');
    const sfTotal = invoices.reduce((a, i) => a + cents(i.Total_Amount__c), 0n);
    const check = (ok: boolean, what: string) => {
      console.log(`  ${ok ? '✔' : '✘'} ${what}`);
      if (!ok) problems++;
    };
    console.log('\nFirst sync');
    console.log(
      `  QuickBooks Online calls  ${calls.length} (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')})  target < ${TARGET.qboCalls}: ${mark(calls.length < TARGET.qboCalls)}`,
    );
    console.log(`  Salesforce API calls     ${int(r.org.org.apiUsage - sf0)}`);
    console.log(
      `  wall time                ${s1(syncMs)} s; CPU of this process (relay and simulators) ${s1((cpu.user + cpu.system) / 1000)} s`,
    );
    check(accounts.length === N.customers, `Accounts ${int(accounts.length)} = customers ${int(N.customers)}`);
    check(invoices.length === N.invoices, `invoice mirrors ${int(invoices.length)} = invoices ${int(N.invoices)}`);
    check(lines.length === N.invoices * 3, `invoice lines ${int(lines.length)} = ${int(N.invoices * 3)}`);
    check(payments.length === N.payments, `payments ${int(payments.length)} = ${int(N.payments)}`);
    check(
      sfTotal === seeded.total,
      `invoice totals agree to the cent (${int(Number(seeded.total / 100n))}.${String(seeded.total % 100n).padStart(2, '0')})`,
    );

    // A burst of edits told by webhooks, delivered as Intuit does (its queue sent in one POST at a time).
    r.qbo.webhooks.register({ url: `${r.config.publicUrl}/qbo/webhooks`, verifierToken: r.verifierToken, auto: false });
    const co = r.qbo.company(DEFAULT_REALM);
    const edited = seeded.customers.filter((_, i) => i % 10 !== 9).slice(0, N.edits);
    const madeAt = new Map<string, number>();
    const qbo1 = r.qbo.requests.length;
    for (const id of edited) {
      co.update('Customer', id, { PrimaryPhone: { FreeFormNumber: `777-${id.padStart(4, '0')}` } });
      madeAt.set(`777-${id.padStart(4, '0')}`, performance.now());
    }
    const seenAt = new Map<string, number>();
    const burstEnd = performance.now() + 5 * 60_000;
    while (seenAt.size < madeAt.size && performance.now() < burstEnd) {
      await r.qbo.webhooks.flush();
      await r.relay.runtime.tick();
      const now = performance.now();
      for (const a of r.org.org.records('Account')) {
        const phone = String(a.Phone ?? '');
        if (madeAt.has(phone) && !seenAt.has(phone)) seenAt.set(phone, now);
      }
    }
    const latencies = [...seenAt].map(([phone, at]) => at - madeAt.get(phone)!);
    const burstCalls = r.qbo.requests.slice(qbo1);
    console.log(`\nWebhooks: ${int(N.edits)} customer edits in a burst`);
    check(seenAt.size === madeAt.size, `every edit reached its Account (${int(seenAt.size)} of ${int(madeAt.size)})`);
    console.log(
      `  latency edit → Account   p50 ${s1(percentile(latencies, 50))} s, p95 ${s1(percentile(latencies, 95))} s`,
    );
    console.log(`  QuickBooks Online calls  ${burstCalls.length} (reads of many records a call, never one per notice)`);
    const peak = r.qbo.counters(DEFAULT_REALM).peakPerMinute;
    console.log(
      `\nPeak requests a minute to QuickBooks Online  ${peak}  limit ${TARGET.perMinute}: ${mark(peak <= TARGET.perMinute)}`,
    );
  } finally {
    await r.close();
  }
  return problems ? 1 : 0;
}

process.exitCode = await main();
