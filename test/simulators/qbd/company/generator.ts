/**
 * @module
 * Deterministic company generator: the same seed and sizes always give the same company file (IDs,
 * names, amounts, timestamps). Customers include jobs (`Parent:Job`), items come in several types,
 * invoices carry lines, payments are applied to invoices, journal entries balance.
 */
import { cents, formatCents, productCents, sumCents } from './cents.ts';
import type {
  Account,
  Bill,
  Customer,
  InvoiceLine,
  Invoice,
  Item,
  JournalEntry,
  Payment,
  Ref,
  Vendor,
} from './records.ts';
import { deleteRecord } from './mutations.ts';
import { epochSeconds, newListId, newTxnId, qbDate, qbTimestamp, type CompanyState } from './store.ts';
import { adjustBalance, applyToInvoice } from './txn-writes.ts';

export interface CompanySize {
  readonly customers?: number;
  readonly vendors?: number;
  readonly items?: number;
  readonly accounts?: number;
  readonly invoices?: number;
  readonly bills?: number;
  readonly payments?: number;
  readonly journalEntries?: number;
  /** Records deleted after generation (customers without transactions and transactions), logged for ListDeleted/TxnDeleted. */
  readonly deletions?: number;
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = [
  'Abbott',
  'Baker',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Håkansson',
  'Ito',
  'Jäger',
  'Kowalski',
  'Lefèvre',
  "O'Brien",
  'Müller',
  'Nakamura',
  'Ortiz',
  'Patel',
  'Quinn',
  'Rossi',
  'Smith',
  'Tremblay',
  'Ueda',
  'Vargas',
  'Weiß',
  'Young',
  'Zoë',
];
const TRADES = [
  'Bakery',
  'Builders',
  'Café',
  'Consulting',
  'Dental',
  'Electric',
  'Farms',
  'Garage',
  'Hardware',
  'Interiors',
  'Landscaping',
  'Law',
  'Media',
  'Plumbing',
  'Roofing',
  'Studio',
  'Tailors',
  '& Sons',
  '& Co',
];
const JOBS = ['Kitchen', 'Office Fit-out', 'Roof Repair', 'Annual Audit', 'Website', 'Warehouse', 'Phase 2', 'Garden'];
const CITIES: readonly (readonly [string, string, string])[] = [
  ['Portland', 'OR', '97201'],
  ['Austin', 'TX', '73301'],
  ['Denver', 'CO', '80202'],
  ['Boston', 'MA', '02108'],
  ['Seattle', 'WA', '98101'],
  ['Montréal', 'QC', 'H2X 1Y4'],
];

const BASE_ACCOUNTS: readonly (readonly [string, string, string?])[] = [
  ['Checking', 'Bank'],
  ['Savings', 'Bank'],
  ['Accounts Receivable', 'AccountsReceivable', 'AccountsReceivable'],
  ['Undeposited Funds', 'OtherCurrentAsset', 'UndepositedFunds'],
  ['Inventory Asset', 'OtherCurrentAsset', 'InventoryAssets'],
  ['Accounts Payable', 'AccountsPayable', 'AccountsPayable'],
  ['Opening Balance Equity', 'Equity', 'OpeningBalanceEquity'],
  ['Services', 'Income'],
  ['Product Sales', 'Income'],
  ['Cost of Goods Sold', 'CostOfGoodsSold', 'CostOfGoodsSold'],
  ['Job Expenses', 'Expense'],
  ['Rent Expense', 'Expense'],
  ['Utilities', 'Expense'],
  ['Office Supplies', 'Expense'],
  ['Discounts Given', 'Income'],
];

export function generate(state: CompanyState, size: CompanySize): void {
  const rnd = prng(state.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const amountBetween = (lo: number, hi: number) => formatCents(BigInt(int(lo * 100, hi * 100)));
  const start = state.clock;
  const counts = {
    customers: size.customers ?? 20,
    vendors: size.vendors ?? 8,
    items: size.items ?? 12,
    accounts: Math.max(size.accounts ?? BASE_ACCOUNTS.length, BASE_ACCOUNTS.length),
    invoices: size.invoices ?? 15,
    bills: size.bills ?? 6,
    payments: size.payments ?? 8,
    journalEntries: size.journalEntries ?? 4,
  };
  const total = Object.values(counts).reduce((a, b) => a + b, 0) + 1;
  // Records are created over the year before "now", oldest first, a few seconds apart at least.
  const span = 365 * 86_400_000;
  const step = Math.max(2000, Math.floor(span / total));
  state.clock = start - step * total;
  const stamp = () => {
    state.clock += step;
    return { time: qbTimestamp(state), editSequence: String(epochSeconds(state)) };
  };
  const refOf = (r: { listId: string; fullName?: string; name: string }): Ref => ({
    listId: r.listId,
    fullName: r.fullName ?? r.name,
  });

  const accounts: Account[] = [];
  const jobExpenses = () => accounts.find((a) => a.name === 'Job Expenses');
  for (let i = 0; i < counts.accounts; i++) {
    const base = BASE_ACCOUNTS[i];
    const parent = base ? undefined : jobExpenses();
    const name = base ? base[0] : `Job Cost ${String(i).padStart(4, '0')}`;
    const { time, editSequence } = stamp();
    const rec: Account = {
      kind: 'account',
      listId: newListId(state),
      timeCreated: time,
      timeModified: time,
      editSequence,
      name,
      fullName: parent ? `${parent.fullName}:${name}` : name,
      isActive: true,
      sublevel: parent ? 1 : 0,
      accountType: base ? base[1] : 'Expense',
      ...(base?.[2] ? { specialAccountType: base[2] } : {}),
      ...(parent ? { parent: refOf(parent) } : {}),
      ...(base ? {} : { accountNumber: String(6000 + i) }),
      balance: '0.00',
      totalBalance: '0.00',
    };
    accounts.push(rec);
    state.tables.account.set(rec.listId, rec);
  }
  const acct = (name: string) => refOf(accounts.find((a) => a.name === name) as Account);

  const vendors: Vendor[] = [];
  for (let i = 0; i < counts.vendors; i++) {
    const { time, editSequence } = stamp();
    const [city, st, zip] = pick(CITIES);
    const name = `${pick(SURNAMES)} Supply ${i + 1}`;
    const rec: Vendor = {
      kind: 'vendor',
      listId: newListId(state),
      timeCreated: time,
      timeModified: time,
      editSequence,
      name,
      isActive: rnd() > 0.05,
      companyName: name,
      vendorAddress: { addr1: `${int(1, 999)} Industrial Way`, city, state: st, postalCode: zip },
      phone: `555-${String(int(1000, 9999))}`,
      email: `ap${i + 1}@vendor.example`,
      nameOnCheck: name,
      terms: { listId: state.other.terms.get('Net 30') ?? '', fullName: 'Net 30' },
      isVendorEligibleFor1099: rnd() > 0.7,
      balance: '0.00',
    };
    vendors.push(rec);
    state.tables.vendor.set(rec.listId, rec);
  }

  const items: Item[] = [];
  const types = ['Service', 'Service', 'NonInventory', 'Inventory', 'OtherCharge', 'Discount'] as const;
  for (let i = 0; i < counts.items; i++) {
    const itemType = types[i % types.length] as (typeof types)[number];
    const { time, editSequence } = stamp();
    const name = `${itemType === 'Discount' ? 'Discount' : pick(['Labor', 'Design', 'Install', 'Parts', 'Freight', 'Review', 'Support'])} ${i + 1}`;
    const price = amountBetween(10, 400);
    const base = {
      kind: 'item' as const,
      itemType,
      listId: newListId(state),
      timeCreated: time,
      timeModified: time,
      editSequence,
      name,
      fullName: name,
      isActive: true,
      sublevel: 0,
    };
    const rec: Item =
      itemType === 'Inventory'
        ? {
            ...base,
            salesDesc: `${name} (each)`,
            salesPrice: price,
            incomeAccount: acct('Product Sales'),
            purchaseCost: formatCents(cents(price)),
            cogsAccount: acct('Cost of Goods Sold'),
            assetAccount: acct('Inventory Asset'),
            quantityOnHand: String(int(0, 500)),
            averageCost: price,
          }
        : itemType === 'Discount'
          ? {
              ...base,
              salesDesc: '10% loyalty discount',
              salesPricePercent: '10.0',
              incomeAccount: acct('Discounts Given'),
            }
          : itemType === 'NonInventory'
            ? {
                ...base,
                salesDesc: `${name}`,
                salesPrice: price,
                incomeAccount: acct('Product Sales'),
                purchaseDesc: `${name} (bought)`,
                purchaseCost: amountBetween(5, 9),
                expenseAccount: acct('Job Expenses'),
              }
            : {
                ...base,
                salesDesc: `${name} per hour`,
                salesPrice: price,
                incomeAccount: acct(itemType === 'OtherCharge' ? 'Product Sales' : 'Services'),
              };
    items.push(rec);
    state.tables.item.set(rec.listId, rec);
  }
  const saleItems = items.filter((i) => i.itemType !== 'Discount');

  const customers: Customer[] = [];
  const topLevel: Customer[] = [];
  for (let i = 0; i < counts.customers; i++) {
    const { time, editSequence } = stamp();
    const isJob = topLevel.length > 0 && rnd() < 0.2;
    const [city, st, zip] = pick(CITIES);
    const first = pick(SURNAMES);
    if (isJob) {
      const parent = pick(topLevel);
      const name = `${pick(JOBS)} ${i + 1}`;
      const rec: Customer = {
        kind: 'customer',
        listId: newListId(state),
        timeCreated: time,
        timeModified: time,
        editSequence,
        name,
        fullName: `${parent.fullName}:${name}`,
        isActive: true,
        parent: refOf(parent),
        sublevel: 1,
        companyName: parent.companyName,
        billAddress: parent.billAddress,
        balance: '0.00',
        totalBalance: '0.00',
        jobStatus: pick(['InProgress', 'Awarded', 'Pending', 'Closed']),
        jobDesc: `${name} for ${parent.name}`,
      };
      customers.push(rec);
      state.tables.customer.set(rec.listId, rec);
      continue;
    }
    const name = `${first} ${pick(TRADES)} ${i + 1}`;
    const rec: Customer = {
      kind: 'customer',
      listId: newListId(state),
      timeCreated: time,
      timeModified: time,
      editSequence,
      name,
      fullName: name,
      isActive: rnd() > 0.05,
      sublevel: 0,
      companyName: name,
      firstName: pick(['Ana', 'Ben', 'Chloé', 'Dev', 'Eva', 'Finn', 'Grace']),
      lastName: first,
      billAddress: {
        addr1: `${int(1, 9999)} ${pick(['Main', 'Oak', 'Elm', 'Pine'])} St`,
        city,
        state: st,
        postalCode: zip,
        country: 'USA',
      },
      phone: `555-${String(int(1000, 9999))}`,
      email: `billing${i + 1}@customer.example`,
      terms: { listId: state.other.terms.get('Net 30') ?? '', fullName: 'Net 30' },
      balance: '0.00',
      totalBalance: '0.00',
      accountNumber: `C-${String(i + 1).padStart(5, '0')}`,
      jobStatus: 'None',
      notes: i % 7 === 0 ? 'Prefers email <invoices> & statements' : undefined,
    };
    if (rec.notes === undefined) delete (rec as { notes?: string }).notes;
    customers.push(rec);
    topLevel.push(rec);
    state.tables.customer.set(rec.listId, rec);
  }

  const invoices: Invoice[] = [];
  for (let i = 0; i < counts.invoices && customers.length > 0 && saleItems.length > 0; i++) {
    const { time, editSequence } = stamp();
    const customer = pick(customers);
    const txnId = newTxnId(state);
    const lines: InvoiceLine[] = [];
    for (let n = 0; n < int(1, 4); n++) {
      const item = pick(saleItems);
      const qty = String(int(1, 20));
      const rate = item.salesPrice ?? '1.00';
      lines.push({
        txnLineId: `${n + 1}-${txnId}`,
        item: refOf(item),
        desc: item.salesDesc,
        quantity: qty,
        rate,
        amount: formatCents(productCents(qty, rate)),
      });
    }
    const subtotal = formatCents(sumCents(lines.map((l) => cents(l.amount ?? '0'))));
    state.refSeq++;
    const txnDate = qbDate(state.clock);
    const rec: Invoice = {
      kind: 'invoice',
      txnId,
      timeCreated: time,
      timeModified: time,
      editSequence,
      txnNumber: String(state.seq),
      txnDate,
      refNumber: String(state.refSeq),
      customer: refOf(customer),
      arAccount: acct('Accounts Receivable'),
      terms: { listId: state.other.terms.get('Net 30') ?? '', fullName: 'Net 30' },
      dueDate: qbDate(state.clock + 30 * 86_400_000),
      subtotal,
      salesTaxPercentage: '0.00',
      salesTaxTotal: '0.00',
      appliedAmount: '0.00',
      balanceRemaining: subtotal,
      memo: `Invoice for ${customer.name}`,
      isPaid: false,
      isToBePrinted: false,
      linkedTxns: [],
      lines,
    };
    invoices.push(rec);
    state.tables.invoice.set(txnId, rec);
    adjustBalance(state, rec.customer, cents(subtotal));
  }

  for (let i = 0; i < counts.bills && vendors.length > 0; i++) {
    const { time, editSequence } = stamp();
    const vendor = pick(vendors);
    const txnId = newTxnId(state);
    const amount = amountBetween(20, 3000);
    const rec: Bill = {
      kind: 'bill',
      txnId,
      timeCreated: time,
      timeModified: time,
      editSequence,
      txnNumber: String(state.seq),
      txnDate: qbDate(state.clock),
      refNumber: `B-${i + 1}`,
      vendor: refOf(vendor),
      apAccount: acct('Accounts Payable'),
      dueDate: qbDate(state.clock + 15 * 86_400_000),
      amountDue: amount,
      memo: `Bill from ${vendor.name}`,
      isPaid: false,
      openAmount: amount,
      linkedTxns: [],
      expenseLines: [
        {
          txnLineId: `1-${txnId}`,
          account: acct(pick(['Rent Expense', 'Utilities', 'Office Supplies'])),
          amount,
          memo: 'Monthly',
          billableStatus: 'NotBillable',
        },
      ],
      itemLines: [],
    };
    state.tables.bill.set(txnId, rec);
  }

  const open = [...invoices];
  for (let i = 0; i < counts.payments && open.length > 0; i++) {
    const inv = open.splice(Math.floor(rnd() * open.length), 1)[0] as Invoice;
    const current = state.tables.invoice.get(inv.txnId) as Invoice;
    const { time, editSequence } = stamp();
    const full = rnd() < 0.6;
    const amount = full ? cents(current.balanceRemaining ?? '0') : cents(current.balanceRemaining ?? '0') / 2n;
    const txnId = newTxnId(state);
    const rec: Payment = {
      kind: 'payment',
      txnId,
      timeCreated: time,
      timeModified: time,
      editSequence,
      txnNumber: String(state.seq),
      txnDate: qbDate(state.clock),
      refNumber: `CHK-${1000 + i}`,
      customer: current.customer,
      arAccount: acct('Accounts Receivable'),
      totalAmount: formatCents(amount),
      paymentMethod: { listId: state.other.paymentMethod.get('Check') ?? '', fullName: 'Check' },
      depositToAccount: acct('Undeposited Funds'),
      unusedPayment: '0.00',
      unusedCredits: '0.00',
      appliedTo: [
        {
          txnId: current.txnId,
          txnType: 'Invoice',
          txnDate: current.txnDate,
          refNumber: current.refNumber ?? '',
          balanceRemaining: formatCents(cents(current.balanceRemaining ?? '0') - amount),
          amount: formatCents(amount),
        },
      ],
    };
    state.tables.payment.set(txnId, rec);
    applyToInvoice(state, current.txnId, rec, amount);
    adjustBalance(state, rec.customer, -amount);
  }

  for (let i = 0; i < counts.journalEntries; i++) {
    const { time, editSequence } = stamp();
    const txnId = newTxnId(state);
    const a = amountBetween(50, 900);
    const b = amountBetween(10, 40);
    const totalAmt = formatCents(cents(a) + cents(b));
    const rec: JournalEntry = {
      kind: 'journalEntry',
      txnId,
      timeCreated: time,
      timeModified: time,
      editSequence,
      txnNumber: String(state.seq),
      txnDate: qbDate(state.clock),
      refNumber: `JE-${i + 1}`,
      isAdjustment: i % 2 === 0,
      lines: [
        { txnLineId: `1-${txnId}`, type: 'Debit', account: acct('Rent Expense'), amount: a, memo: 'Accrual' },
        { txnLineId: `2-${txnId}`, type: 'Debit', account: acct('Utilities'), amount: b, memo: 'Accrual' },
        { txnLineId: `3-${txnId}`, type: 'Credit', account: acct('Checking'), amount: totalAmt, memo: 'Accrual' },
      ],
    };
    state.tables.journalEntry.set(txnId, rec);
  }

  state.clock = Math.max(start, state.clock + 1000);
  const deletable = () => {
    const used = new Set<string | undefined>(
      [...state.tables.invoice.values(), ...state.tables.payment.values()].map((t) => t.customer.listId),
    );
    for (const c of state.tables.customer.values()) used.add(c.parent?.listId);
    return [
      ...[...state.tables.customer.values()]
        .filter((c) => !used.has(c.listId))
        .map((c) => ['customer', c.listId] as const),
      ...[...state.tables.journalEntry.keys()].map((id) => ['journalEntry', id] as const),
      ...[...state.tables.bill.keys()].map((id) => ['bill', id] as const),
    ];
  };
  for (let i = 0; i < (size.deletions ?? 0); i++) {
    const candidates = deletable();
    if (candidates.length === 0) break;
    const [kind, id] = pick(candidates);
    deleteRecord(state, kind, id);
  }
}

/**
 * Multicurrency on: every customer, vendor and transaction carries its currency, as QuickBooks
 * stores it once the preference is on. The first `foreign.customers` top-level customers (with
 * their jobs, invoices and payments) deal in `foreign.name`; everything else in the home currency.
 */
export function assignCurrencies(
  state: CompanyState,
  foreign: { readonly name: string; readonly customers: number; readonly exchangeRate?: string } | undefined,
): void {
  const ref = (name: string): Ref => ({ listId: state.other.currency.get(name) ?? '', fullName: name });
  const home = ref(state.homeCurrency);
  const abroad = foreign ? ref(foreign.name) : home;
  const foreignIds = new Set(
    [...state.tables.customer.values()]
      .filter((c) => c.sublevel === 0)
      .slice(0, foreign?.customers ?? 0)
      .map((c) => c.listId),
  );
  for (const c of state.tables.customer.values()) {
    if (c.parent?.listId && foreignIds.has(c.parent.listId)) foreignIds.add(c.listId);
  }
  const rate = foreign?.exchangeRate ?? '1';
  const of = (customer: Ref) =>
    customer.listId && foreignIds.has(customer.listId) ? { currency: abroad, exchangeRate: rate } : { currency: home };
  for (const c of state.tables.customer.values())
    state.tables.customer.set(c.listId, { ...c, currency: of(c).currency });
  for (const v of state.tables.vendor.values()) state.tables.vendor.set(v.listId, { ...v, currency: home });
  for (const i of state.tables.invoice.values()) state.tables.invoice.set(i.txnId, { ...i, ...of(i.customer) });
  for (const p of state.tables.payment.values()) state.tables.payment.set(p.txnId, { ...p, ...of(p.customer) });
  for (const b of state.tables.bill.values()) state.tables.bill.set(b.txnId, { ...b, currency: home });
}
