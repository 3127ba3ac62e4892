/**
 * @module
 * The org's mirrors of one QuickBooks company as reconciliation compares them: its customers'
 * Accounts (active, open and overdue balance), its invoices and its payments, read by SOQL — three
 * queries of 2,000 rows a page, so a company of 10,000 invoices costs a handful of calls. A mirror
 * is the company's by its external ID (`<connection>:<QuickBooks id>`). Currency fields arrive as
 * JSON numbers: a currency field holds at most 16 digits with 2 places, so fixing a number to two
 * places gives back the exact amount the relay wrote for any amount below 10^13.
 */
import { decimal, toMoneyString } from '../../lib/money.ts';
import { ok, type Result } from '../../lib/result.ts';
import type { Book, BookEntry } from '../../reconcile/book.ts';
import type { SalesforceClient } from './client.ts';
import type { SfError } from './errors.ts';

/** Rows Salesforce returns a query page. */
const PAGE = 2000;

type Row = Record<string, unknown>;

const money = (v: unknown): string | undefined =>
  typeof v === 'number'
    ? toMoneyString(decimal(v.toFixed(2)))
    : typeof v === 'string' && v
      ? toMoneyString(decimal(v))
      : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** `'acme:%'` with SOQL's quote and LIKE wildcards escaped. */
const prefixPattern = (key: string) => `'${key.replace(/[\\'%_]/g, (c) => `\\${c}`)}:%'`;

/** @example const book = await readMirrorBook(sf, 'acme'); */
export async function readMirrorBook(sf: SalesforceClient, connectionKey: string): Promise<Result<Book, SfError>> {
  const n = sf.namer;
  const prefix = `${connectionKey}:`;
  /** The QuickBooks id in an external ID of this company, or undefined for another company's. */
  const qbId = (v: unknown) => (typeof v === 'string' && v.startsWith(prefix) ? v.slice(prefix.length) : undefined);
  const get = (r: Row, path: string): unknown =>
    n(path)
      .split('.')
      .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Row)[k] : undefined), r);
  let calls = 0;
  const read = async (soql: string): Promise<Result<Row[], SfError>> => {
    const found = await sf.query<Row>(soql);
    if (found.ok) calls += Math.max(1, Math.ceil(found.value.length / PAGE));
    return found;
  };

  const accounts = await read(
    `SELECT Name, ${n('QuickBooks_Customer_Id__c')}, ${n('QuickBooks_Active__c')}, ${n('QuickBooks_Open_Balance__c')}, ${n('QuickBooks_Overdue_Balance__c')} ` +
      `FROM Account WHERE ${n('QuickBooks_Customer_Id__c')} LIKE ${prefixPattern(connectionKey)}`,
  );
  if (!accounts.ok) return accounts;
  const invoices = await read(
    `SELECT Name, ${n('QuickBooks_Invoice_Id__c')}, ${n('Account__r.QuickBooks_Customer_Id__c')}, ${n('Txn_Date__c')}, ${n('Due_Date__c')}, ` +
      `${n('Total_Amount__c')}, ${n('Balance__c')}, ${n('Status__c')} ` +
      `FROM ${n('QuickBooks_Invoice__c')} WHERE ${n('QuickBooks_Invoice_Id__c')} LIKE ${prefixPattern(connectionKey)}`,
  );
  if (!invoices.ok) return invoices;
  const payments = await read(
    `SELECT Name, ${n('QuickBooks_Payment_Id__c')}, ${n('Account__r.QuickBooks_Customer_Id__c')}, ${n('Payment_Date__c')}, ${n('Amount__c')} ` +
      `FROM ${n('QuickBooks_Payment__c')} WHERE ${n('QuickBooks_Payment_Id__c')} LIKE ${prefixPattern(connectionKey)}`,
  );
  if (!payments.ok) return payments;

  const entries: BookEntry[] = [];
  const push = (e: BookEntry) =>
    entries.push(Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as unknown as BookEntry);
  for (const a of accounts.value) {
    const key = qbId(get(a, 'QuickBooks_Customer_Id__c'));
    if (!key) continue;
    push({
      object: 'customer',
      key,
      label: text(a.Name),
      active: get(a, 'QuickBooks_Active__c') !== false,
      open: money(get(a, 'QuickBooks_Open_Balance__c')) ?? '0.00',
      overdue: money(get(a, 'QuickBooks_Overdue_Balance__c')) ?? '0.00',
    });
  }
  for (const i of invoices.value) {
    const key = qbId(get(i, 'QuickBooks_Invoice_Id__c'));
    if (!key) continue;
    push({
      object: 'invoice',
      key,
      label: text(i.Name),
      customerKey: qbId(get(i, 'Account__r.QuickBooks_Customer_Id__c')),
      date: text(get(i, 'Txn_Date__c')),
      dueDate: text(get(i, 'Due_Date__c')),
      amount: money(get(i, 'Total_Amount__c')),
      balance: money(get(i, 'Balance__c')),
      // A deleted invoice's mirror is voided, never deleted.
      active: get(i, 'Status__c') !== 'Voided',
    });
  }
  for (const p of payments.value) {
    const key = qbId(get(p, 'QuickBooks_Payment_Id__c'));
    if (!key) continue;
    const amount = money(get(p, 'Amount__c'));
    push({
      object: 'payment',
      key,
      label: text(p.Name),
      customerKey: qbId(get(p, 'Account__r.QuickBooks_Customer_Id__c')),
      date: text(get(p, 'Payment_Date__c')),
      amount,
      // A deleted payment's mirror is zeroed, never deleted.
      active: amount !== '0.00',
    });
  }
  const allowance = sf.apiUsage()?.limit;
  return ok({ entries, calls, ...(allowance ? { allowance } : {}) });
}
