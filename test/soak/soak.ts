/**
 * @module
 * The soak: a simulated month of QuickBooks Desktop (Web Connector) ⇄ Salesforce on a compressed
 * clock, seeded. Each day the bookkeeper works in QuickBooks (new customers and invoices, invoices
 * edited, a line removed, payments, a void, a deletion), reps work in Salesforce (Accounts marked
 * Send to QuickBooks created, renamed and edited, products and prices, deals won), sometimes the
 * same customer is edited on both sides between sessions (the shipped field policy decides: other
 * fields merge, the same field is flagged for review until a person picks), and the Web Connector
 * runs a few sessions while faults are injected at random: Salesforce 401 (session expired), 503,
 * REQUEST_LIMIT_EXCEEDED and row locks; QuickBooks busy for writes, a dialog open, a page it
 * answers unreadable; a session cut mid-page; a relay restarted mid-session; with PostgreSQL, two
 * relays sharing the store. Then the faults stop, a couple of sessions run, `ledgerbridge
 * reconcile` must report no difference and the soak's own checks (`checks.ts`) must find nothing
 * lost, duplicated or differing, and no echo (a write that changed nothing on the side it went to).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localIsoDate } from '../../force-app/main/default/lwc/agingBuckets/agingBuckets.ts';
import { loadConfig } from '../../relay/src/config.ts';
import { runReconcile } from '../../relay/src/reconcile/command.ts';
import type { ReconcileResult } from '../../relay/src/reconcile/runner.ts';
import { reconciliationsRepo } from '../../relay/src/store/reconciliations.ts';
import { prng } from '../simulators/qbd/company/generator.ts';
import type { Invoice, InvoiceLine } from '../simulators/qbd/company/records.ts';
import { cents, money } from '../sync/support/books-vs-org.ts';
import { verdict } from './checks.ts';
import {
  armSalesforce,
  count,
  movedRecords,
  SALESFORCE_FAULTS,
  watchOrg,
  type SoakOptions,
  type SoakResult,
} from './figures.ts';
import { startKillRig } from './kill-rig.ts';
import { startRig, USER, type Rig } from './rig.ts';
import { desktopBooks } from './books-desktop.ts';

const ZONE = 'America/Los_Angeles';
const DAY = 86_400_000;

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const started = performance.now();
  const random = prng(o.seed);
  const chance = (p: number) => random() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T | undefined => (xs.length ? xs[Math.floor(random() * xs.length)] : undefined);
  const log = o.progress ?? (() => {});
  const twoRelays = Boolean(o.postgresUrl);
  const rig: Rig = await (o.kill ? startKillRig : startRig)({
    company: {
      seed: o.seed,
      customers: 20,
      vendors: 2,
      items: 6,
      invoices: 60,
      bills: 0,
      payments: 20,
      journalEntries: 0,
      deletions: 0,
      now: '2026-11-02T09:00:00',
    },
    relays: twoRelays ? 2 : 1,
    start: Date.parse('2026-11-02T17:00:00Z'),
    ...(o.postgresUrl ? { postgresUrl: o.postgresUrl } : {}),
  });
  const { sim, company } = rig;
  const org = sim.org;
  const edits: Record<string, number> = {};
  const faults: Record<string, number> = {};
  const today = () => localIsoDate(new Date(rig.now()), ZONE);
  const pass = (ms: number) => {
    rig.advance(ms);
    company.advanceClock(Math.round(ms / 1000));
  };

  let sessions = 0;
  let completed = 0;
  // Echoes into Salesforce: an update of a data record that changes none of its content.
  const watch = watchOrg(
    org,
    process.env.SOAK_DEBUG
      ? (what, fields) => console.log(`no-op at session ${sessions}: ${what} ${JSON.stringify(fields)}`)
      : undefined,
    () => rig.kills?.() ?? 0,
  );
  const { echoes, redundant, made: madeIds } = watch;
  const ins = watch.insert;
  const upd = watch.update;

  const books = desktopBooks(company, (what) => echoes.push(`${what} (session ${sessions})`));
  const quickbooks = books.connector;
  const qb = books.bookkeeper;

  const made = {
    accounts: [] as string[],
    products: [] as { product: string; entry: string }[],
    deals: [] as string[],
  };
  const book = String(org.find('Pricebook2', 'IsStandard', true)!.Id);
  let serial = 0;
  /** Conflicts flagged for review, for a person to settle the next day: the Account and the field. */
  const reviews: { account: string; field: 'Phone' }[] = [];

  // ——— the bookkeeper ———
  const serviceItems = () => company.list('item').filter((i) => i.isActive && i.itemType === 'Service');
  const activeCustomers = () => company.list('customer').filter((c) => c.isActive);
  /** Invoices the bookkeeper may rework: entered in QuickBooks (not a won deal's), nothing paid, not void. */
  const reworkable = () =>
    company
      .list('invoice')
      .filter((i) => !i.externalGuid && cents(i.appliedAmount) === 0 && !/^VOID:/.test(i.memo ?? '') && i.lines.length);
  function setLines(inv: Invoice, lines: InvoiceLine[], changes: Partial<Invoice> = {}) {
    const subtotal = lines.reduce((s, l) => s + cents(l.amount), 0);
    const tax = cents(changes.salesTaxTotal ?? inv.salesTaxTotal);
    const applied = cents(inv.appliedAmount);
    company.edit('invoice', inv.txnId, {
      ...changes,
      lines,
      subtotal: money(subtotal),
      balanceRemaining: money(subtotal + tax + applied),
      isPaid: subtotal + tax + applied === 0,
    });
  }
  const bookkeeper: Record<string, () => boolean> = {
    newCustomer() {
      const n = ++serial;
      qb(
        `<CustomerAddRq><CustomerAdd><Name>Soak Customer ${n}</Name><BillAddress><City>Eugene</City></BillAddress><Phone>(541) 555-${String(1000 + n).slice(-4)}</Phone></CustomerAdd></CustomerAddRq>`,
      );
      return true;
    },
    newInvoice() {
      const c = pick(activeCustomers());
      const items = serviceItems();
      if (!c || !items.length) return false;
      const lines = Array.from({ length: int(1, 3) }, () => {
        const item = pick(items)!;
        return `<InvoiceLineAdd><ItemRef><ListID>${item.listId}</ListID></ItemRef><Quantity>${int(1, 5)}</Quantity><Rate>${int(20, 400)}.${int(10, 99)}</Rate></InvoiceLineAdd>`;
      }).join('');
      const due = localIsoDate(new Date(rig.now() + int(-5, 30) * DAY), ZONE);
      qb(
        `<InvoiceAddRq><InvoiceAdd><CustomerRef><ListID>${c.listId}</ListID></CustomerRef><TxnDate>${today()}</TxnDate><RefNumber>S${++serial}</RefNumber><DueDate>${due}</DueDate><Memo>Soak work</Memo>${lines}</InvoiceAdd></InvoiceAddRq>`,
      );
      return true;
    },
    editInvoice() {
      const inv = pick(reworkable());
      if (!inv) return false;
      company.edit('invoice', inv.txnId, {
        memo: `Revised ${today()}`,
        dueDate: localIsoDate(new Date(rig.now() + int(-3, 20) * DAY), ZONE),
      });
      return true;
    },
    removeLine() {
      const inv = pick(reworkable().filter((i) => i.lines.length >= 2));
      if (!inv) return false;
      setLines(inv, inv.lines.slice(0, -1));
      return true;
    },
    payment() {
      const inv = pick(company.list('invoice').filter((i) => cents(i.balanceRemaining) > 0 && i.customer.listId));
      if (!inv) return false;
      const owed = cents(inv.balanceRemaining);
      const amount = chance(0.6) ? owed : Math.max(1, Math.floor(owed / 2));
      qb(
        `<ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><ListID>${inv.customer.listId}</ListID></CustomerRef><TxnDate>${today()}</TxnDate><RefNumber>P${++serial}</RefNumber><TotalAmount>${money(amount)}</TotalAmount><AppliedToTxnAdd><TxnID>${inv.txnId}</TxnID><PaymentAmount>${money(amount)}</PaymentAmount></AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>`,
      );
      return true;
    },
    void() {
      const inv = pick(reworkable());
      if (!inv) return false;
      setLines(
        inv,
        inv.lines.map((l) => ({ ...l, amount: '0.00', ...(l.rate !== undefined ? { rate: '0.00' } : {}) })),
        { memo: `VOID: ${inv.memo ?? 'entered twice'}`, salesTaxTotal: '0.00' },
      );
      return true;
    },
    deleteInvoice() {
      const inv = pick(reworkable());
      if (!inv) return false;
      company.delete('invoice', inv.txnId);
      return true;
    },
    customerPhone() {
      const c = pick(activeCustomers().filter((x) => !x.parent));
      if (!c) return false;
      company.edit('customer', c.listId, { phone: `(503) 555-${String(int(0, 9999)).padStart(4, '0')}` });
      return true;
    },
  };

  // ——— the reps ———
  const account = (id: string) => org.records('Account').find((a) => a.Id === id)!;
  /** Accounts the reps sent to QuickBooks that QuickBooks now holds. */
  const linkedAccounts = () => made.accounts.filter((id) => account(id).QuickBooks_Customer_Id__c);
  const customerOf = (id: string) => {
    const ext = String(account(id).QuickBooks_Customer_Id__c);
    return company.list('customer').find((c) => ext.endsWith(`:${c.listId}`));
  };
  const reps: Record<string, () => boolean> = {
    newAccount() {
      const n = ++serial;
      const a = ins('Account', {
        Name: `Soak Account ${n}`,
        Phone: `(971) 555-${String(1000 + n).slice(-4)}`,
        BillingCity: pick(['Portland', 'Salem', 'Bend'])!,
        BillingState: 'OR',
        QuickBooks_Sync_Enabled__c: true,
      });
      made.accounts.push(String(a.Id));
      madeIds.add(String(a.Id));
      return true;
    },
    renameAccount() {
      const id = pick(linkedAccounts());
      if (!id) return false;
      upd('Account', id, { Name: `Soak Account ${++serial} (renamed)` });
      return true;
    },
    accountCity() {
      const id = pick(linkedAccounts());
      if (!id) return false;
      upd('Account', id, { BillingCity: pick(['Medford', 'Astoria', 'Hood River', 'Corvallis'])! });
      return true;
    },
    newProduct() {
      const n = ++serial;
      const product = ins('Product2', {
        Name: `Soak Service ${n}`,
        IsActive: true,
        QuickBooks_Item_Type__c: 'Service',
      });
      const entry = ins('PricebookEntry', {
        Pricebook2Id: book,
        Product2Id: product.Id,
        UnitPrice: int(40, 900),
        IsActive: true,
      });
      made.products.push({ product: String(product.Id), entry: String(entry.Id) });
      madeIds.add(String(product.Id)).add(String(entry.Id));
      return true;
    },
    productPrice() {
      const p = pick(made.products);
      if (!p) return false;
      upd('PricebookEntry', p.entry, { UnitPrice: int(40, 900) });
      return true;
    },
    wonDeal() {
      const id = pick(made.accounts);
      if (!id || !made.products.length) return false;
      const deal = ins('Opportunity', {
        Name: `Soak deal ${++serial}`,
        AccountId: id,
        StageName: 'Closed Won',
        CloseDate: today(),
        Pricebook2Id: book,
      });
      const entries = org.records('PricebookEntry');
      for (let l = int(1, 3); l > 0; l--) {
        const p = pick(made.products)!;
        const price = entries.find((e) => e.Id === p.entry)!.UnitPrice;
        ins('OpportunityLineItem', {
          OpportunityId: deal.Id,
          PricebookEntryId: p.entry,
          Product2Id: p.product,
          Quantity: int(1, 4),
          UnitPrice: price,
        });
      }
      // Salesforce rolls a deal's amount up from its products.
      const amount = org
        .records('OpportunityLineItem')
        .filter((l) => l.OpportunityId === deal.Id)
        .reduce((sum, l) => sum + Math.round(Number(l.Quantity) * Number(l.UnitPrice) * 100), 0);
      upd('Opportunity', String(deal.Id), { Amount: amount / 100 });
      made.deals.push(String(deal.Id));
      madeIds.add(String(deal.Id));
      return true;
    },
  };

  /** The same customer edited on both sides between two sessions. */
  function bothSides(): boolean {
    const id = pick(linkedAccounts());
    const c = id ? customerOf(id) : undefined;
    if (!id || !c) return false;
    company.edit('customer', c.listId, { phone: `(458) 555-${String(int(0, 9999)).padStart(4, '0')}` });
    if (chance(0.5)) {
      upd('Account', id, { BillingCity: pick(['Ashland', 'Newport', 'Roseburg'])! }); // another field: both kept
      count(edits, 'both sides, different fields');
    } else {
      upd('Account', id, { Phone: `(541) 555-${String(int(0, 9999)).padStart(4, '0')}` }); // the same: review
      reviews.push({ account: id, field: 'Phone' });
      count(edits, 'both sides, same field (review)');
    }
    return true;
  }
  /** A person settles yesterday's reviews: picks a phone on the Salesforce side. */
  function settleReviews() {
    for (const r of reviews.splice(0)) {
      upd('Account', r.account, { Phone: `(503) 555-${String(int(0, 9999)).padStart(4, '0')}` });
      count(edits, 'review settled by a person');
    }
  }

  // ——— faults ———
  type Armed = { kind: string; cut?: number; restart?: number; killWriting?: true };
  const restarted = o.kill ? 'relay SIGKILLed mid-session' : 'relay restarted mid-session';
  const killWriting = 'relay SIGKILLed while writing to Salesforce';
  function armFault(): Armed | undefined {
    if (!chance(0.55)) return undefined;
    // With --kill, a third of the faults are SIGKILLs (else a few days would see none).
    const kind =
      (o.kill && chance(1 / 3) ? pick([restarted, killWriting]) : undefined) ??
      pick([
        ...SALESFORCE_FAULTS,
        'quickbooks busy (3175/3176)',
        'quickbooks dialog open',
        'quickbooks unreadable page',
        'session cut mid-page',
        restarted,
      ])!;
    armSalesforce(sim, kind, int);
    switch (kind) {
      case 'quickbooks busy (3175/3176)':
        company.faults.inject('recordInUse', { times: int(1, 3), code: chance(0.5) ? 3175 : 3176 });
        break;
      case 'quickbooks dialog open':
        company.faults.inject('modalDialog');
        break;
      case 'quickbooks unreadable page':
        company.faults.inject('unreadableRecord', {
          query: pick(['InvoiceQuery', 'CustomerQuery', 'ReceivePaymentQuery'])!,
        });
        break;
      case 'session cut mid-page':
        return { kind, cut: int(1, 4) };
      case restarted:
        return { kind, restart: int(1, 4) };
      case killWriting:
        return { kind, killWriting: true };
    }
    return { kind };
  }
  /** Whether an armed simulator fault fired; what did not is disarmed (it is not counted). */
  function fired(): boolean {
    const left = sim.faults.pending().length + company.faults.armed.filter((a) => a.remaining > 0).length;
    sim.faults.clear();
    company.faults.clear();
    return left === 0;
  }

  /** Whether Salesforce writes are leased and a request reached the org since they were. */
  function writingToSalesforce() {
    let calls: number | undefined;
    return async () => {
      const [row] = await rig.store.db.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM outbox o JOIN connections c ON c.id = o.target_connection_id
         WHERE o.status = 'leased' AND c.system = 'salesforce'`,
      );
      if (!Number(row?.n)) return false;
      calls ??= org.apiUsage;
      return org.apiUsage > calls;
    };
  }

  async function session(relay: number, armed?: Armed) {
    sessions++;
    let receives = 0;
    let cut = false;
    try {
      const report = await rig.webConnector(relay, {
        company: quickbooks,
        beforeCall: async (operation) => {
          if (operation !== 'receiveResponseXML') return;
          receives++;
          if (armed?.cut === receives) {
            cut = true;
            throw new Error('the Web Connector lost the network mid-page');
          }
          if (armed?.restart === receives) {
            cut = true;
            await rig.restart(relay);
          }
        },
      });
      if (report.status === 'completed') completed++;
      log(
        `  session ${sessions} on relay ${relay + 1} at ${new Date(rig.now()).toISOString()}: ${report.status}${armed ? ` (${armed.kind})` : ''}`,
      );
    } catch (e) {
      if (!cut) throw e;
      log(`  session ${sessions} on relay ${relay + 1}: cut (${armed?.kind})`);
    }
    // SIGKILL the relay the moment a Salesforce request arrives while its writes are leased.
    const kill = armed?.killWriting ? rig.killWhen!(relay, writingToSalesforce()) : undefined;
    await rig.settle();
    kill?.stop();
    if (kill && (await kill.killed)) {
      cut = true;
      await rig.settle();
    }
    if (process.env.SOAK_DEBUG) log(`  settled at ${new Date(rig.now()).toISOString()}`);
    if (armed) {
      const hit = armed.cut || armed.restart || armed.killWriting ? cut : fired();
      if (hit) count(faults, armed.kind);
    }
  }

  try {
    const first = await rig.webConnector(0, { company: quickbooks });
    if (first.status !== 'completed') throw new Error(`the first session: ${first.status} ${first.message}`);
    await rig.settle();
    const key = (await rig.store.connections.byUsername(USER))!.id;

    for (let day = 1; day <= o.days; day++) {
      log(`day ${day} (${today()})`);
      settleReviews();
      const runs = int(2, 4);
      for (let s = 0; s < runs; s++) {
        pass(int(60, 180) * 60_000);
        for (let n = int(0, 3); n > 0; n--) {
          const name = pick(Object.keys(bookkeeper))!;
          if (bookkeeper[name]!()) {
            count(edits, `quickbooks ${name}`);
            log(`  quickbooks: ${name}`);
          }
        }
        for (let n = int(0, 2); n > 0; n--) {
          // What cannot be done yet (no product to price, say) becomes a new Account or product.
          let name = pick(Object.keys(reps))!;
          if (!reps[name]!()) name = made.products.length < 3 ? 'newProduct' : 'newAccount';
          if (name === 'newProduct' || name === 'newAccount' ? reps[name]!() : true) {
            count(edits, `salesforce ${name}`);
            log(`  salesforce: ${name}`);
          }
        }
        if (chance(0.15)) bothSides();
        // The org's changes are read (its minute came), then the Web Connector's schedule.
        await rig.tick(true);
        await session(twoRelays ? int(0, 1) : 0, armFault());
      }
      pass(14 * 3_600_000); // the night
    }

    // The faults stop; a person settles what waits for review; a last couple of sessions.
    settleReviews();
    for (let s = 0; s < 3; s++) {
      pass(30 * 60_000);
      await rig.settle();
      await session(s % rig.relayCount);
    }

    // `ledgerbridge reconcile`: the command waits while a session reads the figures and the relay compares.
    const config = loadConfig({ LEDGERBRIDGE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'lb-soak-rc-')) });
    let text = '';
    let done = false;
    const command = runReconcile(['--wait', '5'], config, (s) => (text += s), { store: rig.store, pollMs: 20 });
    void command.finally(() => (done = true));
    pass(15 * 60_000);
    await rig.webConnector(0, { company: quickbooks });
    for (let i = 0; i < 500 && !done; i++) {
      await rig.tick();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await command;
    const crmKey = (
      await rig.store.db.query<{ id: string }>(`SELECT id FROM connections WHERE system = 'salesforce'`)
    )[0]!.id;
    const rec = await reconciliationsRepo(rig.store.db, rig.now).latest(key, crmKey);
    const result = JSON.parse(rec?.result ?? '{"differences":[]}') as ReconcileResult & { error?: string };
    if (!rec || rec.status !== 'compared') throw new Error(`reconcile did not compare: ${text}`);

    const moved = await movedRecords(rig.store.db);
    return {
      books: 'desktop',
      seed: o.seed,
      days: o.days,
      store: o.postgresUrl ? 'postgres' : 'embedded',
      relays: rig.relayCount,
      sessions: { total: sessions + 2, completed: completed + 2 },
      edits,
      moved,
      faults,
      reconcile: {
        differences: result.differences.length,
        reasons: result.differences.map((d) => `${d.object} ${d.label}: ${d.reason}`).slice(0, 20),
        crmCalls: result.crmCalls,
      },
      verdict: verdict(company, org, key, today(), made),
      echoes,
      redundant,
      ...(o.kill ? { replayed: watch.replayed } : {}),
      calls: { Salesforce: org.apiUsage, 'QuickBooks Desktop qbXML requests': books.requests() },
      wallMs: performance.now() - started,
    };
  } catch (e) {
    const tail = rig.logs.slice(-20).join('\n');
    const whole = path.join(os.tmpdir(), `lb-soak-${o.seed}-${o.days}d.log`);
    fs.writeFileSync(whole, `${rig.logs.join('\n')}\n`);
    throw new Error(
      `soak seed ${o.seed} failed: ${(e as Error).stack}\nlast relay log lines (all in ${whole}):\n${tail}`,
    );
  } finally {
    await rig.close();
  }
}
