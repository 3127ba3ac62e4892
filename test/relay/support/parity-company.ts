/**
 * @module
 * One small QuickBooks Desktop company, as names and amounts, and how its bookkeeper enters it in
 * the qbd simulator's company file, reached through the Web Connector: qbXML Adds (the inventory
 * and other-charge items and the bill, which the simulator has no Add for, stored as QuickBooks
 * stores them); then the edit, a customer's phone and a line removed from an invoice. The entry
 * returns the QuickBooks ids it made, by name, so a test can put names in place of ids. The same
 * company through Conductor: `parity-conductor.ts`.
 */
import { buildQbxml, type QbxmlRequest } from '../../../relay/src/systems/qbd/qbxml/requests.ts';
import { parseQbxmlResponse } from '../../../relay/src/systems/qbd/qbxml/parse.ts';
import type { Company } from '../../simulators/qbd/company/index.ts';
import type { Item } from '../../simulators/qbd/company/records.ts';
import { newListId, newTxnId, tick } from '../../simulators/qbd/company/store.ts';

/** QuickBooks ids by the name a test gives the record (`customer:Acme Corp`, `invoice:1001:line 2`). */
export type IdNames = Map<string, string>;

const ACME = {
  name: 'Acme Corp',
  company: 'Acme Corporation',
  salutation: 'Ms.',
  first: 'Ada',
  last: 'Lovelace',
  title: 'Controller',
  phone: '217-555-0101',
  mobile: '217-555-0199',
  fax: '217-555-0102',
  email: 'ada@acme.example',
  bill: { line1: '1 Main St', line2: 'Suite 5', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
  ship: { line1: '9 Dock Rd', city: 'Springfield', state: 'IL', postalCode: '62702' },
  terms: 'Net 30',
  className: 'West',
};

/** The company, as names and amounts; each way in enters it in its own words. */
export const CO = {
  customer: ACME,
  job: 'Kitchen',
  inactive: { name: 'Globex', phone: '312-555-0400', email: 'ap@globex.example' },
  vendor: {
    name: 'Paper Supply',
    company: 'Paper Supply Co',
    phone: '217-555-0300',
    email: 'ap@paper.example',
    terms: 'Net 15',
  },
  vendorAddress: { line1: '40 Mill Rd', city: 'Decatur', state: 'IL', postalCode: '62521' },
  items: [
    { name: 'Design', kind: 'Service', description: 'Design work', price: '75.00' },
    { name: 'Tiles', kind: 'NonInventory', description: 'Ceramic tiles', price: '12.50' },
    { name: 'Grout', kind: 'Inventory', description: 'Grout, 10 lb bag', price: '18.25' },
    { name: 'Delivery', kind: 'OtherCharge', description: 'Delivery charge', price: '40.00' },
  ],
  invoices: [
    {
      number: '1001',
      to: 'job',
      date: '2026-03-01',
      due: '2026-03-31',
      memo: 'Spring work',
      className: 'East',
      lines: [
        { item: 'Design', description: 'Design, two days', qty: '2', rate: '75.00' },
        { item: 'Tiles', description: 'Tiles', qty: '10', rate: '12.50' },
        { item: 'Grout', description: 'Grout', qty: '3', rate: '18.25' },
        { item: undefined, description: 'Thank you for your business', qty: undefined, rate: undefined },
      ],
    },
    {
      number: '1002',
      to: 'customer',
      date: '2026-03-05',
      due: '2026-04-04',
      memo: undefined,
      className: undefined,
      lines: [
        { item: 'Design', description: 'Design review', qty: '1', rate: '75.00' },
        { item: 'Delivery', description: 'Delivery to site', qty: '1', rate: '40.00' },
        { item: 'Tiles', description: 'Spare tiles', qty: '4', rate: '12.50' },
      ],
    },
  ],
  payment: { number: 'CHK-7', date: '2026-03-15', amount: '100.00', method: 'Check', memo: 'Thanks' },
  bill: { number: 'B-1', date: '2026-03-02', due: '2026-03-17', amount: '310.72', memo: 'Paper for March' },
  /** The edit: Acme's new phone, and invoice 1002 without its delivery line (its second). */
  edit: { phone: '217-555-0142', invoice: '1002', dropLine: 1 },
} as const;

/** The chart of accounts the qbd simulator's company file starts with (its generator's). */
export const ACCOUNTS: readonly (readonly [name: string, qbxmlType: string])[] = [
  ['Checking', 'Bank'],
  ['Savings', 'Bank'],
  ['Accounts Receivable', 'AccountsReceivable'],
  ['Undeposited Funds', 'OtherCurrentAsset'],
  ['Inventory Asset', 'OtherCurrentAsset'],
  ['Accounts Payable', 'AccountsPayable'],
  ['Opening Balance Equity', 'Equity'],
  ['Services', 'Income'],
  ['Product Sales', 'Income'],
  ['Cost of Goods Sold', 'CostOfGoodsSold'],
  ['Job Expenses', 'Expense'],
  ['Rent Expense', 'Expense'],
  ['Utilities', 'Expense'],
  ['Office Supplies', 'Expense'],
  ['Discounts Given', 'Income'],
];

/** QuickBooks Desktop through the Web Connector: the bookkeeper's entries in the company file. */
export function enterDesktop(company: Company): IdNames {
  const ids: IdNames = new Map();
  const run = (rq: QbxmlRequest) => {
    const parsed = parseQbxmlResponse(company.process(buildQbxml([rq], { onError: 'stopOnError' })));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const [rs] = parsed.value.responses;
    if (!rs || rs.statusCode !== 0) throw new Error(`${rq.type}: ${rs?.statusMessage}`);
    const r = rs.records[0] as { listId?: string; txnId?: string };
    return (r.listId ?? r.txnId)!;
  };
  const addr = (a: { line1: string; line2?: string; city: string; state: string; postalCode: string }) => ({
    addr1: a.line1,
    ...(a.line2 ? { addr2: a.line2 } : {}),
    city: a.city,
    state: a.state,
    postalCode: a.postalCode,
  });
  for (const a of company.list('account')) ids.set(`account:${a.fullName}`, a.listId);
  const c = CO.customer;
  const customer = { type: 'CustomerAdd', requestId: 'c' } as const;
  ids.set(
    `customer:${c.name}`,
    run({
      ...customer,
      customer: {
        name: c.name,
        companyName: c.company,
        salutation: c.salutation,
        firstName: c.first,
        lastName: c.last,
        jobTitle: c.title,
        billAddress: { ...addr(c.bill), country: c.bill.country },
        shipAddress: addr(c.ship),
        phone: c.phone,
        altPhone: c.mobile,
        fax: c.fax,
        email: c.email,
        terms: { fullName: c.terms },
        class: { fullName: c.className },
      },
    }),
  );
  const acme = ids.get(`customer:${c.name}`)!;
  ids.set(`customer:${c.name}:${CO.job}`, run({ ...customer, customer: { name: CO.job, parent: { listId: acme } } }));
  const g = CO.inactive;
  ids.set(
    `customer:${g.name}`,
    run({ ...customer, customer: { name: g.name, isActive: false, phone: g.phone, email: g.email } }),
  );
  const v = CO.vendor;
  ids.set(
    `vendor:${v.name}`,
    run({
      type: 'VendorAdd',
      requestId: 'v',
      vendor: {
        name: v.name,
        companyName: v.company,
        phone: v.phone,
        email: v.email,
        vendorAddress: addr(CO.vendorAddress),
        terms: { fullName: v.terms },
      },
    }),
  );
  const account = (name: string) => ({ listId: ids.get(`account:${name}`)!, fullName: name });
  for (const i of CO.items) {
    const item = { name: i.name, description: i.description, price: i.price, account: { fullName: 'Services' } };
    if (i.kind === 'Service') ids.set(`item:${i.name}`, run({ type: 'ItemServiceAdd', requestId: 'i', item }));
    else if (i.kind === 'NonInventory')
      ids.set(`item:${i.name}`, run({ type: 'ItemNonInventoryAdd', requestId: 'i', item }));
    else {
      // No Add for these in the simulator: stored as an ItemInventoryAdd / ItemOtherChargeAdd stores them.
      const { time, editSequence } = tick(company.state);
      const listId = newListId(company.state);
      const stamp = { kind: 'item', listId, timeCreated: time, timeModified: time, editSequence } as const;
      const rec: Item = {
        ...stamp,
        name: i.name,
        fullName: i.name,
        isActive: true,
        sublevel: 0,
        itemType: i.kind,
        salesDesc: i.description,
        salesPrice: i.price,
        incomeAccount: account(i.kind === 'Inventory' ? 'Product Sales' : 'Services'),
        ...(i.kind === 'Inventory'
          ? {
              cogsAccount: account('Cost of Goods Sold'),
              assetAccount: account('Inventory Asset'),
              quantityOnHand: '0',
            }
          : {}),
      };
      company.state.tables.item.set(listId, rec);
      ids.set(`item:${i.name}`, listId);
    }
  }
  for (const inv of CO.invoices) {
    const txnId = run({
      type: 'InvoiceAdd',
      requestId: 'inv',
      invoice: {
        customer: { listId: ids.get(inv.to === 'job' ? `customer:${c.name}:${CO.job}` : `customer:${c.name}`)! },
        txnDate: inv.date,
        refNumber: inv.number,
        dueDate: inv.due,
        terms: { fullName: c.terms },
        ...(inv.memo ? { memo: inv.memo } : {}),
        ...(inv.className ? { class: { fullName: inv.className } } : {}),
        lines: inv.lines.map((l) => ({
          ...(l.item ? { item: { listId: ids.get(`item:${l.item}`)! } } : {}),
          description: l.description,
          ...(l.qty ? { quantity: l.qty, rate: l.rate } : {}),
        })),
      },
    });
    ids.set(`invoice:${inv.number}`, txnId);
    const stored = company.state.tables.invoice.get(txnId)!;
    stored.lines.forEach((l, n) => ids.set(`invoice:${inv.number}:line ${n + 1}`, l.txnLineId));
  }
  const p = CO.payment;
  ids.set(
    `payment:${p.number}`,
    run({
      type: 'ReceivePaymentAdd',
      requestId: 'p',
      payment: {
        customer: { listId: ids.get(`customer:${c.name}:${CO.job}`)! },
        txnDate: p.date,
        refNumber: p.number,
        totalAmount: p.amount,
        paymentMethod: { fullName: p.method },
        memo: p.memo,
        appliedTo: [{ txnId: ids.get('invoice:1001')!, paymentAmount: p.amount }],
      },
    }),
  );
  const b = CO.bill;
  const { time, editSequence } = tick(company.state);
  const billId = newTxnId(company.state);
  company.state.tables.bill.set(billId, {
    kind: 'bill',
    txnId: billId,
    timeCreated: time,
    timeModified: time,
    editSequence,
    txnNumber: String(company.state.seq),
    txnDate: b.date,
    refNumber: b.number,
    vendor: { listId: ids.get(`vendor:${v.name}`)!, fullName: v.name },
    dueDate: b.due,
    amountDue: b.amount,
    memo: b.memo,
    isPaid: false,
    openAmount: b.amount,
    linkedTxns: [],
    expenseLines: [{ txnLineId: `1-${billId}`, account: account('Office Supplies'), amount: b.amount }],
    itemLines: [],
  });
  ids.set(`bill:${b.number}`, billId);
  return ids;
}

/** The edit in QuickBooks Desktop: the phone through CustomerMod, the line removed at the PC (the totals follow). */
export function editDesktop(company: Company, ids: IdNames): void {
  const acme = company.state.tables.customer.get(ids.get(`customer:${CO.customer.name}`)!)!;
  company.edit('customer', acme.listId, { phone: CO.edit.phone });
  const id = ids.get(`invoice:${CO.edit.invoice}`)!;
  const inv = company.state.tables.invoice.get(id)!;
  const lines = inv.lines.filter((_l, n) => n !== CO.edit.dropLine);
  const dropped = Number(inv.lines[CO.edit.dropLine]!.amount);
  const subtotal = lines.reduce((s, l) => s + Number(l.amount ?? 0), 0).toFixed(2);
  company.edit('invoice', id, { lines, subtotal, balanceRemaining: subtotal });
  // The customer's balance follows, without a new EditSequence (as an InvoiceAdd moves it).
  const owner = company.state.tables.customer.get(inv.customer.listId!)!;
  const balance = (Number(owner.balance ?? 0) - dropped).toFixed(2);
  company.state.tables.customer.set(owner.listId, { ...owner, balance, totalBalance: balance });
}
