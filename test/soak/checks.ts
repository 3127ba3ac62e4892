/**
 * @module
 * The soak's own verdict, independent of the relay's code: the org against the books field by field
 * (`books-vs-org.ts`, QuickBooks → Salesforce), and what reps sent to QuickBooks against what
 * QuickBooks holds (Salesforce → QuickBooks): every Account marked Send to QuickBooks a customer
 * of its name that its QuickBooks id points at, every product an item at its price, every won deal
 * an invoice of its lines. Sorted into lost (a record one side has and the other lacks),
 * duplicated (two records on one side for one on the other) and differing (both have it, unequal).
 */
import type { Company } from '../simulators/qbd/company/index.ts';
import type { SimOrg } from '../simulators/salesforce/index.ts';
import { cents, differences } from '../sync/support/books-vs-org.ts';

export interface Verdict {
  readonly lost: string[];
  readonly duplicated: string[];
  readonly differing: string[];
}

/** What the soak created in the org, by Id. */
export interface CrmMade {
  readonly accounts: readonly string[];
  readonly products: readonly { readonly product: string; readonly entry: string }[];
  readonly deals: readonly string[];
}

const dupes = (values: readonly string[]) => {
  const seen = new Map<string, number>();
  for (const v of values) seen.set(v, (seen.get(v) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([v, n]) => `${v} ×${n}`);
};

export function verdict(company: Company, org: SimOrg, key: string, today: string, made: CrmMade): Verdict {
  const lost: string[] = [];
  const duplicated: string[] = [];
  const differing: string[] = [];
  // QuickBooks → Salesforce, field by field.
  for (const d of differences(company, org, key, today)) {
    if (/: no Account$|: not in the org$/.test(d)) lost.push(d);
    else differing.push(d);
  }
  const idIn = (v: unknown) => {
    const s = typeof v === 'string' ? v : '';
    return s.startsWith(`${key}:`) ? s.slice(key.length + 1) : undefined;
  };
  const byId = (object: string) => new Map(org.records(object).map((r) => [String(r.Id), r]));

  // Duplicates on either side.
  const customers = company.list('customer');
  for (const d of dupes(customers.map((c) => c.fullName.toLowerCase()))) duplicated.push(`QuickBooks customer ${d}`);
  for (const d of dupes(company.list('item').map((i) => i.fullName.toLowerCase())))
    duplicated.push(`QuickBooks item ${d}`);
  for (const d of dupes(company.list('invoice').flatMap((i) => (i.externalGuid ? [i.externalGuid] : []))))
    duplicated.push(`QuickBooks invoices with ExternalGUID ${d}`);
  const linked = (object: string, field: string) =>
    org.records(object).flatMap((r) => (idIn(r[field]) ? [String(r[field])] : []));
  for (const [object, field] of [
    ['Account', 'QuickBooks_Customer_Id__c'],
    ['Product2', 'QuickBooks_Item_Id__c'],
    ['QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c'],
    ['Opportunity', 'QuickBooks_Invoice_Id__c'],
    ['QuickBooks_Payment__c', 'QuickBooks_Payment_Id__c'],
  ] as const)
    for (const d of dupes(linked(object, field))) duplicated.push(`${object} records for ${field} ${d}`);
  for (const d of dupes(org.records('Account').map((a) => String(a.Name).toLowerCase())))
    duplicated.push(`Accounts named ${d}`);

  // Salesforce → QuickBooks: each record the reps made.
  const accounts = byId('Account');
  const customerById = new Map(customers.map((c) => [c.listId, c]));
  for (const id of made.accounts) {
    const a = accounts.get(id)!;
    const listId = idIn(a.QuickBooks_Customer_Id__c);
    const c = listId ? customerById.get(listId) : undefined;
    if (!c) {
      lost.push(`Account ${String(a.Name)}: ${listId ? `QuickBooks has no customer ${listId}` : 'never linked'}`);
      continue;
    }
    if (c.name !== a.Name) differing.push(`Account ${String(a.Name)}: QuickBooks customer is named ${c.name}`);
    if ((c.phone ?? null) !== (a.Phone ?? null))
      differing.push(`Account ${String(a.Name)} Phone: org ${String(a.Phone)}, QuickBooks ${c.phone}`);
    if ((c.billAddress?.city ?? null) !== (a.BillingCity ?? null))
      differing.push(
        `Account ${String(a.Name)} BillingCity: org ${String(a.BillingCity)}, QuickBooks ${c.billAddress?.city}`,
      );
    if (a.QuickBooks_Sync_Status__c === 'Needs Review' || a.QuickBooks_Sync_Status__c === 'Failed')
      differing.push(`Account ${String(a.Name)}: ${String(a.QuickBooks_Sync_Status__c)}`);
  }
  const products = byId('Product2');
  const entries = byId('PricebookEntry');
  const items = new Map(company.list('item').map((i) => [i.listId, i]));
  for (const m of made.products) {
    const p = products.get(m.product)!;
    const listId = idIn(p.QuickBooks_Item_Id__c);
    const item = listId ? items.get(listId) : undefined;
    if (!item) {
      lost.push(`Product ${String(p.Name)}: ${listId ? `QuickBooks has no item ${listId}` : 'never linked'}`);
      continue;
    }
    if (item.fullName !== p.Name)
      differing.push(`Product ${String(p.Name)}: QuickBooks item is named ${item.fullName}`);
    if (cents(item.salesPrice) !== cents(entries.get(m.entry)!.UnitPrice))
      differing.push(
        `Product ${String(p.Name)} price: org ${String(entries.get(m.entry)!.UnitPrice)}, QuickBooks ${item.salesPrice}`,
      );
  }
  const deals = byId('Opportunity');
  const invoices = new Map(company.list('invoice').map((i) => [i.txnId, i]));
  const lineItems = org.records('OpportunityLineItem');
  for (const id of made.deals) {
    const deal = deals.get(id)!;
    const txnId = idIn(deal.QuickBooks_Invoice_Id__c);
    const inv = txnId ? invoices.get(txnId) : undefined;
    if (!inv) {
      lost.push(`won deal ${String(deal.Name)}: ${txnId ? `QuickBooks has no invoice ${txnId}` : 'no invoice'}`);
      continue;
    }
    const theirs = inv.lines.map((l) => `${l.item?.fullName}×${Number(l.quantity ?? 1)}=${cents(l.amount)}`).sort();
    const ours = lineItems
      .filter((l) => l.OpportunityId === id)
      .map((l) => {
        const p = products.get(String(l.Product2Id));
        const amount = Math.round(Number(l.Quantity) * Number(l.UnitPrice) * 100);
        return `${String(p?.Name)}×${Number(l.Quantity)}=${amount}`;
      })
      .sort();
    if (theirs.join(' ') !== ours.join(' '))
      differing.push(`won deal ${String(deal.Name)}: QuickBooks ${theirs.join(' ')}, org ${ours.join(' ')}`);
    const owner = accounts.get(String(deal.AccountId));
    if (idIn(owner?.QuickBooks_Customer_Id__c) !== inv.customer.listId)
      differing.push(`won deal ${String(deal.Name)}: invoiced to ${inv.customer.fullName}, not its Account`);
  }
  return { lost, duplicated, differing };
}
