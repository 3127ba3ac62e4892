/**
 * @module
 * The soak's Online leg: a simulated month of QuickBooks Online ⇄ Salesforce on a compressed clock,
 * seeded. Each day the bookkeeper works in the Online company (new customers and invoices, invoices
 * edited, a line removed, payments, a void, a deletion, a customer made inactive), reps work in
 * Salesforce (Accounts marked Send to QuickBooks created, renamed and moved, products and prices,
 * deals won), sometimes the same customer is edited on both sides before the relay hears of either,
 * and the relay runs its rounds while Intuit's webhooks are sent (some dropped, sent twice or out
 * of order: Change Data Capture must catch what was dropped) and faults are injected at random:
 * Online 429, 401 (an access token dead early), 5xx and 5010 (a stale SyncToken, from the edit on
 * both sides); Salesforce 401, 503, REQUEST_LIMIT_EXCEEDED and row locks; a relay restarted. Access
 * tokens expire and refresh tokens rotate on their own as the days pass. Then the faults stop, the
 * relay settles, `ledgerbridge reconcile` must report no difference and the soak's own checks
 * (`online-checks.ts`) must find nothing lost, duplicated or differing, and no echo on either side.
 */
import { runReconcile } from '../../relay/src/reconcile/command.ts';
import type { ReconcileResult } from '../../relay/src/reconcile/runner.ts';
import { reconciliationsRepo } from '../../relay/src/store/reconciliations.ts';
import { prng } from '../simulators/qbd/company/generator.ts';
import type { JsonObject } from '../simulators/qbo/decode.ts';
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import { cents, money } from '../sync/support/books-vs-org.ts';
import { armSalesforce, count, movedRecords, SALESFORCE_FAULTS, watchOrg, type SoakOptions } from './figures.ts';
import type { SoakResult } from './figures.ts';
import { onlineVerdict } from './online-checks.ts';
import { startOnlineRig } from './online-rig.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;
type Row = Record<string, unknown>;
/** What a record holds apart from its stamps and the balances other records move. */
const STAMPS = new Set(['SyncToken', 'MetaData', 'Balance', 'BalanceWithJobs']);

export async function runOnlineSoak(o: SoakOptions): Promise<SoakResult> {
  const started = performance.now();
  const random = prng(o.seed);
  const chance = (p: number) => random() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T | undefined => (xs.length ? xs[Math.floor(random() * xs.length)] : undefined);
  const log = o.progress ?? (() => {});
  const rig = await startOnlineRig({
    relays: o.postgresUrl ? 2 : 1,
    start: Date.parse('2026-11-02T17:00:00Z'),
    ...(o.postgresUrl ? { postgresUrl: o.postgresUrl } : {}),
  });
  const { sim, qbo } = rig;
  const org = sim.org;
  const co = qbo.company(DEFAULT_REALM);
  const edits: Record<string, number> = {};
  const faults: Record<string, number> = {};
  const watch = watchOrg(org);
  const { echoes } = watch;
  const today = () => new Date(qbo.clock.now()).toISOString().slice(0, 10);
  const phone = (area: number) => `(${area}) 555-${String(int(0, 9999)).padStart(4, '0')}`;

  // QuickBooks Online as the relay reaches it: a write of the relay's that changed nothing is an echo.
  let byHand = false;
  const shot = (entity: string, id: string) => {
    const r = co.get(entity as 'Customer', id);
    return r && JSON.stringify(Object.entries(r).filter(([k]) => !STAMPS.has(k)));
  };
  const shots = new Map<string, string | undefined>();
  co.onChange((e) => {
    const k = `${e.entity}:${e.id}`;
    const now = shot(e.entity, e.id);
    if (!byHand && e.operation === 'Update' && shots.get(k) === now)
      echoes.push(`QuickBooks Online ${e.entity} ${e.id}: an update that changed nothing`);
    shots.set(k, now);
  });
  /** A change entered in QuickBooks Online itself, as the bookkeeper's screens do. */
  const hand = <T>(f: () => T): T => {
    byHand = true;
    try {
      return f();
    } finally {
      byHand = false;
    }
  };
  // Refreshes, and whether Intuit rotated the refresh token doing it.
  const token = qbo.oauth.token.bind(qbo.oauth);
  qbo.oauth.token = (form, authorization, hard) => {
    const answer = token(form, authorization, hard);
    if (form.get('grant_type') === 'refresh_token' && answer.status === 200) {
      count(faults, 'quickbooks online access token expired (refreshed)');
      if (answer.body.refresh_token !== form.get('refresh_token'))
        count(faults, 'quickbooks online refresh token rotated');
    }
    return answer;
  };

  const books = { invoices: new Set<string>(), deletedInvoices: new Set<string>() };
  const made = {
    accounts: [] as string[],
    products: [] as { product: string; entry: string }[],
    deals: [] as string[],
  };
  const handMadeCustomers = new Set<string>();
  const book = String(org.find('Pricebook2', 'IsStandard', true)!.Id);
  let serial = 0;
  const reviews: string[] = [];

  // ——— the bookkeeper ———
  const items = () => co.list('Item').filter((i) => i.Type === 'Service' && i.Active !== false);
  const activeCustomers = () => co.list('Customer').filter((c) => c.Active !== false);
  /** Her own invoices she may rework: nothing paid, not void. */
  const reworkable = () =>
    co
      .list('Invoice')
      .filter((i) => books.invoices.has(String(i.Id)) && !(i.LinkedTxn as Row[]).length && i.PrivateNote !== 'Voided');
  const salesLines = (i: Row) => (i.Line as JsonObject[]).filter((l) => l.DetailType === 'SalesItemLineDetail');
  const bookkeeper: Record<string, () => boolean> = {
    newCustomer() {
      const c = co.create('Customer', {
        DisplayName: `Soak Customer ${++serial}`,
        PrimaryPhone: { FreeFormNumber: phone(541) },
        BillAddr: { City: 'Eugene' },
      });
      handMadeCustomers.add(String(c.Id));
      return true;
    },
    newInvoice() {
      const c = pick(activeCustomers());
      if (!c || !items().length) return false;
      const Line = Array.from({ length: int(1, 3) }, () => {
        const qty = int(1, 5);
        const rate = int(2000, 40000);
        return {
          DetailType: 'SalesItemLineDetail',
          Amount: money(qty * rate),
          SalesItemLineDetail: { ItemRef: { value: String(pick(items())!.Id) }, Qty: qty, UnitPrice: money(rate) },
        };
      });
      const due = new Date(qbo.clock.now() + int(-5, 30) * DAY).toISOString().slice(0, 10);
      const inv = co.create('Invoice', {
        CustomerRef: { value: String(c.Id) },
        DocNumber: `S${++serial}`,
        TxnDate: today(),
        DueDate: due,
        Line,
      });
      books.invoices.add(String(inv.Id));
      return true;
    },
    editInvoice() {
      const inv = pick(reworkable());
      if (!inv) return false;
      co.update('Invoice', String(inv.Id), {
        DueDate: new Date(qbo.clock.now() + int(-3, 20) * DAY).toISOString().slice(0, 10),
      });
      return true;
    },
    removeLine() {
      const inv = pick(reworkable().filter((i) => salesLines(i).length >= 2));
      if (!inv) return false;
      co.update('Invoice', String(inv.Id), { Line: salesLines(inv).slice(0, -1) });
      return true;
    },
    payment() {
      const inv = pick(co.list('Invoice').filter((i) => cents(i.Balance) > 0));
      if (!inv) return false;
      const owed = cents(inv.Balance);
      const amount = money(chance(0.6) ? owed : Math.max(1, Math.floor(owed / 2)));
      co.create('Payment', {
        CustomerRef: inv.CustomerRef as JsonObject,
        TotalAmt: amount,
        Line: [{ Amount: amount, LinkedTxn: [{ TxnId: String(inv.Id), TxnType: 'Invoice' }] }],
      });
      return true;
    },
    void() {
      const inv = pick(reworkable());
      if (!inv) return false;
      co.void('Invoice', String(inv.Id));
      return true;
    },
    deleteInvoice() {
      const inv = pick(reworkable());
      if (!inv) return false;
      co.delete('Invoice', String(inv.Id));
      books.deletedInvoices.add(String(inv.Id));
      return true;
    },
    deactivateCustomer() {
      const invoiced = new Set(co.list('Invoice').map((i) => String((i.CustomerRef as Row).value)));
      const c = pick(
        activeCustomers().filter((x) => handMadeCustomers.has(String(x.Id)) && !invoiced.has(String(x.Id))),
      );
      if (!c) return false;
      co.deactivate('Customer', String(c.Id));
      return true;
    },
    customerPhone() {
      const c = pick(activeCustomers());
      if (!c) return false;
      co.update('Customer', String(c.Id), { PrimaryPhone: { FreeFormNumber: phone(503) } });
      return true;
    },
  };

  // ——— the reps ———
  const account = (id: string) => org.records('Account').find((a) => a.Id === id)!;
  const linkedAccounts = () => made.accounts.filter((id) => account(id).QuickBooks_Customer_Id__c);
  const customerOf = (id: string) => String(account(id).QuickBooks_Customer_Id__c).split(':').at(-1)!;
  const reps: Record<string, () => boolean> = {
    newAccount() {
      const a = watch.insert('Account', {
        Name: `Soak Account ${++serial}`,
        Phone: phone(971),
        BillingCity: pick(['Portland', 'Salem', 'Bend'])!,
        BillingState: 'OR',
        QuickBooks_Sync_Enabled__c: true,
      });
      made.accounts.push(String(a.Id));
      watch.made.add(String(a.Id));
      return true;
    },
    renameAccount() {
      const id = pick(linkedAccounts());
      if (!id) return false;
      watch.update('Account', id, { Name: `Soak Account ${++serial} (renamed)` });
      return true;
    },
    accountCity() {
      const id = pick(linkedAccounts());
      if (!id) return false;
      watch.update('Account', id, { BillingCity: pick(['Medford', 'Astoria', 'Hood River', 'Corvallis'])! });
      return true;
    },
    newProduct() {
      const product = watch.insert('Product2', { Name: `Soak Service ${++serial}`, IsActive: true });
      const entry = watch.insert('PricebookEntry', {
        Pricebook2Id: book,
        Product2Id: product.Id,
        UnitPrice: int(40, 900),
        IsActive: true,
      });
      made.products.push({ product: String(product.Id), entry: String(entry.Id) });
      watch.made.add(String(product.Id)).add(String(entry.Id));
      return true;
    },
    productPrice() {
      const p = pick(made.products);
      if (!p) return false;
      watch.update('PricebookEntry', p.entry, { UnitPrice: int(40, 900) });
      return true;
    },
    wonDeal() {
      const id = pick(linkedAccounts());
      if (!id || !made.products.length) return false;
      const deal = watch.insert('Opportunity', {
        Name: `Soak deal ${++serial}`,
        AccountId: id,
        StageName: 'Closed Won',
        CloseDate: today(),
        Pricebook2Id: book,
      });
      const entries = org.records('PricebookEntry');
      let amount = 0;
      for (let l = int(1, 3); l > 0; l--) {
        const p = pick(made.products)!;
        const price = entries.find((e) => e.Id === p.entry)!.UnitPrice;
        const quantity = int(1, 4);
        amount += quantity * cents(price);
        watch.insert('OpportunityLineItem', {
          OpportunityId: deal.Id,
          PricebookEntryId: p.entry,
          Product2Id: p.product,
          Quantity: quantity,
          UnitPrice: price,
        });
      }
      // Salesforce rolls a deal's amount up from its products.
      watch.update('Opportunity', String(deal.Id), { Amount: amount / 100 });
      made.deals.push(String(deal.Id));
      watch.made.add(String(deal.Id));
      return true;
    },
  };

  /** The same customer edited on both sides before the relay hears of either. */
  function bothSides(field: 'Phone' | 'BillingCity' | 'Name'): boolean {
    const id = pick(linkedAccounts());
    if (!id) return false;
    hand(() => co.update('Customer', customerOf(id), { PrimaryPhone: { FreeFormNumber: phone(458) } }));
    if (field === 'Phone') {
      watch.update('Account', id, { Phone: phone(541) }); // the same field: flagged for review
      reviews.push(id);
    } else if (field === 'Name') watch.update('Account', id, { Name: `Soak Account ${++serial} (renamed)` });
    else watch.update('Account', id, { BillingCity: pick(['Ashland', 'Newport', 'Roseburg'])! });
    count(edits, field === 'Phone' ? 'both sides, same field (review)' : 'both sides, different fields');
    return true;
  }
  /** A person settles yesterday's reviews: picks a phone on the Salesforce side. */
  function settleReviews() {
    for (const id of reviews.splice(0)) {
      watch.update('Account', id, { Phone: phone(503) });
      count(edits, 'review settled by a person');
    }
  }

  // ——— faults ———
  const ONLINE_FAULTS = [
    'quickbooks online 429 throttled',
    'quickbooks online 401 access token dead early',
    'quickbooks online 5xx',
    'quickbooks online 5010 stale SyncToken',
    'webhooks dropped',
    'webhooks sent twice',
    'webhooks out of order',
    'relay restarted',
  ];
  /** Arms a fault; answers how to tell, after the round, that it fired. */
  async function armFault(): Promise<{ kind: string; fired: () => boolean } | undefined> {
    if (!chance(0.55)) return undefined;
    const kind = pick([...SALESFORCE_FAULTS, ...ONLINE_FAULTS])!;
    const requests = qbo.requests.length;
    const changes = co.changes.length;
    const deliveries = qbo.webhooks.deliveries.length;
    const drained = () => sim.faults.pending().length + qbo.faults.pending().length === 0;
    armSalesforce(sim, kind, int);
    if (kind === 'quickbooks online 429 throttled') qbo.faults.inject('throttle', { times: int(1, 3) });
    else if (kind === 'quickbooks online 401 access token dead early') qbo.faults.inject('token_expired');
    else if (kind === 'quickbooks online 5xx')
      qbo.faults.inject(pick(['system_error', 'unavailable'] as const)!, { times: int(1, 2) });
    else if (kind === 'quickbooks online 5010 stale SyncToken') {
      if (!bothSides('Name')) return undefined;
      return { kind, fired: () => qbo.requests.slice(requests).some((q) => q.status === 400) };
    } else if (kind === 'webhooks dropped') qbo.webhooks.withhold(int(1, 2));
    else if (kind === 'webhooks sent twice') qbo.webhooks.duplicate(1);
    else if (kind === 'webhooks out of order') qbo.webhooks.holdBack(1);
    else if (kind === 'relay restarted') {
      await rig.restart(int(0, rig.relays.length - 1));
      return { kind, fired: () => true };
    }
    if (kind === 'webhooks sent twice') return { kind, fired: () => qbo.webhooks.deliveries.length > deliveries };
    // Dropped or held back: fired when the company changed after it was armed.
    if (kind.startsWith('webhooks')) return { kind, fired: () => co.changes.length > changes };
    return { kind, fired: drained };
  }

  try {
    // The company's first services and customers, told by webhooks.
    hand(() => {
      for (let n = 0; n < 4; n++)
        co.create('Item', {
          Name: `Soak Work ${n + 1}`,
          Type: 'Service',
          IncomeAccountRef: { value: '1' },
          UnitPrice: money(int(5000, 30000)),
        });
      for (let n = 0; n < 5; n++) bookkeeper.newCustomer!();
      for (let n = 0; n < 8; n++) bookkeeper.newInvoice!();
    });
    await rig.settle();
    const key = (await rig.store.db.query<{ id: string }>('SELECT connection_id AS id FROM qbo_companies'))[0]!.id;

    for (let day = 1; day <= o.days; day++) {
      log(`day ${day} (${today()})`);
      settleReviews();
      for (let round = int(3, 5); round > 0; round--) {
        qbo.clock.advance(int(60, 180) * MINUTE);
        for (let n = int(0, 3); n > 0; n--) {
          const name = pick(Object.keys(bookkeeper))!;
          if (hand(() => bookkeeper[name]!())) count(edits, `quickbooks online ${name}`);
        }
        for (let n = int(0, 2); n > 0; n--) {
          // What cannot be done yet (no product to price, say) becomes a new Account or product.
          let name = pick(Object.keys(reps))!;
          if (!reps[name]!()) reps[(name = made.products.length < 3 ? 'newProduct' : 'newAccount')]!();
          count(edits, `salesforce ${name}`);
        }
        if (chance(0.1)) bothSides(chance(0.5) ? 'Phone' : 'BillingCity');
        const armed = await armFault();
        // The org's changes are read before Intuit's webhooks of the company's arrive.
        for (const r of rig.relays) await r.runtime.tick({ pollNow: true });
        await rig.settle();
        if (armed?.fired()) count(faults, armed.kind);
        sim.faults.clear();
        qbo.faults.clear();
        log(`  round at ${new Date(qbo.clock.now()).toISOString()}${armed ? ` (${armed.kind})` : ''}`);
      }
      qbo.clock.advance(14 * 3_600_000); // the night
    }

    // The faults stop; a person settles what waits for review; Change Data Capture's hour passes.
    settleReviews();
    for (let s = 0; s < 3; s++) {
      qbo.clock.advance(70 * MINUTE);
      await rig.settle();
    }

    // `ledgerbridge reconcile`: the relay reads the company's figures through the API and compares.
    let text = '';
    let done = false;
    const command = runReconcile(['--wait', '5'], rig.config, (s) => (text += s), { store: rig.store, pollMs: 20 });
    void command.finally(() => (done = true));
    for (let i = 0; i < 500 && !done; i++) {
      for (const r of rig.relays) await r.runtime.tick();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await command;
    const crmKey = (
      await rig.store.db.query<{ id: string }>(`SELECT id FROM connections WHERE system = 'salesforce'`)
    )[0]!.id;
    const rec = await reconciliationsRepo(rig.store.db, () => qbo.clock.now()).latest(key, crmKey);
    if (!rec || rec.status !== 'compared') throw new Error(`reconcile did not compare: ${text}`);
    const result = JSON.parse(rec.result ?? '{"differences":[]}') as ReconcileResult;
    return {
      books: 'online',
      seed: o.seed,
      days: o.days,
      store: o.postgresUrl ? 'postgres' : 'embedded',
      relays: rig.relays.length,
      edits,
      moved: await movedRecords(rig.store.db),
      faults,
      reconcile: {
        differences: result.differences.length,
        reasons: result.differences.map((d) => `${d.object} ${d.label}: ${d.reason}`).slice(0, 20),
        crmCalls: result.crmCalls,
      },
      verdict: onlineVerdict(co, org, key, made, books),
      echoes,
      redundant: watch.redundant,
      calls: { Salesforce: org.apiUsage, 'QuickBooks Online API requests': qbo.requests.length },
      wallMs: performance.now() - started,
    };
  } catch (e) {
    const tail = rig.logs.slice(-20).join('\n');
    throw new Error(`soak seed ${o.seed} failed: ${(e as Error).stack}\nlast relay log lines:\n${tail}`);
  } finally {
    await rig.close();
  }
}
