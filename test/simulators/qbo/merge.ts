/**
 * @module
 * Merging two customers or two vendors, as a QuickBooks Online user does it (renaming one to the
 * other's name; the API has no merge): the transactions of the one merged away now name the one
 * kept, the one merged away is gone (a tombstone: CDC reports it Deleted), and the change log has
 * one `Merge` of the record kept carrying the other's id (`deletedId`, webhooks' field).
 *
 * The moved transactions are changed without a change of their own (no new LastUpdatedTime, no
 * webhook, not in CDC): Intuit does not document that they are reported, so a relay that re-points
 * them must ask for them, and one that waits for CDC to tell it is caught here.
 */
import type { CompanyData } from './company-data.ts';
import type { JsonObject } from './decode.ts';
import { ENTITIES, ENTITY_NAMES, type EntityName } from './entities.ts';
import { refreshCustomerBalance } from './write.ts';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** @example mergeEntity(co, 'Customer', '7', '12') // customer 7's invoices and payments now name 12 */
export function mergeEntity(co: CompanyData, entity: 'Customer' | 'Vendor', fromId: string, intoId: string): void {
  const from = co.store.get(entity, fromId);
  const into = co.store.get(entity, intoId);
  if (!from || !into) throw new Error(`no ${entity} ${from ? intoId : fromId} in company ${co.realmId}`);
  if (fromId === intoId) throw new Error(`a ${entity} cannot be merged into itself`);
  if (from.Active === false || into.Active === false) throw new Error(`QuickBooks merges active ${entity}s only`);
  if (co.store.all(entity).some((r) => isObject(r.ParentRef) && r.ParentRef.value === fromId))
    throw new Error(`QuickBooks does not merge a ${entity} that has sub-customers`);
  const refField = entity === 'Customer' ? 'CustomerRef' : 'VendorRef';
  for (const txn of ENTITY_NAMES.filter((e): e is EntityName => ENTITIES[e].kind === 'transaction')) {
    for (const r of co.store.all(txn)) {
      const ref = r[refField];
      if (!isObject(ref) || ref.value !== fromId) continue;
      co.store.set(txn, String(r.Id), { ...r, [refField]: { ...ref, value: intoId, name: into.DisplayName ?? null } });
    }
  }
  const at = co.clock.now();
  co.store.remove(entity, fromId, at);
  if (entity === 'Customer') refreshCustomerBalance(co, intoId);
  co.emit(entity, intoId, 'Merge', fromId);
}
