/**
 * @module
 * A QuickBooks page the relay could not read, in a bookkeeper's words: which list or kind of
 * transaction it held and what was wrong. Used where such a page is quarantined (on receipt and
 * when its records are read), so the Sync Log tells the bookkeeper what is missing.
 */

/** What each request kind reads, as a bookkeeper names it. */
const WHAT: Readonly<Record<string, string>> = {
  AccountQuery: 'the chart of accounts',
  ItemQuery: 'the item list',
  CustomerQuery: 'the customer list',
  VendorQuery: 'the vendor list',
  InvoiceQuery: 'invoices',
  BillQuery: 'bills',
  ReceivePaymentQuery: 'customer payments',
  JournalEntryQuery: 'journal entries',
  ListDeletedQuery: 'deleted list entries',
  TxnDeletedQuery: 'deleted transactions',
  TargetedQuery: 'the customers users asked to sync (with their invoices and payments)',
};

/**
 * @example unreadablePage('CustomerQuery', 'CustomerRet #2 … has an invalid "x y" EditSequence.')
 * // 'Ledgerbridge could not read a page of the customer list QuickBooks sent (CustomerQuery): CustomerRet #2 …'
 */
export function unreadablePage(kind: string, detail: string): string {
  return `Ledgerbridge could not read a page of ${WHAT[kind] ?? 'records'} QuickBooks sent (${kind}): ${detail}`;
}
