/**
 * @module
 * The tables the feed follows with change tracking, in the order it reads them, and what a change
 * of each is read as. Accounts, products and sales orders are read as their own rows (by id, with
 * the related rows `ROW_READS` expands, which change tracking cannot); a contact matters only as an
 * account's primary contact, so a changed contact is read as the accounts naming it, and a deleted
 * one is nothing to read (Dataverse clears the lookup, which changes the account). Contacts come
 * first: their delta link is taken before the accounts are read in full, so a contact changed in
 * between is read through it. Accounts and products come before the sales orders naming them.
 * An order product (`salesorderdetail`) is not tracked: a change to it recomputes its order's
 * totals, so the order itself is reported changed.
 */
import type { PageTable } from './page.ts';
import type { RowTable } from '../mapping/rows.ts';

export interface TrackedTable {
  readonly table: RowTable;
  /** The rows a change is read as: `table`'s, by the column `by` naming the changed row. */
  readonly reads: { readonly table: PageTable; readonly by: string };
  /** Whether a deleted row becomes a deletion (its own rows only). */
  readonly deletes: boolean;
}

export const TRACKED: readonly TrackedTable[] = [
  { table: 'contact', reads: { table: 'account', by: '_primarycontactid_value' }, deletes: false },
  { table: 'account', reads: { table: 'account', by: 'accountid' }, deletes: true },
  { table: 'product', reads: { table: 'product', by: 'productid' }, deletes: true },
  { table: 'salesorder', reads: { table: 'salesorder', by: 'salesorderid' }, deletes: true },
];

/** @example trackedOf('salesorder')?.reads.table // 'salesorder'; trackedOf('lead') // undefined */
export const trackedOf = (table: string): TrackedTable | undefined => TRACKED.find((t) => t.table === table);
