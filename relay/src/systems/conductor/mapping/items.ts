/**
 * @module
 * Conductor's typed item endpoints and accounts → canonical items and ledger accounts, as
 * `qbd/mapping.ts` maps ItemServiceRet, ItemInventoryRet, … and AccountRet. The item type is the
 * qbXML Ret name without `Item`/`Ret` (`service-items` → `Service`), as `qbxml/records.ts` names it.
 * Each endpoint keeps its description and price where its qbXML Ret does: `salesOrPurchaseDetails`
 * (SalesOrPurchase: `description`, `price`, `pricePercentage`) or `salesAndPurchaseDetails`
 * (SalesAndPurchase: `salesDescription`, `salesPrice`, `purchaseDescription`) on service,
 * non-inventory and other-charge items; `salesDescription`/`salesPrice`/`purchaseDescription` on
 * inventory (assembly) items; `description` (ItemDesc) with `discountRate`/`discountRatePercent`
 * on discounts and `taxRate` on sales-tax items. An account's type comes as Conductor spells it
 * (`accounts_receivable`) and goes out as qbXML's (`AccountsReceivable`).
 */
import { z } from 'zod';
import { optionalMoney as money } from '../../../lib/money.ts';
import { withoutUndefined } from '../../../lib/objects.ts';
import { ok, type Result } from '../../../lib/result.ts';
import type { Item, LedgerAccount } from '../../../sync/model.ts';
import type { ConductorJson, ListObjectResource } from '../api/types.ts';
import { decimalText, flag, optional, read, required, system, text } from './common.ts';

export type ItemResource = Exclude<ListObjectResource, 'customers' | 'vendors' | 'accounts'>;

/** qbXML's item type (the Ret name between `Item` and `Ret`) per Conductor endpoint. */
export const ITEM_TYPES: Readonly<Record<ItemResource, string>> = {
  'service-items': 'Service',
  'non-inventory-items': 'NonInventory',
  'inventory-items': 'Inventory',
  'other-charge-items': 'OtherCharge',
  'discount-items': 'Discount',
  'inventory-assembly-items': 'InventoryAssembly',
  'subtotal-items': 'Subtotal',
  'sales-tax-items': 'SalesTax',
  'item-groups': 'Group',
};

const ItemJson = z.looseObject({
  ...system,
  name: required,
  fullName: text,
  isActive: flag,
  salesOrPurchaseDetails: optional(
    z.looseObject({ description: text, price: decimalText, pricePercentage: decimalText }),
  ),
  salesAndPurchaseDetails: optional(
    z.looseObject({ salesDescription: text, salesPrice: decimalText, purchaseDescription: text }),
  ),
  salesDescription: text,
  salesPrice: decimalText,
  purchaseDescription: text,
  description: text,
  discountRate: decimalText,
  discountRatePercent: decimalText,
  taxRate: decimalText,
});

const AccountJson = z.looseObject({
  ...system,
  name: required,
  fullName: text,
  isActive: flag,
  accountType: required,
  accountNumber: text,
  balance: decimalText,
  totalBalance: decimalText,
});

/** Sales description, price, price percentage and purchase description, where qbXML's parser finds them. */
function sales(r: z.infer<typeof ItemJson>) {
  const sop = r.salesOrPurchaseDetails;
  if (sop) return { desc: sop.description, price: sop.price, percent: sop.pricePercentage, purchase: undefined };
  const sap = r.salesAndPurchaseDetails;
  if (sap)
    return { desc: sap.salesDescription, price: sap.salesPrice, percent: undefined, purchase: sap.purchaseDescription };
  return {
    desc: r.salesDescription ?? r.description,
    price: r.salesPrice ?? r.discountRate ?? r.taxRate,
    percent: r.discountRatePercent,
    purchase: r.purchaseDescription,
  };
}

/**
 * A record of one of Conductor's typed item endpoints → a canonical item.
 * @example itemToCanonical('service-items', json) // ok({ type: 'item', itemType: 'Service', … })
 */
export function itemToCanonical(resource: ItemResource, json: ConductorJson): Result<Item> {
  const read_ = read(ItemJson, 'item', json);
  if (!read_.ok) return read_;
  const r = read_.value;
  const s = sales(r);
  return ok(
    withoutUndefined({
      type: 'item' as const,
      id: r.id,
      version: r.revisionNumber,
      updatedAt: r.updatedAt,
      name: r.name,
      fullName: r.fullName ?? r.name,
      itemType: ITEM_TYPES[resource],
      description: s.desc ?? s.purchase,
      price: s.percent ? undefined : money(s.price),
      isActive: r.isActive ?? true,
    }),
  );
}

/**
 * An account type as qbXML spells it.
 * @example qbxmlAccountType('other_current_asset') // 'OtherCurrentAsset'
 */
export const qbxmlAccountType = (t: string): string => t.replace(/(?:^|_)([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * A Conductor account → a canonical ledger account.
 * @example accountToCanonical(json) // ok({ type: 'account', accountType: 'Bank', … })
 */
export function accountToCanonical(json: ConductorJson): Result<LedgerAccount> {
  const read_ = read(AccountJson, 'account', json);
  if (!read_.ok) return read_;
  const r = read_.value;
  return ok(
    withoutUndefined({
      type: 'account' as const,
      id: r.id,
      version: r.revisionNumber,
      updatedAt: r.updatedAt,
      name: r.name,
      fullName: r.fullName ?? r.name,
      accountType: qbxmlAccountType(r.accountType),
      accountNumber: r.accountNumber,
      balance: money(r.totalBalance ?? r.balance),
      isActive: r.isActive ?? true,
    }),
  );
}
