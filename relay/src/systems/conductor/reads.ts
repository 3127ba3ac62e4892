/**
 * @module
 * What the relay reads of a QuickBooks Desktop company file through Conductor, in the order
 * references need (what a record points to first), and the types it asks the deleted-* endpoints
 * for. Item types Conductor has but Ledgerbridge does not read yet (discount, subtotal, sales-tax,
 * assembly items and groups) are left out of both.
 */
import type { ConductorResource, ListObjectResource, TransactionResource } from './api/types.ts';
import type { Db } from '../../store/db.ts';
import { readsRepo } from '../../store/reads.ts';

export const LIST_RESOURCES = [
  'accounts',
  'service-items',
  'non-inventory-items',
  'inventory-items',
  'other-charge-items',
  'customers',
  'vendors',
] as const satisfies readonly ListObjectResource[];

export const TRANSACTION_RESOURCES = [
  'invoices',
  'bills',
  'receive-payments',
] as const satisfies readonly TransactionResource[];

export const READ_RESOURCES: readonly ConductorResource[] = [...LIST_RESOURCES, ...TRANSACTION_RESOURCES];

export const isListResource = (r: ConductorResource): boolean => (LIST_RESOURCES as readonly string[]).includes(r);

/** Conductor's `listType` / `transactionType` names of what is read, per deleted-* endpoint. */
export const DELETED_TYPES = {
  'list-objects': [
    'account',
    'item_service',
    'item_non_inventory',
    'item_inventory',
    'item_other_charge',
    'customer',
    'vendor',
  ],
  transactions: ['invoice', 'bill', 'receive_payment'],
} as const;

export type ReadKind = 'full' | 'changes';

/** The relay's reads of Conductor connections (`conductor_reads`, migration 28), as `store/reads.ts` keeps them. */
export const conductorReadsRepo = (db: Db, now: () => number = Date.now) =>
  readsRepo<ReadKind>(db, 'conductor_reads', now);
