/**
 * @module
 * The org compared with the QuickBooks company it mirrors, field by field, stated from the
 * simulated company's own records (never through the relay's mapping or money code): customers
 * and jobs, invoices with their lines, Opportunities at the invoice subtotal, payments and what
 * they pay, each Account's open and overdue balance, and the aging of every open invoice by the
 * components' own definition (`lwc/agingBuckets`). Returns the differences in words; none means
 * the org agrees with the books.
 */
import { computeAging, isPastDue } from '../../../force-app/main/default/lwc/agingBuckets/agingBuckets.ts';
import type { Company } from '../../simulators/qbd/company/index.ts';
import type { SimOrg } from '../../simulators/salesforce/index.ts';

/** Integer cents of a decimal string or number as the org stores it (`12.5`, `'-3.07'`). */
export function cents(v: unknown): number {
  if (v === undefined || v === null || v === '') return 0;
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(String(v));
  if (!m) throw new Error(`not an amount: ${String(v)}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0')));
}

/** The decimal string of integer cents (`-307` → `'-3.07'`), as QuickBooks writes amounts. */
export const money = (c: number): string =>
  `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;

const blank = (v: unknown) => (v === undefined || v === null || v === '' ? null : v);

/** QuickBooks Desktop voids an invoice by zeroing its amounts and prefixing its memo with "VOID:". */
const isVoid = (total: number, memo: string | undefined) => total === 0 && /^VOID:/i.test(memo ?? '');

/** QuickBooks' status of an invoice on `today`, as the bookkeeper reads it. */
function statusOf(total: number, balance: number, dueDate: string | undefined, today: string, memo?: string): string {
  if (isVoid(total, memo)) return 'Voided';
  if (balance === 0) return total === 0 ? 'Open' : 'Paid';
  if (isPastDue(dueDate ?? null, today)) return 'Overdue';
  return balance < total ? 'Partially Paid' : 'Open';
}

/**
 * Every difference between the org and the company on `today` (the company's calendar day).
 * @example expect(differences(company, sim.org, key, '2026-11-05')).toEqual([]);
 */
export function differences(company: Company, org: SimOrg, key: string, today: string): string[] {
  const out: string[] = [];
  const ext = (...ids: string[]) => [key, ...ids].join(':');
  const by = (object: string, field: string) => {
    const m = new Map<string, Record<string, unknown>>();
    for (const r of org.records(object)) if (r[field] !== undefined && r[field] !== null) m.set(String(r[field]), r);
    return m;
  };
  const accounts = by('Account', 'QuickBooks_Customer_Id__c');
  const invoices = by('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c');
  const opportunities = by('Opportunity', 'QuickBooks_Invoice_Id__c');
  const payments = by('QuickBooks_Payment__c', 'QuickBooks_Payment_Id__c');
  const same = (what: string, actual: unknown, expected: unknown) => {
    if (blank(actual) !== blank(expected))
      out.push(`${what}: org has ${JSON.stringify(actual)}, QuickBooks ${JSON.stringify(expected)}`);
  };

  const open = new Map<string, { open: number; overdue: number }>();
  for (const c of company.list('customer')) {
    const a = accounts.get(ext(c.listId));
    if (!a) {
      out.push(`customer ${c.fullName}: no Account`);
      continue;
    }
    same(`${c.fullName} Name`, a.Name, c.name);
    same(`${c.fullName} full name`, a.QuickBooks_Full_Name__c, c.fullName);
    same(`${c.fullName} Phone`, a.Phone, c.phone);
    same(`${c.fullName} email`, a.QuickBooks_Email__c, c.email);
    same(`${c.fullName} terms`, a.QuickBooks_Terms__c, c.terms?.fullName);
    same(`${c.fullName} sales rep`, a.QuickBooks_Sales_Rep__c, c.salesRep?.fullName);
    same(`${c.fullName} billing city`, a.BillingCity, c.billAddress?.city);
    same(`${c.fullName} active`, a.QuickBooks_Active__c, c.isActive);
    const parent = c.parent?.listId ? accounts.get(ext(c.parent.listId))?.Id : undefined;
    same(`${c.fullName} parent`, a.ParentId, parent);
    open.set(c.listId, { open: 0, overdue: 0 });
  }

  const lines = new Map<string, Record<string, unknown>[]>();
  for (const l of org.records('QuickBooks_Invoice_Line__c')) {
    const list = lines.get(String(l.Invoice__c)) ?? [];
    list.push(l);
    lines.set(String(l.Invoice__c), list);
  }
  const qbAging = [];
  for (const inv of company.list('invoice')) {
    const what = `invoice ${inv.refNumber ?? inv.txnId}`;
    const i = invoices.get(ext(inv.txnId));
    if (!i) {
      out.push(`${what}: not in the org`);
      continue;
    }
    const subtotal = inv.lines.reduce((s, l) => s + cents(l.amount), 0);
    const total = subtotal + cents(inv.salesTaxTotal);
    const balance = cents(inv.balanceRemaining);
    const status = statusOf(total, balance, inv.dueDate, today, inv.memo);
    same(`${what} total`, cents(i.Total_Amount__c), total);
    same(`${what} balance`, cents(i.Balance__c), balance);
    same(`${what} due date`, i.Due_Date__c, inv.dueDate);
    same(`${what} memo`, i.Memo__c, inv.memo);
    same(`${what} status`, i.Status__c, status);
    same(`${what} Account`, i.Account__c, accounts.get(ext(inv.customer.listId!))?.Id);
    const theirs = (lines.get(String(i.Id)) ?? []).map(
      (l) => `${String(l.QuickBooks_Line_Id__c)}=${cents(l.Amount__c)}`,
    );
    const ours = inv.lines.map((l) => `${ext(inv.txnId, l.txnLineId)}=${cents(l.amount)}`);
    same(`${what} lines`, theirs.sort().join(' '), ours.sort().join(' '));
    same(`${what} Opportunity amount`, cents(opportunities.get(ext(inv.txnId))?.Amount), subtotal);
    const party = open.get(inv.customer.listId!);
    if (party) {
      party.open += balance;
      if (balance !== 0 && isPastDue(inv.dueDate ?? null, today)) party.overdue += balance;
    }
    qbAging.push({ balanceCents: balance, dueDate: inv.dueDate ?? null, currency: 'USD', invoiceStatus: status });
  }
  const orgInvoices = org.records('QuickBooks_Invoice__c');
  // An invoice deleted in QuickBooks stays in the org, voided (deletions never delete).
  const books = new Set(company.list('invoice').map((i) => ext(i.txnId)));
  for (const i of orgInvoices)
    if (!books.has(String(i.QuickBooks_Invoice_Id__c)) && i.Status__c !== 'Voided')
      out.push(`invoice ${String(i.Name)}: deleted in QuickBooks, but ${String(i.Status__c)} in the org`);
  const orgLive = orgInvoices.filter((i) => books.has(String(i.QuickBooks_Invoice_Id__c))).length;
  if (orgLive !== company.count('invoice'))
    out.push(`the org has ${orgLive} invoices QuickBooks still has, QuickBooks ${company.count('invoice')}`);

  for (const [id, t] of open) {
    const a = accounts.get(ext(id))!;
    same(`customer ${id} open balance`, cents(a.QuickBooks_Open_Balance__c), t.open);
    same(`customer ${id} overdue balance`, cents(a.QuickBooks_Overdue_Balance__c), t.overdue);
  }

  for (const p of company.list('payment')) {
    const sfp = payments.get(ext(p.txnId));
    if (!sfp) {
      out.push(`payment ${p.refNumber ?? p.txnId}: not in the org`);
      continue;
    }
    same(`payment ${p.txnId} amount`, cents(sfp.Amount__c), cents(p.totalAmount));
    const only = p.appliedTo.length === 1 ? invoices.get(ext(p.appliedTo[0]!.txnId))?.Id : undefined;
    same(`payment ${p.txnId} invoice`, sfp.Invoice__c, only);
  }

  const orgAging = computeAging(
    orgInvoices.map((i) => ({
      balanceCents: cents(i.Balance__c),
      dueDate: (i.Due_Date__c as string | undefined) ?? null,
      currency: String(i.Currency_Code__c ?? 'USD'),
      invoiceStatus: (i.Status__c as string | undefined) ?? null,
    })),
    today,
  );
  same('aging', JSON.stringify(orgAging), JSON.stringify(computeAging(qbAging, today)));
  return out;
}
