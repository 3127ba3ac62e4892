/**
 * @module
 * `deleted-list-objects` and `deleted-transactions`: what the company deleted in the last 90 days
 * (QuickBooks keeps no older deletions — a gap beyond that needs a full re-read), grouped by type in
 * the order the types were asked for and by delete time within a type, not paginated. The type
 * filter (`objectTypes` / `transactionTypes`) is required and checked against Conductor's enums.
 */
import type { SimClock } from './clock.ts';
import { localTime } from './clock.ts';
import type { SimCompany } from './company.ts';
import { invalidRequest } from './errors.ts';
import { bound, multi, paramNames } from './query.ts';
import { RESOURCES } from './resources.ts';
import type { JsonObject } from './shapes.ts';

export const DELETION_WINDOW_MS = 90 * 86_400_000;

/** Conductor's `listType` enum (deleted-list-objects). */
const LIST_TYPES = (
  'account billing_rate class currency customer customer_message customer_type date_driven_terms employee ' +
  'inventory_site item_discount item_fixed_asset item_group item_inventory item_inventory_assembly ' +
  'item_non_inventory item_other_charge item_payment item_sales_tax item_sales_tax_group item_service ' +
  'item_subtotal job_type other_name payment_method payroll_item_non_wage payroll_item_wage price_level ' +
  'sales_representative sales_tax_code ship_method standard_terms to_do unit_of_measure_set vehicle vendor ' +
  'vendor_type workers_comp_code'
).split(' ');

/** Conductor's `transactionType` enum (deleted-transactions). */
const TRANSACTION_TYPES = (
  'ar_refund_credit_card bill bill_payment_check bill_payment_credit_card build_assembly charge check ' +
  'credit_card_charge credit_card_credit credit_memo deposit estimate inventory_adjustment invoice ' +
  'item_receipt journal_entry purchase_order receive_payment sales_order sales_receipt ' +
  'sales_tax_payment_check time_tracking transfer_inventory vehicle_mileage vendor_credit'
).split(' ');

export function listDeleted(
  co: SimCompany,
  kind: 'list' | 'transaction',
  q: URLSearchParams,
  clock: SimClock,
  url: string,
): JsonObject {
  const typeKey = kind === 'list' ? 'objectTypes' : 'transactionTypes';
  const unknown = paramNames(q).filter((k) => ![typeKey, 'deletedAfter', 'deletedBefore'].includes(k));
  if (unknown.length > 0)
    throw invalidRequest(`Unrecognized key(s) in object: ${unknown.map((k) => `'${k}'`).join(', ')}`);
  const types = multi(q, typeKey);
  if (!types) throw invalidRequest(`Invalid input: expected array, received undefined at "${typeKey}"`);
  const allowed = kind === 'list' ? LIST_TYPES : TRANSACTION_TYPES;
  for (const t of types)
    if (!allowed.includes(t)) throw invalidRequest(`Invalid option: "${t}" is not a valid value at "${typeKey}"`);
  const after = bound(q, 'deletedAfter', co.utcOffsetMinutes, false);
  const before = bound(q, 'deletedBefore', co.utcOffsetMinutes, true);
  const oldest = clock.now() - DELETION_WINDOW_MS;
  const off = co.utcOffsetMinutes;
  const data = types.flatMap((t) =>
    co.store.deletions
      .filter((d) => RESOURCES[d.resource].kind === kind && RESOURCES[d.resource].deletedType === t)
      .filter((d) => d.deletedMs >= oldest)
      .filter((d) => (after === undefined || d.deletedMs >= after) && (before === undefined || d.deletedMs <= before))
      .sort((x, y) => x.deletedMs - y.deletedMs)
      .map((d): JsonObject =>
        kind === 'list'
          ? {
              id: d.id,
              objectType: 'qbd_deleted_list_object',
              listType: t,
              createdAt: localTime(d.createdMs, off),
              deletedAt: localTime(d.deletedMs, off),
            }
          : {
              id: d.id,
              objectType: 'qbd_deleted_transaction',
              transactionType: t,
              refNumber: d.refNumber,
              createdAt: localTime(d.createdMs, off),
              deletedAt: localTime(d.deletedMs, off),
            },
      ),
  );
  return { objectType: 'list', url, data };
}
