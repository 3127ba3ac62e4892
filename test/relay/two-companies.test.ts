/**
 * Two QuickBooks Desktop company files, each with its own Web Connector user, into one org. Each
 * company's records, runs, health and failures stay its own (every record points at its own
 * connection record); a company whose records fail, and then whose QuickBooks stops answering,
 * does not hold the other back: its next session's changes reach the org as usual. Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import { startInProcessRelay, type AddedCompany, type InProcessRelay } from './in-process.ts';

const ACME: CompanyOptions = { seed: 21, customers: 6, vendors: 2, items: 3, invoices: 8, bills: 2, payments: 2 };
/** One customer of Globex bills in a currency without an ISO code: its records fail, in words. */
const GLOBEX: CompanyOptions = {
  seed: 22,
  customers: 5,
  vendors: 1,
  items: 2,
  invoices: 6,
  bills: 1,
  payments: 1,
  multiCurrency: true,
  foreignCurrency: { name: 'Galactic Credit', customers: 1 },
};

type Row = Readonly<Record<string, unknown>>;

describe.each(testBackends().map((b) => [b.name, b] as const))('two companies into one org, on %s', (_n, backend) => {
  let r: InProcessRelay;
  let store: Store | undefined;
  let globex: AddedCompany;
  let acmeId: string;
  let t = Date.parse('2026-12-01T15:00:00Z');
  const now = () => t;

  beforeEach(async () => {
    store = backend.name === 'embedded' ? undefined : await backend.open({ now });
    r = await startInProcessRelay(ACME, { ...(store ? { store } : {}), now });
    globex = await r.addCompany('globex', GLOBEX);
    acmeId = (await r.relay.runtime.store.connections.byUsername('acme'))!.id;
  });
  afterEach(async () => {
    await r.close();
    await store?.close();
  });

  const org = (object: string) => r.sim.org.records(object);
  const connectionRecord = (key: string) => org('QuickBooks_Connection__c').find((c) => c.Connection_Key__c === key)!;
  /** Records of an object that point at a company's connection record (by the given lookup field). */
  const of = (object: string, lookup: string, key: string) =>
    org(object).filter((x: Row) => x[lookup] === connectionRecord(key).Id);
  const failedLogs = (key: string) =>
    of('QuickBooks_Sync_Log__c', 'Connection__c', key).filter((l) => l.Status__c === 'Failed');
  const session = async (run: () => ReturnType<InProcessRelay['webConnector']>) => {
    t += 15 * 60_000;
    const report = await run();
    await r.settle();
    return report;
  };

  it('keeps each company’s records, runs, health and failures apart; one failing does not stop the other', async () => {
    expect((await session(() => r.webConnector())).status).toBe('completed');
    expect((await session(() => globex.webConnector())).status).toBe('completed');

    // Two connection records, one per company file, and one flow each into the org.
    expect(
      org('QuickBooks_Connection__c')
        .map((c) => c.Connection_Key__c)
        .sort(),
    ).toEqual([acmeId, globex.connectionId].sort());
    // Records: every Account and invoice points at its own company, and each company's count is its own.
    const accountsOf = (key: string) => of('Account', 'QuickBooks_Connection__c', key);
    const invoicesOf = (key: string) => of('QuickBooks_Invoice__c', 'Connection__c', key);
    expect(accountsOf(acmeId)).toHaveLength(r.company.count('customer') + r.company.count('vendor'));
    expect(invoicesOf(acmeId)).toHaveLength(r.company.count('invoice'));
    const globexRefused = globex.company.list('customer').filter((c) => c.currency?.fullName === 'Galactic Credit');
    expect(globexRefused.length).toBeGreaterThan(0);
    expect(accountsOf(globex.connectionId)).toHaveLength(
      globex.company.count('customer') + globex.company.count('vendor') - globexRefused.length,
    );
    expect(org('Account')).toHaveLength(accountsOf(acmeId).length + accountsOf(globex.connectionId).length);
    expect(org('QuickBooks_Invoice__c')).toHaveLength(
      invoicesOf(acmeId).length + invoicesOf(globex.connectionId).length,
    );
    // Runs: one per session, each on its own company; failures counted where they happened.
    const runsOf = (key: string) => of('QuickBooks_Sync_Run__c', 'Connection__c', key);
    expect(runsOf(acmeId).map((x) => [x.Outcome__c, x.Records_Failed__c])).toEqual([['Succeeded', 0]]);
    expect(runsOf(globex.connectionId).map((x) => x.Outcome__c)).toEqual(['Completed with Failures']);
    // Failures: Globex's, in words, on Globex's connection and run; none on Acme's.
    expect(failedLogs(acmeId)).toEqual([]);
    const logs = failedLogs(globex.connectionId);
    expect(logs.length).toBe(Number(runsOf(globex.connectionId)[0]!.Records_Failed__c));
    expect(logs.every((l) => l.Sync_Run__c === runsOf(globex.connectionId)[0]!.Id)).toBe(true);
    expect(String(logs[0]!.Error_Message__c)).toMatch(/Galactic Credit.*has no ISO 4217 code/);
    expect(connectionRecord(acmeId)).toMatchObject({ Status__c: 'Healthy', Failed_Count__c: 0 });

    // Globex's QuickBooks stops answering: its session fails and its connection says so...
    globex.company.faults.inject('qbNotRunning', { times: 3 });
    expect((await session(() => globex.webConnector())).status).not.toBe('completed');
    expect(connectionRecord(globex.connectionId)).toMatchObject({ Status__c: 'Offline' });
    expect(String(connectionRecord(globex.connectionId).Last_Error__c)).toMatch(/QuickBooks/);
    // ...while Acme's next session brings its edit in as usual, and Acme stays Healthy.
    r.company.advanceClock(3600);
    const invoice = r.company.list('invoice')[0]!;
    r.company.edit('invoice', invoice.txnId, { memo: 'Second delivery moved to Friday' });
    expect((await session(() => r.webConnector())).status).toBe('completed');
    const mirrored = invoicesOf(acmeId).find((i) => String(i.QuickBooks_Invoice_Id__c).endsWith(`:${invoice.txnId}`));
    expect(mirrored?.Memo__c).toBe('Second delivery moved to Friday');
    expect(connectionRecord(acmeId)).toMatchObject({ Status__c: 'Healthy', Failed_Count__c: 0 });
    expect(runsOf(acmeId).map((x) => x.Outcome__c)).toEqual(['Succeeded', 'Succeeded']);
    // Globex's products, mirrored into the same org, are Globex's: none is added to Acme's books.
    const acmeItems = new Set(r.company.list('item').map((i) => i.name));
    expect(globex.company.list('item').filter((i) => acmeItems.has(i.name))).toEqual([]);
    expect(connectionRecord(globex.connectionId)).toMatchObject({ Status__c: 'Offline' });
    expect(failedLogs(acmeId)).toEqual([]);
  });
});
