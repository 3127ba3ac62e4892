/**
 * @module
 * Canonical records as the QuickBooks Desktop fields Ledgerbridge writes, as pure functions, for
 * both transports (the Web Connector's qbXML and Conductor's REST API): one mapping, so what
 * QuickBooks holds (`held`) hashes the same whichever brought it (`qbWritesFor`, the outbox
 * objects `OBJECTS` and the create-only fields of each kind). The
 * same mapping turns what QuickBooks holds (a record read back) into the same shape, so whether a
 * write would change anything is an equality of two plain values, field by field: a change we wrote
 * that comes back is not written again. Only the fields a CRM owns are written (a customer's name,
 * company name, its contact's name and title, its additional contacts' names and titles
 * (`qb-contact-writes.ts`), addresses, phone, email; an item's name, description, price and whether it is
 * active; an invoice's customer, date, memo and lines, and the standard fields the CRM's field
 * mappings send into it: `other`); the rest stays QuickBooks'.
 */
import { createHash } from 'node:crypto';
import type { TargetWrite } from '../sync/adapters.ts';
import type { Address, CanonicalRecord, Customer, Deletion, Invoice, Item, Vendor } from '../sync/model.ts';
import { heldHash } from '../sync/hash.ts';
import { rankOf } from '../sync/ranks.ts';
import { addressLines } from './address-lines.ts';
import { decimal, isZero } from './money.ts';
import { contactWrite, contactsHeld, type ContactFields } from './qb-contact-writes.ts';

/** The outbox objects of writes into Desktop (the list or transaction they go to). */
export const OBJECTS = {
  customer: 'Customer',
  vendor: 'Vendor',
  item: 'Item',
  invoice: 'Invoice',
  salesOrder: 'SalesOrder',
} as const;

/** An address as QuickBooks takes it: five street lines, then city, state, postal code, country. */
export interface QbAddress {
  readonly addr1?: string;
  readonly addr2?: string;
  readonly addr3?: string;
  readonly addr4?: string;
  readonly addr5?: string;
  readonly city?: string;
  readonly state?: string;
  readonly postalCode?: string;
  readonly country?: string;
}

/** The contact person's fields a party write sets. */
interface PersonWriteFields {
  readonly name?: string;
  readonly companyName?: string;
  readonly salutation?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly jobTitle?: string;
  readonly phone?: string;
  readonly email?: string;
}

/** What a customer write sets, as stored in the outbox (JSON). */
export interface CustomerWriteFields extends PersonWriteFields {
  readonly billAddress?: QbAddress;
  readonly shipAddress?: QbAddress;
  readonly contacts?: readonly ContactFields[];
}

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
export interface VendorWriteFields extends PersonWriteFields {
  readonly vendorAddress?: QbAddress;
}

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
  /** The standard "Other" field, as a field mapping sends it (cut to its 29 characters already). */
  readonly other?: string;
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
  const other = inv.custom?.find((c) => c.standard && c.name === 'Other')?.value;
  return {
    customer: inv.customerId,
    txnDate: inv.txnDate,
    ...(inv.memo ? { memo: inv.memo } : {}),
    ...(other ? { other } : {}),
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

/** Custom field values by name; `null`: none. */
type CustomValues = Readonly<Record<string, string | null>>;

/** Each custom value a write sets (none: cleared) is the one held; the ones it does not name are kept. */
const customValuesHeld = (write: CustomValues, held: CustomValues) =>
  Object.entries(write).every(([name, value]) => (value ?? null) === (held[name] ?? null));

/**
 * Whether QuickBooks already holds every field a write sets (`held`: the write fields of the record
 * as QuickBooks has it). A field the write leaves out is not compared: QuickBooks keeps it. A
 * customer's contacts are held when each of the write's is (QuickBooks keeps contacts the CRM no
 * longer has: nothing is deleted); its custom values (`dataExt`, a Desktop customer's) each by name.
 * @example alreadyHeld(rowFields, customerWriteFields(readBack))
 */
export function alreadyHeld<T extends object>(write: T, held: T): boolean {
  const keys = Object.keys(write) as (keyof T)[];
  return keys.every((k) =>
    k === 'contacts'
      ? contactsHeld((write as CustomerWriteFields).contacts ?? [], (held as CustomerWriteFields).contacts ?? [])
      : k === 'dataExt'
        ? customValuesHeld(write[k] as CustomValues, (held[k] ?? {}) as CustomValues)
        : canonicalJson(write[k]) === canonicalJson(held[k]),
  );
}

const write = (
  record: CanonicalRecord,
  object: string,
  fields: object,
  createOnly: readonly string[] = [],
): TargetWrite[] => [
  {
    object,
    externalIdField: '',
    externalId: record.id,
    fields: fields as Record<string, unknown>,
    ...(createOnly.length ? { createOnly } : {}),
    rank: rankOf(record.type),
    source: { type: record.type, id: record.id },
  },
];

/**
 * The writes a CRM's record makes into QuickBooks Desktop: customers, vendors, items and invoices
 * (a won deal; with `salesOrders`, a sales order of the same fields); other kinds make none.
 * @example qbWritesFor(customer, false) // [{ object: 'Customer', fields: { name: 'Acme', … }, createOnly: ['companyName'], … }]
 */
export function qbWritesFor(record: CanonicalRecord, salesOrders: boolean): TargetWrite[] {
  switch (record.type) {
    case 'customer':
      // A company name is given on Add: an existing customer's stays QuickBooks' (it may differ from its name).
      return write(record, OBJECTS.customer, customerWriteFields(record), ['companyName']);
    case 'vendor':
      // A vendor's name is given on Add: the Account shows its company name, and QuickBooks keeps its own.
      return write(record, OBJECTS.vendor, vendorWriteFields(record), ['name', 'companyName']);
    case 'item':
      // The kind of item is chosen when it is added; QuickBooks cannot change it later.
      return write(record, OBJECTS.item, itemWriteFields(record), ['itemType']);
    case 'invoice':
      return write(record, salesOrders ? OBJECTS.salesOrder : OBJECTS.invoice, invoiceWriteFields(record));
    // Orders are booked as journal entries in QuickBooks Online only; Desktop is not asked to take them.
    default:
      return [];
  }
}

/**
 * A record read from QuickBooks with what QuickBooks holds of it as a write into it would set it,
 * so a CRM change that would write exactly this is recognised as our own mirror come back. Only
 * lists come back from a CRM as edits (an invoice once in QuickBooks is not changed).
 * @example withHeld(customerRead) // { …customerRead, held: 'sha256…' }
 */
export function withHeld<R extends CanonicalRecord | Deletion>(r: R): R {
  if (r.type !== 'customer' && r.type !== 'vendor' && r.type !== 'item') return r;
  const [write] = qbWritesFor(r as CanonicalRecord, false);
  return write ? { ...r, held: heldHash([write]) } : r;
}
