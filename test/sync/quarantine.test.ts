/**
 * Payloads the engine cannot decode: quarantined with the reason in words and the raw payload kept,
 * the cursor their page fed rewound (to the earliest value when several are), and each reported
 * once as a Sync Log — never twice, even when two relay processes report at the same time.
 */
import { createLogger } from '../../relay/src/lib/logger.ts';
import { outboxRepo } from '../../relay/src/store/outbox.ts';
import { flowsInto } from '../../relay/src/sync/flows.ts';
import { ingest } from '../../relay/src/sync/ingest.ts';
import { createQbdSource } from '../../relay/src/systems/qbd/source.ts';
import { createSalesforceTarget } from '../../relay/src/systems/salesforce/target.ts';
import { createSalesforceReporter } from '../../relay/src/systems/salesforce/reporter.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import { startEngineHarness, type EngineHarness } from './engine-harness.ts';

/** A customer page whose second record has an EditSequence QuickBooks never writes. */
const unreadableCustomers = (requestId: string) =>
  `<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><CustomerQueryRs requestID="${requestId}" statusCode="0" statusSeverity="Info" statusMessage="Status OK">` +
  ['1', 'not an edit sequence']
    .map(
      (seq, i) =>
        `<CustomerRet><ListID>C-${i + 1}</ListID><TimeCreated>2026-11-01T09:00:00-08:00</TimeCreated><TimeModified>2026-11-01T09:00:00-08:00</TimeModified><EditSequence>${seq}</EditSequence><Name>Customer ${i + 1}</Name><FullName>Customer ${i + 1}</FullName><IsActive>true</IsActive></CustomerRet>`,
    )
    .join('') +
  `</CustomerQueryRs></QBXMLMsgsRs></QBXML>`;

const WORDS =
  /^Ledgerbridge could not read a page of the customer list QuickBooks sent \(CustomerQuery\): .*CustomerRet #2 in CustomerQueryRs \(requestID Customer-\d\) has an invalid "not an edit sequence" EditSequence\. Its records are read again at the next session\.$/;

describe.each(testBackends().map((b) => [b.name, b] as const))('unreadable payloads on %s', (_name, backend) => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await startEngineHarness(backend);
  });
  afterEach(async () => {
    await h.close();
  });

  const logRow = (inboxId: string) =>
    outboxRepo(h.store.db).findByTarget('acme', 'QuickBooks_Sync_Log__c', `acme:inbox:${inboxId}`);

  const addPage = (id: string, from: string | null, version: number) =>
    h.store.inbox.add({
      id,
      connectionId: 'acme',
      sessionId: 'S1',
      requestKind: 'CustomerQuery',
      requestId: `Customer-${id.slice(-1)}`,
      payload: unreadableCustomers(`Customer-${id.slice(-1)}`),
      cursor: { type: 'Customer', from, version },
    });

  it('quarantines the page with its reason in words, rewinds its cursor, and logs it once', async () => {
    // The page moved the customer cursor from 08:00 to 09:00 when it was received.
    await h.store.cursors.put('acme', {
      objectType: 'Customer',
      fromModified: '2026-11-01T09:00:00-08:00',
      boundary: [['C-1', '1']],
    });
    await addPage('page-1', '2026-11-01T08:00:00-08:00', 1);
    await h.engine.drain();

    const [row] = await h.store.inbox.list('acme');
    expect(row).toMatchObject({
      status: 'quarantined',
      error: 'qbxml_invalid_identity',
      payload: unreadableCustomers('Customer-1'),
      processedAt: null,
    });
    expect(row!.errorMessage).toMatch(WORDS);
    expect(row!.loggedAt).not.toBeNull();
    expect(await h.store.cursors.get('acme', 'Customer')).toMatchObject({
      fromModified: '2026-11-01T08:00:00-08:00',
      boundary: [],
      version: 2,
    });
    const log = h.records('QuickBooks_Sync_Log__c').find((l) => l.Log_Key__c === 'acme:inbox:page-1');
    expect(log).toMatchObject({
      Status__c: 'Failed',
      Object__c: 'CustomerQuery',
      QuickBooks_Id__c: 'Customer-1',
      Error_Code__c: 'qbxml_invalid_identity',
      Error_Message__c: row!.errorMessage,
    });
    // Neither customer of the page reached the org; the run counts the page as one failure.
    expect(h.records('Account')).toHaveLength(0);
    const [run] = h.records('QuickBooks_Sync_Run__c');
    expect(run?.Records_Failed__c).toBe(1);

    const again = await h.engine.drain();
    expect(again.dispatched.sent).toBe(0);
    expect((await logRow('page-1'))?.generation).toBe(1);
    expect(h.records('QuickBooks_Sync_Log__c').filter((l) => l.Log_Key__c === 'acme:inbox:page-1')).toHaveLength(1);
  });

  it('rewinds to the earliest page when two pages of the customer list are unreadable, with one log each', async () => {
    await h.store.cursors.put('acme', {
      objectType: 'Customer',
      fromModified: '2026-11-01T12:00:00-08:00',
      boundary: [],
    });
    await addPage('page-1', '2026-11-01T08:00:00-08:00', 1);
    await addPage('page-2', '2026-11-01T10:00:00-08:00', 1);
    await h.engine.drain();

    expect((await h.store.inbox.list('acme', { status: 'quarantined' })).map((i) => i.id)).toEqual([
      'page-1',
      'page-2',
    ]);
    // The second page's later value does not undo the first page's rewind.
    expect(await h.store.cursors.get('acme', 'Customer')).toMatchObject({
      fromModified: '2026-11-01T08:00:00-08:00',
      version: 3,
    });
    expect(
      h
        .records('QuickBooks_Sync_Log__c')
        .map((l) => l.Log_Key__c)
        .filter((k) => String(k).includes(':inbox:'))
        .sort(),
    ).toEqual(['acme:inbox:page-1', 'acme:inbox:page-2']);
  });

  it("finishes a session's run only once its quarantined pages are reported, counting them as failures", async () => {
    await h.receive('S3', {
      CustomerQuery:
        '<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><CustomerQueryRs requestID="1" statusCode="1" statusSeverity="Info" statusMessage="none"/></QBXMLMsgsRs></QBXML>',
    });
    await h.engine.drain();
    // The session's last page could not be read on receipt, after the engine's pass.
    await h.store.inbox.add({
      id: 'page-s3',
      connectionId: 'acme',
      sessionId: 'S3',
      requestKind: 'VendorQuery',
      requestId: 'Vendor-4',
      payload: '<QBXML>',
      status: 'quarantined',
      error: 'qbxml_malformed',
      errorMessage: 'words',
    });
    expect(await h.engine.finishRuns()).toBe(0);
    await h.engine.drain();
    expect(await h.engine.finishRuns()).toBe(1);
    await h.engine.drain();
    const run = h.records('QuickBooks_Sync_Run__c').find((r) => r.Run_Key__c === 'acme:S3');
    expect(run).toMatchObject({ Records_Failed__c: 1, Outcome__c: 'Completed with Failures' });
  });

  it('reports a page quarantined on receipt exactly once when two relay processes report at once', async () => {
    await h.store.inbox.add({
      id: 'page-r',
      connectionId: 'acme',
      sessionId: 'S2',
      requestKind: 'InvoiceQuery',
      requestId: 'Invoice-4',
      payload: '<QBXML><QBXMLMsgsRs><InvoiceQueryRs',
      status: 'quarantined',
      error: 'qbxml_malformed',
      errorMessage: 'Ledgerbridge could not read a page of invoices QuickBooks sent (InvoiceQuery): it is cut short.',
    });
    const flows = flowsInto(h.store, { id: 'salesforce', system: 'salesforce', label: 'Org', settings: {} });
    const deps = (worker: string) => ({
      store: h.store,
      source: createQbdSource({ connections: h.store.connections }),
      target: createSalesforceTarget(h.sf.sf),
      reporter: createSalesforceReporter('salesforce'),
      log: createLogger({ level: 'silent' }),
      worker,
      now: Date.now,
      runFor: () => 'acme:S2',
      contextFor: () => Promise.reject(new Error('no payload to decode')),
      flowFor: flows,
    });
    const [a, b] = await Promise.all([ingest(deps('relay-a')), ingest(deps('relay-b'))]);
    expect(a.failed + b.failed).toBe(1);
    const row = await logRow('page-r');
    expect(row).toMatchObject({ generation: 1, status: 'pending', sourceType: 'syncLog', runId: 'acme:S2' });
    expect(row!.fields).toMatchObject({
      Object__c: 'InvoiceQuery',
      Error_Code__c: 'qbxml_malformed',
      Error_Message__c:
        'Ledgerbridge could not read a page of invoices QuickBooks sent (InvoiceQuery): it is cut short.',
      Status__c: 'Failed',
    });
    expect((await ingest(deps('relay-a'))).failed).toBe(0);
    expect((await logRow('page-r'))?.generation).toBe(1);
  });
});
