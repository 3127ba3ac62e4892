/**
 * @module
 * The nested parts of a write: invoice `lines`, bill `itemLines`/`expenseLines`, an item's
 * `salesOrPurchaseDetails`, and a payment's `applyToTransactions`. Sending an array replaces the
 * lines: a line carrying the `id` of a current line keeps that id, `"-1"` or no id adds one (the
 * QuickBooks TxnLineID convention), any other id is refused. A line's amount is quantity × rate
 * when not given; the totals (subtotal, amountDue) follow from the lines. A payment may apply only
 * to invoices of its customer, and never more than an invoice still owes or than the payment holds.
 */
import { invalidRequest, qbdRequestError } from './errors.ts';
import { formatCents, isRate, lineCents, parseCents } from './money.ts';
import { ITEM_RESOURCES, type ResourceName } from './resources.ts';
import {
  BILL_ITEM_LINE,
  EXPENSE_LINE,
  fill,
  INVOICE_LINE,
  type Json,
  type JsonObject,
  type Template,
} from './shapes.ts';
import { expected, isPlainObject, onlyKeys, refTo, resolveRef, writeField, type WriteContext } from './write.ts';

/** Internal field (never rendered): the payment's applications, `[{transactionId, amount}]`. */
export const APPLIED = '_applied';

export interface Applied {
  readonly transactionId: string;
  readonly amount: string;
}

interface LineSpec {
  readonly objectType: string;
  readonly template: Template;
  readonly keys: readonly string[];
  /** The rate's body key (`rate` on sales, `cost` on purchases), if the line has one. */
  readonly rate?: string;
}

const INVOICE_LINES: LineSpec = {
  objectType: 'qbd_invoice_line',
  template: INVOICE_LINE,
  keys: ['id', 'itemId', 'description', 'quantity', 'rate', 'amount', 'serviceDate'],
  rate: 'rate',
};
const BILL_ITEM_LINES: LineSpec = {
  objectType: 'qbd_item_line',
  template: BILL_ITEM_LINE,
  keys: ['id', 'itemId', 'description', 'quantity', 'cost', 'amount', 'customerId'],
  rate: 'cost',
};
const EXPENSE_LINES: LineSpec = {
  objectType: 'qbd_expense_line',
  template: EXPENSE_LINE,
  keys: ['id', 'accountId', 'amount', 'memo', 'payeeId'],
};

export function writeSpecial(
  ctx: WriteContext,
  resource: ResourceName,
  key: string,
  v: unknown,
  current: JsonObject,
): JsonObject {
  if (key === 'salesOrPurchaseDetails') return { salesOrPurchaseDetails: itemDetails(ctx, resource, v) };
  if (key === 'applyToTransactions') return applyPayments(ctx, v, current);
  const spec = key === 'lines' ? INVOICE_LINES : key === 'itemLines' ? BILL_ITEM_LINES : EXPENSE_LINES;
  const lines = writeLines(ctx, resource, key, spec, v, current[key]);
  const next: JsonObject = { ...current, [key]: lines };
  if (resource === 'invoices') {
    const subtotal = sumOf(next.lines);
    return { lines, subtotal: formatCents(subtotal), salesTaxTotal: '0.00', salesTaxPercentage: '0.00' };
  }
  return { [key]: lines, amountDue: formatCents(sumOf(next.itemLines) + sumOf(next.expenseLines)) };
}

const sumOf = (lines: Json | undefined): bigint =>
  (Array.isArray(lines) ? lines : []).reduce<bigint>((s, l) => s + (parseCents((l as JsonObject).amount) ?? 0n), 0n);

function writeLines(
  ctx: WriteContext,
  resource: ResourceName,
  key: string,
  spec: LineSpec,
  v: unknown,
  before: Json | undefined,
): JsonObject[] {
  if (!Array.isArray(v)) throw expected('array', v, key);
  const currentIds = new Set((Array.isArray(before) ? before : []).map((l) => (l as JsonObject).id));
  return v.map((line, i): JsonObject => {
    const at = `${key}[${i}]`;
    if (!isPlainObject(line)) throw expected('object', line, at);
    onlyKeys(line, spec.keys, at);
    const id = line.id === undefined || line.id === '-1' ? ctx.store.lineId(ctx.now) : line.id;
    if (typeof id !== 'string' || (line.id !== undefined && line.id !== '-1' && !currentIds.has(id)))
      throw qbdRequestError('3120', `Object "${String(line.id)}" specified in the request cannot be found.`);
    const values: JsonObject = {};
    if (line.itemId !== undefined)
      values.item = refTo(resolveRef(ctx, ITEM_RESOURCES, line.itemId, `${at}.itemId`, 'Item', resource));
    if (line.accountId !== undefined)
      values.account = refTo(resolveRef(ctx, ['accounts'], line.accountId, `${at}.accountId`, 'Account', resource));
    if (line.customerId !== undefined)
      values.customer = refTo(
        resolveRef(ctx, ['customers'], line.customerId, `${at}.customerId`, 'Customer', resource),
      );
    if (line.payeeId !== undefined)
      values.payee = refTo(
        resolveRef(ctx, ['customers', 'vendors'], line.payeeId, `${at}.payeeId`, 'Entity', resource),
      );
    for (const k of ['description', 'memo'] as const)
      if (line[k] !== undefined)
        values[k] = writeField(ctx, resource, k, { t: 'text', max: 4095 }, line[k], `${at}.${k}`)[1];
    if (line.serviceDate !== undefined)
      values.serviceDate = writeField(
        ctx,
        resource,
        'serviceDate',
        { t: 'date' },
        line.serviceDate,
        `${at}.serviceDate`,
      )[1];
    if (line.quantity !== undefined) {
      if (typeof line.quantity !== 'number' || !Number.isFinite(line.quantity))
        throw expected('number', line.quantity, `${at}.quantity`);
      values.quantity = line.quantity;
    }
    const rate = spec.rate ? line[spec.rate] : undefined;
    if (rate !== undefined) {
      if (!isRate(rate)) throw invalidRequest(`Invalid decimal string (e.g. "10.00") at "${at}.${spec.rate}"`);
      values[spec.rate!] = rate;
    }
    if (line.amount !== undefined) {
      const c = parseCents(line.amount);
      if (c === undefined) throw invalidRequest(`Invalid decimal string (e.g. "1000.00") at "${at}.amount"`);
      values.amount = formatCents(c);
    } else if (typeof rate === 'string') {
      values.amount = formatCents(lineCents(typeof line.quantity === 'number' ? line.quantity : 1, rate));
    } else values.amount = '0.00';
    return { id, objectType: spec.objectType, ...fill(spec.template, values) };
  });
}

function itemDetails(ctx: WriteContext, resource: ResourceName, v: unknown): JsonObject {
  if (!isPlainObject(v)) throw expected('object', v, 'salesOrPurchaseDetails');
  onlyKeys(v, ['description', 'price', 'postingAccountId'], 'salesOrPurchaseDetails');
  const at = (k: string) => `salesOrPurchaseDetails.${k}`;
  return {
    description:
      v.description === undefined
        ? null
        : writeField(ctx, resource, 'd', { t: 'text', max: 4095 }, v.description, at('description'))[1],
    price: v.price === undefined ? null : writeField(ctx, resource, 'p', { t: 'money' }, v.price, at('price'))[1],
    pricePercentage: null,
    postingAccount:
      v.postingAccountId === undefined
        ? null
        : refTo(resolveRef(ctx, ['accounts'], v.postingAccountId, at('postingAccountId'), 'Account', resource)),
  };
}

function applyPayments(ctx: WriteContext, v: unknown, current: JsonObject): JsonObject {
  if (!Array.isArray(v)) throw expected('array', v, 'applyToTransactions');
  const customer = (current.customer as { id: string } | null)?.id;
  const applied: Applied[] = v.map((a, i) => {
    const at = `applyToTransactions[${i}]`;
    if (!isPlainObject(a)) throw expected('object', a, at);
    onlyKeys(a, ['transactionId', 'paymentAmount'], at);
    const invoice = resolveRef(
      ctx,
      ['invoices'],
      a.transactionId,
      `${at}.transactionId`,
      'Invoice',
      'receive-payments',
    );
    const amount = parseCents(a.paymentAmount);
    if (amount === undefined || amount <= 0n)
      throw invalidRequest(`Invalid decimal string (e.g. "1000.00") at "${at}.paymentAmount"`);
    if ((invoice.fields.customer as { id: string }).id !== customer)
      throw qbdRequestError('3120', `Object "${invoice.id}" specified in the request cannot be found.`);
    const owed = owedOn(ctx, invoice.id, ctx.selfId);
    if (amount > owed)
      throw qbdRequestError(
        '3180',
        `There was an error when saving a ReceivePayment. QuickBooks error message: The payment amount ${formatCents(amount)} exceeds the open balance ${formatCents(owed)} of invoice "${invoice.id}".`,
      );
    return { transactionId: invoice.id, amount: formatCents(amount) };
  });
  const total = parseCents(current.totalAmount) ?? 0n;
  const used = applied.reduce((s, x) => s + parseCents(x.amount)!, 0n);
  if (used > total)
    throw qbdRequestError(
      '3180',
      `There was an error when saving a ReceivePayment. QuickBooks error message: The amounts applied (${formatCents(used)}) exceed the payment's total amount (${formatCents(total)}).`,
    );
  return { [APPLIED]: applied as unknown as Json };
}

/** What an invoice still owes, leaving out the payment being rewritten. */
function owedOn(ctx: WriteContext, invoiceId: string, exceptPayment?: string): bigint {
  const invoice = ctx.store.get('invoices', invoiceId);
  if (!invoice) return 0n;
  let owed = parseCents(invoice.fields.subtotal) ?? 0n;
  for (const p of ctx.store.all('receive-payments')) {
    if (p.id === exceptPayment) continue;
    for (const a of (p.fields[APPLIED] ?? []) as unknown as Applied[])
      if (a.transactionId === invoiceId) owed -= parseCents(a.amount)!;
  }
  return owed;
}
