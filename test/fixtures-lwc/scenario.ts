/**
 * @module
 * The scripted day the components' fixtures are read from: one QuickBooks Desktop company synced by
 * the real relay engine into the simulated org on a fixed clock (2026-03-15, UTC). A customer with
 * open, partially paid, overdue, paid and voided invoices; a payment on an invoice Salesforce refuses
 * (a failure log that stays Failed) and a customer edit it refuses until an admin replays it (Resolved); "Sync
 * with QuickBooks" on that customer (Requested, In Progress, Completed) and on an Account QuickBooks
 * does not know (Failed); a last Web Connector session at 17:55 that gives the connection its
 * company name and last contact; the day's reconciliation (one difference: the paid-down invoice
 * Salesforce refused); then "Check connection"; then "Connect QuickBooks Online", to a
 * relay with no Intuit app (Failed, in words) and to one with it (Completed with the one-time
 * link). Two field mappings an admin added that the relay ignores, in words, on the connection.
 * Returns the org as it stands, with the records the steps name.
 */
import { createWebConnector } from '../simulators/qbd/webconnector/client.ts';
import { emptyCompany } from '../qbwc/support/empty-company.ts';
import { startTestRelay } from '../qbwc/support/relay.ts';
import type { TestBackend } from '../qbwc/support/stores.ts';
import { loadConfig } from '../../relay/src/config.ts';
import { createLogger } from '../../relay/src/lib/logger.ts';
import { createReconciler } from '../../relay/src/reconcile/runner.ts';
import { reconciliationsRepo } from '../../relay/src/store/reconciliations.ts';
import { requestsRepo } from '../../relay/src/store/requests.ts';
import { readFiguresPage } from '../../relay/src/systems/qbd/session/figures-steps.ts';
import { readMirrorBook } from '../../relay/src/systems/salesforce/mirror-book.ts';
import { createSalesforceReporter } from '../../relay/src/systems/salesforce/reporter.ts';
import { qboConnectLinks } from '../../relay/src/systems/qbo/connect-link.ts';
import { invoiceRet, type InvoiceSpec } from '../sync/small-company.ts';
import type { MetadataValue } from '../simulators/salesforce/custom-metadata.ts';
import { startClockedOrg, type ClockedOrg } from './clocked-org.ts';

export const COMPANY_NAME = 'Acme Hardware Ltd';
export const RELAY_URL = 'https://relay.acme.example';
export const CONNECTION_KEY = 'acme-desktop';
const MINUTE = 60_000;
const at = (hhmm: string) => Date.parse(`2026-03-15T${hhmm}:00Z`);

const rs = (name: string, body: string) =>
  `<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><${name}Rs requestID="1" statusCode="0" statusSeverity="Info" statusMessage="Status OK">${body}</${name}Rs></QBXMLMsgsRs></QBXML>`;

const customer = (id: string, name: string, phone: string, seq: string, ext = '') =>
  `<CustomerRet><ListID>${id}</ListID><TimeCreated>2025-06-01T09:00:00-08:00</TimeCreated><TimeModified>2026-03-15T09:${seq}:00-08:00</TimeModified><EditSequence>17000000${seq}</EditSequence><Name>${name}</Name><FullName>${name}</FullName><IsActive>true</IsActive><Sublevel>0</Sublevel><CompanyName>${name}</CompanyName><Phone>${phone}</Phone>${ext}</CustomerRet>`;

/** Acme's public custom field (a data extension), which the admin's Account_Region mapping names. */
const SALES_REGION =
  '<DataExtRet><OwnerID>0</OwnerID><DataExtName>Sales Region</DataExtName><DataExtType>STR255TYPE</DataExtType><DataExtValue>E</DataExtValue></DataExtRet>';

const customers = (bluebirdPhone: string, seq: string) =>
  rs(
    'CustomerQuery',
    customer('C-1', 'Acme Hardware', '415-555-0100', '10', SALES_REGION) +
      customer('C-2', 'Bluebird Cafe', bluebirdPhone, seq),
  );

const invoice = (
  ref: string,
  date: string,
  due: string,
  amount: string,
  balance: string,
  extra: Partial<InvoiceSpec> = {},
) =>
  invoiceRet({
    id: `T-${ref}`,
    ref,
    customer: 'C-1',
    date,
    due,
    lines: [{ id: `L-${ref}`, desc: 'Hardware and fittings', amount }],
    balance,
    ...extra,
  });

/** Acme Hardware's invoices as QuickBooks returns them. */
const INVOICES = [
  invoice('INV-1001', '2026-03-01', '2026-03-31', '2250.00', '2250.00'),
  invoice('INV-1002', '2026-03-05', '2026-04-04', '1200.50', '800.25'),
  invoice('INV-1003', '2025-12-20', '2026-01-19', '1500.00', '1500.00'),
  invoice('INV-1004', '2025-11-10', '2025-12-10', '620.00', '620.00'),
  invoice('INV-1005', '2025-12-01', '2025-12-31', '1250.00', '1250.00'),
  invoice('INV-1006', '2026-02-01', '2026-03-03', '900.00', '450.00'),
  invoice('INV-1007', '2026-03-10', '2026-04-09', '75.00', '75.00'),
  invoice('INV-0998', '2025-10-01', '2025-10-31', '980.00', '0.00', { paid: true }),
  invoice('INV-0999', '2025-10-05', '2025-11-04', '0.00', '0.00', { memo: 'VOID: ordered twice' }),
];
/** A payment on INV-1007, the change Salesforce refuses. */
const INV_1007_PAID_DOWN = invoice('INV-1007', '2026-03-10', '2026-04-09', '75.00', '25.00', { seq: '1700000002' });

/** The invoices as QuickBooks holds them after INV-1007 was paid down. */
const CURRENT_INVOICES = INVOICES.map((i) => (i.includes('INV-1007') ? INV_1007_PAID_DOWN : i)).join('');

const MAPPING_TYPE = 'QuickBooks_Field_Mapping__mdt';
/** The field mappings an admin added that the relay ignores (see the connection's Field_Mapping_Problems__c). */
const IGNORED_MAPPINGS: Readonly<Record<string, Readonly<Record<string, MetadataValue>>>> = {
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
  Contact_Job_Title: {
    Salesforce_Object__c: 'Contact',
    Salesforce_Field__c: 'Title',
    QuickBooks_Object__c: 'Customer',
    QuickBooks_Field_Kind__c: 'Standard',
    QuickBooks_Field__c: 'JobTitle',
    Direction__c: 'QuickBooks to Salesforce',
    Transform__c: 'Copy',
    Active__c: true,
  },
};

export interface Scenario {
  readonly org: ClockedOrg;
  /** The customer's Account, and an Account users created that QuickBooks does not know. */
  readonly accountId: string;
  readonly prospectId: string;
  /** The "Sync with QuickBooks" request of the customer at each of its states, and the refused one. */
  readonly request: {
    readonly requested: Record<string, unknown>;
    readonly inProgress: Record<string, unknown>;
    readonly completed: Record<string, unknown>;
    readonly failed: Record<string, unknown>;
  };
  /** The health check "Check connection" created, as the org saved it, and once the relay answered it. */
  readonly healthCheck: { readonly created: Record<string, unknown>; readonly completed: Record<string, unknown> };
  /** "Connect QuickBooks Online" as the org saved it, answered by a relay with an Intuit app and by one without. */
  readonly connect: {
    readonly created: Record<string, unknown>;
    readonly completed: Record<string, unknown>;
    readonly failed: Record<string, unknown>;
  };
}

/** The relay's settings with an Intuit app (or without one: it then has no connect link to give). */
const relayConfig = (intuitApp: boolean) =>
  loadConfig({
    PUBLIC_URL: RELAY_URL,
    ...(intuitApp
      ? {
          QBO_CLIENT_ID: 'ledgerbridge-fixtures-app',
          QBO_CLIENT_SECRET: 'fixtures-app-secret',
          QBO_WEBHOOK_VERIFIER_TOKEN: 'fixtures-verifier-token',
        }
      : {}),
  });

/**
 * The clock stands still, so a write waiting for a retry never comes due: a drain would spin on the
 * writes queued behind it (when a relay change makes writes fail). Bounded, the scenario ends and the
 * fixtures show the failures.
 */
const drain = (org: ClockedOrg) => org.engine.drain({ maxRounds: 500 });

/** A record a step relies on; a relay that no longer writes it stops the scenario saying so. */
function written<T>(record: T | undefined, what: string): T {
  if (record === undefined)
    throw new Error(`The fixture scenario needs ${what}, which the relay did not write: see what it writes now.`);
  return record;
}

const settle = async (org: ClockedOrg) => {
  await drain(org);
  await org.engine.finishRuns();
  await drain(org);
};

/** Runs the day; the caller closes `org`. */
export async function runScenario(backend: TestBackend): Promise<Scenario> {
  let intuitApp = false;
  const org = await startClockedOrg(backend, {
    start: at('17:30'),
    relayUrl: RELAY_URL,
    username: CONNECTION_KEY,
    connectionId: CONNECTION_KEY,
    connectLinks: (store) => ({
      'QuickBooks Online': () =>
        qboConnectLinks(relayConfig(intuitApp), store.db, org.clock.now)['QuickBooks Online']!(),
    }),
  });
  const sim = org.sf.sim.org;
  const find = (object: string, id: string) => ({
    ...written(
      org.records(object).find((r) => r.Id === id),
      `${object} ${id}`,
    ),
  });
  const insert = (object: string, fields: Record<string, unknown>) =>
    sim.store.insert(sim.objectOrThrow(object), fields).Id;

  // Before the first session, an admin adds two field mappings the relay cannot apply: one to an
  // Account field the org lacks, one to a pair of objects not applied yet. The relay ignores both and
  // says so on the connection (Field_Mapping_Problems__c), beside the package's inactive example.
  for (const [name, values] of Object.entries(IGNORED_MAPPINGS)) sim.setCustomMetadata(MAPPING_TYPE, name, values);

  // 17:30: the first session. 17:35: Salesforce refuses the change to invoice INV-1007.
  await org.receive('S1', {
    customers: customers('415-555-0142', '20'),
    invoices: rs('InvoiceQuery', INVOICES.join('')),
  });
  await settle(org);
  org.clock.advance(5 * MINUTE);
  sim.addValidationRule('QuickBooks_Invoice__c', (r) =>
    r.Name === 'INV-1007' ? 'Invoice INV-1007 is under audit and cannot be changed.' : undefined,
  );
  await org.receive('S2', { invoices: rs('InvoiceQuery', INV_1007_PAID_DOWN) });
  await settle(org);

  // 17:40: Bluebird Cafe's new phone number is refused too; at 17:45 an admin replays it.
  org.clock.advance(5 * MINUTE);
  sim.addValidationRule('Account', (r) =>
    r.Phone === '415-555-0199' ? 'Phone numbers of this exchange are blocked by the phone-number rule.' : undefined,
  );
  await org.receive('S3', { customers: customers('415-555-0199', '30') });
  await settle(org);
  (sim.dml.rules as Map<string, unknown>).delete('Account');
  org.clock.advance(5 * MINUTE);
  const refused = written(
    org.records('QuickBooks_Sync_Log__c').find((r) => r.QuickBooks_Id__c === 'C-2'),
    'the sync log of customer C-2',
  );
  sim.store.update(sim.objectOrThrow('QuickBooks_Sync_Log__c'), refused.Id as string, { Replay_Requested__c: true });
  await org.poller.pollOnce();
  await drain(org);

  // 17:50: "Sync with QuickBooks" on the customer, and on an Account QuickBooks does not know.
  org.clock.advance(5 * MINUTE);
  const accountId = written(
    org.records('Account').find((r) => r.Name === 'Acme Hardware'),
    'the Account of customer Acme Hardware',
  ).Id as string;
  const prospectId = insert('Account', { Name: 'Prospect Inc.' });
  const requestId = insert('QuickBooks_Sync_Request__c', {
    Account__c: accountId,
    Scope__c: 'Account',
    Status__c: 'Requested',
  });
  const requested = find('QuickBooks_Sync_Request__c', requestId);
  const refusedId = insert('QuickBooks_Sync_Request__c', {
    Account__c: prospectId,
    Scope__c: 'Account',
    Status__c: 'Requested',
  });
  await org.poller.pollOnce();
  await drain(org);

  // 17:52: the next Web Connector session serves the request: the customers and all their invoices again.
  org.clock.advance(2 * MINUTE);
  // (What the session does as it opens; the poller reports it.)
  await requestsRepo(org.store.db, org.clock.now).start(CONNECTION_KEY, 'S4');
  await org.poller.reportStarted();
  await drain(org);
  const inProgress = find('QuickBooks_Sync_Request__c', requestId);
  await org.receive('S4', {
    customers: customers('415-555-0199', '30'),
    invoices: rs('InvoiceQuery', CURRENT_INVOICES),
  });
  await settle(org);
  const completed = find('QuickBooks_Sync_Request__c', requestId);

  // 17:55: a Web Connector session from the company file itself (nothing new in it).
  org.clock.advance(3 * MINUTE);
  const relay = await startTestRelay({ store: org.store, now: org.clock.now });
  try {
    const wc = createWebConnector({
      url: `${relay.url}/qbwc`,
      username: org.connection.qbwcUsername,
      password: org.password,
      ownerId: org.connection.ownerId,
      fileId: org.connection.fileId,
      company: emptyCompany({ companyName: COMPANY_NAME }),
      noOpDelayMs: 0,
    });
    const report = await wc.run();
    if (report.status !== 'completed') throw new Error(`Web Connector session ended ${report.status}`);
  } finally {
    await relay.close();
  }
  await settle(org);

  // 17:55: the day's reconciliation. Its session's light read is what QuickBooks answers now (the
  // pages above, read as the session's figures: the session itself is not opened, as for the pages);
  // the relay compares them with the org and writes the result on the connection.
  const reconciliations = reconciliationsRepo(org.store.db, org.clock.now);
  await reconciliations.ask({
    booksConnectionId: CONNECTION_KEY,
    crmConnectionId: 'salesforce',
    repair: false,
    requestedBy: 'schedule',
  });
  await reconciliations.startReading(CONNECTION_KEY, 'S5');
  for (const xml of [customers('415-555-0199', '30'), rs('InvoiceQuery', CURRENT_INVOICES)]) {
    const page = readFiguresPage(xml, '1');
    if (!page.ok) throw new Error(page.error.message);
    await reconciliations.putFigures(
      'S5',
      page.value.entries.map((e) => ({ object: e.object, key: e.key, json: JSON.stringify(e) })),
    );
  }
  await reconciliations.read('S5');
  const flow = await org.engine.flowFor(CONNECTION_KEY);
  await createReconciler({
    store: org.store,
    log: createLogger({ level: 'silent' }),
    now: org.clock.now,
    everyMs: 0,
    links: async () => [
      {
        booksConnectionId: CONNECTION_KEY,
        crmConnectionId: 'salesforce',
        flowId: flow.id,
        since: 0,
        names: { books: 'QuickBooks Desktop', crm: 'Salesforce' },
        readMirrors: () => readMirrorBook(org.sf.sf, CONNECTION_KEY),
        reread: () => Promise.resolve(), // the day asks for no repair
        report: async (r) => {
          const write = createSalesforceReporter('salesforce').reconciliationWrite?.(r);
          if (write) await org.engine.enqueue(CONNECTION_KEY, [write]);
        },
      },
    ],
  }).round();
  await drain(org);

  // 17:56: "Check connection" on Setup and health.
  org.clock.advance(MINUTE);
  const healthCheckId = insert('QuickBooks_Sync_Request__c', { Scope__c: 'Health Check', Status__c: 'Requested' });
  const healthCheck = find('QuickBooks_Sync_Request__c', healthCheckId);
  await org.poller.pollOnce();
  await drain(org);

  // 17:57: "Connect QuickBooks Online", first to a relay with no Intuit app, then to one with it.
  org.clock.advance(MINUTE);
  const connectRequest = () =>
    insert('QuickBooks_Sync_Request__c', { Scope__c: 'Connect QuickBooks Online', Status__c: 'Requested' });
  const refusedConnectId = connectRequest();
  await org.poller.pollOnce();
  intuitApp = true;
  const connectId = connectRequest();
  const connectCreated = find('QuickBooks_Sync_Request__c', connectId);
  await org.poller.pollOnce();
  return {
    org,
    accountId,
    prospectId,
    request: { requested, inProgress, completed, failed: find('QuickBooks_Sync_Request__c', refusedId) },
    healthCheck: { created: healthCheck, completed: find('QuickBooks_Sync_Request__c', healthCheckId) },
    connect: {
      created: connectCreated,
      completed: find('QuickBooks_Sync_Request__c', connectId),
      failed: find('QuickBooks_Sync_Request__c', refusedConnectId),
    },
  };
}
