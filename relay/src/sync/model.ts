/**
 * @module
 * The canonical model the sync engine works in. Sources (QuickBooks Desktop now; QuickBooks Online
 * and Dynamics next) map their payloads into it; targets (Salesforce) map out of it. Nothing here
 * names a field of any one system.
 *
 * Money is an exact decimal string (`"1234.50"`), dates are `YYYY-MM-DD`, instants ISO-8601 UTC.
 */
import type { MappingFacts } from './books-fields.ts';

/** Exact decimal string, e.g. `"-12.50"`. See `lib/money.ts`. */
export type Money = string;
/** `YYYY-MM-DD`. */
export type IsoDate = string;

export interface Address {
  readonly street?: string;
  readonly city?: string;
  readonly state?: string;
  readonly postalCode?: string;
  readonly country?: string;
}

export interface Person {
  readonly salutation?: string;
  readonly firstName?: string;
  readonly lastName: string;
  readonly title?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly mobile?: string;
}

/** The value of one of the books' custom fields on a record, by the field's name there. */
export interface CustomValue {
  readonly name: string;
  /** In the books' terms; `''` from the CRM: the field was cleared there. */
  readonly value: string;
  /** A field every record of its kind has in the books (an invoice's standard one), not one the business added. */
  readonly standard?: true;
  /** From the CRM: what the mapping that gave it writes, for the check against the books' definitions. */
  readonly facts?: MappingFacts;
  /** The field policy holds it: the receiving side keeps the value it has (nothing is written). */
  readonly keep?: true;
}

interface Base {
  /** The source system's id (QuickBooks ListID/TxnID or Id). */
  readonly id: string;
  /** The source's optimistic-concurrency token (EditSequence, SyncToken), when it has one. */
  readonly version?: string;
  /** When the source last changed the record (ISO-8601, as precise as the source gives it). */
  readonly updatedAt: string;
  /**
   * The record is, in its own system, the mirror a flow wrote there under this key (an external ID
   * naming a record of another system): both are one entity, and a write back goes to that record.
   */
  readonly mirrorOf?: { readonly object: string; readonly key: string };
  /**
   * The connection the record's own system assigns it to (a CRM Account's QuickBooks connection):
   * only the flow into that connection carries it. `null`: it could be assigned and is not — the
   * oldest flow out of its connection carries it. Absent: every flow does.
   */
  readonly assignedTo?: string | null;
  /**
   * What the source holds of the record as a write into the source would set it (a hash of those
   * write fields, see `heldHash`): a change from the other side that would write exactly this is
   * our own mirror come back, and is not sent.
   */
  readonly held?: string;
}

export interface Customer extends Base {
  readonly type: 'customer';
  readonly name: string;
  /** Fully qualified name, `Parent:Job`. */
  readonly fullName: string;
  readonly parentId?: string;
  readonly companyName?: string;
  readonly isActive: boolean;
  readonly billing?: Address;
  readonly shipping?: Address;
  readonly phone?: string;
  readonly fax?: string;
  readonly email?: string;
  readonly terms?: string;
  readonly className?: string;
  /** The sales rep's name or initials. */
  readonly salesRep?: string;
  readonly balance?: Money;
  readonly currency?: string;
  readonly contact?: Person;
  /** The customer's other people, besides `contact`, in the source's order. */
  readonly contacts?: readonly Person[];
  /** Values of the books' custom fields the business added, by their names there (see `custom-fields.ts`). */
  readonly custom?: readonly CustomValue[];
}

export interface Vendor extends Base {
  readonly type: 'vendor';
  readonly name: string;
  readonly companyName?: string;
  readonly isActive: boolean;
  readonly address?: Address;
  readonly phone?: string;
  readonly fax?: string;
  readonly email?: string;
  readonly terms?: string;
  readonly balance?: Money;
  readonly currency?: string;
  readonly contact?: Person;
}

export interface Item extends Base {
  readonly type: 'item';
  readonly name: string;
  readonly fullName: string;
  /** The source's kind of item, e.g. Service, Inventory, NonInventory, OtherCharge. */
  readonly itemType: string;
  readonly sku?: string;
  readonly description?: string;
  readonly price?: Money;
  readonly isActive: boolean;
  /** Values of the books' custom fields the business added, by their names there (see `custom-fields.ts`). */
  readonly custom?: readonly CustomValue[];
}

export interface LedgerAccount extends Base {
  readonly type: 'account';
  readonly name: string;
  readonly fullName: string;
  readonly accountType: string;
  readonly accountNumber?: string;
  readonly balance?: Money;
  readonly isActive: boolean;
}

export interface InvoiceLine {
  readonly id: string;
  readonly itemId?: string;
  readonly description?: string;
  /** Exact decimal strings; quantity and rate may carry up to 5 places. */
  readonly quantity?: string;
  readonly rate?: string;
  readonly amount: Money;
}

export interface Invoice extends Base {
  readonly type: 'invoice';
  readonly number?: string;
  readonly customerId: string;
  readonly txnDate: IsoDate;
  readonly dueDate?: IsoDate;
  readonly total: Money;
  readonly balance: Money;
  readonly isPaid?: boolean;
  readonly isVoided?: boolean;
  readonly currency?: string;
  readonly terms?: string;
  readonly salesRep?: string;
  readonly memo?: string;
  /** The department (QuickBooks Online's "location") the invoice is filed under, by its full name. */
  readonly department?: string;
  /** The invoice's class, by its full name (`Parent:Child`). */
  readonly className?: string;
  /** Home-currency units per unit of the invoice's currency, exact (multicurrency companies). */
  readonly exchangeRate?: string;
  /** Values the CRM's field mappings send into the books' fields, in the books' terms (see `custom-fields.ts`). */
  readonly custom?: readonly CustomValue[];
  readonly lines: readonly InvoiceLine[];
  /**
   * A sales order: the customer's order of these lines, not billed yet. Nothing is owed on it
   * (its balance is zero, so it counts toward no open or overdue balance); it is what a won deal
   * became where the books take won deals as orders.
   */
  readonly isSalesOrder?: boolean;
}

export interface Bill extends Base {
  readonly type: 'bill';
  readonly number?: string;
  readonly vendorId: string;
  readonly txnDate: IsoDate;
  readonly dueDate?: IsoDate;
  readonly total: Money;
  readonly balance: Money;
  readonly isPaid?: boolean;
  readonly currency?: string;
  readonly memo?: string;
}

export interface Payment extends Base {
  readonly type: 'payment';
  readonly number?: string;
  readonly customerId: string;
  readonly txnDate: IsoDate;
  readonly amount: Money;
  readonly unapplied?: Money;
  readonly method?: string;
  readonly currency?: string;
  readonly memo?: string;
  readonly applied: readonly { readonly invoiceId: string; readonly amount: Money }[];
}

export interface JournalLine {
  readonly id: string;
  readonly accountId: string;
  readonly side: 'debit' | 'credit';
  readonly amount: Money;
  readonly memo?: string;
  readonly entityId?: string;
}

export interface JournalEntry extends Base {
  readonly type: 'journalEntry';
  readonly number?: string;
  readonly txnDate: IsoDate;
  readonly currency?: string;
  readonly lines: readonly JournalLine[];
}

/** One product line of an order: its product (the item it is sold as) and its exact amount. */
export interface OrderLine {
  readonly id: string;
  readonly itemId?: string;
  /** The product's name, for words about the line (an item to create or map). */
  readonly productName?: string;
  readonly description?: string;
  readonly quantity?: string;
  readonly rate?: string;
  readonly amount: Money;
}

/**
 * A CRM's order once activated: what the customer owes for its lines, to be booked (a journal
 * entry in QuickBooks Online); `cancelled`, an order booked before and cancelled since, whose
 * booking is undone.
 */
export interface Order extends Base {
  readonly type: 'order';
  /** The order's number as the CRM shows it. */
  readonly number?: string;
  readonly customerId: string;
  /** The day it takes effect: the day it is booked on. */
  readonly txnDate: IsoDate;
  readonly status: 'activated' | 'cancelled';
  /** The department (QuickBooks Online's "location") it is booked under, by its full name. */
  readonly department?: string;
  /** Its class, by its full name (`Parent:Child`). */
  readonly className?: string;
  /** ISO 4217 code; absent: the company's home currency. */
  readonly currency?: string;
  readonly lines: readonly OrderLine[];
}

export type CanonicalRecord =
  Customer | Vendor | Item | LedgerAccount | Invoice | Bill | Payment | JournalEntry | Order;
export type RecordType = CanonicalRecord['type'];

/** A record deleted in the source: the target deactivates or voids its mirror, never deletes it. */
export interface Deletion {
  readonly type: 'deletion';
  readonly recordType: RecordType;
  readonly id: string;
  readonly deletedAt: string;
  readonly name?: string;
}

/** The order that respects references: what a record points to is written before it. */
export const SYNC_ORDER: readonly RecordType[] = [
  'account',
  'item',
  'customer',
  'vendor',
  'invoice',
  'bill',
  'payment',
  'journalEntry',
  'order',
];

const KINDS: Readonly<Record<string, string>> = {
  customer: 'Customer',
  vendor: 'Vendor',
  item: 'Item',
  account: 'GL Account',
  invoice: 'Invoice',
  invoiceLine: 'Invoice Line',
  bill: 'Bill',
  payment: 'Payment',
  journalEntry: 'Journal Entry',
  order: 'Booked Order',
};

/**
 * A kind of record as people name it; a deletion's kind says so; other kinds as they come.
 * @example kindInWords('invoiceLine') // 'Invoice Line'
 * @example kindInWords('customerDeletion') // 'Customer (deleted)'
 */
export function kindInWords(type: string): string {
  const deleted = /^(.+)Deletion$/.exec(type)?.[1];
  if (deleted && KINDS[deleted]) return `${KINDS[deleted]} (deleted)`;
  return KINDS[type] ?? type;
}
