/**
 * @module
 * A QuickBooks item → a product in Ledgerbridge's unit group, sold in its unit, with its price in
 * Ledgerbridge's price list (product.md, productpricelevel; reference §3.3). Products are created
 * Draft (Organization.CreateProductsWithoutParentInActiveState is off by default) and a Draft
 * product cannot go on an order, so every write sets the state: Active, or Retired for an inactive
 * item (never deleted). The price list item has no key of its own: its id is derived from the
 * item and the price list, so the upsert always lands on the same row.
 */
import { ok, type Result } from '../../../lib/result.ts';
import type { Item } from '../../../sync/model.ts';
import type { DynamicsMappingContext } from './context.ts';
import { exactNumber } from '../api/json.ts';
import { bind, derivedId, linkColumns, type DataverseWrite, type RowAddress } from './writes.ts';

/** `product.producttypecode`: 1 Sales Inventory, 2 Miscellaneous Charges, 3 Services. */
const PRODUCT_TYPES: Readonly<Record<string, number>> = {
  Service: 3,
  Inventory: 1,
  InventoryAssembly: 1,
  NonInventory: 1,
  OtherCharge: 2,
};

/** Decimal places a product's quantities may have (QuickBooks keeps five). */
const QUANTITY_DECIMALS = 5;

/**
 * @example itemWrites(item, ctx) // ok([product, price list item])
 */
export function itemWrites(item: Item, ctx: DynamicsMappingContext): Result<DataverseWrite[]> {
  const link = linkColumns(ctx.connection, item.id);
  if (!link.ok) return link;
  const address: RowAddress = { connection: ctx.connection, quickbooksId: item.id };
  const source = { type: 'item', id: item.id };
  const product: DataverseWrite = {
    table: 'product',
    address,
    row: {
      ...link.value,
      name: item.name,
      productnumber: item.sku ?? item.id,
      description: item.description ?? null,
      producttypecode: PRODUCT_TYPES[item.itemType] ?? 2,
      quantitydecimal: QUANTITY_DECIMALS,
      price: item.price === undefined ? null : exactNumber(item.price),
      'defaultuomscheduleid@odata.bind': `/uomschedules(${ctx.unitGroupId})`,
      'defaultuomid@odata.bind': `/uoms(${ctx.unitId})`,
      'pricelevelid@odata.bind': `/pricelevels(${ctx.priceListId})`,
    },
    state: item.isActive ? { statecode: 0, statuscode: 1 } : { statecode: 1, statuscode: 2 },
    source,
  };
  if (item.price === undefined) return ok([product]);
  const priceListItem: DataverseWrite = {
    table: 'productpricelevel',
    address: { id: derivedId('productpricelevel', ctx.connection, item.id, ctx.priceListId) },
    row: {
      'pricelevelid@odata.bind': `/pricelevels(${ctx.priceListId})`,
      'productid@odata.bind': bind('product', address),
      'uomid@odata.bind': `/uoms(${ctx.unitId})`,
      pricingmethodcode: 1,
      amount: exactNumber(item.price),
    },
    source,
  };
  return ok([product, priceListItem]);
}
