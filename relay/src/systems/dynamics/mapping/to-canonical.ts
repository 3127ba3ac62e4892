/**
 * @module
 * Dataverse rows → canonical records, what the relay pushes into QuickBooks Desktop: an account is
 * a customer (a vendor when its relationship type is Vendor or Supplier) with its primary contact
 * as the person; a product an item (a service, or the kind the connection's setting names); a
 * sales order with its products an order, its lines' amounts as Dynamics computed them. Ids are
 * Dataverse's; a row a flow wrote from QuickBooks says so (`mirrorOf`, from `lb_quickbooksid`; not an
 * order, which always starts in Dynamics) and names its connection (`assignedTo`). Amounts keep every significant digit (`1250.5000` →
 * `"1250.50"`, `29.9850` → `"29.985"`): nothing is rounded here.
 */
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import { decimal, format, round, sum } from '../../../lib/money.ts';
import type { Address, Customer, Deletion, Invoice, InvoiceLine, Item, Person, Vendor } from '../../../sync/model.ts';
import { decimalText } from '../api/json.ts';
import { AccountRow, ContactRow, ProductRow, SalesOrderRow } from './rows.ts';
import type { z } from 'zod';

export interface InboundContext {
  /** The kind of QuickBooks item a product that is not a service becomes (a connection setting). */
  readonly productItemType: 'Service' | 'NonInventory';
}

/** When an order is taken into QuickBooks (a connection setting): once submitted (default), or once saved. */
export type OrderTrigger = 'submitted' | 'active';

const VENDOR_TYPES = new Set([10, 11]); // Supplier, Vendor
const SERVICES = 3;
/** salesorder statecode: 0 Active (being written), 1 Submitted, 2 Canceled, 3 Fulfilled, 4 Invoiced. */
const DRAFTING = 0;
const CANCELED = 2;
const FULFILLED = 3;
const INVOICED = 4;

function parse<S extends z.ZodType>(schema: S, table: string, row: unknown): Result<z.infer<S>> {
  const parsed = schema.safeParse(row);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0]!;
  // Every table read names its primary key `<table>id`.
  const id = (row as Record<string, unknown> | null)?.[`${table}id`];
  return err(
    relayError(
      'dyn_row_unreadable',
      `The ${table} row ${typeof id === 'string' ? id : '(without an id)'} could not be read: ${issue.path.join('.') || 'row'}: ${issue.message}.`,
    ),
  );
}

/**
 * Exact decimal text without the zeros Dataverse pads to the column's precision, keeping at least `min` places.
 * @example trimDecimal('1250.5000', 2) // '1250.50'
 */
export function trimDecimal(text: string, min: number): string {
  const [whole, frac = ''] = text.split('.');
  let f = frac.replace(/0+$/, '');
  if (f.length < min) f = f.padEnd(min, '0');
  return f ? `${whole}.${f}` : whole!;
}

const money = (v: unknown): string | undefined => {
  const t = decimalText(v);
  return t === undefined ? undefined : trimDecimal(t, 2);
};
const quantity = (v: unknown) => {
  const t = decimalText(v);
  return t === undefined ? undefined : trimDecimal(t, 0);
};
const present = <T>(v: T | null | undefined): T | undefined =>
  v === null || v === undefined || v === '' ? undefined : v;

/**
 * `object`: the entity set the flow from QuickBooks writes the row to (its mirror's key is that
 * write's); undefined: the row starts in Dynamics even when it carries a QuickBooks id (an invoiced order).
 */
function base(row: z.infer<typeof AccountRow | typeof ProductRow | typeof SalesOrderRow>, object?: string) {
  const key = object ? present(row.lb_quickbooksid) : undefined;
  return {
    ...(row.versionnumber !== null && row.versionnumber !== undefined ? { version: String(row.versionnumber) } : {}),
    updatedAt: row.modifiedon,
    ...(key && object ? { mirrorOf: { object, key } } : {}),
    assignedTo: present(row.lb_quickbooksconnection) ?? null,
  };
}

/** @example toPerson(contactRow) // { firstName: 'Jim', lastName: 'Glynn', email: … } */
export function toPerson(raw: unknown): Result<Person> {
  const r = parse(ContactRow, 'contact', raw);
  if (!r.ok) return r;
  const c = r.value;
  const lastName = present(c.lastname) ?? present(c.firstname);
  if (!lastName) return err(relayError('dyn_row_unreadable', `The contact ${c.contactid} has no name.`));
  return ok({
    ...(present(c.firstname) && present(c.lastname) ? { firstName: c.firstname! } : {}),
    lastName,
    ...(present(c.jobtitle) ? { title: c.jobtitle! } : {}),
    ...(present(c.emailaddress1) ? { email: c.emailaddress1! } : {}),
    ...(present(c.telephone1) ? { phone: c.telephone1! } : {}),
  });
}

function addressOf(a: z.infer<typeof AccountRow>): Address | undefined {
  const street = [a.address1_line1, a.address1_line2, a.address1_line3].filter((l) => present(l)).join('\n');
  const out: Address = {
    ...(street ? { street } : {}),
    ...(present(a.address1_city) ? { city: a.address1_city! } : {}),
    ...(present(a.address1_stateorprovince) ? { state: a.address1_stateorprovince! } : {}),
    ...(present(a.address1_postalcode) ? { postalCode: a.address1_postalcode! } : {}),
    ...(present(a.address1_country) ? { country: a.address1_country! } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * An account (read with `ROW_QUERIES.account`) → a customer or vendor.
 * @example accountToCanonical(row) // ok({ type: 'customer', id: row.accountid, name: 'Acme', … })
 */
export function accountToCanonical(raw: unknown): Result<Customer | Vendor> {
  const r = parse(AccountRow, 'account', raw);
  if (!r.ok) return r;
  const a = r.value;
  const vendor = VENDOR_TYPES.has(a.customertypecode ?? 0);
  const person = a.primarycontactid ? toPerson(a.primarycontactid) : undefined;
  if (person && !person.ok) return person;
  const address = addressOf(a);
  // A job's account is named by its full name (`Parent:Job`, QuickBooks' separator; no QuickBooks
  // name holds one): the job itself is the last part.
  const name = present(a.lb_quickbooksid) ? a.name.slice(a.name.lastIndexOf(':') + 1) : a.name;
  const common = {
    id: a.accountid,
    ...base(a, 'accounts'),
    name,
    companyName: a.name,
    isActive: a.statecode === 0,
    ...(present(a.telephone1) ? { phone: a.telephone1! } : {}),
    ...(present(a.emailaddress1) ? { email: a.emailaddress1! } : {}),
    ...(present(a.transactioncurrencyid?.isocurrencycode)
      ? { currency: a.transactioncurrencyid!.isocurrencycode! }
      : {}),
    ...(person ? { contact: person.value } : {}),
  };
  if (vendor) return ok({ type: 'vendor', ...common, ...(address ? { address } : {}) });
  const custom = a['@lb.custom'];
  return ok({
    type: 'customer',
    ...common,
    fullName: a.name,
    ...(address ? { billing: address } : {}),
    ...(custom?.length ? { custom } : {}),
  });
}

/**
 * A product → an item: Services stay services, anything else becomes the setting's kind.
 * @example productToCanonical(row, { productItemType: 'NonInventory' })
 */
export function productToCanonical(raw: unknown, ctx: InboundContext): Result<Item> {
  const r = parse(ProductRow, 'product', raw);
  if (!r.ok) return r;
  const p = r.value;
  const price = money(p.price);
  return ok({
    type: 'item',
    id: p.productid,
    ...base(p, 'products'),
    name: p.name,
    fullName: p.name,
    itemType: p.producttypecode === SERVICES ? 'Service' : ctx.productItemType,
    ...(present(p.productnumber) ? { sku: p.productnumber! } : {}),
    ...(present(p.description) ? { description: p.description! } : {}),
    ...(price !== undefined ? { price } : {}),
    isActive: p.statecode !== 1, // Retired; a Draft product is one being set up, not a retired one
  });
}

/**
 * A sales order with its `order_details` (read with `ROW_QUERIES.salesorder`) → the invoice
 * QuickBooks is to make of it: one line per order product, each worth what Dynamics computed
 * (`extendedamount`) to the cent (Dynamics keeps four places; QuickBooks amounts have two, rounded
 * half up), its id the order's. Not an invoice for QuickBooks (`undefined`): an order still being
 * written (Active, when the trigger is `submitted`), one Fulfilled or Invoiced (in QuickBooks
 * already; Dynamics takes no edit of it). One cancelled is the deletion of the invoice it was to
 * become: a write of it still waiting for the Web Connector is taken back; an invoice QuickBooks
 * already has stays (deletions never take anything out of the books).
 * @example salesOrderToCanonical(row, 'submitted') // ok({ type: 'invoice', customerId: row._customerid_value, lines: [...] })
 */
export function salesOrderToCanonical(
  raw: unknown,
  trigger: OrderTrigger = 'submitted',
): Result<Invoice | Deletion | undefined> {
  const r = parse(SalesOrderRow, 'salesorder', raw);
  if (!r.ok) return r;
  const o = r.value;
  if (o.statecode === DRAFTING && trigger === 'submitted') return ok(undefined);
  if (o.statecode === FULFILLED || o.statecode === INVOICED) return ok(undefined);
  if (o.statecode === CANCELED)
    return ok({ type: 'deletion', recordType: 'invoice', id: o.salesorderid, deletedAt: o.modifiedon });
  const lines: InvoiceLine[] = [];
  for (const d of o.order_details) {
    const exact = decimalText(d.extendedamount);
    if (exact === undefined)
      return err(relayError('dyn_row_unreadable', `The order product ${d.salesorderdetailid} has no amount.`));
    const q = quantity(d.quantity);
    const rate = money(d.priceperunit);
    lines.push({
      id: d.salesorderdetailid,
      ...(present(d._productid_value) ? { itemId: d._productid_value! } : {}),
      ...(present(d.productdescription) ? { description: d.productdescription! } : {}),
      ...(q !== undefined ? { quantity: q } : {}),
      ...(rate !== undefined ? { rate } : {}),
      amount: format(round(decimal(exact), 2), 2),
    });
  }
  const total = format(sum(lines.map((l) => decimal(l.amount))), 2);
  const day = (present(o.submitdate) ?? o.createdon ?? o.modifiedon).slice(0, 10);
  return ok({
    type: 'invoice',
    id: o.salesorderid,
    ...base(o),
    ...(present(o.ordernumber) ? { number: o.ordernumber! } : {}),
    customerId: o._customerid_value,
    txnDate: day,
    total,
    balance: total,
    ...(present(o.name) ? { memo: o.name! } : {}),
    ...(present(o.transactioncurrencyid?.isocurrencycode)
      ? { currency: o.transactioncurrencyid!.isocurrencycode! }
      : {}),
    lines,
  });
}
