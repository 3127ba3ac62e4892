/**
 * @module
 * The soak's Dynamics leg: a simulated month of QuickBooks Desktop (Web Connector) ⇄ Dynamics 365
 * Sales on a compressed clock, seeded. Each day the bookkeeper works in QuickBooks (new customers
 * and invoices, invoices edited, payments, an invoice or an unused customer deleted, a phone
 * changed), reps work in Dynamics through its Web API (accounts created, renamed, their phone or
 * city changed, deactivated), sometimes the same customer is edited on both sides between two
 * sessions, and the Web Connector runs a few sessions while faults are injected at random:
 * Dynamics 429 with Retry-After, 503, a token refused as expired (and tokens aging past their hour
 * on the clock), QuickBooks busy, a session cut mid-page, the relay restarted mid-session. Then the
 * faults stop, a few sessions run and the soak's checks (`dynamics-checks.ts`) must find nothing
 * lost, duplicated or differing, and no echo on either side. `ledgerbridge reconcile` does not
 * cover this link (the Dynamics target reads no mirrors), so none is run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localIsoDate } from '../../force-app/main/default/lwc/agingBuckets/agingBuckets.ts';
import { apiCaller } from '../simulators/dynamics/test-client.ts';
import { prng } from '../simulators/qbd/company/generator.ts';
import { cents } from '../sync/support/books-vs-org.ts';
import { dynamicsVerdict, watchDataverse } from './dynamics-checks.ts';
import { REP_APP, startDynamicsRig } from './dynamics-rig.ts';
import { count, movedRecords, type SoakOptions, type SoakResult } from './figures.ts';
import { desktopBooks } from './books-desktop.ts';

const ZONE = 'America/Los_Angeles';
const DYNAMICS_FAULTS = [
  'dynamics 429 with Retry-After',
  'dynamics 503 unavailable',
  'dynamics 401 token refused as expired',
  'quickbooks busy (3175/3176)',
  'session cut mid-page',
  'relay restarted mid-session',
];

export async function runDynamicsSoak(o: SoakOptions): Promise<SoakResult> {
  const started = performance.now();
  const random = prng(o.seed);
  const chance = (p: number) => random() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T | undefined => (xs.length ? xs[Math.floor(random() * xs.length)] : undefined);
  const log = o.progress ?? (() => {});
  const rig = await startDynamicsRig({
    company: {
      seed: o.seed,
      customers: 12,
      vendors: 0,
      items: 4,
      invoices: 20,
      bills: 0,
      payments: 6,
      journalEntries: 0,
      deletions: 0,
      now: '2026-11-02T09:00:00',
    },
    start: Date.parse('2026-11-02T17:00:00Z'),
    ...(o.postgresUrl ? { postgresUrl: o.postgresUrl } : {}),
  });
  const { dataverse, company } = rig;
  const edits: Record<string, number> = {};
  const faults: Record<string, number> = {};
  const today = () => localIsoDate(new Date(rig.now()), ZONE);
  let day = 0;
  const watch = watchDataverse(dataverse.env, rig.users, () =>
    day > o.days ? `settling, session ${sessions}` : `day ${day}, session ${sessions}`,
  );
  const { echoes } = watch;
  const api = apiCaller(dataverse, () => dataverse.authority.issue(REP_APP));
  const phone = (area: number) => `(${area}) 555-${String(int(0, 9999)).padStart(4, '0')}`;
  let sessions = 0;
  let completed = 0;

  // QuickBooks as the Web Connector reaches it: qbXML requests counted, a Mod changing nothing an echo.
  const books = desktopBooks(company, (what) => echoes.push(`${what} (session ${sessions})`));
  const quickbooks = books.connector;
  const qb = books.bookkeeper;

  let serial = 0;
  const handMade = new Set<string>();
  const repAccounts: string[] = [];
  const reviews: string[] = [];

  // ——— the bookkeeper ———
  const activeCustomers = () => company.list('customer').filter((c) => c.isActive && !c.parent);
  const invoiced = () => new Set(company.list('invoice').map((i) => i.customer.listId));
  const reworkable = () =>
    company.list('invoice').filter((i) => cents(i.appliedAmount) === 0 && i.lines.length && i.customer.listId);
  const bookkeeper: Record<string, () => boolean> = {
    newCustomer() {
      const xml = qb(
        `<CustomerAddRq><CustomerAdd><Name>Soak Customer ${++serial}</Name><BillAddress><City>Eugene</City></BillAddress><Phone>${phone(541)}</Phone></CustomerAdd></CustomerAddRq>`,
      );
      handMade.add(/<ListID>([^<]+)</.exec(xml)![1]!);
      return true;
    },
    newInvoice() {
      const c = pick(activeCustomers());
      const items = company.list('item').filter((i) => i.isActive && i.itemType === 'Service');
      if (!c || !items.length) return false;
      const lines = Array.from(
        { length: int(1, 3) },
        () =>
          `<InvoiceLineAdd><ItemRef><ListID>${pick(items)!.listId}</ListID></ItemRef><Quantity>${int(1, 5)}</Quantity><Rate>${int(20, 400)}.${int(10, 99)}</Rate></InvoiceLineAdd>`,
      ).join('');
      qb(
        `<InvoiceAddRq><InvoiceAdd><CustomerRef><ListID>${c.listId}</ListID></CustomerRef><TxnDate>${today()}</TxnDate><RefNumber>S${++serial}</RefNumber>${lines}</InvoiceAdd></InvoiceAddRq>`,
      );
      return true;
    },
    editInvoice() {
      const inv = pick(reworkable());
      if (!inv) return false;
      company.edit('invoice', inv.txnId, { memo: `Revised ${today()}` });
      return true;
    },
    payment() {
      const inv = pick(company.list('invoice').filter((i) => cents(i.balanceRemaining) > 0 && i.customer.listId));
      if (!inv) return false;
      const owed = cents(inv.balanceRemaining);
      const amount = (chance(0.6) ? owed : Math.max(1, Math.floor(owed / 2))) / 100;
      qb(
        `<ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><ListID>${inv.customer.listId}</ListID></CustomerRef><TxnDate>${today()}</TxnDate><TotalAmount>${amount.toFixed(2)}</TotalAmount><AppliedToTxnAdd><TxnID>${inv.txnId}</TxnID><PaymentAmount>${amount.toFixed(2)}</PaymentAmount></AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>`,
      );
      return true;
    },
    deleteInvoice() {
      const inv = pick(reworkable());
      if (!inv) return false;
      company.delete('invoice', inv.txnId);
      watch.deletedInvoices.add(inv.txnId);
      return true;
    },
    deleteCustomer() {
      const used = invoiced();
      const c = pick(activeCustomers().filter((x) => handMade.has(x.listId) && !used.has(x.listId)));
      if (!c) return false;
      company.delete('customer', c.listId);
      // One never mirrored (added and deleted between two sessions) has no account to deactivate.
      if (accounts().some((a) => a.lb_quickbooksid === c.listId)) watch.deletedCustomers.add(c.listId);
      return true;
    },
    customerPhone() {
      const c = pick(activeCustomers());
      if (!c) return false;
      company.edit('customer', c.listId, { phone: phone(503) });
      return true;
    },
  };

  // ——— the reps, through the Web API ———
  const accounts = () => [...dataverse.env.table('account').rows()];
  /** Active accounts QuickBooks holds as a customer with no parent (a job's account is named Parent:Job). */
  const linked = () => {
    const top = new Set(activeCustomers().map((c) => c.listId));
    return accounts().filter((a) => a.statecode === 0 && top.has(String(a.lb_quickbooksid)));
  };
  const patch = async (id: string, body: Record<string, unknown>) => {
    const res = await api('PATCH', `accounts(${id})`, body);
    if (res.status !== 204) throw new Error(`a rep's edit of account ${id}: ${res.status} ${res.text}`);
    watch.repsTouched.add(id);
  };
  const reps: Record<string, () => Promise<boolean>> = {
    async newAccount() {
      const res = await api(
        'POST',
        'accounts',
        { name: `Soak Account ${++serial}`, telephone1: phone(971), address1_city: pick(['Portland', 'Salem'])! },
        { Prefer: 'return=representation' },
      );
      if (res.status !== 201) throw new Error(`a rep's new account: ${res.status} ${res.text}`);
      repAccounts.push(String(res.body.accountid));
      watch.repsTouched.add(String(res.body.accountid));
      return true;
    },
    async renameAccount() {
      const a = pick(linked());
      if (!a) return false;
      await patch(String(a.accountid), { name: `Soak Account ${++serial} (renamed)` });
      return true;
    },
    async accountPhone() {
      const a = pick(linked());
      if (!a) return false;
      await patch(String(a.accountid), { telephone1: phone(458) });
      return true;
    },
    async accountCity() {
      const a = pick(linked());
      if (!a) return false;
      await patch(String(a.accountid), { address1_city: pick(['Medford', 'Astoria', 'Bend'])! });
      return true;
    },
    async deactivateAccount() {
      const used = invoiced();
      const a = pick(linked().filter((x) => !used.has(String(x.lb_quickbooksid))));
      if (!a) return false;
      await patch(String(a.accountid), { statecode: 1, statuscode: 2 });
      return true;
    },
  };
  /** One customer edited on both sides between two sessions. */
  async function bothSides() {
    const a = pick(linked());
    if (!a) return;
    company.edit('customer', String(a.lb_quickbooksid), { phone: phone(360) });
    if (chance(0.5)) {
      await patch(String(a.accountid), { address1_city: pick(['Ashland', 'Newport'])! });
      count(edits, 'both sides, different fields');
    } else {
      await patch(String(a.accountid), { telephone1: phone(206) });
      reviews.push(String(a.accountid));
      count(edits, 'both sides, same field');
    }
  }

  // ——— faults ———
  type Armed = { kind: string; cut?: number; restart?: number };
  function armFault(): Armed | undefined {
    if (!chance(0.55)) return undefined;
    const kind = pick(DYNAMICS_FAULTS)!;
    if (kind === 'dynamics 429 with Retry-After')
      dataverse.faults.inject('throttle', { times: int(1, 3), retryAfter: 1 });
    else if (kind === 'dynamics 503 unavailable') dataverse.faults.inject('unavailable', { times: int(1, 2) });
    else if (kind === 'dynamics 401 token refused as expired') dataverse.faults.inject('token_expired');
    else if (kind === 'quickbooks busy (3175/3176)')
      company.faults.inject('recordInUse', { times: int(1, 3), code: chance(0.5) ? 3175 : 3176 });
    else if (kind === 'session cut mid-page') return { kind, cut: int(1, 4) };
    else return { kind, restart: int(1, 4) };
    return { kind };
  }
  function fired(): boolean {
    const left = dataverse.faults.pending().length + company.faults.armed.filter((a) => a.remaining > 0).length;
    dataverse.faults.clear();
    company.faults.clear();
    return left === 0;
  }
  async function session(armed?: Armed) {
    sessions++;
    let receives = 0;
    let cut = false;
    try {
      const report = await rig.webConnector({
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
            await rig.restart();
          }
        },
      });
      if (report.status === 'completed') completed++;
      log(`  session ${sessions}: ${report.status}${armed ? ` (${armed.kind})` : ''}`);
    } catch (e) {
      if (!cut) throw e;
      log(`  session ${sessions}: cut (${armed?.kind})`);
    }
    await rig.settle();
    if (armed && (armed.cut || armed.restart ? cut : fired())) count(faults, armed.kind);
  }

  try {
    await session();
    const signIns = () => dataverse.authority.issued.length;
    let tokens = signIns();
    for (day = 1; day <= o.days; day++) {
      log(`day ${day} (${today()})`);
      for (const id of reviews.splice(0)) {
        await patch(id, { telephone1: phone(503) });
        count(edits, 'same field settled by a rep');
      }
      for (let s = int(2, 4); s > 0; s--) {
        rig.advance(int(60, 180) * 60_000);
        for (let n = int(0, 3); n > 0; n--) {
          const name = pick(Object.keys(bookkeeper))!;
          if (bookkeeper[name]!()) count(edits, `quickbooks ${name}`);
        }
        for (let n = int(0, 2); n > 0; n--) {
          const name = pick(Object.keys(reps))!;
          if (await reps[name]!()) count(edits, `dynamics ${name}`);
        }
        if (chance(0.15)) await bothSides();
        await rig.settle();
        await session(armFault());
        if (signIns() > tokens)
          count(faults, 'dynamics token aged past its hour (signed in again)', signIns() - tokens);
        tokens = signIns();
      }
      rig.advance(14 * 3_600_000); // the night
    }
    // The faults stop; what waits for a rep is settled; a last few sessions.
    for (const id of reviews.splice(0)) await patch(id, { telephone1: phone(503) });
    for (let s = 0; s < 3; s++) {
      rig.advance(30 * 60_000);
      await rig.settle();
      await session();
    }
    return {
      books: 'desktop',
      crm: 'dynamics',
      seed: o.seed,
      days: o.days,
      store: o.postgresUrl ? 'postgres' : 'embedded',
      relays: 1,
      sessions: { total: sessions, completed },
      edits,
      moved: await movedRecords(rig.store.db),
      faults,
      reconcile: { differences: 0, reasons: [], crmCalls: 0, skipped: 'the Dynamics link reads no mirrors to compare' },
      verdict: dynamicsVerdict(company, dataverse.env, repAccounts, watch),
      echoes,
      redundant: watch.redundant,
      calls: {
        'Dynamics Web API requests': dataverse.requests.length,
        'QuickBooks Desktop qbXML requests': books.requests(),
      },
      wallMs: performance.now() - started,
    };
  } catch (e) {
    const whole = path.join(os.tmpdir(), `lb-soak-dynamics-${o.seed}-${o.days}d.log`);
    fs.writeFileSync(whole, `${rig.logs.join('\n')}\n`);
    throw new Error(
      `soak seed ${o.seed} failed: ${(e as Error).stack}\nlast relay log lines (all in ${whole}):\n${rig.logs.slice(-20).join('\n')}`,
    );
  } finally {
    await rig.close();
  }
}
