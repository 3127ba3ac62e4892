/**
 * @module
 * A link's two sides as reconciliation sees them: the figures of each customer, invoice and
 * payment, keyed by the QuickBooks id, as QuickBooks holds them (the books) and as the CRM's mirror
 * holds them. Amounts are exact two-place decimal strings. What each side reads is its system's
 * business; this is what they are compared as.
 */

export const BOOK_OBJECTS = ['customer', 'invoice', 'payment'] as const;
export type BookObject = (typeof BOOK_OBJECTS)[number];

export interface BookEntry {
  readonly object: BookObject;
  /** The record's QuickBooks id (ListID, TxnID). */
  readonly key: string;
  /** What a person calls it: a customer's name, an invoice's number. */
  readonly label?: string;
  /** The books' version of the record (EditSequence): tells a change since the relay read it. */
  readonly version?: string;
  /** An invoice's or payment's customer (its QuickBooks id). */
  readonly customerKey?: string;
  /** `YYYY-MM-DD`. */
  readonly date?: string;
  readonly dueDate?: string;
  /** An invoice's total, a payment's amount. */
  readonly amount?: string;
  /** What is still owed on an invoice. */
  readonly balance?: string;
  /** A customer: active; a mirror: not deactivated (a record deleted in QuickBooks is deactivated, never deleted). */
  readonly active?: boolean;
  /** A CRM customer's open and overdue balance as its record shows them. */
  readonly open?: string;
  readonly overdue?: string;
}

/** One side, read whole, with what reading it cost. */
export interface Book {
  readonly entries: readonly BookEntry[];
  /** API calls spent reading it (0 for figures a session delivered). */
  readonly calls: number;
  /** The system's daily API allowance, when it says (Salesforce's `Sforce-Limit-Info`). */
  readonly allowance?: number;
}
