/**
 * @module
 * A QuickBooks invoice → a Dynamics invoice linked to the sales order it was made from, with one
 * invoice product per line (invoice.md, invoicedetail; reference §3.3), and that order moved to
 * Invoiced. Amounts stay exact: Dynamics computes a line's amount as quantity × price per unit
 * (money has four places, quantities five), so a line keeps QuickBooks' quantity and rate only when
 * their product is exactly the line's amount, and is otherwise written as 1 × the amount; prices
 * are overridden, never taken from the price list. The invoice's state follows QuickBooks: Paid
 * (Complete) when paid, Canceled when voided, Active otherwise; it is written last, because a Paid
 * invoice takes no other change.
 */
import { compare, decimal, multiply, parseDecimal } from '../../../lib/money.ts';
import { ok, type Result } from '../../../lib/result.ts';
import type { Invoice, InvoiceLine } from '../../../sync/model.ts';
import type { DynamicsMappingContext } from './context.ts';
import { exactNumber, type ExactNumber } from '../api/json.ts';
import { bind, derivedId, linkColumns, type DataverseWrite, type RowAddress } from './writes.ts';

const MONEY_PLACES = 4;
const QUANTITY_PLACES = 5;

/** `invoice` state and status (invoice.md). */
export const INVOICE_STATE = {
  active: { statecode: 0, statuscode: 1 },
  paid: { statecode: 2, statuscode: 100001 },
  canceled: { statecode: 3, statuscode: 100003 },
} as const;
/** A line's parent: bound when the line is created, never changed after. */
export const LINE_PARENT_BIND = 'invoiceid@odata.bind';

/** `salesorder` Invoiced (statecode 4, statuscode 100003). */
export const ORDER_INVOICED = { statecode: 4, statuscode: 100003 } as const;

/**
 * The quantity and price per unit a line is written with, so that their product is its amount.
 * @example lineAmounts({ id: '1', quantity: '1.5', rate: '19.99', amount: '29.99' }) // { quantity: '1', price: '29.99' }
 */
export function lineAmounts(line: InvoiceLine): { quantity: string; price: string } {
  const q = line.quantity === undefined ? undefined : parseDecimal(line.quantity);
  const r = line.rate === undefined ? undefined : parseDecimal(line.rate);
  if (q && r && q.scale <= QUANTITY_PLACES && r.scale <= MONEY_PLACES) {
    if (compare(multiply(q, r), decimal(line.amount)) === 0) return { quantity: line.quantity!, price: line.rate! };
  }
  return { quantity: '1', price: line.amount };
}

function detailRow(line: InvoiceLine, index: number, ctx: DynamicsMappingContext): Record<string, unknown> {
  const { quantity, price } = lineAmounts(line);
  const amounts: Record<string, ExactNumber | boolean | number> = {
    quantity: exactNumber(quantity),
    priceperunit: exactNumber(price),
    ispriceoverridden: true,
    lineitemnumber: index + 1,
  };
  if (!line.itemId)
    return {
      ...amounts,
      isproductoverridden: true,
      productdescription: (line.description ?? 'QuickBooks line').slice(0, 500),
    };
  return {
    ...amounts,
    isproductoverridden: false,
    'productid@odata.bind': bind('product', { connection: ctx.connection, quickbooksId: line.itemId }),
    'uomid@odata.bind': `/uoms(${ctx.unitId})`,
  };
}

/**
 * @param salesOrderId the Dynamics sales order the invoice was made from, when it was.
 * @example invoiceWrites(invoice, ctx, '6f1c…') // ok([invoice, ...lines, invoice state, order Invoiced])
 */
export function invoiceWrites(
  invoice: Invoice,
  ctx: DynamicsMappingContext,
  salesOrderId?: string,
): Result<DataverseWrite[]> {
  const link = linkColumns(ctx.connection, invoice.id);
  if (!link.ok) return link;
  const address: RowAddress = { connection: ctx.connection, quickbooksId: invoice.id };
  const source = { type: 'invoice', id: invoice.id };
  const header: DataverseWrite = {
    table: 'invoice',
    address,
    row: {
      ...link.value,
      name: `Invoice ${invoice.number ?? invoice.id}`,
      description: invoice.memo ?? null,
      duedate: invoice.dueDate ?? null,
      'customerid_account@odata.bind': bind('account', {
        connection: ctx.connection,
        quickbooksId: invoice.customerId,
      }),
      'pricelevelid@odata.bind': `/pricelevels(${ctx.priceListId})`,
      ...(salesOrderId ? { 'salesorderid@odata.bind': `/salesorders(${salesOrderId})` } : {}),
    },
    source,
  };
  const lines: DataverseWrite[] = invoice.lines.map((line, i) => ({
    table: 'invoicedetail',
    address: { id: derivedId('invoicedetail', ctx.connection, invoice.id, line.id) },
    row: { [LINE_PARENT_BIND]: bind('invoice', address), ...detailRow(line, i, ctx) },
    createOnly: [LINE_PARENT_BIND],
    source,
  }));
  const state = invoice.isVoided ? INVOICE_STATE.canceled : invoice.isPaid ? INVOICE_STATE.paid : INVOICE_STATE.active;
  const writes = [...lines, { table: 'invoice', address, row: {}, state, source } satisfies DataverseWrite];
  if (salesOrderId)
    writes.push({ table: 'salesorder', address: { id: salesOrderId }, row: {}, state: ORDER_INVOICED, source });
  return ok([header, ...writes]);
}
