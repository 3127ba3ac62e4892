/**
 * Salesforce API calls per 1,000 records written, counted by the simulated org the way Salesforce
 * counts them (a Collections request is one call; every Bulk API 2.0 HTTP request is one call; the
 * token endpoint is not an API call).
 *
 * Budgets (issue 4): 1,000 Accounts upserted ≤ 5 calls (one Composite call carries them now); a 20,000-invoice backfill with its lines
 * ≤ 30 calls through Bulk API 2.0. Exits non-zero when a budget is exceeded.
 */
import { loadConfig } from '../../relay/src/config.ts';
import { createLogger } from '../../relay/src/lib/logger.ts';
import { createSalesforceClient } from '../../relay/src/systems/salesforce/client.ts';
import { startSalesforceSimulator } from '../simulators/salesforce/index.ts';

const CUSTOMERS = 1_000;
const INVOICES = 20_000;
const LINES_PER_INVOICE = 3;

const sim = await startSalesforceSimulator({
  clientId: 'bench-client',
  clientSecret: 'bench-secret',
  namespace: 'lbr',
});
const config = loadConfig({
  SF_LOGIN_URL: sim.url,
  SF_CLIENT_ID: 'bench-client',
  SF_CLIENT_SECRET: 'bench-secret',
  SF_NAMESPACE: 'lbr',
});
const sf = createSalesforceClient({ settings: config.salesforce, log: createLogger({ level: 'silent' }) });
const conn = 'acme-desktop';

async function measure(label: string, records: number, budget: number, run: () => Promise<{ ok: boolean }[]>) {
  const before = sim.org.apiUsage;
  const started = performance.now();
  const out = await run();
  const calls = sim.org.apiUsage - before;
  const failed = out.filter((o) => !o.ok).length;
  const ms = performance.now() - started;
  const verdict = calls <= budget && failed === 0 ? 'within budget' : 'OVER BUDGET';
  console.log(
    `${label.padEnd(44)} ${String(records).padStart(6)} records  ${String(calls).padStart(3)} calls (budget ${budget})  ` +
      `${((calls * 1000) / records).toFixed(2).padStart(6)} calls/1,000  ${failed} failed  ${(ms / 1000).toFixed(1)} s  ${verdict}`,
  );
  return calls <= budget && failed === 0;
}

try {
  const signedIn = await sf.signIn();
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  const accounts = Array.from({ length: CUSTOMERS }, (_, i) => ({
    QuickBooks_Customer_Id__c: `${conn}:C${i}`,
    Name: `Customer ${i}`,
    BillingCity: 'Springfield',
    QuickBooks_Type__c: 'Customer',
  }));
  const ok1 = await measure('Accounts upserted (sObject Collections)', CUSTOMERS, 5, () =>
    sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', accounts),
  );

  const invoices = Array.from({ length: INVOICES }, (_, i) => ({
    QuickBooks_Invoice_Id__c: `${conn}:INV${i}`,
    Name: `INV-${i}`,
    Status__c: 'Open',
    Txn_Date__c: '2026-10-01',
    Total_Amount__c: 300,
    Balance__c: 300,
    Account__r: { QuickBooks_Customer_Id__c: `${conn}:C${i % CUSTOMERS}` },
    Connection__r: null,
  }));
  const lines = invoices.flatMap((inv, i) =>
    Array.from({ length: LINES_PER_INVOICE }, (_, k) => ({
      QuickBooks_Line_Id__c: `${conn}:INV${i}:${k}`,
      Line_Number__c: k + 1,
      Description__c: `Consulting, part ${k + 1}`,
      Quantity__c: 1,
      Rate__c: 100,
      Amount__c: 100,
      Invoice__r: { QuickBooks_Invoice_Id__c: inv.QuickBooks_Invoice_Id__c },
    })),
  );
  const ok2 = await measure(
    `Invoice backfill + ${LINES_PER_INVOICE} lines each (Bulk API 2.0)`,
    INVOICES,
    30,
    async () => [
      ...(await sf.upsertRecords('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', invoices)),
      ...(await sf.upsertRecords('QuickBooks_Invoice_Line__c', 'QuickBooks_Line_Id__c', lines)),
    ],
  );
  console.log(
    `org now holds ${sim.org.records('lbr__QuickBooks_Invoice__c').length} invoices, ${sim.org.records('lbr__QuickBooks_Invoice_Line__c').length} lines; ` +
      `client saw Sforce-Limit-Info ${JSON.stringify(sf.apiUsage())}`,
  );
  const byPath = new Map<string, number>();
  for (const c of sim.org.calls) {
    const key = `${c.method} ${c.path.replace(/\/jobs\/ingest\/[^/]+/, '/jobs/ingest/{id}').replace(/\/composite\/sobjects\/.*/, '/composite/sobjects/…')}`;
    byPath.set(key, (byPath.get(key) ?? 0) + 1);
  }
  console.log('calls by resource:', Object.fromEntries(byPath));
  process.exitCode = ok1 && ok2 ? 0 : 1;
} finally {
  await sim.close();
}
