/**
 * @module
 * Conductor's JSON records → the canonical model, record for record what the Web Connector path
 * (`qbd/mapping.ts`) gives for the same QuickBooks data. Pure functions: a record that does not
 * validate (`cdt_record_unreadable`), names a currency without an ISO code (`cdt_unknown_currency`)
 * or references a customer or vendor without its id (`cdt_missing_reference`) is a typed failure.
 */
import type { Result } from '../../../lib/result.ts';
import type { CanonicalRecord, Deletion } from '../../../sync/model.ts';
import type { ConductorJson, ConductorResource } from '../api/types.ts';
import type { ConductorMappingContext } from './common.ts';
import { deletedListObjectToCanonical, deletedTransactionToCanonical } from './deletions.ts';
import { accountToCanonical, itemToCanonical } from './items.ts';
import { customerToCanonical, vendorToCanonical } from './parties.ts';
import { billToCanonical, invoiceToCanonical, paymentToCanonical } from './transactions.ts';

export type { ConductorMappingContext } from './common.ts';

/** Where a record was read: a resource, or one of the two deletion endpoints. */
export type MappedResource = ConductorResource | 'deleted-list-objects' | 'deleted-transactions';

/**
 * One Conductor record, as read from `resource`, → a canonical record or deletion; `ok(undefined)`
 * for a deletion of a type the sync does not mirror.
 * @example toCanonical('customers', json, { homeCurrency: 'USD' }) // ok({ type: 'customer', … })
 */
export function toCanonical(
  resource: MappedResource,
  json: ConductorJson,
  ctx: ConductorMappingContext,
): Result<CanonicalRecord | Deletion | undefined> {
  switch (resource) {
    case 'customers':
      return customerToCanonical(json, ctx);
    case 'vendors':
      return vendorToCanonical(json, ctx);
    case 'accounts':
      return accountToCanonical(json);
    case 'invoices':
      return invoiceToCanonical(json, ctx);
    case 'bills':
      return billToCanonical(json, ctx);
    case 'receive-payments':
      return paymentToCanonical(json, ctx);
    case 'deleted-list-objects':
      return deletedListObjectToCanonical(json);
    case 'deleted-transactions':
      return deletedTransactionToCanonical(json);
    default:
      return itemToCanonical(resource, json);
  }
}
