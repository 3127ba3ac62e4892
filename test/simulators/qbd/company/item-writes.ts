/**
 * @module
 * Item Adds and Mods (ItemService, ItemNonInventory) with the rules QuickBooks enforces on items:
 * Name at most 31 characters (3070), full names unique among all items whatever their type (3100),
 * a ParentRef that names an item (3140) and is not the item itself or one of its sub-items, a Mod
 * whose ListID names an item of that type (3120) with its current EditSequence (3200), and accounts
 * that exist and suit the side they are on (3140): the one account of SalesOrPurchase an income,
 * expense or cost-of-goods account, SalesAndPurchase's IncomeAccountRef an income account and its
 * ExpenseAccountRef an expense or cost-of-goods account. A renamed or moved item takes its
 * sub-items' full names along. Every Mod moves TimeModified and EditSequence.
 */
import type { Item, Ref } from './records.ts';
import { child, textOf, type El } from './xml.ts';
import { findList, newListId, tick, type CompanyState } from './store.ts';
import {
  defined,
  flag,
  invalidRef,
  listRef,
  notFound,
  otherRef,
  refOf,
  Refusal,
  staleCheck,
  str,
} from './write-rules.ts';

export type WritableItemType = 'Service' | 'NonInventory';

const INCOME = ['Income', 'OtherIncome'];
const EXPENSE = ['Expense', 'OtherExpense', 'CostOfGoodsSold'];
const ITEM_NAME_LIMIT = 31;
const WHERE = 'Item';

/** An account reference that exists and has one of `types`, else 3140. */
function accountRef(state: CompanyState, ref: Ref | undefined, types: readonly string[]): Ref | undefined {
  if (ref === undefined) return undefined;
  const found = findList(state, 'account', ref);
  if (found === undefined) throw invalidRef('Account', ref, WHERE);
  if (!types.includes(found.accountType)) {
    throw new Refusal(
      3140,
      `There is an invalid reference to QuickBooks Account "${ref.fullName ?? ref.listId}" in the ${WHERE}. QuickBooks error message: The account type "${found.accountType}" cannot be used here.`,
    );
  }
  return { listId: found.listId, fullName: found.fullName };
}

/** The price side of an item: `Price` and `PricePercent` exclude each other. */
function price(el: El, priceTag: string): Pick<Item, 'salesPrice' | 'salesPricePercent'> | undefined {
  const percent = textOf(el, 'PricePercent');
  if (percent !== undefined) return { salesPrice: undefined, salesPricePercent: percent };
  const p = textOf(el, priceTag);
  return p === undefined ? undefined : { salesPrice: p, salesPricePercent: undefined };
}

/** SalesOrPurchase (Add) or SalesOrPurchaseMod: one description, price and account. */
function oneSided(state: CompanyState, el: El): Partial<Item> {
  return {
    ...defined({
      salesDesc: str(el, 'Desc'),
      incomeAccount: accountRef(state, refOf(el, 'AccountRef'), [...INCOME, ...EXPENSE]),
    }),
    ...price(el, 'Price'),
  };
}

/** SalesAndPurchase (Add) or SalesAndPurchaseMod: a sales side and a purchase side. */
function twoSided(state: CompanyState, el: El): Partial<Item> {
  return {
    ...defined({
      salesDesc: str(el, 'SalesDesc', 4095),
      salesPrice: textOf(el, 'SalesPrice'),
      incomeAccount: accountRef(state, refOf(el, 'IncomeAccountRef'), INCOME),
      purchaseDesc: str(el, 'PurchaseDesc', 4095),
      purchaseCost: textOf(el, 'PurchaseCost'),
      expenseAccount: accountRef(state, refOf(el, 'ExpenseAccountRef'), EXPENSE),
      prefVendor: listRef(state, 'vendor', refOf(el, 'PrefVendorRef'), 'Vendor', WHERE),
    }),
  };
}

/** The parent an Add or Mod names (3140 when none), refusing the item itself and its sub-items. */
function parentOf(state: CompanyState, el: El, self?: string): Item | undefined {
  const ref = refOf(el, 'ParentRef');
  if (ref === undefined) return undefined;
  const parent = findList(state, 'item', ref);
  if (parent === undefined) throw invalidRef('Item', ref, `${WHERE} list`);
  for (
    let p: Item | undefined = parent;
    p !== undefined;
    p = p.parent ? findList(state, 'item', p.parent) : undefined
  ) {
    if (p.listId === self)
      throw new Refusal(
        3140,
        `There is an invalid reference to QuickBooks Item "${ref.fullName ?? ref.listId}" in the ${WHERE} list. QuickBooks error message: An item cannot be a sub-item of itself.`,
      );
  }
  return parent;
}

/** Item names are unique among all items (service, non-inventory, inventory, ...). */
function checkNameFree(state: CompanyState, fullName: string, self?: string): void {
  const other = findList(state, 'item', { fullName });
  if (other !== undefined && other.listId !== self)
    throw new Refusal(3100, `The name "${fullName}" of the list element is already in use.`);
}

const placement = (name: string, parent: Item | undefined) => ({
  fullName: parent ? `${parent.fullName}:${name}` : name,
  sublevel: parent ? parent.sublevel + 1 : 0,
  parent: parent ? { listId: parent.listId, fullName: parent.fullName } : undefined,
});

/** Sub-items follow a renamed or moved parent (their own EditSequence does not move, as with jobs). */
function refreshSubItems(state: CompanyState, parent: Item): void {
  for (const i of state.tables.item.values()) {
    if (i.parent?.listId !== parent.listId) continue;
    const updated: Item = { ...i, ...placement(i.name, parent) };
    state.tables.item.set(i.listId, updated);
    refreshSubItems(state, updated);
  }
}

/**
 * ItemServiceAdd / ItemNonInventoryAdd.
 * @example HANDLERS.ItemNonInventoryAdd = ['ItemNonInventoryAdd', itemAdd('NonInventory')];
 */
export function itemAdd(itemType: WritableItemType) {
  return function add(state: CompanyState, el: El): Item {
    const name = str(el, 'Name', ITEM_NAME_LIMIT) ?? '';
    const parent = parentOf(state, el);
    const place = placement(name, parent);
    checkNameFree(state, place.fullName);
    const sop = child(el, 'SalesOrPurchase');
    const sap = child(el, 'SalesAndPurchase');
    const sides = sop ? { salesPrice: '0.00', ...oneSided(state, sop) } : sap ? twoSided(state, sap) : {};
    const fields = defined({
      class: otherRef(state, 'class', refOf(el, 'ClassRef'), 'Class', WHERE),
      manufacturerPartNumber: itemType === 'NonInventory' ? str(el, 'ManufacturerPartNumber', 31) : undefined,
      salesTaxCode: otherRef(state, 'salesTaxCode', refOf(el, 'SalesTaxCodeRef'), 'Sales Tax Code', WHERE),
      externalGuid: textOf(el, 'ExternalGUID'),
    });
    const { time, editSequence } = tick(state);
    const rec = defined({
      kind: 'item' as const,
      itemType,
      listId: newListId(state),
      timeCreated: time,
      timeModified: time,
      editSequence,
      name,
      isActive: flag(el, 'IsActive') ?? true,
      ...place,
      ...fields,
      ...sides,
    }) as Item;
    state.tables.item.set(rec.listId, rec);
    return rec;
  };
}

/**
 * ItemServiceMod / ItemNonInventoryMod: only what the request names changes. A one-sided item
 * becomes two-sided through SalesAndPurchaseMod; a two-sided one is not made one-sided again.
 * @example HANDLERS.ItemServiceMod = ['ItemServiceMod', itemMod('Service')];
 */
export function itemMod(itemType: WritableItemType) {
  return function mod(state: CompanyState, el: El): Item {
    const listId = textOf(el, 'ListID') ?? '';
    const current = state.tables.item.get(listId);
    if (current === undefined || current.itemType !== itemType) throw notFound(listId);
    staleCheck(current, el);
    const name = str(el, 'Name', ITEM_NAME_LIMIT) ?? current.name;
    const parent = child(el, 'ParentRef')
      ? parentOf(state, el, listId)
      : current.parent
        ? findList(state, 'item', current.parent)
        : undefined;
    const place = placement(name, parent);
    checkNameFree(state, place.fullName, listId);
    const sop = child(el, 'SalesOrPurchaseMod');
    const sap = child(el, 'SalesAndPurchaseMod');
    const twoSidedNow = current.purchaseCost !== undefined || current.expenseAccount !== undefined;
    if (sop && twoSidedNow)
      throw new Refusal(
        3170,
        `There was an error when modifying a Item list, element "${current.fullName}". QuickBooks error message: The item has both sales and purchase information; use SalesAndPurchaseMod.`,
      );
    const sides = sop ? oneSided(state, sop) : sap ? twoSided(state, sap) : {};
    const fields = defined({
      isActive: flag(el, 'IsActive'),
      class: otherRef(state, 'class', refOf(el, 'ClassRef'), 'Class', WHERE),
      manufacturerPartNumber: itemType === 'NonInventory' ? str(el, 'ManufacturerPartNumber', 31) : undefined,
      salesTaxCode: otherRef(state, 'salesTaxCode', refOf(el, 'SalesTaxCodeRef'), 'Sales Tax Code', WHERE),
    });
    const { time, editSequence } = tick(state);
    // Properties set to undefined (a cleared Price, a parent no longer there) are dropped.
    const rec = defined({ ...current, ...fields, ...sides, name, ...place, timeModified: time, editSequence }) as Item;
    state.tables.item.set(listId, rec);
    if (rec.fullName !== current.fullName) refreshSubItems(state, rec);
    return rec;
  };
}
