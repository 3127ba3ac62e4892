/**
 * `npm run demo`: Ledgerbridge's main job, end to end, on this machine with nothing to sign up for.
 * Starts the relay (embedded store in a throw-away data directory), a simulated Salesforce org and
 * a simulated QuickBooks Desktop company behind a simulated Web Connector, all on loopback; runs a
 * Web Connector session, waits for the relay to mirror everything into the org, edits and deletes a
 * few records in QuickBooks, runs a second session, and prints what landed where, what it cost in
 * API calls and how long it took. Exits 0 when every check holds, 1 otherwise; leaves nothing running.
 *
 * Options: --customers N --vendors N --items N --invoices N --keep (keep the data directory).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../relay/src/config.ts';
import { createLogger } from '../../relay/src/lib/logger.ts';
import { decimal, sum, toMoneyString } from '../../relay/src/lib/money.ts';
import { startRelay, type RunningRelay } from '../../relay/src/server.ts';
import { createCompany, type Company } from '../simulators/qbd/company/index.ts';
import { createWebConnector } from '../simulators/qbd/webconnector/client.ts';
import { readQwc } from '../simulators/qbd/webconnector/qwc.ts';
import { startSalesforceSimulator, type SalesforceSimulator } from '../simulators/salesforce/index.ts';
import { progressLine, table } from './progress.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '200' },
    vendors: { type: 'string', default: '50' },
    items: { type: 'string', default: '100' },
    invoices: { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('npm run demo [-- --customers N --vendors N --items N --invoices N --keep]');
  process.exit(0);
}

const OBJECTS: [string, string][] = [
  ['Accounts (customers, jobs, vendors)', 'Account'],
  ['Contacts', 'Contact'],
  ['Products', 'Product2'],
  ['Standard prices', 'PricebookEntry'],
  ['Chart of accounts', 'QuickBooks_GL_Account__c'],
  ['Invoices', 'QuickBooks_Invoice__c'],
  ['Invoice lines', 'QuickBooks_Invoice_Line__c'],
  ['Opportunities', 'Opportunity'],
  ['Opportunity products', 'OpportunityLineItem'],
  ['Bills', 'QuickBooks_Bill__c'],
  ['Payments', 'QuickBooks_Payment__c'],
  ['Sync runs', 'QuickBooks_Sync_Run__c'],
  ['Sync logs (failures)', 'QuickBooks_Sync_Log__c'],
];

const checks: [string, boolean][] = [];
const check = (what: string, ok: boolean) => {
  checks.push([what, ok]);
  console.log(`  ${ok ? '✔' : '✘'} ${what}`);
};

async function waitForSync(relay: RunningRelay, label: string): Promise<void> {
  const line = progressLine(label);
  const db = relay.runtime.store.db;
  const started = Date.now();
  for (;;) {
    await relay.runtime.tick();
    const [row] = await db.query<{ inbox: number; outbox: number; done: number; running: number }>(
      `SELECT (SELECT COUNT(*) FROM inbox WHERE status = 'pending') AS inbox,
              (SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'leased')) AS outbox,
              (SELECT COUNT(*) FROM outbox WHERE status = 'done') AS done,
              (SELECT COUNT(*) FROM sync_runs WHERE outcome = 'running') AS running`,
    );
    const r = {
      inbox: Number(row!.inbox),
      outbox: Number(row!.outbox),
      done: Number(row!.done),
      running: Number(row!.running),
    };
    line.update(`${r.inbox} QuickBooks pages to read, ${r.done} Salesforce writes done, ${r.outbox} waiting`);
    if (r.inbox === 0 && r.outbox === 0 && r.running === 0) break;
    if (Date.now() - started > 10 * 60_000) throw new Error('the sync did not settle within 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  line.done(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function session(relay: RunningRelay, company: Company, user: string, password: string, label: string) {
  const res = await fetch(`${relay.url}/qbwc/qwc`, {
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
  });
  if (!res.ok) throw new Error(`could not download the .qwc file (HTTP ${res.status})`);
  const app = readQwc(await res.text());
  const line = progressLine(label);
  let calls = 0;
  const wc = createWebConnector({
    url: `${relay.url}/qbwc`,
    username: user,
    password,
    ownerId: app.ownerId,
    fileId: app.fileId,
    company,
    beforeCall: (op) => {
      calls++;
      if (op === 'sendRequestXML') line.update(`${calls} SOAP calls`);
    },
  });
  const report = await wc.run();
  line.done(`${report.status}: ${calls} SOAP calls, progress ${report.progress.at(-1) ?? 0}% — ${report.message}`);
  if (report.status !== 'completed')
    throw new Error(`Web Connector session ended with ${report.status}: ${report.lastError ?? report.message}`);
  return calls;
}

function counts(sim: SalesforceSimulator): Record<string, number> {
  return Object.fromEntries(OBJECTS.map(([, o]) => [o, sim.org.records(o).length]));
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerbridge-demo-'));
  const clientId = `demo-${randomBytes(6).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const password = randomBytes(12).toString('base64url');
  const size = {
    customers: Number(values.customers),
    vendors: Number(values.vendors),
    items: Number(values.items),
    invoices: Number(values.invoices),
    bills: Math.round(Number(values.invoices) / 4),
    payments: Math.round(Number(values.invoices) / 2),
    journalEntries: 20,
    deletions: 5,
  };
  console.log('Ledgerbridge demo: QuickBooks Desktop → Salesforce, all simulated on this machine\n');
  const sim = await startSalesforceSimulator({ clientId, clientSecret });
  const now = new Date();
  const company = createCompany({
    seed: 7,
    ...size,
    now: new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 19),
    companyName: 'Abercrombie Kitchens & Baths',
  });
  const config = loadConfig({
    PORT: '0',
    LEDGERBRIDGE_DATA_DIR: dataDir,
    SF_LOGIN_URL: sim.url,
    SF_CLIENT_ID: clientId,
    SF_CLIENT_SECRET: clientSecret,
    QBWC_USERNAME: 'demo',
    QBWC_PASSWORD: password,
    LOG_LEVEL: 'warn',
  });
  const logFile = path.join(dataDir, 'relay.log');
  const log = createLogger({ level: 'info', write: (l) => fs.appendFileSync(logFile, l + '\n') });
  const relay = await startRelay(config, log, { background: false });
  try {
    console.log(
      `QuickBooks company: ${company.count('customer')} customers (with jobs), ${company.count('vendor')} vendors, ` +
        `${company.count('item')} items, ${company.count('account')} accounts, ${company.count('invoice')} invoices, ` +
        `${company.count('bill')} bills, ${company.count('payment')} payments, ${company.count('journalEntry')} journal entries`,
    );
    console.log(`Relay ${relay.url} (embedded store in ${dataDir}); Salesforce org simulator ${sim.url}\n`);

    console.log('First Web Connector run');
    const calls1Before = sim.org.apiUsage;
    const t1 = Date.now();
    const soap1 = await session(relay, company, 'demo', password, 'QuickBooks → relay');
    await waitForSync(relay, 'relay → Salesforce');
    const first = counts(sim);
    const connectionKey = (await relay.runtime.store.connections.byUsername('demo'))!.id;
    const api1 = sim.org.apiUsage - calls1Before;
    const secs1 = (Date.now() - t1) / 1000;

    // QuickBooks totals, exactly, against what landed in the org.
    const qbInvoices = company.list('invoice');
    const qbTotal = sum(qbInvoices.map((i) => sum([decimal(i.subtotal ?? '0'), decimal(i.salesTaxTotal ?? '0')])));
    const sfTotal = sum(sim.org.records('QuickBooks_Invoice__c').map((i) => decimal(String(i.Total_Amount__c ?? '0'))));
    const qbOpen = sum(qbInvoices.map((i) => decimal(i.balanceRemaining ?? '0')));
    const sfOpen = sum(sim.org.records('Account').map((a) => decimal(String(a.QuickBooks_Open_Balance__c ?? '0'))));

    console.log(
      '\nSecond run, after changes in QuickBooks (2 customers edited, 1 made inactive, 3 invoices edited, 1 invoice deleted)',
    );
    const customers = company.list('customer').filter((c) => !c.parent);
    company.advanceClock(3600);
    for (const c of customers.slice(0, 2)) company.edit('customer', c.listId, { phone: '415-555-0100' });
    const inactive = customers[2]!;
    company.edit('customer', inactive.listId, { isActive: false });
    for (const inv of qbInvoices.slice(0, 3)) company.edit('invoice', inv.txnId, { memo: 'Updated by the bookkeeper' });
    const applied = new Set(company.list('payment').flatMap((p) => p.appliedTo.map((t) => t.txnId)));
    const deleted = qbInvoices.slice(3).find((i) => !applied.has(i.txnId))!;
    company.delete('invoice', deleted.txnId);
    const calls2Before = sim.org.apiUsage;
    const t2 = Date.now();
    const soap2 = await session(relay, company, 'demo', password, 'QuickBooks → relay');
    await waitForSync(relay, 'relay → Salesforce');
    const api2 = sim.org.apiUsage - calls2Before;
    const secs2 = (Date.now() - t2) / 1000;
    const second = counts(sim);

    console.log('\nRecords in Salesforce');
    console.log(
      table([['', 'after run 1', 'after run 2'], ...OBJECTS.map(([label, o]) => [label, first[o]!, second[o]!])]),
    );
    console.log('\nCost');
    console.log(
      table([
        ['', 'run 1', 'run 2'],
        ['Web Connector SOAP calls', soap1, soap2],
        ['Salesforce API calls', api1, api2],
        ['Seconds', Number(secs1.toFixed(1)), Number(secs2.toFixed(1))],
      ]),
    );

    const failures = sim.org.records('QuickBooks_Sync_Log__c').filter((l) => l.Status__c === 'Failed');
    if (failures.length) {
      console.log('\nFailures, with reasons');
      for (const f of failures.slice(0, 20))
        console.log(`  - ${f.Object__c} ${f.QuickBooks_Id__c}: ${f.Error_Message__c}`);
    }

    console.log('\nChecks');
    check(
      `every QuickBooks invoice is in Salesforce (${qbInvoices.length})`,
      first.QuickBooks_Invoice__c === qbInvoices.length,
    );
    check(
      `invoice totals equal QuickBooks to the cent ($${toMoneyString(qbTotal)})`,
      toMoneyString(qbTotal) === toMoneyString(sfTotal),
    );
    check(
      `open balances on Accounts equal QuickBooks to the cent ($${toMoneyString(qbOpen)})`,
      toMoneyString(qbOpen) === toMoneyString(sfOpen),
    );
    check('no record failed', failures.length === 0);
    check(
      'run 2 created no duplicates',
      second.QuickBooks_Invoice__c === first.QuickBooks_Invoice__c && second.Account === first.Account,
    );
    check(`run 2 wrote only what changed (${api2} API calls)`, api2 <= 16);
    const account = sim.org
      .records('Account')
      .find((a) => a.QuickBooks_Customer_Id__c === `${connectionKey}:${inactive.listId}`);
    check(
      `the customer made inactive in QuickBooks is inactive in Salesforce (${inactive.name})`,
      account?.QuickBooks_Active__c === false,
    );
    const voided = sim.org
      .records('QuickBooks_Invoice__c')
      .find((i) => i.QuickBooks_Invoice_Id__c === `${connectionKey}:${deleted.txnId}`);
    check(
      `the invoice deleted in QuickBooks is Voided in Salesforce, not deleted (#${deleted.refNumber})`,
      voided?.Status__c === 'Voided',
    );
    const edited = sim.org
      .records('QuickBooks_Invoice__c')
      .filter((i) => i.Memo__c === 'Updated by the bookkeeper').length;
    check('the edited invoices show the new memo', edited === 3);
    const ok = checks.every(([, good]) => good);
    console.log(
      `\n${ok ? 'Demo passed' : 'Demo FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s. Relay log: ${values.keep ? logFile : '(removed; run with --keep to keep it)'}`,
    );
    return ok ? 0 : 1;
  } finally {
    await relay.close();
    await sim.close();
    if (!values.keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
