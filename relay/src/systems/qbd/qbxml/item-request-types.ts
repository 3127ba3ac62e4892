/**
 * @module
 * The item Add/Mod requests Ledgerbridge sends (service and non-inventory items), as plain data;
 * {@link ./item-writes.ts} writes them in schema order. A CRM product maps onto one sales account
 * (qbXML `SalesOrPurchase`: Desc, Price, AccountRef); a service bought as well switches to
 * `SalesAndPurchase`. Prices are decimal strings (PRICETYPE: up to 10 digits and 5 decimals).
 */
import type { Ref, RequestBase } from './request-types.ts';

/** A service item sold (and optionally bought). `purchase` switches to SalesAndPurchase. */
export interface ItemServiceAdd extends RequestBase {
  readonly type: 'ItemServiceAdd';
  readonly item: {
    readonly name: string;
    readonly isActive?: boolean;
    readonly parent?: Ref;
    readonly salesTaxCode?: Ref;
    readonly description?: string;
    readonly price?: string;
    readonly account: Ref;
    readonly purchase?: { readonly description?: string; readonly cost?: string; readonly expenseAccount: Ref };
  };
}

/**
 * The fields an item Mod may change, written as `SalesOrPurchaseMod`. Leaving one out keeps what
 * QuickBooks has; `account` changes the account for new transactions only.
 */
export interface ItemSalesOrPurchaseMod {
  readonly name?: string;
  readonly isActive?: boolean;
  readonly description?: string;
  readonly price?: string;
  readonly account?: Ref;
}

export interface ItemServiceMod extends RequestBase {
  readonly type: 'ItemServiceMod';
  readonly listId: string;
  readonly editSequence: string;
  readonly item: ItemSalesOrPurchaseMod;
}

/** A non-inventory part sold from one income account (`SalesOrPurchase`). */
export interface ItemNonInventoryAdd extends RequestBase {
  readonly type: 'ItemNonInventoryAdd';
  readonly item: {
    readonly name: string;
    readonly isActive?: boolean;
    readonly description?: string;
    readonly price?: string;
    readonly account: Ref;
  };
}

export interface ItemNonInventoryMod extends RequestBase {
  readonly type: 'ItemNonInventoryMod';
  readonly listId: string;
  readonly editSequence: string;
  readonly item: ItemSalesOrPurchaseMod;
}

export type ItemWrite = ItemServiceAdd | ItemServiceMod | ItemNonInventoryAdd | ItemNonInventoryMod;
