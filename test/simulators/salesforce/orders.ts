/**
 * @module
 * What the org enforces and computes for Orders and their products (OrderItem), as Salesforce does:
 * an Order is created as a draft (its Status in the Draft category) and activated afterwards by
 * setting Status; `StatusCode` is the category of its Status (read-only). A product needs the
 * Order's price book set and an active entry of that price book; it takes the entry's product and
 * is worth `Quantity × UnitPrice` (TotalPrice, to the cent), and the Order's TotalAmount is the sum
 * of its products. The products of an activated Order cannot be added, changed or deleted: it is
 * set back to draft first.
 */
import { dmlError, type DmlError } from './errors.ts';
import type { DmlContext } from './dml.ts';
import type { SimObject } from './schema.ts';
import type { Tx } from './store.ts';

/** The category of each Status value the package's standard Order knows. */
const STATUS_CODE: Readonly<Record<string, string>> = {
  Draft: 'Draft',
  Activated: 'Activated',
  Cancelled: 'Cancelled',
};

/** A decimal as cents (exact, from its text), and back. */
const scaled = (v: unknown, places: number): bigint => {
  const [whole = '0', frac = ''] = String(v ?? '0').split('.');
  const sign = whole.startsWith('-') ? -1n : 1n;
  return (
    sign *
    (BigInt(whole.replace('-', '') || '0') * 10n ** BigInt(places) +
      BigInt((frac + '0'.repeat(places)).slice(0, places) || '0'))
  );
};
const fromCents = (c: bigint): number => {
  const abs = c < 0n ? -c : c;
  return Number(`${c < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`);
};
/** Quantity × UnitPrice, rounded half up to the cent. */
function totalPrice(quantity: unknown, unitPrice: unknown): number {
  const product = scaled(quantity, 2) * scaled(unitPrice, 2); // 4 places
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const cents = abs / 100n + (abs % 100n >= 50n ? 1n : 0n);
  return fromCents(negative ? -cents : cents);
}

const objects = (ctx: DmlContext, ...names: string[]) => names.map((n) => ctx.schema.object(n));

/**
 * Why the org refuses to save an Order or an order product (`before`: the record as saved, absent
 * on insert), or undefined.
 */
export function orderCheck(
  ctx: DmlContext,
  object: SimObject,
  before: Readonly<Record<string, unknown>> | undefined,
  merged: Readonly<Record<string, unknown>>,
): DmlError | undefined {
  if (object.name === 'Order') {
    if (!before && STATUS_CODE[String(merged.Status)] !== 'Draft')
      return dmlError(
        'FIELD_INTEGRITY_EXCEPTION',
        'You can only create an order in a Draft status; activate it once it is saved.',
        ['Status'],
      );
    return undefined;
  }
  if (object.name !== 'OrderItem') return undefined;
  const [orders, entries, products] = objects(ctx, 'Order', 'PricebookEntry', 'Product2');
  if (!orders || !entries || !products) return undefined;
  const order = ctx.store.get(orders, String(merged.OrderId ?? ''));
  if (!order) return undefined; // the lookup check reports it
  if (order.StatusCode === 'Activated')
    return dmlError(
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: You can’t add, change or delete products on an activated order. Set the order back to Draft first.',
      [],
    );
  if (before && before.PricebookEntryId === merged.PricebookEntryId) return undefined;
  const entry = ctx.store.get(entries, String(merged.PricebookEntryId ?? ''));
  if (!entry) return undefined;
  if (!order.Pricebook2Id)
    return dmlError(
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: PricebookEntryId (pricebook entry has no pricebook set on order)',
      ['PricebookEntryId'],
    );
  if (order.Pricebook2Id !== entry.Pricebook2Id)
    return dmlError(
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: PricebookEntryId (pricebook entry is in a different pricebook than the one assigned to the order)',
      ['PricebookEntryId'],
    );
  const product = ctx.store.get(products, String(entry.Product2Id ?? ''));
  if (entry.IsActive !== true || product?.IsActive !== true)
    return dmlError(
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: PricebookEntryId (pricebook entry is inactive)',
      ['PricebookEntryId'],
    );
  return undefined;
}

/** Why the org refuses to delete an order product, or undefined. */
export function orderItemDeleteCheck(
  ctx: DmlContext,
  object: SimObject,
  rec: Readonly<Record<string, unknown>>,
): DmlError | undefined {
  if (object.name !== 'OrderItem') return undefined;
  const [orders] = objects(ctx, 'Order');
  const order = orders && ctx.store.get(orders, String(rec.OrderId ?? ''));
  return order?.StatusCode === 'Activated'
    ? dmlError(
        'FIELD_INTEGRITY_EXCEPTION',
        'field integrity exception: You can’t add, change or delete products on an activated order. Set the order back to Draft first.',
        [],
      )
    : undefined;
}

/** What the org computes after an Order or an order product is saved or deleted. */
export function afterOrderSave(
  ctx: DmlContext,
  object: SimObject,
  saved: Readonly<Record<string, unknown>>,
  tx?: Tx,
  deleted = false,
): void {
  const [orders, entries] = objects(ctx, 'Order', 'PricebookEntry');
  if (!orders || !entries) return;
  if (object.name === 'Order' && !deleted) {
    const code = STATUS_CODE[String(saved.Status)] ?? 'Draft';
    const number = saved.OrderNumber ?? String(ctx.store.all(orders).length + 100).padStart(8, '0');
    if (saved.StatusCode !== code || saved.OrderNumber !== number)
      ctx.store.update(orders, String(saved.Id), { StatusCode: code, OrderNumber: number }, tx);
    return;
  }
  if (object.name !== 'OrderItem') return;
  if (!deleted) {
    const entry = ctx.store.get(entries, String(saved.PricebookEntryId ?? ''));
    const total = totalPrice(saved.Quantity, saved.UnitPrice);
    if (saved.TotalPrice !== total || saved.Product2Id !== entry?.Product2Id)
      ctx.store.update(object, String(saved.Id), { TotalPrice: total, Product2Id: entry?.Product2Id ?? null }, tx);
  }
  const orderId = String(saved.OrderId ?? '');
  if (!ctx.store.get(orders, orderId)) return;
  const lines = ctx.store.referencing(object, 'OrderId', orderId).map((id) => ctx.store.get(object, id)!);
  const cents = lines.reduce((acc, l) => acc + scaled(l.TotalPrice, 2), 0n);
  ctx.store.update(orders, orderId, { TotalAmount: fromCents(cents) }, tx);
}
