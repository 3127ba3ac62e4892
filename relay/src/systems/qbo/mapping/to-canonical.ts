/**
 * @module
 * One QuickBooks Online entity as Intuit sends it → a canonical record, a deletion, or nothing.
 * Pure: the entity is validated (`payloads.ts`, `txn-payloads.ts`) and mapped (`lists.ts`,
 * `txns.ts`) so that the same company data gives the same canonical values as QuickBooks Desktop's
 * mapping. What CDC reports deleted (`{ status: 'Deleted', Id }`) becomes a deletion of the
 * record's kind. Departments and classes are names on invoices, not records of their own: they map
 * to nothing, and {@link departmentOrClassName} reads their names for the feed.
 */
import { asObject } from '../api/json.ts';
import { ok, type Result } from '../../../lib/result.ts';
import type { CanonicalRecord, Deletion, RecordType } from '../../../sync/model.ts';
import { given, type QboMappingContext } from './context.ts';
import { account, customer, item, vendor } from './lists.ts';
import { QboAccount, QboCustomer, QboDeleted, QboItem, QboNamedList, QboVendor, readPayload } from './payloads.ts';
import { QboBill, QboInvoice, QboPayment } from './txn-payloads.ts';
import { bill, invoice, payment } from './txns.ts';

export type { QboMappingContext, NamedKind } from './context.ts';

type Mapped = Result<CanonicalRecord | undefined>;

/** The entities mirrored, by Intuit's name: their canonical kind and mapping. */
const MAPPINGS: Readonly<Record<string, { type: RecordType; map: (json: unknown, ctx: QboMappingContext) => Mapped }>> =
  {
    Customer: {
      type: 'customer',
      map: (j, ctx) => then(readPayload(QboCustomer, 'Customer', j), (c) => customer(c, ctx)),
    },
    Vendor: { type: 'vendor', map: (j, ctx) => then(readPayload(QboVendor, 'Vendor', j), (v) => vendor(v, ctx)) },
    Item: { type: 'item', map: (j) => then(readPayload(QboItem, 'Item', j), item) },
    Account: { type: 'account', map: (j) => then(readPayload(QboAccount, 'Account', j), account) },
    Invoice: { type: 'invoice', map: (j, ctx) => then(readPayload(QboInvoice, 'Invoice', j), (i) => invoice(i, ctx)) },
    Bill: { type: 'bill', map: (j, ctx) => then(readPayload(QboBill, 'Bill', j), (b) => bill(b, ctx)) },
    Payment: { type: 'payment', map: (j, ctx) => then(readPayload(QboPayment, 'Payment', j), (p) => payment(p, ctx)) },
  };

function then<T>(r: Result<T>, f: (value: T) => CanonicalRecord | undefined): Mapped {
  return r.ok ? ok(f(r.value)) : r;
}

/** The canonical kind of an entity Intuit names (`Invoice` → `invoice`); undefined for those not mirrored. */
export const recordTypeOf = (entity: string): RecordType | undefined => MAPPINGS[entity]?.type;

/**
 * Maps one entity. `ok(undefined)`: an entity the sync does not mirror (Department, Class,
 * CompanyInfo, Preferences, an item Category, Estimate, ...); `err`: the record cannot be read
 * (`qbo_invalid_record`, the record and field in words).
 * @example toCanonical('Invoice', parseExactJson(text).Invoice, { homeCurrency: 'USD' })
 */
export function toCanonical(
  entity: string,
  json: unknown,
  ctx: QboMappingContext,
): Result<CanonicalRecord | Deletion | undefined> {
  const mapping = MAPPINGS[entity];
  if (asObject(json)?.status === 'Deleted') {
    const deleted = readPayload(QboDeleted, entity, json);
    if (!deleted.ok) return deleted;
    if (!mapping) return ok(undefined);
    return ok({
      type: 'deletion',
      recordType: mapping.type,
      id: deleted.value.Id,
      deletedAt: deleted.value.MetaData.LastUpdatedTime,
    });
  }
  return mapping ? mapping.map(json, ctx) : ok(undefined);
}

/**
 * A department's or a class's Id and name as invoices name it: its full name (`Parent:Child`).
 * @example departmentOrClassName(parseExactJson(text).Department) // ok({ id: '2', name: 'Marketing Department', isActive: true })
 */
export function departmentOrClassName(
  json: unknown,
  entity: 'Department' | 'Class' = 'Department',
): Result<{ id: string; name: string; isActive: boolean }> {
  const r = readPayload(QboNamedList, entity, json);
  if (!r.ok) return r;
  return ok({
    id: r.value.Id,
    name: given(r.value.FullyQualifiedName) ?? r.value.Name,
    isActive: r.value.Active ?? true,
  });
}
