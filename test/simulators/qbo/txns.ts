/**
 * @module
 * The transactions' rules (reference §2.9, samples under spec/samples/entities): Invoice, Bill,
 * Payment and JournalEntry lines, their totals in exact decimals, the SubTotal line QuickBooks adds
 * to an invoice, Payment lines applied to invoices (the invoice's Balance and LinkedTxn follow), and a
 * journal entry's debits equal to its credits.
 */
import { isObject, type Json, type JsonObject } from './decode.ts';
import { businessValidation, requiredParam, validationFault } from './errors.ts';
import type { EntityName } from './entities.ts';
import { Dec, sum } from './money.ts';
import { checkRef, currency } from './names.ts';
import { companyToday, type CompanyData } from './company-data.ts';
import { savedCustomFields } from './custom-fields.ts';

const LINE_TYPES: Partial<Record<EntityName, readonly string[]>> = {
  Invoice: ['SalesItemLineDetail', 'GroupLineDetail', 'DescriptionOnly', 'DiscountLineDetail', 'SubTotalLineDetail'],
  Bill: ['AccountBasedExpenseLineDetail', 'ItemBasedExpenseLineDetail'],
  JournalEntry: ['JournalEntryLineDetail'],
};

const dec = (v: Json | undefined): Dec | undefined => (v instanceof Dec ? v : undefined);
const refId = (v: Json | undefined): string | undefined =>
  isObject(v) && typeof v.value === 'string' ? v.value : undefined;
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Checks and completes a transaction about to be saved. */
export function prepareTxn(co: CompanyData, entity: EntityName, data: JsonObject, id: string | undefined): JsonObject {
  const out: JsonObject = { ...data };
  out.TxnDate ??= companyToday(co);
  out.CurrencyRef = currency(co, out.CurrencyRef);
  for (const [field, target] of [
    ['DepartmentRef', 'Department'],
    ['ClassRef', 'Class'],
  ] as const) {
    if (out[field] === undefined || out[field] === null) continue;
    // Intuit answers with the name of what a reference points to (FullyQualifiedName for sub-lists).
    const found = checkRef(co, target, out[field], field);
    out[field] = { value: found.Id as string, name: String(found.FullyQualifiedName ?? found.Name ?? '') };
  }
  const previous = id ? co.store.get(entity, id)?.Line : undefined;
  if (entity === 'Invoice') {
    const saved = id ? co.store.get(entity, id)?.CustomField : undefined;
    out.CustomField = savedCustomFields(co.prefs.salesCustomFields, data.CustomField, saved);
    invoice(co, out, id, previous);
  }
  if (entity === 'Bill') bill(co, out, previous);
  if (entity === 'Payment') payment(co, out, id);
  if (entity === 'JournalEntry') journal(co, out, previous);
  return out;
}

/**
 * Line array with DetailType and the detail object it names. A new transaction's lines are numbered
 * from `firstId`; on an update (`previous`: the lines saved before), a line sent with the Id of a
 * saved line keeps it, a line sent without one is a new line with an Id not used before, and saved
 * lines not sent are gone (reference §2.6: `Line` replaces the whole collection).
 */
function lines(entity: EntityName, out: JsonObject, firstId: number, previous?: Json): JsonObject[] {
  const given = out.Line;
  if (!Array.isArray(given) || given.length === 0) throw requiredParam('Line');
  const allowed = LINE_TYPES[entity] ?? [];
  const saved = new Set(
    (Array.isArray(previous) ? previous.filter(isObject) : []).flatMap((l) => (typeof l.Id === 'string' ? [l.Id] : [])),
  );
  const kept = (line: JsonObject) => (typeof line.Id === 'string' && saved.has(line.Id) ? line.Id : undefined);
  let next = Math.max(firstId - 1, ...[...saved].map(Number).filter(Number.isInteger)) + 1;
  return given.filter(isObject).map((line, i) => {
    const type = line.DetailType;
    if (typeof type !== 'string') throw requiredParam('Line.DetailType');
    if (!allowed.includes(type)) {
      throw businessValidation(`Line ${i + 1}: ${type} is not a valid line type for ${entity}.`, 'Line.DetailType');
    }
    if (type !== 'DescriptionOnly' && type !== 'SubTotalLineDetail' && !isObject(line[type])) {
      throw requiredParam(`Line.${type}`);
    }
    return { ...line, Id: kept(line) ?? String(next++), LineNum: i + 1 };
  });
}

function invoice(co: CompanyData, out: JsonObject, id: string | undefined, previous: Json | undefined): void {
  const customer = checkRef(co, 'Customer', out.CustomerRef, 'CustomerRef');
  out.CustomerRef = { value: customer.Id as string, name: customer.DisplayName as string };
  sameCurrency(co, out, customer);
  const all = lines('Invoice', out, 1, previous);
  const items = all.filter((l) => l.DetailType !== 'DiscountLineDetail' && l.DetailType !== 'SubTotalLineDetail');
  if (!items.length) throw requiredParam('Line');
  for (const line of items) salesLine(co, line);
  const subtotal = sum(items.map((l) => dec(l.Amount) ?? Dec.ZERO));
  const discounts = all.filter((l) => l.DetailType === 'DiscountLineDetail').map((l) => discountLine(l, subtotal));
  const total = subtotal.sub(sum(discounts.map((l) => dec(l.Amount)!)));
  out.Line = [
    ...items.map((l) => ({ ...l, CustomExtensions: [] })),
    { Amount: subtotal, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
    ...discounts,
  ];
  out.TotalAmt = total;
  out.TxnTaxDetail ??= { TotalTax: Dec.ZERO };
  // QuickBooks numbers invoices itself when DocNumber is left out (reference §2.9).
  out.DocNumber ??= String(1000 + co.store.all('Invoice').length + (id ? 0 : 1));
  if (String(out.DocNumber).length > 21)
    throw businessValidation('DocNumber is longer than 21 characters.', 'DocNumber');
  out.DueDate ??= addDays(out.TxnDate as string, 30);
  out.Balance = total;
  out.LinkedTxn = [];
  out.CustomField ??= [];
  for (const [k, v] of Object.entries(INVOICE_DEFAULTS)) out[k] ??= v;
}

const INVOICE_DEFAULTS: JsonObject = {
  AllowIPNPayment: false,
  AllowOnlinePayment: false,
  AllowOnlineCreditCardPayment: false,
  AllowOnlineACHPayment: false,
  ApplyTaxAfterDiscount: false,
  PrintStatus: 'NotSet',
  EmailStatus: 'NotSet',
};

function salesLine(co: CompanyData, line: JsonObject): void {
  if (line.DetailType !== 'SalesItemLineDetail') {
    if (line.DetailType !== 'DescriptionOnly') line.Amount ??= Dec.ZERO;
    return;
  }
  const detail = { ...(line.SalesItemLineDetail as JsonObject) };
  const amount = dec(line.Amount);
  if (!amount) throw requiredParam('Line.Amount');
  const item = checkRef(co, 'Item', detail.ItemRef, 'Line.SalesItemLineDetail.ItemRef');
  detail.ItemRef = { value: item.Id as string, name: item.Name as string };
  const qty = dec(detail.Qty);
  const price = dec(detail.UnitPrice);
  // QuickBooks refuses a line whose Amount is not UnitPrice × Qty (error 6070).
  if (qty && price && !qty.mul(price).eq(amount)) {
    throw validationFault(
      '6070',
      'Amount is not equal to UnitPrice * Qty',
      `Amount is not equal to UnitPrice * Qty. Supplied value:${amount.toString()}`,
      'Line.Amount',
    );
  }
  if (isObject(item.IncomeAccountRef)) {
    const account = co.store.get('Account', item.IncomeAccountRef.value as string);
    detail.ItemAccountRef = { value: item.IncomeAccountRef.value as string, name: String(account?.Name ?? '') };
  }
  detail.TaxCodeRef ??= { value: 'NON' };
  for (const [field, target] of [
    ['ClassRef', 'Class'],
    ['DepartmentRef', 'Department'],
  ] as const) {
    if (detail[field] !== undefined) checkRef(co, target, detail[field], `Line.SalesItemLineDetail.${field}`);
  }
  line.SalesItemLineDetail = detail;
}

function discountLine(line: JsonObject, subtotal: Dec): JsonObject {
  const detail = (line.DiscountLineDetail ?? {}) as JsonObject;
  const pct = dec(detail.DiscountPercent);
  const amount = detail.PercentBased === true && pct ? subtotal.mul(pct).mul(Dec.of('0.01')) : dec(line.Amount);
  if (!amount) throw requiredParam('Line.Amount');
  const { Id: _id, LineNum: _n, ...rest } = line;
  return { ...rest, Amount: amount };
}

function sameCurrency(co: CompanyData, out: JsonObject, party: JsonObject): void {
  const partyCurrency = refId(party.CurrencyRef);
  if (partyCurrency && partyCurrency !== refId(out.CurrencyRef)) {
    throw businessValidation(
      `The transaction currency (${refId(out.CurrencyRef)}) must be the currency of ${String(party.DisplayName)} (${partyCurrency}).`,
      'CurrencyRef',
    );
  }
  // Only a multicurrency company's transactions carry an ExchangeRate (invoice.read.java-sdk-2015.json has one,
  // the single-currency recordings do not).
  if (co.prefs.multiCurrency) out.ExchangeRate ??= Dec.of(1);
}

function bill(co: CompanyData, out: JsonObject, previous: Json | undefined): void {
  const vendor = checkRef(co, 'Vendor', out.VendorRef, 'VendorRef');
  out.VendorRef = { value: vendor.Id as string, name: vendor.DisplayName as string };
  sameCurrency(co, out, vendor);
  const all = lines('Bill', out, 1, previous);
  for (const line of all) {
    if (!dec(line.Amount)) throw requiredParam('Line.Amount');
    const type = line.DetailType as string;
    const detail = { ...(line[type] as JsonObject) };
    if (type === 'AccountBasedExpenseLineDetail') {
      const acct = checkRef(co, 'Account', detail.AccountRef, `Line.${type}.AccountRef`);
      detail.AccountRef = { value: acct.Id as string, name: acct.Name as string };
      detail.BillableStatus ??= 'NotBillable';
      detail.TaxCodeRef ??= { value: 'NON' };
    } else {
      const item = checkRef(co, 'Item', detail.ItemRef, `Line.${type}.ItemRef`);
      detail.ItemRef = { value: item.Id as string, name: item.Name as string };
    }
    line[type] = detail;
    line.LinkedTxn = [];
    line.CustomExtensions = [];
  }
  out.Line = all;
  out.TotalAmt = sum(all.map((l) => dec(l.Amount)!));
  out.Balance = out.TotalAmt;
  out.DueDate ??= out.TxnDate as string;
  const ap = co.store.all('Account').find((a) => a.AccountType === 'Accounts Payable');
  out.APAccountRef ??= ap ? { value: ap.Id as string, name: ap.Name as string } : null;
  if (out.APAccountRef === null) delete out.APAccountRef;
}

function payment(co: CompanyData, out: JsonObject, id: string | undefined): void {
  const customer = checkRef(co, 'Customer', out.CustomerRef, 'CustomerRef');
  out.CustomerRef = { value: customer.Id as string, name: customer.DisplayName as string };
  const total = dec(out.TotalAmt);
  if (!total) throw requiredParam('TotalAmt');
  const applied: JsonObject[] = [];
  for (const line of Array.isArray(out.Line) ? out.Line.filter(isObject) : []) {
    const amount = dec(line.Amount);
    if (!amount) throw requiredParam('Line.Amount');
    const links = Array.isArray(line.LinkedTxn) ? line.LinkedTxn.filter(isObject) : [];
    if (!links.length) throw requiredParam('Line.LinkedTxn');
    for (const link of links) {
      if (link.TxnType !== 'Invoice') {
        throw businessValidation(`A payment line can only be linked to an invoice here (got ${String(link.TxnType)}).`);
      }
      const inv = co.store.get('Invoice', String(link.TxnId));
      if (!inv)
        throw validationFault(
          '610',
          'Object Not Found',
          `Object Not Found : Invoice ${String(link.TxnId)}`,
          'Line.LinkedTxn',
        );
      if (refId(inv.CustomerRef) !== customer.Id) {
        throw businessValidation(`Invoice ${String(inv.Id)} belongs to another customer.`, 'Line.LinkedTxn');
      }
      if (amount.cmp(openBalance(co, inv, id)) > 0) {
        throw businessValidation(
          `The payment of ${amount} is more than the open balance of invoice ${String(inv.Id)}.`,
          'Line.Amount',
        );
      }
    }
    applied.push({ Amount: amount, LinkedTxn: links.map((l) => ({ TxnId: String(l.TxnId), TxnType: 'Invoice' })) });
  }
  const used = sum(applied.map((l) => dec(l.Amount)!));
  if (used.cmp(total) > 0) throw businessValidation('The amounts applied are more than the payment total.', 'Line');
  out.Line = applied;
  out.UnappliedAmt = total.sub(used);
  out.DepositToAccountRef ??= { value: undepositedFunds(co) };
  out.ProcessPayment ??= false;
}

function undepositedFunds(co: CompanyData): string {
  return String(co.store.all('Account').find((a) => a.AccountSubType === 'UndepositedFunds')?.Id ?? '4');
}

/** What is still owed on an invoice, leaving out the payment being rewritten. */
function openBalance(co: CompanyData, inv: JsonObject, exceptPayment: string | undefined): Dec {
  const paid = co.store
    .all('Payment')
    .filter((p) => p.Id !== exceptPayment)
    .flatMap((p) => (Array.isArray(p.Line) ? p.Line.filter(isObject) : []))
    .filter((l) => Array.isArray(l.LinkedTxn) && l.LinkedTxn.some((t) => isObject(t) && t.TxnId === inv.Id))
    .map((l) => dec(l.Amount)!);
  return dec(inv.TotalAmt)!.sub(sum(paid));
}

/** Invoices a payment is (or was) applied to, with Balance and LinkedTxn recomputed; the ones that changed. */
export function refreshInvoices(co: CompanyData, ids: readonly string[], at: number): string[] {
  const changed: string[] = [];
  for (const id of new Set(ids)) {
    const inv = co.store.get('Invoice', id);
    if (!inv) continue;
    const balance = openBalance(co, inv, undefined);
    const links = co.store
      .all('Payment')
      .filter((p) => (p.Line as JsonObject[]).some((l) => (l.LinkedTxn as JsonObject[]).some((t) => t.TxnId === id)))
      .map((p) => ({ TxnId: p.Id as string, TxnType: 'Payment' }));
    if (balance.eq(dec(inv.Balance)!) && JSON.stringify(links) === JSON.stringify(inv.LinkedTxn)) continue;
    const next = { ...inv, Balance: balance, LinkedTxn: links, SyncToken: String(Number(inv.SyncToken) + 1) };
    co.store.replace('Invoice', id, next, at);
    changed.push(id);
  }
  return changed;
}

/** The invoices a payment's lines name. */
export const linkedInvoices = (p: JsonObject | undefined): string[] =>
  (Array.isArray(p?.Line) ? p.Line.filter(isObject) : []).flatMap((l) =>
    (Array.isArray(l.LinkedTxn) ? l.LinkedTxn.filter(isObject) : []).map((t) => String(t.TxnId)),
  );

/** The lists a journal line's `Entity.Type` names its record in (employees and jobs are not simulated). */
const ENTITY_LISTS: Readonly<Record<string, EntityName>> = { Customer: 'Customer', Vendor: 'Vendor' };

function journal(co: CompanyData, out: JsonObject, previous: Json | undefined): void {
  // Journal entry lines are numbered from 0 (journalentry.read.nango.json).
  const all = lines('JournalEntry', out, 0, previous);
  let debits = Dec.ZERO;
  let credits = Dec.ZERO;
  for (const line of all) {
    const amount = dec(line.Amount);
    if (!amount) throw requiredParam('Line.Amount');
    const detail = { ...(line.JournalEntryLineDetail as JsonObject) };
    if (detail.PostingType !== 'Debit' && detail.PostingType !== 'Credit') {
      throw requiredParam('Line.JournalEntryLineDetail.PostingType');
    }
    const acct = checkRef(co, 'Account', detail.AccountRef, 'Line.JournalEntryLineDetail.AccountRef');
    detail.AccountRef = { value: acct.Id as string, name: acct.Name as string };
    const entityType = isObject(detail.Entity) ? detail.Entity.Type : undefined;
    // The line's name, department and class must be records the company has, and active (2500 / 610).
    if (isObject(detail.Entity)) {
      const list = ENTITY_LISTS[String(entityType)];
      if (!list)
        throw businessValidation(
          `${String(entityType)} is not a valid Entity.Type.`,
          'Line.JournalEntryLineDetail.Entity',
        );
      const named = checkRef(co, list, detail.Entity.EntityRef, 'Line.JournalEntryLineDetail.Entity.EntityRef');
      detail.Entity = {
        Type: entityType as string,
        EntityRef: { value: named.Id as string, name: String(named.DisplayName) },
      };
    }
    for (const [field, target] of [
      ['ClassRef', 'Class'],
      ['DepartmentRef', 'Department'],
    ] as const) {
      if (detail[field] === undefined) continue;
      const found = checkRef(co, target, detail[field], `Line.JournalEntryLineDetail.${field}`);
      detail[field] = { value: found.Id as string, name: String(found.FullyQualifiedName ?? found.Name ?? '') };
    }
    if (acct.AccountType === 'Accounts Receivable' && entityType !== 'Customer') {
      throw businessValidation('When you use Accounts Receivable, you must choose a customer in the Name field.');
    }
    if (acct.AccountType === 'Accounts Payable' && entityType !== 'Vendor') {
      throw businessValidation('When you use Accounts Payable, you must select a vendor in the Name field.');
    }
    if (detail.PostingType === 'Debit') debits = debits.add(amount);
    else credits = credits.add(amount);
    delete line.LineNum;
    line.JournalEntryLineDetail = detail;
    line.CustomExtensions = [];
  }
  if (!debits.eq(credits) || debits.isZero()) {
    throw businessValidation('You must enter the same total amount for debits and credits.', 'Line');
  }
  out.Line = all;
  out.Adjustment ??= false;
  // A journal entry's TotalAmt is read-only and always 0 (reference §2.9; journalentry.read.nango.json).
  out.TotalAmt = Dec.ZERO;
  out.TxnTaxDetail ??= {};
}
