/**
 * @module
 * The write fields the Web Connector path stores (`lib/qb-writes.ts`) as Conductor's JSON bodies,
 * and a Conductor record as those same write fields (what QuickBooks holds, to compare), as pure
 * functions. Conductor's names are camelCase: `billingAddress`/`shippingAddress` with
 * `line1…line5`, `city`, `state`, `postalCode`, `country` (a vendor's one address is its
 * `billingAddress`); an item's description and price are its `salesOrPurchaseDetails` (with the
 * income account, `postingAccountId`, when it is added); an invoice names its customer and items
 * by id (`customerId`, `lines[].itemId`), its quantities as numbers and rates as decimal strings,
 * and carries our GUID as `externalId` (Conductor's GUID has no braces). A customer's additional
 * contacts are not sent on this path (see `index.ts`), so they are not compared either.
 */
import { withoutUndefined } from '../../../lib/objects.ts';
import {
  customerWriteFields,
  itemWriteFields,
  vendorWriteFields,
  type CustomerWriteFields,
  type InvoiceWriteFields,
  type ItemWriteFields,
  type QbAddress,
  type VendorWriteFields,
} from '../../../lib/qb-writes.ts';
import type { ConductorJson, ConductorResource } from '../api/types.ts';
import { toCanonical } from '../mapping/index.ts';

/** The typed item endpoint of a kind of item the relay adds (any other kind is added as a service). */
export const itemResourceOf = (itemType: string): 'service-items' | 'non-inventory-items' =>
  itemType === 'NonInventory' ? 'non-inventory-items' : 'service-items';

/** The item endpoints a name or an id is looked for in (QuickBooks' item names are one list). */
export const ITEM_RESOURCES = [
  'service-items',
  'non-inventory-items',
  'inventory-items',
  'other-charge-items',
] as const;

function address(a: QbAddress | undefined): ConductorJson | undefined {
  if (!a) return undefined;
  return withoutUndefined({
    line1: a.addr1,
    line2: a.addr2,
    line3: a.addr3,
    line4: a.addr4,
    line5: a.addr5,
    city: a.city,
    state: a.state,
    postalCode: a.postalCode,
    country: a.country,
  });
}

/** A customer's or vendor's body (`fields` without what is not sent: create-only ones on an update). */
export function partyBody(fields: CustomerWriteFields | VendorWriteFields): ConductorJson {
  const f = fields as CustomerWriteFields & VendorWriteFields;
  return withoutUndefined({
    name: f.name,
    companyName: f.companyName,
    salutation: f.salutation,
    firstName: f.firstName,
    lastName: f.lastName,
    jobTitle: f.jobTitle,
    billingAddress: address(f.billAddress ?? f.vendorAddress),
    shippingAddress: address(f.shipAddress),
    phone: f.phone,
    email: f.email,
  });
}

/** A full name's own part (`Child` of `Parent:Child`) and its parent's full name, if any. */
export function splitFullName(fullName: string): { name: string; parent?: string } {
  const at = fullName.lastIndexOf(':');
  return at < 0 ? { name: fullName } : { name: fullName.slice(at + 1), parent: fullName.slice(0, at) };
}

/** An item's body: its own name, whether active, description and price (with the income account on an add). */
export function itemBody(f: ItemWriteFields, add?: { accountId: string; parentId?: string }): ConductorJson {
  const details = withoutUndefined({ description: f.description, price: f.price, postingAccountId: add?.accountId });
  return withoutUndefined({
    name: splitFullName(f.name).name,
    isActive: f.isActive,
    parentId: add?.parentId,
    salesOrPurchaseDetails: Object.keys(details).length ? details : undefined,
  });
}

/** Our GUID as Conductor takes and answers it: no braces, compared without regard to case. */
export const conductorGuid = (guid: string): string => guid.replace(/^\{|\}$/g, '').toLowerCase();

/** An invoice's body, its customer and items resolved to QuickBooks ids. */
export function invoiceBody(f: InvoiceWriteFields, customerId: string, itemIds: readonly string[]): ConductorJson {
  return withoutUndefined({
    customerId,
    transactionDate: f.txnDate,
    memo: f.memo,
    externalId: conductorGuid(f.externalGuid),
    lines: f.lines.map((l, i) =>
      withoutUndefined({
        itemId: itemIds[i],
        description: l.description,
        quantity: l.quantity === undefined ? undefined : Number(l.quantity),
        rate: l.rate,
      }),
    ),
  });
}

/**
 * What QuickBooks holds of a customer, vendor or item, as the write fields of the same mapping (a
 * record that does not map holds nothing comparable: it is updated). Contacts are left out.
 */
export function heldFields(resource: ConductorResource, json: ConductorJson): object {
  const c = toCanonical(resource, json, { homeCurrency: 'USD' });
  if (!c.ok || !c.value) return {};
  const v = c.value;
  if (v.type === 'customer') {
    const { contacts: _, ...rest } = customerWriteFields(v);
    return rest;
  }
  if (v.type === 'vendor') return vendorWriteFields(v);
  if (v.type === 'item') return itemWriteFields(v);
  return {};
}

/** The write's fields a comparison and an update go by: create-only ones and contacts left out. */
export function comparable(fields: Readonly<Record<string, unknown>>, createOnly: readonly string[] = []) {
  return Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'contacts' && !createOnly.includes(k)));
}
