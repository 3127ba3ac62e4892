/**
 * QuickBooks Desktop → Dynamics 365 Sales first sync: a generated company of 20,000 customers
 * (`--customers N`) pulled by one Web Connector run through a real relay process (`ledgerbridge
 * start`, embedded store on disk) into the Dataverse simulator, provisioned first with
 * `ledgerbridge dynamics provision`; the relay trusts the simulator's sign-in through
 * NODE_EXTRA_CA_CERTS, as an operator would. Midway the environment answers 429 with Retry-After
 * for a while (service protection), which must cost no record.
 *
 * Prints the Web API calls of the sync (the aim: at most 25 for 20,000 customers), how many were
 * bulk messages and the rows they wrote, the requests Dataverse's service protection counts (a
 * bulk message is one, a `$batch` each of its operations; 6,000 per 5 minutes per application
 * user, lifted here unless `--real-limits`) and the time that limit would impose, wall time, relay
 * CPU per record and peak RSS. Does not assert timing; exits non-zero when an account
 * is missing, duplicated or failed. Options: --customers N, --real-limits, --timeout-minutes N.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startDataverseSimulator } from '../simulators/dynamics/index.ts';
import { createCompany } from '../simulators/qbd/company/index.ts';
import { createWebConnector } from '../simulators/qbd/webconnector/client.ts';
import {
  fetchQwc,
  processCpuMs,
  processPeakRssMiB,
  startRelayProcess,
  waitUntilSynced,
} from '../sync/support/relay-process.ts';
import { isWriteCall, provisionedEnvironment, WRITE_PATH } from '../sync/support/dynamics-process.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '20000' },
    'timeout-minutes': { type: 'string', default: '30' },
    'real-limits': { type: 'boolean', default: false },
  },
});
const CUSTOMERS = Number(values.customers);
const USER = 'bench';
const PASSWORD = 'bench password for the web connector';
const APP = { clientId: 'bench-dynamics-app', clientSecret: 'bench-dynamics-secret' };
const TARGET_CALLS_PER_20K = 25;

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-bench-dyn-'));
  // Dataverse allows one application user 6,000 operations per 5 minutes (each operation of a $batch
  // counts): the sync's own cost is measured with that ceiling lifted, unless --real-limits.
  const sim = await startDataverseSimulator({
    ...APP,
    ticking: true,
    // Dataverse's asynchronous service sends webhooks side by side; one at a time, 20,000 of them
    // would outlast the sync they report on.
    webhookConcurrency: 16,
    ...(values['real-limits'] ? {} : { limits: { requestsPerWindow: 100_000_000 } }),
  });
  const env = await provisionedEnvironment(sim, APP, dataDir);
  const relay = await startRelayProcess({
    dataDir,
    username: USER,
    password: PASSWORD,
    env,
  });
  try {
    const qwc = await fetchQwc(relay.url, USER, PASSWORD);
    const company = createCompany({
      seed: 14,
      customers: CUSTOMERS,
      vendors: 0,
      items: 0,
      invoices: 0,
      bills: 0,
      payments: 0,
    });
    const customers = company.count('customer');
    const withContact = company.list('customer').filter((c) => c.lastName || c.firstName).length;
    console.log(`company generated: ${int(customers)} customers and jobs (${int(withContact)} with a contact person)`);
    const before = sim.requests.length;
    const bulk0 = { requests: sim.counters.bulkRequests, rows: sim.counters.bulkRows };
    const wc = createWebConnector({
      url: `${relay.url}/qbwc`,
      username: USER,
      password: PASSWORD,
      ownerId: qwc.ownerId,
      fileId: qwc.fileId,
      company,
    });
    // Service protection: once the relay has begun writing, 429s with Retry-After for a while.
    const storm = setInterval(() => {
      if (sim.requests.slice(before).some((r) => isWriteCall(r.method, r.path))) {
        sim.faults.inject('throttle', { times: 3, retryAfter: 1, path: WRITE_PATH });
        clearInterval(storm);
      }
    }, 50);
    // Progress while it runs: the Web API calls answered so far and the webhooks sent.
    const progress = setInterval(
      () =>
        console.log(
          `  … ${int(sim.requests.length - before)} Web API calls, ${int(sim.webhooks.deliveries.length)} webhooks, ` +
            `${int(sim.env.table('account').rows().length)} accounts`,
        ),
      10_000,
    );
    const cpu0 = processCpuMs(relay.pid);
    const t = performance.now();
    const report = await wc.run();
    if (report.status !== 'completed') throw new Error(`session ended ${report.status}: ${report.message}`);
    const health = await waitUntilSynced(relay.url, {
      timeoutMs: Number(values['timeout-minutes']) * 60_000,
      intervalMs: 250,
    }).catch((error: unknown) => {
      console.log(`the relay's last log lines:\n${relay.log().trim().split('\n').slice(-25).join('\n')}`);
      throw error;
    });
    clearInterval(storm);
    clearInterval(progress);
    const wallMs = performance.now() - t;
    const cpu = processCpuMs(relay.pid) - cpu0;
    const calls = sim.requests.slice(before);
    const refused = calls.filter((c) => c.status === 429).length;
    const sent = calls.filter((c) => c.status !== 429);
    // What service protection counts: a request, or each operation of a $batch.
    const counted = sent.reduce((n, c) => n + (c.operations ?? 1), 0);
    const rows =
      sim.counters.bulkRows -
      bulk0.rows +
      sent.filter((c) => c.path === '$batch').reduce((n, c) => n + c.operations, 0);
    const bulkCalls = sim.counters.bulkRequests - bulk0.requests;
    const budget = Math.ceil((TARGET_CALLS_PER_20K * customers) / 20_000);

    console.log(`\nuntil synced: ${f1(wallMs / 1000)} s wall`);
    console.log(
      `Web API calls of the sync: ${int(sent.length)} answered (aim ≤ ${budget} for ${int(customers)} customers: ` +
        `${sent.length <= budget ? 'meets it' : 'MISSES IT'}), ${int(bulkCalls)} of them bulk messages; ` +
        `${int(rows)} rows and states written; ${refused} answered 429 with Retry-After and waited out`,
    );
    const windows = Math.ceil(counted / 6000);
    console.log(
      `service protection counts ${int(counted)} requests (a bulk message is one, a $batch each of its operations): ` +
        `at Dataverse's default of 6,000 per 5 minutes for one application user they take ` +
        `${windows > 1 ? `at least ${(windows - 1) * 5} minutes` : 'one window'}` +
        `${values['real-limits'] ? '' : ' (this run lifted that limit; --real-limits keeps it, and the relay waits as Retry-After says)'}`,
    );
    const byPath = new Map<string, number>();
    for (const c of sent)
      byPath.set(
        `${c.method} ${c.path.replace(/\?.*/, '')}`,
        (byPath.get(`${c.method} ${c.path.replace(/\?.*/, '')}`) ?? 0) + 1,
      );
    console.log('calls by resource:', Object.fromEntries(byPath));
    console.log(
      `relay CPU (user+system): ${f1(cpu / 1000)} s, ${f2(cpu / customers)} ms per customer; ` +
        `peak RSS ${f1(processPeakRssMiB(relay.pid))} MiB`,
    );

    const problems: string[] = [];
    const accounts = [...sim.env.table('account').rows()];
    if (accounts.length !== customers) problems.push(`${accounts.length} accounts, expected ${customers}`);
    const keys = new Set(accounts.map((a) => `${String(a.lb_quickbooksconnection)}|${String(a.lb_quickbooksid)}`));
    if (keys.size !== accounts.length) problems.push(`${accounts.length - keys.size} duplicated accounts`);
    if (health.failedWrites > 0) problems.push(`${health.failedWrites} writes failed`);
    const logs = [...sim.env.table('lb_synclog').rows()];
    if (logs.length) {
      const codes = new Map<string, number>();
      for (const l of logs) codes.set(String(l.lb_errorcode), (codes.get(String(l.lb_errorcode)) ?? 0) + 1);
      problems.push(
        `${logs.length} sync log rows (${[...codes].map(([c, n]) => `${c} ×${n}`).join(', ')}), e.g. ${String(logs[0]!.lb_errormessage)}`,
      );
    }
    if (problems.length) {
      console.log(`\nINCOMPLETE:\n  - ${problems.join('\n  - ')}`);
      const warnings = relay
        .log()
        .split('\n')
        .filter((l) => /"level":"(warn|error)"/.test(l));
      console.log(`the relay's first warnings:\n${warnings.slice(0, 10).join('\n')}`);
      return 1;
    }
    console.log('\nevery customer is an account exactly once; the 429s cost no record; nothing failed');
    return 0;
  } finally {
    await relay.stop();
    await sim.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
