/**
 * @module
 * Columns Dataverse computes rather than accepts: a contact's `fullname`, order and invoice numbers
 * (`ORD-01001-…`, `INV-01001-…`), a line's price from the order's price list unless overridden, its
 * `baseamount` (quantity × price) and `extendedamount` (base − manual discount + tax), and the header's
 * `totallineitemamount` and `totalamount` (lines − discount + freight), kept as lines change.
 */
import crypto from 'node:crypto';
import { add, multiply, negate, normalizeDecimal } from './decimal.ts';
import type { Table } from './schema.ts';
import type { Env, LookupValue, Row, Value } from './store.ts';

const DETAIL_PARENT: Record<string, string> = { salesorderdetail: 'salesorderid', invoicedetail: 'invoiceid' };
const NUMBER_PREFIX: Record<string, [string, string]> = {
  salesorder: ['ordernumber', 'ORD'],
  invoice: ['invoicenumber', 'INV'],
};

const money = (v: Value | undefined) => (typeof v === 'string' ? v : '0.0000');
const ref = (v: Value | undefined) => (v && typeof v === 'object' ? (v as LookupValue) : undefined);
const suffix = () => Array.from(crypto.randomBytes(6), (b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'[b % 34]).join('');

/** The row with its computed columns filled in. `seq` numbers new orders and invoices. */
export function derive(env: Env, t: Table, values: Record<string, Value>, seq: number): Row {
  const row: Record<string, Value> = { ...values };
  if (t.logicalName === 'contact') {
    row.fullname = [row.firstname, row.lastname].filter((p) => typeof p === 'string' && p !== '').join(' ') || null;
  }
  const numbered = NUMBER_PREFIX[t.logicalName];
  if (numbered && !row[numbered[0]])
    row[numbered[0]] = `${numbered[1]}-${String(1001 + seq).padStart(5, '0')}-${suffix()}`;
  const parentColumn = DETAIL_PARENT[t.logicalName];
  if (parentColumn) {
    const parent = ref(row[parentColumn]);
    const product = ref(row.productid);
    if (!row.ispriceoverridden && product && parent)
      row.priceperunit = listPrice(env, parent, product.id, ref(row.uomid)?.id);
    const quantity = typeof row.quantity === 'string' ? row.quantity : '0';
    row.baseamount = multiply(quantity, 5, money(row.priceperunit), 4, 4);
    row.extendedamount = add([row.baseamount, negate(money(row.manualdiscountamount)), money(row.tax)], 4);
  }
  if (numbered) {
    const lines = env
      .table(`${t.logicalName}detail`)
      .rows()
      .filter((l) => ref(l[`${t.logicalName}id`])?.id === row[t.primaryId]);
    row.totallineitemamount = add(
      lines.map((l) => money(l.extendedamount)),
      4,
    );
    row.totalamount = add([row.totallineitemamount, negate(money(row.discountamount)), money(row.freightamount)], 4);
  }
  return row;
}

/** After a line is written or deleted, its header's totals follow. */
export function propagate(env: Env, t: Table, line: Row): void {
  const parentColumn = DETAIL_PARENT[t.logicalName];
  const parent = parentColumn ? ref(line[parentColumn]) : undefined;
  if (!parent || !env.table(parent.table).get(parent.id)) return;
  env.table(parent.table).update(parent.id, {});
}

function listPrice(env: Env, parent: LookupValue, productId: string, uomId: string | undefined): Value {
  const header = env.table(parent.table).get(parent.id);
  const priceList = ref(header?.pricelevelid);
  if (!priceList) return null;
  const item = env
    .table('productpricelevel')
    .rows()
    .find(
      (p) =>
        ref(p.pricelevelid)?.id === priceList.id &&
        ref(p.productid)?.id === productId &&
        (!uomId || ref(p.uomid)?.id === uomId),
    );
  return item && typeof item.amount === 'string' ? (normalizeDecimal(item.amount, 4) ?? null) : null;
}
