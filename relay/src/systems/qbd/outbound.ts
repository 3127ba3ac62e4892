/**
 * @module
 * Canonical records as the QuickBooks Desktop fields Ledgerbridge writes, as pure functions. The
 * same mapping turns what QuickBooks holds (a record read back) into the same shape, so whether a
 * write would change anything is an equality of two plain values, field by field: a change we wrote
 * that comes back is not written again. Only the fields a CRM owns are written (a customer's name,
 * company name, its contact's name and title, its additional contacts' names and titles
 * (`contact-writes.ts`), addresses, phone, email; an item's name, description, price and whether it is
 * active; an invoice's customer, date, memo and lines); the rest stays QuickBooks'.
 */
import { createHash } from 'node:crypto';
import { decimal, isZero } from '../../lib/money.ts';
import type { Address, Customer, Invoice, Item, Vendor } from '../../sync/model.ts';
import type { Address as QbAddress, CustomerFields, VendorFields } from './qbxml/request-types.ts';
import { contactWrite, contactsHeld } from './contact-writes.ts';
import { addressLines } from '../../lib/address-lines.ts';

/** What a customer write sets, as stored in the outbox (JSON). */
export type CustomerWriteFields = Pick<
  CustomerFields,
  | 'name'
  | 'companyName'
  | 'salutation'
  | 'firstName'
  | 'lastName'
  | 'jobTitle'
  | 'billAddress'
  | 'shipAddress'
  | 'phone'
  | 'email'
  | 'contacts'
>;

/** QuickBooks' lengths of a customer's contact name: a longer part is cut (the customer still goes). */
const CONTACT_LIMITS = { salutation: 15, firstName: 25, lastName: 25, jobTitle: 41 } as const;

/** QuickBooks has five street lines; a longer street keeps its last lines together on the fifth. */
function qbAddress(a: Address | undefined): QbAddress | undefined {
  if (!a) return undefined;
  const out: Record<string, string> = {};
  addressLines(a.street).forEach((line, i) => (out[`addr${i + 1}`] = line));
  if (a.city) out.city = a.city;
  if (a.state) out.state = a.state;
  if (a.postalCode) out.postalCode = a.postalCode;
  if (a.country) out.country = a.country;
  return Object.keys(out).length ? (out as QbAddress) : undefined;
}

/**
 * The fields of a customer write. A field the CRM leaves empty is left out (QuickBooks keeps its
 * value): clearing a QuickBooks field from the CRM is a policy decision, not a side effect.
 * @example customerWriteFields({ type: 'customer', id: '001…', name: 'Acme', fullName: 'Acme', isActive: true, updatedAt })
 */
export function customerWriteFields(c: Customer): CustomerWriteFields {
  const out: Record<string, unknown> = { name: c.name };
  if (c.companyName) out.companyName = c.companyName;
  const person = c.contact && {
    salutation: c.contact.salutation,
    firstName: c.contact.firstName,
    lastName: c.contact.lastName,
    jobTitle: c.contact.title,
  };
  for (const [k, max] of Object.entries(CONTACT_LIMITS)) {
    const v = person?.[k as keyof typeof CONTACT_LIMITS];
    if (v) out[k] = [...v].slice(0, max).join('');
  }
  const bill = qbAddress(c.billing);
  if (bill) out.billAddress = bill;
  const ship = qbAddress(c.shipping);
  if (ship) out.shipAddress = ship;
  if (c.phone) out.phone = c.phone;
  if (c.email) out.email = c.email;
  if (c.contacts?.length) out.contacts = c.contacts.map(contactWrite);
  return out as CustomerWriteFields;
}

/** What a vendor write sets, as stored in the outbox (JSON). */
export type VendorWriteFields = Pick<
  VendorFields,
  'name' | 'companyName' | 'salutation' | 'firstName' | 'lastName' | 'jobTitle' | 'vendorAddress' | 'phone' | 'email'
>;

/**
 * The fields of a vendor write: as a customer's, the one address being the vendor's.
 * @example vendorWriteFields({ type: 'vendor', id: '001…', name: 'Acme Supply', isActive: true, updatedAt })
 */
export function vendorWriteFields(v: Vendor): VendorWriteFields {
  const { billAddress, ...rest } = customerWriteFields({
    ...v,
    type: 'customer',
    fullName: v.name,
    ...(v.address ? { billing: v.address } : {}),
  });
  return { ...rest, ...(billAddress ? { vendorAddress: billAddress } : {}) };
}

/** The kinds of item Ledgerbridge creates and changes in QuickBooks (others are linked, not changed). */
export type WritableItemType = 'Service' | 'NonInventory';

/**
 * What an item write sets, as stored in the outbox (the income account is the connection's, added
 * when sent). `name` is the full name (`Parent:Child` for a sub-item, as its mirror is named).
 */
export interface ItemWriteFields {
  readonly name: string;
  readonly itemType: string;
  readonly isActive: boolean;
  readonly description?: string;
  readonly price?: string;
}

/** @example itemWriteFields({ type: 'item', id: '01t…', name: 'Setup', fullName: 'Setup', itemType: 'Service', isActive: true, price: '150.00', updatedAt }) */
export function itemWriteFields(i: Item): ItemWriteFields {
  return {
    name: i.fullName,
    itemType: i.itemType,
    isActive: i.isActive,
    ...(i.description ? { description: i.description } : {}),
    // No price and a price of zero ask the same of QuickBooks: the price is given on each line.
    ...(i.price && !isZero(decimal(i.price)) ? { price: i.price } : {}),
  };
}

/** A line of an invoice write: the item by the source record it mirrors (its ListID is found when sent). */
export interface InvoiceLineWrite {
  readonly item?: string;
  readonly description?: string;
  readonly quantity?: string;
  readonly rate?: string;
}

/** What an invoice write sets: the customer and items as the source's ids, resolved when sent. */
export interface InvoiceWriteFields {
  readonly customer: string;
  readonly txnDate: string;
  readonly memo?: string;
  /** Ours, so the invoice can be found again after a session cut short (QuickBooks keeps it). */
  readonly externalGuid: string;
  readonly lines: readonly InvoiceLineWrite[];
}

/**
 * A GUID QuickBooks keeps on what we add (`{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`), the same for a
 * source record every time: from a hash of its id.
 * @example guidOf('006000000000001AAA') // '{3F2A…}'
 */
export function guidOf(sourceId: string): string {
  const h = createHash('sha256').update(`ledgerbridge:${sourceId}`).digest('hex').toUpperCase();
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}}`;
}

/** @example invoiceWriteFields(invoiceFromOpportunity) */
export function invoiceWriteFields(inv: Invoice): InvoiceWriteFields {
  return {
    customer: inv.customerId,
    txnDate: inv.txnDate,
    ...(inv.memo ? { memo: inv.memo } : {}),
    externalGuid: guidOf(inv.id),
    lines: inv.lines.map((l) => ({
      ...(l.itemId ? { item: l.itemId } : {}),
      ...(l.description ? { description: l.description } : {}),
      ...(l.quantity ? { quantity: l.quantity } : {}),
      ...(l.rate ? { rate: l.rate } : {}),
    })),
  };
}

const canonicalJson = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );

/**
 * Whether QuickBooks already holds every field a write sets (`held`: the write fields of the record
 * as QuickBooks has it). A field the write leaves out is not compared: QuickBooks keeps it. A
 * customer's contacts are held when each of the write's is (QuickBooks keeps contacts the CRM no
 * longer has: nothing is deleted).
 * @example alreadyHeld(rowFields, customerWriteFields(readBack))
 */
export function alreadyHeld<T extends object>(write: T, held: T): boolean {
  const keys = Object.keys(write) as (keyof T)[];
  return keys.every((k) =>
    k === 'contacts'
      ? contactsHeld((write as CustomerWriteFields).contacts ?? [], (held as CustomerWriteFields).contacts ?? [])
      : canonicalJson(write[k]) === canonicalJson(held[k]),
  );
}
