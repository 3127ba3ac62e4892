/**
 * @module
 * Item Add/Mod bodies (ItemService, ItemNonInventory) in qbXML 13.0 schema order with the QuickBooks
 * Desktop limits from the annotated qbxmlops130 catalogue: Name ≤ 31 characters, Desc ≤ 4095,
 * AccountRef and ParentRef FullName ≤ 159. The two item types differ only in where ParentRef and ClassRef sit, and
 * this module writes neither on the non-inventory side.
 */
import type { ItemSalesOrPurchaseMod, ItemServiceAdd, ItemWrite } from './item-request-types.ts';
import type { Ref } from './request-types.ts';
import { agg, bool, decimal, editSequence, id, ref, required, requiredRef, text, type Ctx } from './xml-build.ts';

const NAME = 31;
const DESC = 4095;
/** FullName of an account or parent item (colon path). */
const FULL_NAME = 159;

function serviceSales(ctx: Ctx, i: ItemServiceAdd['item']): string {
  if (i.purchase) {
    return agg(
      'SalesAndPurchase',
      text(ctx, 'SalesDesc', i.description, DESC, 'SalesAndPurchase/SalesDesc'),
      decimal(ctx, 'SalesPrice', i.price, 'SalesAndPurchase/SalesPrice'),
      requiredRef(ctx, 'IncomeAccountRef', i.account, FULL_NAME),
      text(ctx, 'PurchaseDesc', i.purchase.description, DESC, 'SalesAndPurchase/PurchaseDesc'),
      decimal(ctx, 'PurchaseCost', i.purchase.cost, 'SalesAndPurchase/PurchaseCost'),
      requiredRef(ctx, 'ExpenseAccountRef', i.purchase.expenseAccount, FULL_NAME),
    );
  }
  return salesOrPurchase(ctx, 'SalesOrPurchase', i);
}

/** `SalesOrPurchase` (Add, AccountRef required by the caller's type) or `SalesOrPurchaseMod`. */
function salesOrPurchase(
  ctx: Ctx,
  el: 'SalesOrPurchase' | 'SalesOrPurchaseMod',
  i: { description?: string; price?: string; account?: Ref },
): string {
  const account =
    el === 'SalesOrPurchase'
      ? requiredRef(ctx, 'AccountRef', i.account, FULL_NAME)
      : ref(ctx, 'AccountRef', i.account, FULL_NAME);
  return agg(
    el,
    text(ctx, 'Desc', i.description, DESC, `${el}/Desc`),
    decimal(ctx, 'Price', i.price, `${el}/Price`),
    account,
  );
}

function mod(ctx: Ctx, el: string, listId: string, seq: string, i: ItemSalesOrPurchaseMod): string {
  return agg(
    el,
    id(ctx, 'ListID', listId),
    editSequence(ctx, seq),
    text(ctx, 'Name', i.name, NAME),
    bool('IsActive', i.isActive),
    salesOrPurchase(ctx, 'SalesOrPurchaseMod', i),
  );
}

/** The `<ItemXxxAdd>` / `<ItemXxxMod>` aggregate (without the surrounding `Rq`). */
export function itemXml(ctx: Ctx, w: ItemWrite): string {
  switch (w.type) {
    case 'ItemServiceAdd':
      return agg(
        'ItemServiceAdd',
        required(ctx, 'Name', w.item.name, NAME),
        bool('IsActive', w.item.isActive),
        ref(ctx, 'ParentRef', w.item.parent, FULL_NAME),
        ref(ctx, 'SalesTaxCodeRef', w.item.salesTaxCode, 3),
        serviceSales(ctx, w.item),
      );
    case 'ItemServiceMod':
      return mod(ctx, 'ItemServiceMod', w.listId, w.editSequence, w.item);
    case 'ItemNonInventoryAdd':
      return agg(
        'ItemNonInventoryAdd',
        required(ctx, 'Name', w.item.name, NAME),
        bool('IsActive', w.item.isActive),
        salesOrPurchase(ctx, 'SalesOrPurchase', w.item),
      );
    case 'ItemNonInventoryMod':
      return mod(ctx, 'ItemNonInventoryMod', w.listId, w.editSequence, w.item);
  }
}
