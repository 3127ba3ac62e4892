/**
 * @module
 * Canonical records as the QuickBooks Online fields Ledgerbridge writes, as pure functions: a
 * customer (a CRM's Account) as a Customer, an item (a product) as an Item, an invoice (a won deal)
 * as an Invoice (with the custom fields its mappings send, by name). The fields are Intuit's JSON as a sparse update would carry them, except that a
 * reference to another record names it by the SOURCE's id (`{ sourceId }`): QuickBooks has no
 * upsert by external id, so references are resolved to QuickBooks Ids when the write is sent
 * (`references.ts`). Only the fields a CRM owns are written; a field the CRM leaves empty is left
 * out, so QuickBooks keeps its value (clearing a field from the CRM is a policy decision, not a
 * side effect). The same mapping fingerprints what QuickBooks holds (`heldOf`, `writes.ts`).
 */
import { decimal, isZero } from '../../../lib/money.ts';
import type { Address, Customer, Invoice, Item } from '../../../sync/model.ts';
import { addressLines } from '../../../lib/address-lines.ts';

/** A reference to another record, by the source's id of it (resolved to a QuickBooks Id when sent). */
export interface SourceRef {
  readonly sourceId: string;
}

/** Intuit's PhysicalAddress, as written. */
export interface QboAddress {
  readonly Line1?: string;
  readonly Line2?: string;
  readonly Line3?: string;
  readonly Line4?: string;
  readonly Line5?: string;
  readonly City?: string;
  readonly CountrySubDivisionCode?: string;
  readonly PostalCode?: string;
  readonly Country?: string;
}

/** What a customer write sets, as stored in the outbox (JSON). */
export interface CustomerFields {
  readonly DisplayName: string;
  readonly CompanyName?: string;
  readonly Title?: string;
  readonly GivenName?: string;
  readonly FamilyName?: string;
  readonly BillAddr?: QboAddress;
  readonly ShipAddr?: QboAddress;
  readonly PrimaryPhone?: { readonly FreeFormNumber: string };
  readonly PrimaryEmailAddr?: { readonly Address: string };
  /** A job (sub-customer): its parent customer, and `Job: true`. */
  readonly ParentRef?: SourceRef;
  readonly Job?: true;
  readonly Active: boolean;
}

/** The kinds of item Ledgerbridge creates in QuickBooks Online. */
export type QboItemType = 'Service' | 'NonInventory';

/**
 * What an item write sets, as stored in the outbox. The accounts it posts to are the company's,
 * added when it is created (see `accounts.ts`).
 */
export interface ItemFields {
  readonly Name: string;
  readonly Type: QboItemType;
  readonly Description?: string;
  readonly UnitPrice?: string;
  readonly Sku?: string;
  readonly Active: boolean;
}

/** One line of an invoice write: its item by the source's id; amounts as exact decimal strings. */
export interface InvoiceLineFields {
  readonly DetailType: 'SalesItemLineDetail';
  readonly Amount: string;
  readonly Description?: string;
  readonly SalesItemLineDetail: {
    readonly ItemRef?: SourceRef;
    readonly Qty?: string;
    readonly UnitPrice?: string;
  };
}

/** A custom field an invoice write sets, by the definition's name (its `DefinitionId` is found when sent); `''` clears it. */
export interface NamedCustomField {
  readonly Name: string;
  readonly StringValue: string;
}

/** What an invoice write sets: its customer and items by the source's ids, resolved when sent. */
export interface InvoiceFields {
  readonly CustomerRef: SourceRef;
  readonly TxnDate: string;
  readonly DueDate?: string;
  readonly DocNumber?: string;
  /** Names the deal it came from (the bookkeeper sees it; the customer does not). */
  readonly PrivateNote: string;
  /** The values the CRM's field mappings send into the company's sales-form custom fields. */
  readonly CustomField?: readonly NamedCustomField[];
  readonly Line: readonly InvoiceLineFields[];
}

/** QuickBooks Online has five street lines; a longer street keeps its last lines together on the fifth. */
export function qboAddress(a: Address | undefined): QboAddress | undefined {
  if (!a) return undefined;
  const out: Record<string, string> = {};
  addressLines(a.street).forEach((line, i) => (out[`Line${i + 1}`] = line));
  if (a.city) out.City = a.city;
  if (a.state) out.CountrySubDivisionCode = a.state;
  if (a.postalCode) out.PostalCode = a.postalCode;
  if (a.country) out.Country = a.country;
  return Object.keys(out).length ? out : undefined;
}

/**
 * The fields of a customer write. A job (a customer with a parent) names its parent and is marked a
 * job; its DisplayName is its own name (QuickBooks builds the full name `Parent:Job`).
 * @example customerFields({ type: 'customer', id: '001…', name: 'Acme', fullName: 'Acme', isActive: true, updatedAt })
 */
export function customerFields(c: Customer): CustomerFields {
  const bill = qboAddress(c.billing);
  const ship = qboAddress(c.shipping);
  const person = c.contact;
  return {
    DisplayName: c.name,
    ...(c.companyName ? { CompanyName: c.companyName } : {}),
    ...(person?.salutation ? { Title: person.salutation } : {}),
    ...(person?.firstName ? { GivenName: person.firstName } : {}),
    ...(person?.lastName ? { FamilyName: person.lastName } : {}),
    ...(bill ? { BillAddr: bill } : {}),
    ...(ship ? { ShipAddr: ship } : {}),
    ...(c.phone ? { PrimaryPhone: { FreeFormNumber: c.phone } } : {}),
    ...(c.email ? { PrimaryEmailAddr: { Address: c.email } } : {}),
    ...(c.parentId ? { ParentRef: { sourceId: c.parentId }, Job: true as const } : {}),
    Active: c.isActive,
  };
}

/**
 * The fields of an item write: a non-inventory product stays non-inventory, every other kind is a
 * service (Ledgerbridge creates no inventory items: their quantities are the books').
 * @example itemFields({ type: 'item', id: '01t…', name: 'Setup', fullName: 'Setup', itemType: 'Service', isActive: true, price: '150.00', updatedAt })
 */
export function itemFields(i: Item): ItemFields {
  return {
    Name: i.name,
    Type: i.itemType === 'NonInventory' ? 'NonInventory' : 'Service',
    ...(i.description ? { Description: i.description } : {}),
    // No price and a price of zero ask the same of QuickBooks: the price is given on each line.
    ...(i.price && !isZero(decimal(i.price)) ? { UnitPrice: i.price } : {}),
    ...(i.sku ? { Sku: i.sku } : {}),
    Active: i.isActive,
  };
}

/** The note an invoice carries of the deal it came from (and the deal's description, when it has one). */
export const privateNote = (inv: Invoice): string =>
  [`Salesforce Opportunity ${inv.id}`, inv.memo].filter(Boolean).join('\n');

/**
 * The fields of an invoice write. The number is the source's when it has one (else QuickBooks
 * numbers it); the due date likewise (else the company's terms decide).
 * @example invoiceFields(invoiceFromOpportunity)
 */
export function invoiceFields(inv: Invoice): InvoiceFields {
  const custom = (inv.custom ?? []).filter((c) => !c.standard).map((c) => ({ Name: c.name, StringValue: c.value }));
  return {
    CustomerRef: { sourceId: inv.customerId },
    TxnDate: inv.txnDate,
    ...(inv.dueDate ? { DueDate: inv.dueDate } : {}),
    ...(inv.number ? { DocNumber: inv.number } : {}),
    PrivateNote: privateNote(inv),
    ...(custom.length ? { CustomField: custom } : {}),
    Line: inv.lines.map((l) => ({
      DetailType: 'SalesItemLineDetail',
      Amount: l.amount,
      ...(l.description ? { Description: l.description } : {}),
      SalesItemLineDetail: {
        ...(l.itemId ? { ItemRef: { sourceId: l.itemId } } : {}),
        ...(l.quantity ? { Qty: l.quantity } : {}),
        ...(l.rate ? { UnitPrice: l.rate } : {}),
      },
    })),
  };
}
