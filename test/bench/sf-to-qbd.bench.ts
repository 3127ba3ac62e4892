/**
 * @module
 * Salesforce → QuickBooks Desktop benchmark (issue: "1,000 new Accounts and 1,000 Closed Won
 * Opportunities with 3 lines each reach QuickBooks in at most 20 Web Connector round trips; relay
 * CPU per record"). The relay runs in this process (test/relay/in-process.ts) against the org
 * simulator and a small generated company, its first sync done before anything is measured. The
 * org then gets the Accounts (Send to QuickBooks), ~20 products with standard prices and the won
 * deals with their lines; the relay reads the org once (`tick({ pollNow })`) and Web Connector
 * sessions run until nothing waits for QuickBooks.
 *
 * Prints round trips (reads vs the write phase's lookups, writes and read-backs, told apart by the
 * requestIDs the write phase gives its requests), sessions, what QuickBooks added, whether totals
 * agree to the cent, Salesforce API calls, CPU per record, wall time and peak RSS, each judged in
 * words. CPU is this process's (relay, both simulators, Web Connector client); the QuickBooks
 * simulator's share is measured exactly (it answers synchronously) and the org simulator's share
 * approximately (CPU while it holds a request), so the relay's own share is printed
 * beside the total. Does not assert timing; exits non-zero when a record is missing, duplicated,
 * unlinked or echoed.
 *
 * Options: --accounts N (default 1000), --deals N (default 1000), --products N (default 20),
 * --lines N (lines per deal, default 3).
 */
import diagnostics from 'node:diagnostics_channel';
import { parseArgs } from 'node:util';
import type { CompanyOptions, Company } from '../simulators/qbd/company/index.ts';
import type { QuickBooksLike, RunReport } from '../simulators/qbd/webconnector/client.ts';
import { startInProcessRelay, type InProcessRelay } from '../relay/in-process.ts';
import { cpuMs, toCents, fromCents, type Tally } from './sf-to-qbd-support.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000' },
    deals: { type: 'string', default: '1000' },
    products: { type: 'string', default: '20' },
    lines: { type: 'string', default: '3' },
  },
});
const ACCOUNTS = Number(values.accounts);
const DEALS = Number(values.deals);
const PRODUCTS = Number(values.products);
const LINES = Number(values.lines);
const COMPANY: CompanyOptions = { seed: 44, customers: 20, vendors: 3, items: 5, invoices: 20, bills: 2, payments: 5 };
/** Targets (issue). */
const TARGET = { roundTrips: 20, /** The full sync's bound (sync-50k.bench.ts), for comparison. */ cpuMsPerRecord: 2 };

type Row = Readonly<Record<string, unknown>>;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => n.toFixed(1);
const f3 = (n: number) => n.toFixed(3);
const yesNo = (ok: boolean) => (ok ? 'yes' : 'NO');

/** What a qbXML request document of a session is, by the write phase's requestIDs and its Add/Mod requests. */
function kindOfRequest(xml: string): 'read' | 'lookup' | 'write' | 'readBack' {
  if (/<\w+(?:Add|Mod)Rq /.test(xml)) return 'write';
  if (/requestID="read-back"/.test(xml)) return 'readBack';
  if (/requestID="lookup-/.test(xml)) return 'lookup';
  return 'read';
}

/** Counts a run's round trips (sendRequestXML + receiveResponseXML pairs) by kind, and its Adds and Mods. */
function tallyOf(report: RunReport, into: Tally): void {
  into.pairs += report.calls.filter((c) => c.operation === 'receiveResponseXML').length;
  for (const xml of report.requests) {
    into[kindOfRequest(xml)]++;
    for (const m of xml.matchAll(/<(\w+(?:Add|Mod))Rq /g)) into.changes.set(m[1]!, (into.changes.get(m[1]!) ?? 0) + 1);
  }
}

/** The company as the Web Connector sees it, the CPU of its answers added to `cpu.ms`. */
function timedCompany(company: Company, cpu: { ms: number }): QuickBooksLike {
  return {
    hostCompanyPreferencesResponse: (app) => company.hostCompanyPreferencesResponse(app),
    process(qbxml) {
      const start = process.cpuUsage();
      try {
        return company.process(qbxml);
      } finally {
        cpu.ms += cpuMs(process.cpuUsage(start));
      }
    },
    endSession: () => company.endSession(),
    beginSession: (file) => company.beginSession(file),
    companyFilePath: company.companyFilePath,
    country: company.country,
  };
}

/**
 * Adds to `cpu.ms` this process's CPU while the org simulator (the HTTP server on `port`) holds at
 * least one request: from its headers read to its answer written. Returns the undo.
 */
function timeServerOn(port: number, cpu: { ms: number }): () => void {
  let held = 0;
  let started = process.cpuUsage();
  const ours = (m: unknown) => (m as { socket?: { localPort?: number } }).socket?.localPort === port;
  const onStart = (m: unknown) => {
    if (ours(m) && held++ === 0) started = process.cpuUsage();
  };
  const onFinish = (m: unknown) => {
    if (ours(m) && --held === 0) cpu.ms += cpuMs(process.cpuUsage(started));
  };
  diagnostics.subscribe('http.server.request.start', onStart);
  diagnostics.subscribe('http.server.response.finish', onFinish);
  return () => {
    diagnostics.unsubscribe('http.server.request.start', onStart);
    diagnostics.unsubscribe('http.server.response.finish', onFinish);
  };
}

/** The relay's warnings and errors among its log lines (JSON), counted by level, words, object and code. */
function warningsIn(lines: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of lines) {
    const l = JSON.parse(line) as { level?: string; msg?: string; object?: string; code?: string };
    // The .qwc file's advice on its AppURL (loopback here) is no concern of this bench.
    if ((l.level !== 'warn' && l.level !== 'error') || l.msg === 'qwc file') continue;
    const key = [l.level, l.msg, l.object, l.code].filter(Boolean).join(' | ');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Fills the org: accounts marked Send to QuickBooks, products with standard prices, won deals with lines. */
function fillOrg(r: InProcessRelay): { lineCents: bigint } {
  const ins = (object: string, fields: Row) => r.sim.org.store.insert(r.sim.org.objectOrThrow(object), fields);
  const book = String(r.sim.org.find('Pricebook2', 'IsStandard', true)!.Id);
  const products = Array.from({ length: PRODUCTS }, (_, i) => {
    const cents = 2_500 + ((i * 7_919) % 47_500); // $25.00 … $499.99
    const product = ins('Product2', {
      Name: `Bench Product ${String(i + 1).padStart(3, '0')}`,
      IsActive: true,
      QuickBooks_Item_Type__c: i % 4 === 3 ? 'Non-inventory' : 'Service',
    });
    const entry = ins('PricebookEntry', {
      Pricebook2Id: book,
      Product2Id: product.Id,
      UnitPrice: Number(fromCents(BigInt(cents))),
      IsActive: true,
    });
    return { product, entry, cents };
  });
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) =>
    ins('Account', {
      Name: `Bench Customer ${String(i + 1).padStart(5, '0')} Holdings`, // 35 characters
      Phone: `(415) 555-${String(i % 10_000).padStart(4, '0')}`,
      BillingCity: 'Portland',
      BillingState: 'OR',
      QuickBooks_Sync_Enabled__c: true,
    }),
  );
  let lineCents = 0n;
  for (let d = 0; d < DEALS; d++) {
    const deal = ins('Opportunity', {
      Name: `Bench deal ${d + 1}`,
      AccountId: accounts[d % ACCOUNTS]!.Id,
      StageName: 'Closed Won',
      CloseDate: `2026-11-${String(1 + (d % 28)).padStart(2, '0')}`,
      Pricebook2Id: book,
    });
    for (let l = 0; l < LINES; l++) {
      const p = products[(d * LINES + l) % PRODUCTS]!;
      const quantity = 1 + ((d + l) % 5);
      const cents = p.cents - (l === 1 ? 150 : 0); // a discounted line now and then
      ins('OpportunityLineItem', {
        OpportunityId: deal.Id,
        PricebookEntryId: p.entry.Id,
        Product2Id: p.product.Id,
        Quantity: quantity,
        UnitPrice: Number(fromCents(BigInt(cents))),
      });
      lineCents += BigInt(cents) * BigInt(quantity);
    }
  }
  return { lineCents };
}

async function main(): Promise<number> {
  let t = Date.parse('2026-12-01T15:00:00Z');
  const now = () => t;
  const r = await startInProcessRelay(COMPANY, { now });
  try {
    const store = r.relay.runtime.store;
    const connectionId = (await store.connections.byUsername('acme'))!.id;
    const qbCpu = { ms: 0 };
    const orgCpu = { ms: 0 };
    const company = timedCompany(r.company, qbCpu);
    const session = async () => {
      t += 15 * 60_000;
      const report = await r.webConnector({ company });
      if (report.status !== 'completed') throw new Error(`session ended ${report.status}: ${report.message}`);
      await r.settle();
      return report;
    };
    const readOrg = async () => {
      t += 60_000;
      await r.relay.runtime.tick({ pollNow: true });
      await r.settle();
    };
    const waiting = async () => {
      const [row] = await store.db.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM outbox WHERE target_connection_id = $1 AND status IN ('pending', 'leased')`,
        [connectionId],
      );
      return Number(row?.n);
    };

    await session(); // the first sync: the company's records into the org
    const before = {
      customers: r.company.count('customer'),
      items: r.company.count('item'),
      invoices: r.company.count('invoice'),
    };
    let wall = performance.now();
    const { lineCents } = fillOrg(r);
    const records = { accounts: ACCOUNTS, products: PRODUCTS, deals: DEALS, lines: DEALS * LINES };
    const recordCount = records.accounts + records.products + records.deals + records.lines;
    console.log(
      `org filled in ${f1((performance.now() - wall) / 1000)} s: ${int(ACCOUNTS)} Accounts (Send to QuickBooks), ` +
        `${int(PRODUCTS)} products with standard prices, ${int(DEALS)} Closed Won Opportunities with ${LINES} lines each ` +
        `(${int(recordCount)} records); company after its first sync: ${before.customers} customers, ${before.items} items, ${before.invoices} invoices`,
    );

    globalThis.gc?.();
    const undoTiming = timeServerOn(Number(new URL(r.sim.url).port), orgCpu);
    qbCpu.ms = 0;
    const api0 = r.sim.org.apiUsage;
    const logs0 = r.logs.length;
    const rss0 = process.resourceUsage().maxRSS / 1024;
    const cpu0 = process.cpuUsage();
    wall = performance.now();

    await readOrg();
    const queued = await waiting();
    const tally: Tally = { pairs: 0, read: 0, lookup: 0, write: 0, readBack: 0, changes: new Map() };
    let sessions = 0;
    for (; sessions === 0 || ((await waiting()) > 0 && sessions < 10); sessions++) tallyOf(await session(), tally);
    const left = await waiting();
    await readOrg(); // the relay reads back the Accounts and deals its writes changed: nothing goes out

    const wallMs = performance.now() - wall;
    const cpu = cpuMs(process.cpuUsage(cpu0));
    const apiCalls = r.sim.org.apiUsage - api0;
    undoTiming();
    const relayCpu = cpu - qbCpu.ms - orgCpu.ms;
    const warnings = warningsIn(r.logs.slice(logs0));

    // A second session afterwards: nothing to write (no echo of the links written onto the records).
    const echo: Tally = { pairs: 0, read: 0, lookup: 0, write: 0, readBack: 0, changes: new Map() };
    tallyOf(await session(), echo);
    const echoes = [...echo.changes.values()].reduce((a, b) => a + b, 0);

    const customers = r.company.list('customer');
    const invoices = r.company.list('invoice');
    const added = {
      customers: customers.length - before.customers,
      items: r.company.count('item') - before.items,
      invoices: invoices.length - before.invoices,
    };
    const benchCustomers = new Set(customers.filter((c) => c.name.startsWith('Bench Customer ')).map((c) => c.listId));
    const benchInvoices = invoices.filter((i) => benchCustomers.has(i.customer.listId ?? ''));
    const invoiceLines = benchInvoices.reduce((n, i) => n + i.lines.length, 0);
    const subtotalCents = benchInvoices.reduce((s, i) => s + toCents(i.subtotal ?? '0'), 0n);
    const accounts = r.sim.org.records('Account').filter((a) => String(a.Name).startsWith('Bench Customer '));
    const deals = r.sim.org.records('Opportunity').filter((o) => String(o.Name).startsWith('Bench deal '));
    const dealIds = new Set(deals.map((o) => String(o.Id)));
    const orgLines = r.sim.org.records('OpportunityLineItem').filter((l) => dealIds.has(String(l.OpportunityId)));
    const orgLineCents = orgLines.reduce((s, l) => s + toCents(String(l.UnitPrice)) * BigInt(Number(l.Quantity)), 0n);
    const unlinkedAccounts = accounts.filter(
      (a) => !String(a.QuickBooks_Customer_Id__c ?? '').startsWith(`${connectionId}:`),
    );
    const unlinkedDeals = deals.filter((o) => !String(o.QuickBooks_Invoice_Id__c ?? '').startsWith(`${connectionId}:`));
    const customerIds = new Set(accounts.flatMap((a) => a.QuickBooks_Customer_Id__c ?? []));
    const invoiceIds = new Set(deals.flatMap((o) => o.QuickBooks_Invoice_Id__c ?? []));
    const writePhase = tally.lookup + tally.write + tally.readBack;

    console.log(
      `\nwrites queued for QuickBooks after reading the org: ${int(queued)}; left after the sessions: ${int(left)}`,
    );
    console.log(
      `Web Connector round trips (sendRequestXML + receiveResponseXML): ${tally.pairs} in ${sessions} session(s): ` +
        `${tally.read} reads, ${writePhase} write phase (${tally.lookup} lookups, ${tally.write} writes, ${tally.readBack} read-backs); ` +
        `≤ ${TARGET.roundTrips} round trips: ${yesNo(tally.pairs <= TARGET.roundTrips)}` +
        (tally.pairs === tally.read + writePhase ? '' : ` (requests counted: ${tally.read + writePhase})`),
    );
    console.log('QuickBooks requests changing the company:', Object.fromEntries(tally.changes));
    console.log(
      `QuickBooks added: ${int(added.customers)} customers, ${int(added.items)} items, ${int(added.invoices)} invoices ` +
        `with ${int(invoiceLines)} lines (expected ${int(ACCOUNTS)}, ${int(PRODUCTS)}, ${int(DEALS)}, ${int(DEALS * LINES)})`,
    );
    const agree = subtotalCents === orgLineCents && orgLineCents === lineCents;
    console.log(
      `totals agree to the cent: ${yesNo(agree)} (Opportunity lines ${fromCents(orgLineCents)}, ` +
        `QuickBooks invoice subtotals ${fromCents(subtotalCents)}, as generated ${fromCents(lineCents)})`,
    );
    console.log(
      `Salesforce API calls: ${int(apiCalls)} (reading the org, writing the links and mirrors back, reading them again)`,
    );
    console.log(
      `CPU (user+system) of this process: ${f1(cpu / 1000)} s in all; QuickBooks simulator ${f1(qbCpu.ms / 1000)} s, ` +
        `org simulator (while it holds a request) ≈ ${f1(orgCpu.ms / 1000)} s, relay ≈ ${f1(relayCpu / 1000)} s`,
    );
    console.log(
      `relay CPU per record (÷ ${int(recordCount)}: Accounts + products + Opportunities + lines): ≈ ${f3(relayCpu / recordCount)} ms ` +
        `(${f3(cpu / recordCount)} ms with the simulators; ≤ ${TARGET.cpuMsPerRecord} ms, the full sync's bound: ${yesNo(relayCpu / recordCount <= TARGET.cpuMsPerRecord)}); per Account or Opportunity (÷ ${int(ACCOUNTS + DEALS)}): ≈ ${f3(relayCpu / (ACCOUNTS + DEALS))} ms`,
    );
    console.log(`wall time (read the org, sessions, settle, read again): ${f1(wallMs / 1000)} s`);
    console.log(
      `peak RSS of this process (relay and simulators): ${f1(process.resourceUsage().maxRSS / 1024)} MiB ` +
        `(${f1(rss0)} MiB before the measured work: the first sync and the filled org)`,
    );
    console.log(
      `second session afterwards: ${echo.pairs} round trips, ${echo.write} write requests, echoes = ${echoes}` +
        (echoes ? ` ${JSON.stringify(Object.fromEntries(echo.changes))}` : ''),
    );
    console.log(
      `links back: ${accounts.length - unlinkedAccounts.length}/${accounts.length} Accounts have QuickBooks_Customer_Id__c ` +
        `(${customerIds.size} distinct), ${deals.length - unlinkedDeals.length}/${deals.length} Opportunities have QuickBooks_Invoice_Id__c ` +
        `(${invoiceIds.size} distinct)`,
    );

    if (warnings.size) console.log('relay warnings and errors while measured:', Object.fromEntries(warnings));

    const problems: string[] = [];
    const want = (what: string, got: number, expected: number) => {
      if (got !== expected) problems.push(`${what}: ${got}, expected ${expected}`);
    };
    want('customers added', added.customers, ACCOUNTS);
    want('items added', added.items, PRODUCTS);
    want('invoices added', added.invoices, DEALS);
    want('invoice lines', invoiceLines, DEALS * LINES);
    want('writes left waiting', left, 0);
    want('echoes', echoes, 0);
    want('Accounts without their customer id', unlinkedAccounts.length, 0);
    want('distinct customer ids', customerIds.size, ACCOUNTS);
    want('Opportunities without their invoice id', unlinkedDeals.length, 0);
    want('distinct invoice ids', invoiceIds.size, DEALS);
    if (!agree) problems.push('totals differ');
    const logs = r.sim.org.records('QuickBooks_Sync_Log__c').filter((l) => l.Status__c === 'Failed');
    if (logs.length) problems.push(`${logs.length} failure logs, e.g. ${String(logs[0]!.Error_Message__c)}`);
    if (problems.length) {
      console.log(`\nINCOMPLETE:\n  - ${problems.join('\n  - ')}`);
      return 1;
    }
    console.log('\nevery Account, product and deal is in QuickBooks once, linked back; nothing echoed');
    return 0;
  } finally {
    await r.close();
  }
}

process.exitCode = await main();
