/**
 * A Canadian company file through real Web Connector sessions: the relay reads the home currency
 * from the company's preferences (multicurrency off: the edition's own), keeps it on the
 * connection, and its invoices land in Salesforce in Canadian dollars. A currency without an ISO
 * 4217 code fails its records in words (a Sync Log), with no made-up code.
 */
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';

const CANADA: CompanyOptions = { seed: 5, customers: 6, vendors: 2, items: 4, invoices: 12, country: 'CA' };

async function synced(company: CompanyOptions): Promise<InProcessRelay> {
  const r = await startInProcessRelay(company);
  const report = await r.webConnector();
  if (report.status !== 'completed') throw new Error(`Web Connector run: ${report.status} ${report.message}`);
  await r.settle();
  return r;
}

const homeCurrency = async (r: InProcessRelay) => {
  const [connection] = await r.relay.runtime.store.connections.list();
  return connection?.company?.homeCurrency;
};

describe('the home currency of a Canadian company file', () => {
  let r: InProcessRelay | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('multicurrency off: the edition decides (CA → CAD); every invoice lands in CAD', async () => {
    r = await synced({ ...CANADA, multiCurrency: false });
    expect(await homeCurrency(r)).toBe('CAD');
    const invoices = r.sim.org.records('QuickBooks_Invoice__c');
    expect(invoices).toHaveLength(r.company.count('invoice'));
    expect(invoices.map((i) => i.Currency_Code__c)).toEqual(invoices.map(() => 'CAD'));
    expect(r.sim.org.records('QuickBooks_Sync_Log__c').filter((l) => l.Status__c === 'Failed')).toEqual([]);
  });

  it('multicurrency on: the preferences name Canadian Dollar; invoices in CAD, and US dollar ones in USD', async () => {
    r = await synced({
      ...CANADA,
      multiCurrency: true,
      foreignCurrency: { name: 'US Dollar', customers: 1, exchangeRate: '1.35' },
    });
    expect(await homeCurrency(r)).toBe('CAD');
    const codeOf = new Map(
      r.sim.org.records('QuickBooks_Invoice__c').map((i) => [String(i.QuickBooks_Invoice_Id__c).split(':')[1], i]),
    );
    const expected = r.company.list('invoice').map((i) => [i.txnId, i.currency?.fullName]);
    expect(expected.filter(([, name]) => name === 'US Dollar').length).toBeGreaterThan(0);
    expect(expected.filter(([, name]) => name === 'Canadian Dollar').length).toBeGreaterThan(0);
    expect(r.company.list('invoice').map((i) => [i.txnId, codeOf.get(i.txnId)?.Currency_Code__c])).toEqual(
      expected.map(([id, name]) => [id, name === 'US Dollar' ? 'USD' : 'CAD']),
    );
  });

  it('a currency without an ISO code fails its customer and invoices in words; nothing gets a made-up code', async () => {
    r = await synced({ ...CANADA, multiCurrency: true, foreignCurrency: { name: 'Galactic Credit', customers: 1 } });
    const galactic = r.company.list('invoice').filter((i) => i.currency?.fullName === 'Galactic Credit');
    expect(galactic.length).toBeGreaterThan(0);
    const logs = r.sim.org.records('QuickBooks_Sync_Log__c').filter((l) => l.Error_Code__c === 'qbd_unknown_currency');
    const invoiceLogs = logs.filter((l) => l.Object__c === 'Invoice');
    expect(invoiceLogs.map((l) => l.QuickBooks_Id__c).sort()).toEqual(galactic.map((i) => i.txnId).sort());
    for (const l of invoiceLogs) {
      expect(l.Status__c).toBe('Failed');
      expect(String(l.Error_Message__c)).toMatch(
        /^QuickBooks currency 'Galactic Credit' on invoice \S+ has no ISO 4217 code Ledgerbridge knows; /,
      );
    }
    expect(logs.filter((l) => l.Object__c === 'Customer').length).toBeGreaterThan(0);
    const invoices = r.sim.org.records('QuickBooks_Invoice__c');
    expect(invoices).toHaveLength(r.company.count('invoice') - galactic.length);
    expect(invoices.map((i) => i.Currency_Code__c)).toEqual(invoices.map(() => 'CAD'));
  });
});
