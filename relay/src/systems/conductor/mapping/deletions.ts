/**
 * @module
 * Conductor's `deleted-list-objects` and `deleted-transactions` entries → canonical deletions, as
 * `qbd/mapping.ts` `toDeletion` maps ListDeletedRet and TxnDeletedRet. Conductor names the type in
 * snake case (`listType` `customer`, `item_service`; `transactionType` `receive_payment`) where
 * qbXML writes ListDelType `Customer`, `ItemService` and TxnDelType `ReceivePayment`; `deletedAt`
 * is TimeDeleted.
 */
import { z } from 'zod';
import { withoutUndefined } from '../../../lib/objects.ts';
import { ok, type Result } from '../../../lib/result.ts';
import type { Deletion, RecordType } from '../../../sync/model.ts';
import type { ConductorJson } from '../api/types.ts';
import { read, required, text } from './common.ts';

const LIST_TYPES: Readonly<Record<string, RecordType>> = { customer: 'customer', vendor: 'vendor', account: 'account' };
const TXN_TYPES: Readonly<Record<string, RecordType>> = {
  invoice: 'invoice',
  bill: 'bill',
  receive_payment: 'payment',
  journal_entry: 'journalEntry',
};

const DeletedListJson = z.looseObject({ id: required, listType: required, deletedAt: required, fullName: text });
const DeletedTxnJson = z.looseObject({ id: required, transactionType: required, deletedAt: required, refNumber: text });

/**
 * A deleted list object → a canonical deletion; `ok(undefined)` for types the sync does not mirror.
 * @example deletedListObjectToCanonical({ id: '80000001-1', listType: 'item_service', deletedAt: '…' }) // ok({ type: 'deletion', recordType: 'item', … })
 */
export function deletedListObjectToCanonical(json: ConductorJson): Result<Deletion | undefined> {
  const r = read(DeletedListJson, 'deleted list object', json);
  if (!r.ok) return r;
  const d = r.value;
  const recordType = LIST_TYPES[d.listType] ?? (d.listType.startsWith('item_') ? 'item' : undefined);
  return ok(
    recordType &&
      withoutUndefined({ type: 'deletion' as const, recordType, id: d.id, deletedAt: d.deletedAt, name: d.fullName }),
  );
}

/**
 * A deleted transaction → a canonical deletion; `ok(undefined)` for types the sync does not mirror.
 * @example deletedTransactionToCanonical({ id: '123ABC-1', transactionType: 'invoice', deletedAt: '…' }) // ok({ type: 'deletion', recordType: 'invoice', … })
 */
export function deletedTransactionToCanonical(json: ConductorJson): Result<Deletion | undefined> {
  const r = read(DeletedTxnJson, 'deleted transaction', json);
  if (!r.ok) return r;
  const d = r.value;
  const recordType = TXN_TYPES[d.transactionType];
  return ok(
    recordType &&
      withoutUndefined({ type: 'deletion' as const, recordType, id: d.id, deletedAt: d.deletedAt, name: d.refNumber }),
  );
}
