/**
 * Full sync benchmark: a generated 50,000-invoice company (invoices with lines, plus proportionate
 * customers with jobs, vendors, items, bills, payments and journal entries) pulled by one Web
 * Connector run through a real relay process (`ledgerbridge start`, embedded store on disk) and
 * written to a simulated Salesforce org, waiting until /health shows nothing owed.
 *
 * Prints wall time (session, until synced), relay CPU (user + system from /proc) in all, per 1,000
 * records and per record, the relay's peak RSS (VmHWM), Salesforce API calls (counted by the
 * simulated org) and Web Connector SOAP round trips, each next to its target. Does not assert
 * timing; exits non-zero when a record is missing, duplicated or failed.
 *
 * Options: --invoices N (default 50000), --profile DIR (the relay writes a V8 CPU profile there),
 * --relay-arg ARG (repeatable: a Node option for the relay process, e.g. --relay-arg=--max-old-space-size=256),
 * --relay-env NAME=VALUE (repeatable: environment for the relay process, e.g. --relay-env=MALLOC_ARENA_MAX=2),
 * --calls-per-1000 N (judge the Salesforce API calls per 1,000 QuickBooks records against N instead of
 * the backfill budget: a company below the Bulk threshold), --mappings (the org has two field mappings of
 * the customer's own, an Account picklist ⇄ a data extension by a value map and a text cut to fit, and
 * every customer has values for both: what mapping evaluation costs shows against a run without),
 * --keep (keep the data directory).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCompany } from '../simulators/qbd/company/index.ts';
import { createWebConnector } from '../simulators/qbd/webconnector/client.ts';
import { startSalesforceSimulator } from '../simulators/salesforce/index.ts';
import { MIRRORED } from '../sync/support/org-snapshot.ts';
import {
  fetchQwc,
  processCpuMs,
  processPeakRssMiB,
  startRelayProcess,
  waitUntilSynced,
} from '../sync/support/relay-process.ts';

/** The queries that read the org's changes for QuickBooks (Salesforce → QuickBooks Desktop). */
const CHANGE_READ =
  /FROM (Account WHERE \S*QuickBooks_Sync_Enabled__c|Contact WHERE Account\.|Product2 ORDER|Opportunity WHERE StageName)/;

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '50000' },
    profile: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'relay-arg': { type: 'string', multiple: true, default: [] },
    'relay-env': { type: 'string', multiple: true, default: [] },
    'calls-per-1000': { type: 'string' },
    mappings: { type: 'boolean', default: false },
  },
});
const INVOICES = Number(values.invoices);
const SIZE = {
  seed: 50,
  customers: Math.round(INVOICES / 10),
  vendors: Math.round(INVOICES / 100),
  items: Math.round(INVOICES / 100),
  invoices: INVOICES,
  bills: Math.round(INVOICES / 4),
  payments: Math.round(INVOICES / 2),
  journalEntries: Math.round(INVOICES / 250),
  deletions: Math.round(INVOICES / 1000),
  dataExtDefs: [
    { ownerId: '0', name: 'Sales Region', type: 'STR255TYPE', assignTo: ['Customer'] },
    { ownerId: '0', name: 'Account Notes', type: 'STR1024TYPE', assignTo: ['Customer'] },
  ],
};

/** `--mappings`: the customer's own fields and their mapping records (as `test/relay/field-mappings.test.ts` has them). */
const REGIONS = ['East', 'West', 'Unassigned'];
const MAPPINGS = {
  Account_Region: {
    Salesforce_Object__c: 'Account',
    Salesforce_Field__c: 'Region__c',
    QuickBooks_Object__c: 'Customer',
    QuickBooks_Field_Kind__c: 'Data Extension',
    QuickBooks_Field__c: 'Sales Region',
    Direction__c: 'Both',
    Transform__c: 'Value Map',
    Value_Map__c: 'East=E;West=W',
    Default_Value__c: 'Unassigned',
    Active__c: true,
  },
  Account_Notes: {
    Salesforce_Object__c: 'Account',
    Salesforce_Field__c: 'Description',
    QuickBooks_Object__c: 'Customer',
    QuickBooks_Field_Kind__c: 'Data Extension',
    QuickBooks_Field__c: 'Account Notes',
    Direction__c: 'QuickBooks to Salesforce',
    Transform__c: 'Truncate',
    Active__c: true,
  },
};
/** A customer's data extension values, by its place in the list: every third one a region no pair maps. */
const valuesOf = (n: number) => [
  { ownerId: '0', name: 'Sales Region', value: ['E', 'W', 'Pacific'][n % 3]! },
  { ownerId: '0', name: 'Account Notes', value: `Customer since ${2000 + (n % 25)}; ask for the buyer first.` },
];
const USER = 'bench';
const PASSWORD = 'bench password for the web connector';
const CLIENT_ID = 'bench-sync-client';
const CLIENT_SECRET = 'bench-sync-secret';

/** Targets (issue: end to end acceptance). */
const TARGET = {
  peakRssMiB: 300,
  cpuMsPerRecord: 2,
  /** The Salesforce client's bound: ≤ 30 calls for a 20,000-invoice backfill with its lines, scaled. */
  apiCallsPer20kInvoices: 30,
};

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mark = (ok: boolean) => (ok ? 'meets target' : 'MISSES TARGET');

/** A Composite call's subrequests in short: runs of single upserts counted (`Account 1×7`), Collections by size (`Account 200`). */
function packing(subrequests: readonly string[]): string {
  const parts: string[] = [];
  let run: { what: string; n: number } | undefined;
  const flush = () => {
    if (run) parts.push(`${run.what} 1×${run.n}`);
    run = undefined;
  };
  for (const s of subrequests) {
    const [, method, what, count] = /^(\S+) (\S+) ×(\d+)$/.exec(s) ?? [];
    const single = method === 'PATCH' && count === '1' && !s.includes('/composite/');
    if (single && run && run.what === what) run.n++;
    else if (single) {
      flush();
      run = { what: what!, n: 1 };
    } else {
      flush();
      parts.push(count ? `${what} ${count}` : s);
    }
  }
  flush();
  return parts.join(', ');
}

/** The org's API usage once it has not moved for a second (at most 15 s). */
async function settledUsage(org: { readonly apiUsage: number }): Promise<number> {
  let seen = org.apiUsage;
  for (let quiet = 0, waited = 0; quiet < 4 && waited < 60; waited++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    quiet = org.apiUsage === seen ? quiet + 1 : 0;
    seen = org.apiUsage;
  }
  return seen;
}

async function main(): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-bench-sync-'));
  const sim = await startSalesforceSimulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  if (values.mappings) {
    sim.org.deployField('Account', {
      name: 'Region__c',
      type: 'Picklist',
      custom: true,
      required: false,
      values: REGIONS,
      restricted: true,
    });
    for (const [name, record] of Object.entries(MAPPINGS))
      sim.org.setCustomMetadata('QuickBooks_Field_Mapping__mdt', name, record);
  }
  if (values.profile) fs.mkdirSync(values.profile, { recursive: true });
  const relay = await startRelayProcess({
    dataDir,
    salesforceUrl: sim.url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    username: USER,
    password: PASSWORD,
    env: {
      SF_POLL_SECONDS: '3600',
      ...Object.fromEntries(
        values['relay-env'].map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      ),
    },
    nodeArgs: [
      ...values['relay-arg'],
      ...(values.profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values.profile)] : []),
    ],
  });
  try {
    const qwc = await fetchQwc(relay.url, USER, PASSWORD);
    // What the relay reads of the org as it starts (its field mappings), before any QuickBooks record: not the sync's.
    const startup = await settledUsage(sim.org);
    const reads = sim.org.calls
      .slice(0, startup)
      .map((c) =>
        c.soql ? (/ FROM (\w+)/.exec(c.soql)?.[1] ?? 'query') : c.path.replace(/^\/services\/data\/v[\d.]+/, ''),
      );
    console.log(`relay start-up, before the first session: ${startup} Salesforce API calls (${reads.join(', ')})`);
    let t = performance.now();
    const company = createCompany(SIZE);
    const lines = company.list('invoice').reduce((n, i) => n + i.lines.length, 0);
    if (values.mappings)
      company.list('customer').forEach((c, n) => company.edit('customer', c.listId, { dataExt: valuesOf(n) }));
    console.log(
      `company generated in ${f1((performance.now() - t) / 1000)} s: ${int(company.count('customer'))} customers and jobs, ` +
        `${int(company.count('vendor'))} vendors, ${int(company.count('item'))} items, ${int(company.count('invoice'))} invoices ` +
        `with ${int(lines)} lines, ${int(company.count('bill'))} bills, ${int(company.count('payment'))} payments, ` +
        `${int(company.count('journalEntry'))} journal entries`,
    );

    const wc = createWebConnector({
      url: `${relay.url}/qbwc`,
      username: USER,
      password: PASSWORD,
      ownerId: qwc.ownerId,
      fileId: qwc.fileId,
      company,
    });
    const cpu0 = processCpuMs(relay.pid);
    const api0 = sim.org.apiUsage;
    t = performance.now();
    const report = await wc.run();
    const sessionMs = performance.now() - t;
    const cpuSession = processCpuMs(relay.pid) - cpu0;
    const peakRssSession = processPeakRssMiB(relay.pid);
    if (report.status !== 'completed') throw new Error(`session ended ${report.status}: ${report.message}`);
    const health = await waitUntilSynced(relay.url, { timeoutMs: 60 * 60_000, intervalMs: 250 });
    const syncedMs = performance.now() - t;
    const cpu = processCpuMs(relay.pid) - cpu0;
    const peakRss = processPeakRssMiB(relay.pid);
    const apiCalls = sim.org.apiUsage - api0;

    const received = Number(/(\d+) new or changed records/.exec(report.message)?.[1] ?? NaN);
    const written = Object.keys(MIRRORED).reduce((n, o) => n + sim.org.records(o).length, 0);
    const apiBudget = Math.ceil((TARGET.apiCallsPer20kInvoices * INVOICES) / 20_000);
    const soap = report.calls.length;
    const perRecord = cpu / received;

    console.log(`\nWeb Connector session: ${f1(sessionMs / 1000)} s wall; until synced: ${f1(syncedMs / 1000)} s wall`);
    console.log(
      `QuickBooks records received: ${int(received)}; Salesforce records written: ${int(written)} (${Object.keys(
        MIRRORED,
      )
        .map((o) => `${o} ${int(sim.org.records(o).length)}`)
        .join(', ')})`,
    );
    console.log(`QBWC round trips (SOAP calls): ${int(soap)}`);
    console.log(
      `relay CPU (user+system): ${f1(cpu / 1000)} s in all (${f1(cpuSession / 1000)} s during the session); ` +
        `${int((cpu * 1000) / received)} ms per 1,000 QuickBooks records, ${f2(perRecord)} ms per record ` +
        `(target ≤ ${TARGET.cpuMsPerRecord} ms: ${mark(perRecord <= TARGET.cpuMsPerRecord)}); ` +
        `${f2(cpu / written)} ms per Salesforce record written`,
    );
    console.log(
      `relay peak RSS (VmHWM): ${f1(peakRss)} MiB (target < ${TARGET.peakRssMiB} MiB: ${mark(peakRss < TARGET.peakRssMiB)}); ` +
        `${f1(peakRssSession)} MiB by the end of the session`,
    );
    const counted = sim.org.calls.slice(sim.org.calls.length - apiCalls);
    // The other direction's reads of the org (what to send to QuickBooks), once a minute while it
    // polls — with Change Data Capture, only when something changed: not the first sync's calls.
    const changeReads = counted.filter((c) => c.soql && CHANGE_READ.test(c.soql)).length;
    const syncCalls = apiCalls - changeReads;
    const perThousand = (syncCalls * 1000) / received;
    const perThousandTarget = values['calls-per-1000'] === undefined ? undefined : Number(values['calls-per-1000']);
    const also = `; besides, ${int(changeReads)} reads of the org's changes for QuickBooks (polling once a minute), ${int(apiCalls)} in all`;
    console.log(
      perThousandTarget === undefined
        ? `Salesforce API calls of the sync: ${int(syncCalls)} (target ≤ ${apiBudget}, ${TARGET.apiCallsPer20kInvoices} per 20,000 invoices with lines: ${mark(syncCalls <= apiBudget)})${also}`
        : `Salesforce API calls of the sync: ${int(syncCalls)}, ${f1(perThousand)} per 1,000 QuickBooks records (target ≤ ${perThousandTarget}: ${mark(perThousand <= perThousandTarget)})${also}`,
    );
    const byPath = new Map<string, number>();
    for (const c of counted) {
      const key = `${c.method} ${c.path
        .replace(/\/jobs\/ingest\/[^/]+/, '/jobs/ingest/{id}')
        .replace(/\/composite\/sobjects\/.*/, '/composite/sobjects/…')
        .replace(/\?.*/, '')}`;
      byPath.set(key, (byPath.get(key) ?? 0) + 1);
    }
    console.log('API calls by resource:', Object.fromEntries([...byPath].sort(([, a], [, b]) => b - a)));
    for (const [n, c] of counted.entries()) {
      if (c.soql) console.log(`  call ${n + 1}: query ${c.soql}`);
      if (c.subrequests)
        console.log(`  call ${n + 1}: composite ${c.subrequests.length} subrequests: ${packing(c.subrequests)}`);
    }

    // Completeness: every QuickBooks record in the org exactly once, nothing failed.
    const problems: string[] = [];
    const expect = (what: string, got: number, want: number) => {
      if (got !== want) problems.push(`${what}: ${got} in the org, expected ${want}`);
    };
    expect('invoices', sim.org.records('QuickBooks_Invoice__c').length, company.count('invoice'));
    expect('invoice lines', sim.org.records('QuickBooks_Invoice_Line__c').length, lines);
    expect('opportunities', sim.org.records('Opportunity').length, company.count('invoice'));
    expect('bills', sim.org.records('QuickBooks_Bill__c').length, company.count('bill'));
    expect('payments', sim.org.records('QuickBooks_Payment__c').length, company.count('payment'));
    expect('accounts', sim.org.records('Account').length, company.count('customer') + company.count('vendor'));
    expect('products', sim.org.records('Product2').length, company.count('item'));
    for (const [object, keys] of Object.entries(MIRRORED)) {
      const recs = sim.org.records(object);
      const distinct = new Set(recs.map((r) => keys.map((k) => r[k] ?? '').join('|'))).size;
      if (distinct !== recs.length) problems.push(`${object}: ${recs.length - distinct} duplicated external IDs`);
    }
    if (values.mappings) {
      const accounts = sim.org.records('Account').filter((a) => a.QuickBooks_Customer_Id__c);
      const unmapped = accounts.filter((a) => !REGIONS.includes(String(a.Region__c)) || !a.Description).length;
      console.log(
        `field mappings: ${Object.keys(MAPPINGS).length} active; ${int(accounts.length - unmapped)} of ${int(accounts.length)} customer Accounts carry both mapped values`,
      );
      if (unmapped) problems.push(`${unmapped} customer Accounts lack a mapped value`);
    }
    if (health.failedWrites > 0) problems.push(`${health.failedWrites} writes failed`);
    const logs = sim.org.records('QuickBooks_Sync_Log__c');
    if (logs.length > 0) problems.push(`${logs.length} failure logs, e.g. ${String(logs[0]!.Error_Message__c)}`);
    if (problems.length) {
      console.log(`\nINCOMPLETE:\n  - ${problems.join('\n  - ')}`);
      return 1;
    }
    console.log('\nevery record is in the org exactly once; nothing failed');
    return 0;
  } finally {
    await relay.stop();
    await sim.close();
    if (values.keep) console.log(`data directory kept: ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
    if (values.profile) console.log(`relay CPU profile written to ${path.resolve(values.profile)}`);
  }
}

process.exitCode = await main();
