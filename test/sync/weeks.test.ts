/**
 * A month of a company's life, as a new customer would live it: the first Web Connector session
 * backfills through Bulk API 2.0 while the Salesforce session expires mid-job; then the bookkeeper
 * empties fields, moves a job to the top level, removes and re-enters invoice lines and re-applies
 * a payment; days pass with no edits while invoices fall due; quiet sessions come and go; a page
 * of invoices reaches the relay unreadable and is read again at the next session. After
 * every session the org must equal the books field by field — totals, balances and aging to the
 * cent (`support/books-vs-org.ts` states that from the simulated company's own records). Through
 * the real relay (Web Connector SOAP, the sync engine, Salesforce REST and Bulk), on one clock,
 * against the embedded store and PostgreSQL.
 */
import { localIsoDate } from '../../force-app/main/default/lwc/agingBuckets/agingBuckets.ts';
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import { startInProcessRelay, type InProcessRelay } from '../relay/in-process.ts';
import type { Invoice, InvoiceLine } from '../simulators/qbd/company/records.ts';
import { BULK_STEPS } from '../simulators/salesforce/faults.ts';
import { cents, differences, money } from './support/books-vs-org.ts';

const ZONE = 'America/Los_Angeles';
const DAY = 86_400_000;

describe.each(testBackends())('a month of edits, days and sessions ($name store)', (backend) => {
  let t = Date.parse('2026-11-02T17:00:00Z'); // Monday 09:00 in the company's zone
  const now = () => t;
  let store: Store;
  let r: InProcessRelay;
  let key: string;

  const today = () => localIsoDate(new Date(t), ZONE);
  /** Days pass in the office: the relay's clock and QuickBooks' move together. */
  const pass = (days: number) => {
    t += days * DAY;
    r.company.advanceClock(days * 86_400);
  };
  /** Works until nothing is left; a write waiting for its retry gets the minutes it waits for. */
  async function settle() {
    for (let i = 0; i < 300; i++) {
      await r.relay.runtime.tick();
      const [row] = await store.db.query<{ n: number }>(
        `SELECT (SELECT COUNT(*) FROM inbox WHERE status = 'pending') +
                (SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'leased')) +
                (SELECT COUNT(*) FROM sync_runs WHERE outcome = 'running') AS n`,
      );
      if (Number(row?.n ?? 0) === 0) return;
      t += 60_000;
    }
    throw new Error('the relay did not settle');
  }
  async function session() {
    const report = await r.webConnector();
    if (report.status !== 'completed') throw new Error(JSON.stringify(report).slice(0, 2000));
    await settle();
  }
  /** Failed records (an unreadable page's own log is looked at apart). */
  const failedLogs = () =>
    r.sim.org
      .records('QuickBooks_Sync_Log__c')
      .filter((l) => l.Status__c === 'Failed' && !String(l.Log_Key__c).includes(':inbox:'));
  const invoice = (id: string) => r.company.list('invoice').find((i) => i.txnId === id)!;
  /** Sets an invoice's lines as QuickBooks would: subtotal, and the balance less what is applied. */
  function setLines(inv: Invoice, lines: InvoiceLine[], changes: Partial<Invoice> = {}) {
    const subtotal = lines.reduce((s, l) => s + cents(l.amount), 0);
    const applied = cents(inv.appliedAmount);
    r.company.edit('invoice', inv.txnId, {
      ...changes,
      lines,
      subtotal: money(subtotal),
      balanceRemaining: money(subtotal + cents(inv.salesTaxTotal) + applied), // appliedAmount is negative
      isPaid: subtotal + cents(inv.salesTaxTotal) + applied === 0,
    });
  }

  beforeAll(async () => {
    store = await backend.open({ now });
    r = await startInProcessRelay(
      {
        seed: 19,
        customers: 24,
        vendors: 4,
        items: 8,
        invoices: 160,
        bills: 10,
        payments: 60,
        journalEntries: 0,
        deletions: 0,
        now: '2026-11-02T09:00:00',
      },
      { store, now, env: { QBWC_TIME_ZONE: ZONE, SF_BULK_THRESHOLD: '100' } },
    );
  });
  afterAll(async () => {
    await r?.close();
    await store?.close();
  });

  it('keeps the org equal to QuickBooks, to the cent, after every session', async () => {
    // Some open invoices fall due in the coming weeks (on Nov 6, 9, 12, ... 21).
    const falling = r.company
      .list('invoice')
      .filter((i) => cents(i.balanceRemaining) > 0 && i.lines.length < 3)
      .slice(0, 6);
    expect(falling).toHaveLength(6);
    falling.forEach((i, n) =>
      r.company.edit('invoice', i.txnId, { dueDate: `2026-11-${String(6 + 3 * n).padStart(2, '0')}` }),
    );

    // Week 1, Monday: the first session. Invoices and their lines go through Bulk, and the
    // Salesforce session expires while the invoices' CSV is being uploaded.
    r.sim.faults.inject({ kind: 'session_expired', ...BULK_STEPS.upload });
    const signIns = r.sim.org.sessions.issued;
    await session();
    key = (await store.connections.byUsername('acme'))!.id;
    expect(r.sim.faults.pending()).toHaveLength(0);
    expect(r.sim.org.sessions.issued - signIns).toBe(2); // the first sign-in, then once after the expiry
    // One job per object of 100 records or more (invoices, Opportunities, their lines and products):
    // the expired session is signed in again and the job resumed, not started over.
    const jobs = r.sim.org.calls.filter((c) => c.method === 'POST' && BULK_STEPS.create.path.test(c.path));
    expect(jobs).toHaveLength(4);
    expect(failedLogs()).toEqual([]);
    expect(differences(r.company, r.sim.org, key, today())).toEqual([]);

    // Wednesday: the bookkeeper edits.
    pass(2);
    const customer = r.company
      .list('customer')
      .find((c) => !c.parent && c.phone && c.email && c.terms && c.billAddress?.city)!;
    r.company.edit('customer', customer.listId, {
      phone: undefined,
      email: undefined,
      terms: undefined,
      billAddress: { ...customer.billAddress, city: undefined },
    });
    const represented = r.company.list('customer').find((c) => !c.parent && c.listId !== customer.listId)!;
    r.company.edit('customer', represented.listId, { salesRep: { fullName: 'RG' } });
    const job = r.company.list('customer').find((c) => c.parent)!;
    r.company.edit('customer', job.listId, { parent: undefined, sublevel: 0, fullName: job.name });
    const unpaid = r.company
      .list('invoice')
      .filter((i) => i.lines.length >= 3 && i.memo && cents(i.appliedAmount) === 0 && !i.isPaid);
    const [cut, renumbered] = unpaid;
    // One invoice loses its last line and its memo; another has a line re-entered under a new id.
    setLines(cut!, cut!.lines.slice(0, -1), { memo: undefined });
    setLines(renumbered!, [
      { ...renumbered!.lines[0]!, txnLineId: `${renumbered!.lines[0]!.txnLineId}-B`, amount: '12.34' },
      ...renumbered!.lines.slice(1),
    ]);
    // A payment that paid one invoice is re-applied across two of the customer's invoices.
    const payment = r.company.list('payment').find((p) => {
      const only = p.appliedTo.length === 1 ? p.appliedTo[0]! : undefined;
      const paid = only && invoice(only.txnId);
      return (
        paid &&
        cents(only.amount) >= 2 &&
        r.company
          .list('invoice')
          .some(
            (i) =>
              i.customer.listId === p.customer.listId &&
              i.txnId !== paid.txnId &&
              cents(i.balanceRemaining) >= cents(only.amount),
          )
      );
    })!;
    const first = invoice(payment.appliedTo[0]!.txnId);
    const second = r.company
      .list('invoice')
      .find(
        (i) =>
          i.customer.listId === payment.customer.listId &&
          i.txnId !== first.txnId &&
          cents(i.balanceRemaining) >= cents(payment.appliedTo[0]!.amount),
      )!;
    const amount = cents(payment.appliedTo[0]!.amount);
    const half = Math.floor(amount / 2);
    r.company.edit('payment', payment.txnId, {
      appliedTo: [
        { ...payment.appliedTo[0]!, amount: money(half) },
        { txnId: second.txnId, txnType: 'Invoice', amount: money(amount - half) },
      ],
    });
    for (const [inv, delta] of [
      [first, amount - half],
      [second, -(amount - half)],
    ] as const) {
      const balance = cents(inv.balanceRemaining) + delta;
      r.company.edit('invoice', inv.txnId, {
        balanceRemaining: money(balance),
        appliedAmount: money(cents(inv.appliedAmount) + -delta),
        isPaid: balance === 0,
      });
    }
    await session();
    expect(failedLogs()).toEqual([]);
    expect(differences(r.company, r.sim.org, key, today())).toEqual([]);
    const account = r.sim.org.find('Account', 'QuickBooks_Customer_Id__c', `${key}:${customer.listId}`)!;
    expect([account.Phone, account.QuickBooks_Email__c, account.BillingCity]).toEqual([null, null, null]);

    // Two weeks without edits: invoices fall due on the company's calendar, sessions run every day.
    const runs = r.sim.org.records('QuickBooks_Sync_Run__c').length;
    const overdueBefore = r.sim.org.records('QuickBooks_Invoice__c').filter((i) => i.Status__c === 'Overdue').length;
    for (let d = 0; d < 14; d++) {
      pass(1);
      await session();
      expect(differences(r.company, r.sim.org, key, today())).toEqual([]);
    }
    const overdueAfter = r.sim.org.records('QuickBooks_Invoice__c').filter((i) => i.Status__c === 'Overdue').length;
    // Every one of them fell due on its day (in the company's zone, not UTC), with no edit in QuickBooks.
    expect(today()).toBe('2026-11-18');
    const fell = falling.filter(
      (i) => invoice(i.txnId).dueDate! < today() && cents(invoice(i.txnId).balanceRemaining) > 0,
    );
    expect(fell.length).toBeGreaterThanOrEqual(4);
    expect(overdueAfter - overdueBefore).toBe(fell.length);
    expect(r.sim.org.records('QuickBooks_Sync_Run__c')).toHaveLength(runs); // quiet sessions leave no run records

    // Week 4: a last edit, a week later a last session; the books and the org still agree.
    pass(5);
    const late = r.company
      .list('invoice')
      .find((i) => i.lines.length >= 2 && !i.isPaid && cents(i.appliedAmount) === 0)!;
    setLines(late, late.lines.slice(1), { memo: 'Re-billed' });
    r.company.edit('customer', represented.listId, { salesRep: undefined });
    // That session's page of invoices reaches the relay unreadable: it is kept and reported, and the
    // invoices on it wait for the next session instead of being skipped.
    r.company.faults.inject('unreadableRecord', { query: 'InvoiceQuery' });
    await session();
    const quarantined = await store.inbox.list(key, { status: 'quarantined' });
    expect(quarantined.map((q) => q.requestKind)).toEqual(['InvoiceQuery']);
    const pageLog = r.sim.org.find('QuickBooks_Sync_Log__c', 'Log_Key__c', `${key}:inbox:${quarantined[0]!.id}`);
    expect(String(pageLog?.Error_Message__c)).toMatch(/Its records are read again at the next session\.$/);
    const late0 = `invoice ${late.refNumber ?? late.txnId}`;
    expect(differences(r.company, r.sim.org, key, today()).filter((d) => d.startsWith(late0))).not.toEqual([]);
    expect(r.sim.org.find('Account', 'QuickBooks_Customer_Id__c', `${key}:${represented.listId}`)).toMatchObject({
      QuickBooks_Sales_Rep__c: null,
    });
    pass(7);
    await session();
    expect(failedLogs()).toEqual([]);
    expect(differences(r.company, r.sim.org, key, today())).toEqual([]);
    expect(r.sim.org.find('QuickBooks_Sync_Log__c', 'Log_Key__c', `${key}:inbox:${quarantined[0]!.id}`)).toMatchObject({
      Status__c: 'Resolved',
    });
    expect(today()).toBe('2026-11-30');
  });
});
