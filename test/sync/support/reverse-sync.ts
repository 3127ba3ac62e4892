/**
 * @module
 * The Salesforce → QuickBooks Desktop side of the crash tests: an org filled with what reps send
 * to QuickBooks (Accounts marked "Send to QuickBooks", priced products, Closed Won Opportunities
 * with their lines), and what both sides hold of it afterwards, in a form two runs compare by:
 * QuickBooks records by name (customers, items) and by what they hold (invoices: customer, date,
 * lines), each Salesforce record by its Name with the QuickBooks record its id points at. Ids
 * differ between runs (the org's, the company's, the connection key) and are left out; a record
 * added twice shows up twice.
 */
import type { Company } from '../../simulators/qbd/company/index.ts';
import { prng } from '../../simulators/qbd/company/generator.ts';
import type { SimOrg } from '../../simulators/salesforce/index.ts';

export interface ReverseOrgSize {
  readonly accounts: number;
  readonly products: number;
  /** Closed Won Opportunities, each on one of the Accounts, with 2–3 lines of the products. */
  readonly deals: number;
}

/** The names the filled org uses, so the end state is read for exactly these records. */
export interface ReverseNames {
  readonly accounts: readonly string[];
  readonly products: readonly string[];
  readonly deals: readonly string[];
}

const PRICES = [150, 95.5, 42.25, 1200, 7.99, 310, 18.4];

/**
 * Fills the org with what reps send to QuickBooks; the same seed gives the same records.
 * @example const names = fillReverseOrg(sim.org, { accounts: 30, products: 5, deals: 20 }, 11);
 */
export function fillReverseOrg(org: SimOrg, size: ReverseOrgSize, seed: number): ReverseNames {
  const random = prng(seed);
  const ins = (object: string, fields: Record<string, unknown>) => org.store.insert(org.objectOrThrow(object), fields);
  const book = String(org.find('Pricebook2', 'IsStandard', true)!.Id);
  const pad = (i: number) => String(i + 1).padStart(2, '0');
  const products = Array.from({ length: size.products }, (_, i) => {
    const price = PRICES[i % PRICES.length]!;
    const product = ins('Product2', {
      Name: `Reverse Service ${pad(i)}`,
      IsActive: true,
      QuickBooks_Item_Type__c: i % 2 ? 'Non-inventory' : 'Service',
    });
    const entry = ins('PricebookEntry', {
      Pricebook2Id: book,
      Product2Id: product.Id,
      UnitPrice: price,
      IsActive: true,
    });
    return { product, entry, price };
  });
  const accounts = Array.from({ length: size.accounts }, (_, i) =>
    ins('Account', {
      Name: `Reverse Trading ${pad(i)}`,
      Phone: `(503) 555-01${pad(i)}`,
      BillingCity: i % 3 ? 'Portland' : 'Salem',
      BillingState: 'OR',
      QuickBooks_Sync_Enabled__c: true,
    }),
  );
  const deals = Array.from({ length: size.deals }, (_, i) => {
    const deal = ins('Opportunity', {
      Name: `Reverse deal ${pad(i)}`,
      AccountId: accounts[i % accounts.length]!.Id,
      StageName: 'Closed Won',
      CloseDate: `2026-11-${pad(i % 28)}`,
      Pricebook2Id: book,
    });
    const lines = 2 + Math.floor(random() * 2);
    for (let l = 0; l < lines; l++) {
      const p = products[Math.floor(random() * products.length)]!;
      ins('OpportunityLineItem', {
        OpportunityId: deal.Id,
        PricebookEntryId: p.entry.Id,
        Product2Id: p.product.Id,
        Quantity: 1 + Math.floor(random() * 4),
        UnitPrice: p.price,
      });
    }
    return String(deal.Name);
  });
  return {
    accounts: accounts.map((a) => String(a.Name)),
    products: products.map((p) => String(p.product.Name)),
    deals,
  };
}

/** What both sides hold of the filled org's records; two runs that agree have equal states. */
export interface ReverseState {
  /** Customers QuickBooks holds under the Accounts' names: `name | city | phone`, one per customer. */
  readonly customers: readonly string[];
  readonly items: readonly string[];
  /** Invoices of the filled org's Accounts: `customer | date | item×qty@rate=amount …`. */
  readonly invoices: readonly string[];
  /** ExternalGUIDs more than one invoice carries. */
  readonly sharedGuids: readonly string[];
  /** Each record by Name: how many the org holds, and what its QuickBooks id points at (or why not). */
  readonly org: readonly string[];
}

/**
 * Reads the state; `connectionKey` prefixes the QuickBooks ids in the org (`<key>:<ListID>`).
 * @example expect(reverseState(company, sim.org, key, names)).toEqual(reference);
 */
export function reverseState(company: Company, org: SimOrg, connectionKey: string, names: ReverseNames): ReverseState {
  const accountNames = new Set(names.accounts);
  const customers = company.list('customer').filter((c) => accountNames.has(c.name));
  const customerOf = new Map(company.list('customer').map((c) => [c.listId, c.fullName]));
  const productNames = new Set(names.products);
  const items = company.list('item').filter((i) => productNames.has(i.fullName));
  const itemOf = new Map(company.list('item').map((i) => [i.listId, i.fullName]));
  const invoices = company.list('invoice').filter((i) => accountNames.has(customerOf.get(i.customer.listId!) ?? ''));
  const invoiceOf = new Map(invoices.map((i) => [i.txnId, i]));
  const describe = (i: (typeof invoices)[number]) =>
    [
      customerOf.get(i.customer.listId!),
      i.txnDate,
      ...i.lines.map((l) => `${l.item?.fullName ?? '?'}×${l.quantity ?? ''}@${l.rate ?? ''}=${l.amount ?? ''}`),
    ].join(' | ');
  const guids = new Map<string, number>();
  for (const i of invoices) if (i.externalGuid) guids.set(i.externalGuid, (guids.get(i.externalGuid) ?? 0) + 1);

  const idIn = (v: unknown) => {
    const s = typeof v === 'string' ? v : '';
    return s.startsWith(`${connectionKey}:`) ? s.slice(connectionKey.length + 1) : undefined;
  };
  const named = (object: string, wanted: readonly string[], link: (r: Record<string, unknown>) => string) => {
    const recs = org.records(object);
    return wanted.map((name) => {
      const same = recs.filter((r) => r.Name === name);
      return `${object} ${name} ×${same.length}: ${same.map(link).join(', ')}`;
    });
  };
  const statusOf = (r: Record<string, unknown>) => String(r.QuickBooks_Sync_Status__c ?? 'no status');
  return {
    customers: customers.map((c) => `${c.name} | ${c.billAddress?.city ?? ''} | ${c.phone ?? ''}`).sort(),
    items: items.map((i) => `${i.fullName} | ${i.itemType} | ${i.salesPrice ?? ''}`).sort(),
    invoices: invoices.map(describe).sort(),
    sharedGuids: [...guids].filter(([, n]) => n > 1).map(([g]) => g),
    org: [
      ...named('Account', names.accounts, (r) => {
        const id = idIn(r.QuickBooks_Customer_Id__c);
        return `${id ? (customerOf.get(id) ?? `unknown customer ${id}`) : 'not linked'} (${statusOf(r)})`;
      }),
      ...named('Product2', names.products, (r) => {
        const id = idIn(r.QuickBooks_Item_Id__c);
        return id ? (itemOf.get(id) ?? `unknown item ${id}`) : 'not linked';
      }),
      ...named('Opportunity', names.deals, (r) => {
        const id = idIn(r.QuickBooks_Invoice_Id__c);
        const inv = id ? invoiceOf.get(id) : undefined;
        return id ? (inv ? describe(inv) : `unknown invoice ${id}`) : 'not linked';
      }),
    ],
  };
}
