/**
 * Time passes and nothing changes in QuickBooks: invoices and bills still turn Overdue on the
 * company's calendar day (its own time zone, not UTC), and the Account roll-ups follow — written
 * once per company day, and only for the records whose status crossed a boundary.
 */
import { computeAging, isPastDue, localIsoDate } from '../../force-app/main/default/lwc/agingBuckets/agingBuckets.ts';
import { createLogger } from '../../relay/src/lib/logger.ts';
import { createSyncEngine } from '../../relay/src/sync/engine.ts';
import { createQbdSource } from '../../relay/src/systems/qbd/source.ts';
import { createSalesforceTarget } from '../../relay/src/systems/salesforce/target.ts';
import { createSalesforceReporter } from '../../relay/src/systems/salesforce/reporter.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import { startEngineHarness, type EngineHarness } from './engine-harness.ts';
import { smallCompany, type InvoiceSpec } from './small-company.ts';

const ZONE = 'America/Los_Angeles';
const DAY_MS = 86_400_000;

/** Open, partly paid and paid invoices whose due dates fall over the weeks the test walks through. */
const SPECS: InvoiceSpec[] = [
  {
    id: 'T-100',
    ref: '1001',
    customer: 'C-1',
    date: '2026-09-01',
    due: '2026-10-01',
    lines: [{ id: 'L-1', item: 'I-1', desc: 'Installation', qty: '3', rate: '35.5', amount: '106.50' }],
    balance: '106.50',
  },
  {
    id: 'T-101',
    ref: '1002',
    customer: 'C-2',
    date: '2026-11-10',
    due: '2026-12-10',
    lines: [{ id: 'L-2', item: 'I-2', desc: 'Cabinets', qty: '2', rate: '450', amount: '900.00' }],
    balance: '524.24',
  },
  {
    id: 'T-102',
    ref: '1003',
    customer: 'C-2',
    date: '2026-08-01',
    due: '2026-11-25',
    lines: [{ id: 'L-3', item: 'I-2', desc: 'Cabinet', qty: '1', rate: '450', amount: '450.00' }],
    balance: '0.00',
    paid: true,
  },
  {
    id: 'T-103',
    ref: '1004',
    customer: 'C-3',
    date: '2026-11-01',
    due: '2026-11-25',
    lines: [{ id: 'L-4', desc: 'Survey', amount: '200.00' }],
    balance: '200.00',
  },
  {
    id: 'T-104',
    ref: '1005',
    customer: 'C-1',
    date: '2026-11-10',
    due: '2026-12-10',
    lines: [{ id: 'L-5', desc: 'Hinges', amount: '75.25' }],
    balance: '75.25',
  },
  {
    id: 'T-105',
    ref: '1006',
    customer: 'C-3',
    date: '2026-12-01',
    due: '2026-12-31',
    lines: [{ id: 'L-6', desc: 'Worktop', amount: '1000.01' }],
    balance: '1000.01',
  },
];

const cents = (amount: string) => Math.round(Number(amount) * 100);
const totalOf = (s: InvoiceSpec) => s.lines.reduce((a, l) => a + cents(l.amount), 0);

/** What the shared definition says an invoice's status is on a company day. */
function expectedStatus(s: InvoiceSpec, day: string): string {
  if (cents(s.balance) === 0) return 'Paid';
  if (isPastDue(s.due, day)) return 'Overdue';
  return cents(s.balance) < totalOf(s) ? 'Partially Paid' : 'Open';
}

/** What the shared definition says a customer's overdue balance is, in cents. */
function expectedOverdue(customer: string, day: string): number {
  const items = SPECS.filter((s) => s.customer === customer).map((s) => ({
    balanceCents: cents(s.balance),
    dueDate: s.due,
    currency: 'USD',
    invoiceStatus: s.paid ? 'Paid' : null,
  }));
  return computeAging(items, day)[0]?.overdueCents ?? 0;
}

describe.each(testBackends().map((b) => [b.name, b] as const))('company calendar on %s', (_name, backend) => {
  let h: EngineHarness;
  let clock = 0;
  const now = () => clock;

  beforeEach(async () => {
    clock = Date.parse('2026-11-20T20:00:00Z');
    h = await startEngineHarness(backend, { now, timeZone: ZONE });
  });
  afterEach(async () => {
    await h.close();
  });

  /** What the runtime does each tick. */
  async function tick(engine = h.engine) {
    await engine.drain({ waitForRetriesMs: 1000 });
    await engine.finishRuns();
    await engine.drain({ waitForRetriesMs: 1000 });
  }

  const account = (customer: string) => h.sf.sim.org.find('Account', 'QuickBooks_Customer_Id__c', `acme:${customer}`)!;
  const invoice = (id: string) => h.sf.sim.org.find('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', `acme:${id}`)!;
  const bill = () => h.sf.sim.org.find('QuickBooks_Bill__c', 'QuickBooks_Bill_Id__c', 'acme:B-1')!;

  /** Write counts of every mirrored record the calendar may touch, by a readable key. */
  function writeCounts(): Record<string, number> {
    const count = (id: string) => h.sf.sim.org.store.writeCount(id);
    return {
      ...Object.fromEntries(SPECS.map((s) => [s.id, count(invoice(s.id).Id as string)])),
      'B-1': count(bill().Id as string),
      ...Object.fromEntries(['C-1', 'C-2', 'C-3'].map((c) => [c, count(account(c).Id as string)])),
    };
  }

  it('turns invoices and bills Overdue day by day over six weeks, writing only what crossed', async () => {
    await h.receive('S1', { ...smallCompany(SPECS) });
    await tick();
    const calls = () => h.sf.sim.org.calls.length;

    let previousDay = localIsoDate(new Date(clock), ZONE);
    let crossingDays = 0;
    // Each day: just before the company's midnight (07:30Z, when UTC is already on the next day),
    // then just after it (08:30Z; Los Angeles is on UTC-8 all through these weeks).
    const start = Date.parse('2026-11-21T07:30:00Z');
    for (let n = 0; n < 42; n++) {
      for (const at of [start + n * DAY_MS, start + n * DAY_MS + 3_600_000]) {
        clock = at;
        const day = localIsoDate(new Date(clock), ZONE);
        const crossedInvoices = SPECS.filter((s) => expectedStatus(s, day) !== expectedStatus(s, previousDay));
        const billCrossed = isPastDue('2026-12-01', day) !== isPastDue('2026-12-01', previousDay);
        const customers = new Set(crossedInvoices.filter((s) => cents(s.balance) > 0).map((s) => s.customer));
        const callsBefore = calls();
        const before = writeCounts();

        await tick();

        for (const s of SPECS) expect([s.id, invoice(s.id).Status__c]).toEqual([s.id, expectedStatus(s, day)]);
        expect(bill().Status__c).toBe(isPastDue('2026-12-01', day) ? 'Overdue' : 'Open');
        for (const c of ['C-1', 'C-2', 'C-3']) {
          expect([c, cents(String(account(c).QuickBooks_Overdue_Balance__c))]).toEqual([c, expectedOverdue(c, day)]);
        }
        const after = writeCounts();
        const written = Object.keys(after).filter((k) => after[k] !== before[k]);
        expect(written.sort()).toEqual(
          [...crossedInvoices.map((s) => s.id), ...(billCrossed ? ['B-1'] : []), ...customers].sort(),
        );
        // Nothing crossed: no API call at all. Otherwise one call: the objects written (invoices,
        // bills, Accounts) are of one rank, packed into one Composite call.
        expect(calls() - callsBefore).toBe(written.length > 0 ? 1 : 0);
        if (written.length > 0) crossingDays++;
        previousDay = day;
      }
    }
    // 11-26 (T-103), 12-02 (the bill), 12-11 (T-101 and T-104), 2027-01-01 (T-105).
    expect(crossingDays).toBe(4);
  });

  it('follows the company day, not UTC: at 06:30Z Los Angeles is still on the day before', async () => {
    const due: InvoiceSpec = { ...SPECS[3]!, due: '2026-03-09', date: '2026-02-01' };
    clock = Date.parse('2026-03-10T06:30:00Z');
    await h.receive('S1', { ...smallCompany([due]) });
    await tick();
    expect(invoice('T-103').Status__c).toBe('Open');
    expect(String(account('C-3').QuickBooks_Overdue_Balance__c)).toBe('0');

    clock = Date.parse('2026-03-10T08:30:00Z');
    await tick();
    expect(invoice('T-103').Status__c).toBe('Overdue');
    expect(String(account('C-3').QuickBooks_Overdue_Balance__c)).toBe('200');
  });

  it('does not recompute again when the relay restarts the same day', async () => {
    await h.receive('S1', { ...smallCompany(SPECS) });
    await tick();
    clock = Date.parse('2026-11-26T17:00:00Z');
    await tick();
    expect(invoice('T-103').Status__c).toBe('Overdue');

    const restarted = createSyncEngine({
      store: h.store,
      source: createQbdSource({ connections: h.store.connections }),
      target: createSalesforceTarget(h.sf.sf),
      reporter: createSalesforceReporter('salesforce'),
      log: createLogger({ level: 'silent' }),
      now,
      timeZone: ZONE,
    });
    const before = writeCounts();
    // A restarted relay reads the org once (its standard price book); it writes nothing.
    const writeCalls = () => h.sf.sim.org.calls.filter((c) => c.method !== 'GET').length;
    const writesBefore = writeCalls();
    clock += 3_600_000;
    await tick(restarted);
    expect(writeCounts()).toEqual(before);
    expect(writeCalls()).toBe(writesBefore);

    // The next crossing is still found by the restarted relay.
    clock = Date.parse('2026-12-02T17:00:00Z');
    await tick(restarted);
    expect(bill().Status__c).toBe('Overdue');
    expect(writeCounts()).toEqual({ ...before, 'B-1': before['B-1']! + 1 });
  });
});
