/**
 * @module
 * A stored record as Conductor returns it: system fields, then the template's fields in order,
 * with the values QuickBooks derives at read time — invoice `appliedAmount` (negative, as
 * QuickBooks reports payments applied), `balanceRemaining` and `isPaid`; bill `openAmount`; the
 * balances of customers (with their jobs in `totalBalance`) and vendors; a payment's
 * `appliedToTransactions` and `unusedPayment`. One renderer serves one request, so a page of 150
 * records reads the payments once.
 */
import { localTime } from './clock.ts';
import { APPLIED, type Applied } from './lines.ts';
import { formatCents, parseCents } from './money.ts';
import { RESOURCES } from './resources.ts';
import type { SYSTEM_FIELDS } from './shapes.ts';
import { fill, type Json, type JsonObject } from './shapes.ts';
import type { Store, StoredRecord } from './store.ts';

export interface RenderOptions {
  /** Invoice and bill lines; Conductor's default is true. */
  readonly includeLineItems?: boolean;
  /** Linked transactions are only returned when asked for (spec `includeLinkedTransactions`). */
  readonly includeLinkedTransactions?: boolean;
}

export type Renderer = (rec: StoredRecord) => JsonObject;

const cents = (v: Json | undefined) => parseCents(v) ?? 0n;

export function createRenderer(store: Store, offsetMinutes: number, opts: RenderOptions = {}): Renderer {
  let paidByInvoice: Map<string, { payment: StoredRecord; amount: bigint }[]> | undefined;
  const payments = (invoiceId: string) => {
    if (!paidByInvoice) {
      paidByInvoice = new Map();
      for (const p of store.all('receive-payments'))
        for (const a of (p.fields[APPLIED] ?? []) as unknown as Applied[]) {
          const list = paidByInvoice.get(a.transactionId) ?? [];
          list.push({ payment: p, amount: cents(a.amount) });
          paidByInvoice.set(a.transactionId, list);
        }
    }
    return paidByInvoice.get(invoiceId) ?? [];
  };
  const invoiceBalance = (inv: StoredRecord) =>
    cents(inv.fields.subtotal) - payments(inv.id).reduce((s, p) => s + p.amount, 0n);

  let balances: Map<string, bigint> | undefined;
  const balanceOf = (id: string) => {
    if (!balances) {
      balances = new Map();
      for (const inv of store.all('invoices')) {
        const c = (inv.fields.customer as { id: string }).id;
        balances.set(c, (balances.get(c) ?? 0n) + invoiceBalance(inv));
      }
      for (const bill of store.all('bills')) {
        const v = (bill.fields.vendor as { id: string }).id;
        balances.set(v, (balances.get(v) ?? 0n) + cents(bill.fields.amountDue));
      }
    }
    return balances.get(id) ?? 0n;
  };
  const totalBalanceOf = (customer: StoredRecord): bigint =>
    store
      .all('customers')
      .filter((c) => (c.fields.parent as { id: string } | null)?.id === customer.id)
      .reduce((s, child) => s + totalBalanceOf(child), balanceOf(customer.id));

  const derived = (rec: StoredRecord): JsonObject => {
    const f = rec.fields;
    switch (rec.resource) {
      case 'customers':
        return { balance: formatCents(balanceOf(rec.id)), totalBalance: formatCents(totalBalanceOf(rec)) };
      case 'vendors':
        return { balance: formatCents(balanceOf(rec.id)) };
      case 'accounts':
        return { balance: '0.00', totalBalance: '0.00' };
      case 'invoices': {
        const paid = payments(rec.id);
        const balance = invoiceBalance(rec);
        return {
          appliedAmount: formatCents(-paid.reduce((s, p) => s + p.amount, 0n)),
          balanceRemaining: formatCents(balance),
          isPaid: balance <= 0n,
          lines: opts.includeLineItems === false ? [] : (f.lines ?? []),
          linkedTransactions: opts.includeLinkedTransactions
            ? paid.map(({ payment, amount }) => ({
                id: payment.id,
                objectType: 'qbd_linked_transaction',
                transactionType: 'receive_payment',
                transactionDate: payment.fields.transactionDate ?? null,
                refNumber: payment.fields.refNumber ?? null,
                linkType: 'amount',
                amount: formatCents(-amount),
              }))
            : [],
        };
      }
      case 'bills':
        return {
          openAmount: f.amountDue ?? '0.00',
          isPaid: cents(f.amountDue) <= 0n,
          itemLines: opts.includeLineItems === false ? [] : (f.itemLines ?? []),
          expenseLines: opts.includeLineItems === false ? [] : (f.expenseLines ?? []),
        };
      case 'receive-payments': {
        const applied = (f[APPLIED] ?? []) as unknown as Applied[];
        const used = applied.reduce((s, a) => s + cents(a.amount), 0n);
        return {
          unusedPayment: formatCents(cents(f.totalAmount) - used),
          unusedCredits: '0.00',
          appliedToTransactions: applied.map((a) => {
            const inv = store.get('invoices', a.transactionId);
            return {
              transactionId: a.transactionId,
              transactionType: 'invoice',
              transactionDate: inv?.fields.transactionDate ?? null,
              refNumber: inv?.fields.refNumber ?? null,
              balanceRemaining: inv ? formatCents(invoiceBalance(inv)) : null,
              amount: a.amount,
              discountAmount: null,
              discountAccount: null,
              discountClass: null,
              linkedTransactions: [],
            };
          }),
        };
      }
      default:
        return {};
    }
  };

  return (rec) => {
    const r = RESOURCES[rec.resource];
    const system: Record<(typeof SYSTEM_FIELDS)[number], Json> = {
      id: rec.id,
      objectType: r.objectType,
      createdAt: localTime(rec.createdMs, offsetMinutes),
      updatedAt: localTime(rec.updatedMs, offsetMinutes),
      revisionNumber: String(rec.revision),
    };
    return { ...system, ...fill(r.template, { ...rec.fields, ...derived(rec) }) };
  };
}
