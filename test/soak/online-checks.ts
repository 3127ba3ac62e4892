/**
 * @module
 * The Online soak's own verdict, independent of the relay's code: the company against the org
 * record by record (every customer an Account of its name, phone and city; every invoice a mirror
 * of its total, balance and state, a voided or deleted one Voided; every payment a mirror of its
 * amount), and what reps sent to QuickBooks Online against what it holds (every Account marked Send
 * to QuickBooks a customer its QuickBooks id points at, every product an item at its price, every
 * won deal one invoice of its lines, to its Account's customer). Sorted as `checks.ts` sorts.
 */
import type { SimCompany } from '../simulators/qbo/index.ts';
import type { SimOrg } from '../simulators/salesforce/index.ts';
import { cents } from '../sync/support/books-vs-org.ts';
import type { CrmMade, Verdict } from './checks.ts';

type Row = Record<string, unknown>;

/** What the bookkeeper did that the company no longer lists, and the invoices she entered. */
export interface BooksMade {
  readonly deletedInvoices: ReadonlySet<string>;
  readonly invoices: ReadonlySet<string>;
}

const dupes = (values: readonly string[]) => {
  const seen = new Map<string, number>();
  for (const v of values) seen.set(v, (seen.get(v) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([v, n]) => `${v} ×${n}`);
};
const str = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));
const phoneOf = (c: Row) => str((c.PrimaryPhone as Row | undefined)?.FreeFormNumber);
const cityOf = (c: Row) => str((c.BillAddr as Row | undefined)?.City);

export function onlineVerdict(co: SimCompany, org: SimOrg, key: string, made: CrmMade, books: BooksMade): Verdict {
  const lost: string[] = [];
  const duplicated: string[] = [];
  const differing: string[] = [];
  const ours = (id: unknown) => `${key}:${String(id)}`;
  const mirrors = (object: string, field: string) => {
    const by = new Map<string, Row[]>();
    for (const r of org.records(object)) {
      const k = str(r[field]);
      if (k?.startsWith(`${key}:`)) by.set(k, [...(by.get(k) ?? []), r]);
    }
    for (const [k, rs] of by) if (rs.length > 1) duplicated.push(`${object} records for ${field} ${k} ×${rs.length}`);
    return (id: unknown) => by.get(ours(id))?.[0];
  };

  // QuickBooks Online → Salesforce.
  const accountOf = mirrors('Account', 'QuickBooks_Customer_Id__c');
  const customers = co.list('Customer');
  for (const c of customers) {
    const a = accountOf(c.Id);
    const name = String(c.DisplayName);
    if (!a) {
      lost.push(`customer ${name} (${String(c.Id)}): no Account`);
      continue;
    }
    if (a.Name !== name) differing.push(`customer ${name}: the Account is named ${String(a.Name)}`);
    if (phoneOf(c) !== str(a.Phone)) differing.push(`customer ${name} phone: ${phoneOf(c)}, org ${str(a.Phone)}`);
    if (cityOf(c) !== str(a.BillingCity))
      differing.push(`customer ${name} city: ${cityOf(c)}, org ${str(a.BillingCity)}`);
    if ((c.Active !== false) !== (a.QuickBooks_Active__c !== false))
      differing.push(`customer ${name}: active ${String(c.Active)}, org ${String(a.QuickBooks_Active__c)}`);
    if (a.QuickBooks_Sync_Status__c === 'Needs Review' || a.QuickBooks_Sync_Status__c === 'Failed')
      differing.push(`customer ${name}: ${String(a.QuickBooks_Sync_Status__c)}`);
  }
  for (const d of dupes(org.records('Account').map((a) => String(a.Name).toLowerCase())))
    duplicated.push(`Accounts named ${d}`);

  const invoiceOf = mirrors('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c');
  const invoices = co.list('Invoice');
  for (const i of invoices) {
    const m = invoiceOf(i.Id);
    const what = `invoice ${String(i.DocNumber ?? i.Id)} (${String(i.Id)})`;
    if (!m) {
      lost.push(`${what}: not in the org`);
      continue;
    }
    const voided = i.PrivateNote === 'Voided' && cents(i.TotalAmt) === 0;
    if (voided !== (m.Status__c === 'Voided')) differing.push(`${what}: status ${String(m.Status__c)} in the org`);
    if (cents(i.TotalAmt) !== cents(m.Total_Amount__c))
      differing.push(`${what} total: ${String(i.TotalAmt)}, org ${String(m.Total_Amount__c)}`);
    if (cents(i.Balance) !== cents(m.Balance__c))
      differing.push(`${what} balance: ${String(i.Balance)}, org ${String(m.Balance__c)}`);
  }
  for (const id of books.deletedInvoices) {
    const m = invoiceOf(id);
    if (m && m.Status__c !== 'Voided') differing.push(`invoice ${id}: deleted in QuickBooks, ${String(m.Status__c)}`);
  }
  const paymentOf = mirrors('QuickBooks_Payment__c', 'QuickBooks_Payment_Id__c');
  for (const p of co.list('Payment')) {
    const m = paymentOf(p.Id);
    if (!m) lost.push(`payment ${String(p.Id)}: not in the org`);
    else if (cents(p.TotalAmt) !== cents(m.Amount__c))
      differing.push(`payment ${String(p.Id)}: ${String(p.TotalAmt)}, org ${String(m.Amount__c)}`);
  }

  // Salesforce → QuickBooks Online: each record the reps made.
  const byId = (object: string) => new Map(org.records(object).map((r) => [String(r.Id), r]));
  const idIn = (v: unknown) => (str(v)?.startsWith(`${key}:`) ? String(v).slice(key.length + 1) : undefined);
  const accounts = byId('Account');
  for (const id of made.accounts) {
    const a = accounts.get(id)!;
    const c = co.get('Customer', idIn(a.QuickBooks_Customer_Id__c) ?? '');
    if (!c) lost.push(`Account ${String(a.Name)}: never a customer in QuickBooks Online`);
    else if (c.DisplayName !== a.Name)
      differing.push(`Account ${String(a.Name)}: the customer is ${String(c.DisplayName)}`);
  }
  const products = byId('Product2');
  const entries = byId('PricebookEntry');
  for (const m of made.products) {
    const p = products.get(m.product)!;
    const item = co.get('Item', idIn(p.QuickBooks_Item_Id__c) ?? '');
    if (!item) lost.push(`Product ${String(p.Name)}: never an item in QuickBooks Online`);
    else if (item.Name !== p.Name || cents(item.UnitPrice) !== cents(entries.get(m.entry)!.UnitPrice))
      differing.push(`Product ${String(p.Name)}: item ${String(item.Name)} at ${String(item.UnitPrice)}`);
  }
  for (const d of dupes(co.list('Item').map((i) => String(i.Name).toLowerCase())))
    duplicated.push(`QuickBooks Online items named ${d}`);
  const deals = byId('Opportunity');
  const lineItems = org.records('OpportunityLineItem');
  for (const id of made.deals) {
    const deal = deals.get(id)!;
    const inv = co.get('Invoice', idIn(deal.QuickBooks_Invoice_Id__c) ?? '');
    if (!inv) {
      lost.push(`won deal ${String(deal.Name)}: no invoice in QuickBooks Online`);
      continue;
    }
    const total = lineItems
      .filter((l) => l.OpportunityId === id)
      .reduce((s, l) => s + Number(l.Quantity) * cents(l.UnitPrice), 0);
    if (cents(inv.TotalAmt) !== total)
      differing.push(`won deal ${String(deal.Name)}: invoice ${String(inv.TotalAmt)}, deal ${total / 100}`);
    const owner = accounts.get(String(deal.AccountId));
    if (idIn(owner?.QuickBooks_Customer_Id__c) !== String((inv.CustomerRef as Row).value))
      differing.push(`won deal ${String(deal.Name)}: invoiced to another customer than its Account`);
  }
  // Every invoice the bookkeeper did not enter is a won deal's: one each.
  const theirs = invoices.filter((i) => !books.invoices.has(String(i.Id))).length;
  if (theirs > made.deals.length)
    duplicated.push(`${theirs} invoices made from ${made.deals.length} won deal(s) in QuickBooks Online`);
  return { lost, duplicated, differing };
}
