/**
 * @module
 * A record deleted in QuickBooks deactivates its mirror in Dynamics, never deletes it (issue 14):
 * a customer's or vendor's account and contact become Inactive, an item's product Retired, an
 * invoice Canceled. Each is a state-only write to the row by its QuickBooks key; a row that was
 * never written answers 404 to the client's update-only write, and there is nothing to deactivate.
 */
import { ok, type Result } from '../../../lib/result.ts';
import type { Deletion } from '../../../sync/model.ts';
import type { DynamicsMappingContext } from './context.ts';
import { INVOICE_STATE } from './invoices.ts';
import type { DataverseWrite, RowAddress, Table } from './writes.ts';

const INACTIVE = { statecode: 1, statuscode: 2 } as const;

const DEACTIVATE: Partial<Record<Deletion['recordType'], readonly [Table, DataverseWrite['state']][]>> = {
  customer: [
    ['account', INACTIVE],
    ['contact', INACTIVE],
  ],
  vendor: [
    ['account', INACTIVE],
    ['contact', INACTIVE],
  ],
  item: [['product', INACTIVE]], // product statecode 1 is Retired, statuscode 2 Retired
  invoice: [['invoice', INVOICE_STATE.canceled]],
};

/**
 * @example deletionWrites({ type: 'deletion', recordType: 'customer', id: '800-1', deletedAt }, ctx) // ok([account Inactive, contact Inactive])
 */
export function deletionWrites(d: Deletion, ctx: DynamicsMappingContext): Result<DataverseWrite[]> {
  const address: RowAddress = { connection: ctx.connection, quickbooksId: d.id };
  const source = { type: `${d.recordType}Deletion`, id: d.id };
  return ok((DEACTIVATE[d.recordType] ?? []).map(([table, state]) => ({ table, address, row: {}, state, source })));
}
