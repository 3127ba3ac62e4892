/**
 * The same small company kept in QuickBooks Desktop and in QuickBooks Online must make the same
 * Salesforce records, field by field. The company — a customer with a job, a vendor, two items,
 * two accounts, two invoices (one partly paid, one with a description-only line and a class), a
 * payment and a bill — is entered in each edition's simulator as its user would, read back as
 * the relay reads it (Desktop: qbXML through `qbxml/parse.ts`; Online: JSON over HTTP through
 * `parseExactJson`), mapped by each edition's mapping, then by the Salesforce mapping. Ids differ
 * between editions and are replaced by the records' names before the writes are compared.
 */
import { buildQbxml, type QbxmlRequest } from '../../relay/src/systems/qbd/qbxml/requests.ts';
import { parseQbxmlResponse } from '../../relay/src/systems/qbd/qbxml/parse.ts';
import { toCanonical as desktopToCanonical } from '../../relay/src/systems/qbd/mapping.ts';
import { parseExactJson } from '../../relay/src/systems/qbo/api/json.ts';
import type { QboJson } from '../../relay/src/systems/qbo/api/types.ts';
import { toCanonical as onlineToCanonical } from '../../relay/src/systems/qbo/mapping/to-canonical.ts';
import { toSalesforceWrites, type SalesforceWrite } from '../../relay/src/systems/salesforce/mapping.ts';
import { decimal, format, sum, toMoneyString } from '../../relay/src/lib/money.ts';
import type { CanonicalRecord } from '../../relay/src/sync/model.ts';
import { createCompany, type Company } from '../simulators/qbd/company/index.ts';
import { newTxnId, tick } from '../simulators/qbd/company/store.ts';
import { startConnected } from '../simulators/qbo/test-client.ts';
import type { QboSimulator } from '../simulators/qbo/index.ts';
import type { JsonObject } from '../simulators/qbo/decode.ts';

const CONNECTION = 'acme';
const TODAY = '2026-03-20';
const HOME = { homeCurrency: 'USD' };

/**
 * Fields each edition fills from what is its own, not from the company's data; every other field
 * of every write must be equal. (Departments are QuickBooks Online's alone — Desktop has none —
 * so the company files its invoices under none, and the Department fields are compared empty.)
 */
const EDITION_SPECIFIC: Readonly<Record<string, readonly string[]>> = {
  // When the edition last changed the record: each simulator's own clock.
  QuickBooks_Invoice__c: ['QuickBooks_Updated_At__c'],
  QuickBooks_Bill__c: ['QuickBooks_Updated_At__c'],
  QuickBooks_Payment__c: ['QuickBooks_Updated_At__c'],
  QuickBooks_GL_Account__c: ['QuickBooks_Updated_At__c'],
};

/** The company, as names and amounts; each edition enters it in its own words. */
const CO = {
  customer: {
    name: 'Acme Corp',
    company: 'Acme Corporation',
    salutation: 'Ms.',
    first: 'Ada',
    last: 'Lovelace',
    phone: '217-555-0101',
    mobile: '217-555-0199',
    email: 'ada@acme.example',
    bill: { line1: '1 Main St', line2: 'Suite 5', city: 'Springfield', state: 'IL', zip: '62701' },
    ship: { line1: '9 Dock Rd', city: 'Springfield', state: 'IL', zip: '62702' },
    terms: 'Net 30',
  },
  job: 'Kitchen',
  vendor: { name: 'Paper Supply', company: 'Paper Supply Co', phone: '217-555-0300', email: 'ap@paper.example' },
  items: [
    { name: 'Design', kind: 'Service', description: 'Design work', price: '75.00' },
    { name: 'Tiles', kind: 'NonInventory', description: 'Ceramic tiles', price: '12.50' },
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
        { item: 'Design', description: 'Design, two days', qty: '2', rate: '75.00', amount: '150.00' },
        { item: 'Tiles', description: 'Tiles', qty: '10', rate: '12.50', amount: '125.00' },
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
        { item: 'Design', description: 'Design review', qty: '1', rate: '75.00', amount: '75.00' },
        {
          item: undefined,
          description: 'Thank you for your business',
          qty: undefined,
          rate: undefined,
          amount: undefined,
        },
      ],
    },
  ],
  payment: { number: 'CHK-7', date: '2026-03-15', amount: '100.00', method: 'Check', memo: 'Thanks' },
  bill: { number: 'B-1', date: '2026-03-02', due: '2026-03-17', amount: '310.72', memo: 'Paper for March' },
} as const;

/** QuickBooks Desktop: entered through qbXML Adds (the bill, which the simulator has no Add for, as it stores one). */
function desktopCompany(): { company: Company; records: CanonicalRecord[] } {
  const company = createCompany({
    now: '2026-03-19T09:00:00',
    customers: 0,
    vendors: 0,
    items: 0,
    invoices: 0,
    bills: 0,
    payments: 0,
    journalEntries: 0,
  });
  const run = (requests: QbxmlRequest[]) => {
    const parsed = parseQbxmlResponse(company.process(buildQbxml(requests, { onError: 'stopOnError' })));
    if (!parsed.ok) throw new Error(parsed.error.message);
    for (const rs of parsed.value.responses)
      if (rs.statusCode !== 0) throw new Error(`${rs.type}: ${rs.statusMessage}`);
    return parsed.value.responses.flatMap((rs) => rs.records);
  };
  const idOf = (records: ReturnType<typeof run>) => {
    const r = records[0] as { listId?: string; txnId?: string };
    return (r.listId ?? r.txnId)!;
  };
  const c = CO.customer;
  const customerId = idOf(
    run([
      {
        type: 'CustomerAdd',
        requestId: 'c',
        customer: {
          name: c.name,
          companyName: c.company,
          salutation: c.salutation,
          firstName: c.first,
          lastName: c.last,
          billAddress: {
            addr1: c.bill.line1,
            addr2: c.bill.line2,
            city: c.bill.city,
            state: c.bill.state,
            postalCode: c.bill.zip,
          },
          shipAddress: { addr1: c.ship.line1, city: c.ship.city, state: c.ship.state, postalCode: c.ship.zip },
          phone: c.phone,
          // Desktop's second phone is what the canonical model calls mobile.
          altPhone: c.mobile,
          email: c.email,
          terms: { fullName: c.terms },
        },
      },
    ]),
  );
  const jobId = idOf(
    run([{ type: 'CustomerAdd', requestId: 'j', customer: { name: CO.job, parent: { listId: customerId } } }]),
  );
  const v = CO.vendor;
  const vendorId = idOf(
    run([
      {
        type: 'VendorAdd',
        requestId: 'v',
        vendor: { name: v.name, companyName: v.company, phone: v.phone, email: v.email },
      },
    ]),
  );
  const itemIds = new Map<string, string>();
  for (const i of CO.items) {
    const item = { name: i.name, description: i.description, price: i.price, account: { fullName: 'Services' } };
    itemIds.set(
      i.name,
      idOf(
        run([
          i.kind === 'Service'
            ? { type: 'ItemServiceAdd', requestId: 'i', item }
            : { type: 'ItemNonInventoryAdd', requestId: 'i', item },
        ]),
      ),
    );
  }
  const invoiceIds: string[] = [];
  for (const inv of CO.invoices) {
    invoiceIds.push(
      idOf(
        run([
          {
            type: 'InvoiceAdd',
            requestId: 'inv',
            invoice: {
              customer: { listId: inv.to === 'job' ? jobId : customerId },
              txnDate: inv.date,
              refNumber: inv.number,
              dueDate: inv.due,
              terms: { fullName: CO.customer.terms },
              ...(inv.memo ? { memo: inv.memo } : {}),
              ...(inv.className ? { class: { fullName: inv.className } } : {}),
              lines: inv.lines.map((l) => ({
                ...(l.item ? { item: { listId: itemIds.get(l.item)! } } : {}),
                description: l.description,
                ...(l.qty ? { quantity: l.qty, rate: l.rate } : {}),
              })),
            },
          },
        ]),
      ),
    );
  }
  const p = CO.payment;
  run([
    {
      type: 'ReceivePaymentAdd',
      requestId: 'p',
      payment: {
        customer: { listId: jobId },
        txnDate: p.date,
        refNumber: p.number,
        totalAmount: p.amount,
        paymentMethod: { fullName: p.method },
        memo: p.memo,
        appliedTo: [{ txnId: invoiceIds[0]!, paymentAmount: p.amount }],
      },
    },
  ]);
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
    vendor: { listId: vendorId, fullName: v.name },
    dueDate: b.due,
    amountDue: b.amount,
    memo: b.memo,
    isPaid: false,
    openAmount: b.amount,
    linkedTxns: [],
    expenseLines: [{ txnLineId: `1-${billId}`, account: { fullName: 'Office Supplies' }, amount: b.amount }],
    itemLines: [],
  });

  const read = run([
    { type: 'AccountQuery', requestId: 'a' },
    { type: 'ItemQuery', requestId: 'i' },
    { type: 'CustomerQuery', requestId: 'c' },
    { type: 'VendorQuery', requestId: 'v' },
    { type: 'InvoiceQuery', requestId: 'inv', includeLineItems: true },
    { type: 'BillQuery', requestId: 'b' },
    { type: 'ReceivePaymentQuery', requestId: 'p' },
  ]);
  return { company, records: read.flatMap((r) => mapped(desktopToCanonical(r, HOME))) };
}

function mapped(r: ReturnType<typeof desktopToCanonical>): CanonicalRecord[] {
  if (!r.ok) throw new Error(r.error.message);
  return r.value && r.value.type !== 'deletion' ? [r.value] : [];
}

/** QuickBooks Online: entered as its user would, read back over HTTP as the relay's client reads it. */
async function onlineCompany(sim: QboSimulator, realm: string, token: string): Promise<CanonicalRecord[]> {
  const co = sim.company(realm);
  const c = CO.customer;
  const NET_30 = { value: '3', name: c.terms };
  const customer = co.create('Customer', {
    DisplayName: c.name,
    CompanyName: c.company,
    Title: c.salutation,
    GivenName: c.first,
    FamilyName: c.last,
    BillAddr: {
      Line1: c.bill.line1,
      Line2: c.bill.line2,
      City: c.bill.city,
      CountrySubDivisionCode: c.bill.state,
      PostalCode: c.bill.zip,
    },
    ShipAddr: { Line1: c.ship.line1, City: c.ship.city, CountrySubDivisionCode: c.ship.state, PostalCode: c.ship.zip },
    PrimaryPhone: { FreeFormNumber: c.phone },
    Mobile: { FreeFormNumber: c.mobile },
    PrimaryEmailAddr: { Address: c.email },
    SalesTermRef: NET_30,
  });
  const job = co.create('Customer', { DisplayName: CO.job, ParentRef: { value: String(customer.Id) }, Job: true });
  const v = CO.vendor;
  const vendor = co.create('Vendor', {
    DisplayName: v.name,
    CompanyName: v.company,
    PrimaryPhone: { FreeFormNumber: v.phone },
    PrimaryEmailAddr: { Address: v.email },
  });
  const account = (name: string) => String(co.list('Account').find((a) => a.Name === name)!.Id);
  // The Online company starts with "Accounts Receivable (A/R)"; the bookkeeper adds one named as Desktop's.
  co.create('Account', { Name: 'Accounts Receivable', AccountType: 'Accounts Receivable' });
  const itemIds = new Map<string, string>();
  for (const i of CO.items) {
    const item = co.create('Item', {
      Name: i.name,
      Type: i.kind,
      Description: i.description,
      UnitPrice: i.price,
      IncomeAccountRef: { value: account('Services') },
      ...(i.kind === 'NonInventory' ? { ExpenseAccountRef: { value: account('Miscellaneous') } } : {}),
    });
    itemIds.set(i.name, String(item.Id));
  }
  const east = co.create('Class', { Name: 'East' });
  const invoiceIds: string[] = [];
  for (const inv of CO.invoices) {
    const created = co.create('Invoice', {
      CustomerRef: { value: String(inv.to === 'job' ? job.Id : customer.Id) },
      TxnDate: inv.date,
      DocNumber: inv.number,
      DueDate: inv.due,
      SalesTermRef: NET_30,
      ...(inv.memo ? { PrivateNote: inv.memo } : {}),
      ...(inv.className ? { ClassRef: { value: String(east.Id), name: inv.className } } : {}),
      Line: inv.lines.map((l): JsonObject =>
        l.item
          ? {
              DetailType: 'SalesItemLineDetail',
              Amount: l.amount!,
              Description: l.description,
              SalesItemLineDetail: { ItemRef: { value: itemIds.get(l.item)! }, Qty: l.qty!, UnitPrice: l.rate! },
            }
          : { DetailType: 'DescriptionOnly', Description: l.description! },
      ),
    });
    invoiceIds.push(String(created.Id));
  }
  const p = CO.payment;
  co.create('Payment', {
    CustomerRef: { value: String(job.Id) },
    TxnDate: p.date,
    PaymentRefNum: p.number,
    TotalAmt: p.amount,
    PaymentMethodRef: { value: '1', name: p.method },
    PrivateNote: p.memo,
    Line: [{ Amount: p.amount, LinkedTxn: [{ TxnId: invoiceIds[0]!, TxnType: 'Invoice' }] }],
  });
  const b = CO.bill;
  co.create('Bill', {
    VendorRef: { value: String(vendor.Id) },
    TxnDate: b.date,
    DueDate: b.due,
    DocNumber: b.number,
    PrivateNote: b.memo,
    Line: [
      {
        DetailType: 'AccountBasedExpenseLineDetail',
        Amount: b.amount,
        AccountBasedExpenseLineDetail: { AccountRef: { value: account('Miscellaneous') } },
      },
    ],
  });

  const records: CanonicalRecord[] = [];
  for (const entity of ['Account', 'Item', 'Customer', 'Vendor', 'Invoice', 'Bill', 'Payment']) {
    const query = encodeURIComponent(`select * from ${entity}`);
    const res = await fetch(`${sim.url}/v3/company/${realm}/query?query=${query}&minorversion=75`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    const page = (parseExactJson(await res.text()) as { QueryResponse: Record<string, QboJson[]> }).QueryResponse;
    for (const json of page[entity] ?? []) records.push(...mapped(onlineToCanonical(entity, json, HOME)));
  }
  return records;
}

/** A record's name in the company, the same in both editions: what its writes' ids are replaced by. */
function nameOf(r: CanonicalRecord, customers: ReadonlyMap<string, CanonicalRecord>): string {
  switch (r.type) {
    case 'customer':
    case 'item':
    case 'account':
      return `${r.type}:${r.fullName}`;
    case 'vendor':
      return `vendor:${r.name}`;
    case 'invoice':
    case 'bill':
      return `${r.type}:${r.number}`;
    case 'payment':
      return `payment:${r.number}:${nameOf(customers.get(r.customerId)!, customers)}`;
    case 'journalEntry':
      return `journal:${r.number}`;
    case 'order':
      return `order:${r.number}`;
  }
}

/**
 * Quantities and rates are Number fields: Salesforce holds their value, not how it was written, and
 * each edition writes it its own way (Desktop as it was entered, `75.00`; Online as JSON numbers
 * are written, `75`). They are compared as exact decimals, written without trailing zeros.
 */
const NUMBER_FIELDS = new Set(['Quantity__c', 'Rate__c']);
const asValue = (text: string) => {
  const d = decimal(text);
  const digits = format(d).replace(/(\.\d*?)0+$/, '$1');
  return digits.endsWith('.') ? digits.slice(0, -1) : digits;
};

/** The kind of record an external-ID field names (an edition's ids are unique only within a kind). */
const KIND_OF: Readonly<Record<string, string>> = {
  QuickBooks_Customer_Id__c: 'customer',
  QuickBooks_Vendor_Id__c: 'vendor',
  QuickBooks_Item_Id__c: 'item',
  QuickBooks_Account_Id__c: 'account',
  QuickBooks_Invoice_Id__c: 'invoice',
  QuickBooks_Line_Id__c: 'invoice',
  QuickBooks_Bill_Id__c: 'bill',
  QuickBooks_Payment_Id__c: 'payment',
};

/** The Salesforce writes of an edition's records, with every id of the edition replaced by a name. */
function writesByName(records: readonly CanonicalRecord[]): Map<string, SalesforceWrite[]> {
  const party = new Map(records.filter((r) => r.type === 'customer').map((r) => [r.id, r]));
  const names = new Map<string, string>();
  for (const r of records) {
    const name = nameOf(r, party);
    names.set(`${r.type}:${r.id}`, name);
    if (r.type === 'invoice') r.lines.forEach((l, n) => names.set(`invoice:${r.id}:${l.id}`, `${name}:line ${n + 1}`));
  }
  const prefix = `${CONNECTION}:`;
  /** `acme:<id>` (or `acme:<id>:<line>`, `acme:<id>:primary`) of a record of `kind`, by name. */
  const rename = (kind: string, v: string): string => {
    if (!v.startsWith(prefix)) return v;
    const rest = v.slice(prefix.length);
    const primary = rest.endsWith(':primary');
    const id = primary ? rest.slice(0, -':primary'.length) : rest;
    const name = names.get(`${kind}:${id}`);
    if (!name) throw new Error(`no ${kind} ${id} in the company`);
    return primary ? `${name}:primary` : name;
  };
  const renameFields = (fields: Readonly<Record<string, unknown>>) =>
    Object.fromEntries(
      Object.entries(fields).map(([k, v]) => {
        const [refField, ref] = v && typeof v === 'object' ? (Object.entries(v)[0] ?? []) : [];
        const kind = refField && KIND_OF[refField];
        if (NUMBER_FIELDS.has(k) && typeof v === 'string') return [k, asValue(v)];
        return [k, kind && typeof ref === 'string' ? { [refField]: rename(kind, ref) } : v];
      }),
    );
  const out = new Map<string, SalesforceWrite[]>();
  for (const r of records) {
    const writes = toSalesforceWrites(r, { connectionKey: CONNECTION, today: TODAY }).map((w) => {
      const specific = EDITION_SPECIFIC[w.sobject] ?? [];
      const sourceKind = w.source.type === 'invoiceLine' ? 'invoice' : w.source.type;
      return {
        ...w,
        externalId: rename(KIND_OF[w.externalIdField] ?? sourceKind, w.externalId),
        source: { type: w.source.type, id: rename(sourceKind, `${prefix}${w.source.id}`) },
        fields: renameFields(Object.fromEntries(Object.entries(w.fields).filter(([k]) => !specific.includes(k)))),
      };
    });
    out.set(nameOf(r, party), writes);
  }
  return out;
}

describe('the same company through QuickBooks Desktop and QuickBooks Online', () => {
  let sim: QboSimulator;
  let desktop: Map<string, SalesforceWrite[]>;
  let online: Map<string, SalesforceWrite[]>;
  beforeAll(async () => {
    const connected = await startConnected({ startAt: Date.parse('2026-03-19T16:00:00Z') });
    sim = connected.sim;
    desktop = writesByName(desktopCompany().records);
    online = writesByName(await onlineCompany(sim, connected.realm, connected.tokens.access_token));
  });
  afterAll(() => sim.close());

  /** What the company holds (the records the editions make of their own, like Online's seeded accounts, aside). */
  const COMPANY = [
    'account:Services',
    'account:Accounts Receivable',
    'item:Design',
    'item:Tiles',
    'customer:Acme Corp',
    'customer:Acme Corp:Kitchen',
    'vendor:Paper Supply',
    'invoice:1001',
    'invoice:1002',
    'bill:B-1',
    'payment:CHK-7:customer:Acme Corp:Kitchen',
  ];

  it('reads every record of the company from both', () => {
    expect(COMPANY.filter((n) => !desktop.has(n))).toEqual([]);
    expect(COMPANY.filter((n) => !online.has(n))).toEqual([]);
  });

  it.each(COMPANY)('makes the same Salesforce writes of %s, field by field', (name) => {
    expect(online.get(name)).toEqual(desktop.get(name));
  });

  it('to the cent: totals, balances, what was paid, the Opportunities’ amounts', () => {
    const field = (name: string, sobject: string, f: string) =>
      online.get(name)!.find((w) => w.sobject === sobject)!.fields[f];
    expect([
      field('invoice:1001', 'QuickBooks_Invoice__c', 'Total_Amount__c'),
      field('invoice:1001', 'QuickBooks_Invoice__c', 'Balance__c'),
    ]).toEqual(['275.00', '175.00']);
    expect(field('invoice:1001', 'QuickBooks_Invoice__c', 'Status__c')).toBe('Partially Paid');
    expect(field('invoice:1001', 'QuickBooks_Invoice__c', 'Class__c')).toBe('East');
    expect(field('invoice:1002', 'Opportunity', 'Amount')).toBe('75.00');
    const products = online.get('invoice:1001')!.filter((w) => w.sobject === 'OpportunityLineItem');
    expect(toMoneyString(sum(products.map((w) => decimal(String(w.fields.TotalPrice)))))).toBe('275.00');
    expect(field('payment:CHK-7:customer:Acme Corp:Kitchen', 'QuickBooks_Payment__c', 'Amount__c')).toBe('100.00');
    expect(field('bill:B-1', 'QuickBooks_Bill__c', 'Total_Amount__c')).toBe('310.72');
  });
});
