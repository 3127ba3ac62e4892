/**
 * @module
 * Canonical records as the QuickBooks Desktop fields Ledgerbridge writes, as pure functions. The
 * same mapping turns what QuickBooks holds (a record read back) into the same shape, so whether a
 * write would change anything is an equality of two plain values, field by field: a change we wrote
 * that comes back is not written again. Only the fields a CRM owns are written (name, company
 * name, addresses, phone, email); balances, classes, sales reps and the rest stay QuickBooks'.
 */
import type { Address, Customer } from '../../sync/model.ts';
import type { Address as QbAddress, CustomerFields } from './qbxml/request-types.ts';

/** What a customer write sets, as stored in the outbox (JSON). */
export type CustomerWriteFields = Pick<
  CustomerFields,
  'name' | 'companyName' | 'billAddress' | 'shipAddress' | 'phone' | 'email'
>;

/** QuickBooks has five street lines; a longer street keeps its last lines together on the fifth. */
function qbAddress(a: Address | undefined): QbAddress | undefined {
  if (!a) return undefined;
  const lines = (a.street ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const street = lines.length > 5 ? [...lines.slice(0, 4), lines.slice(4).join(', ')] : lines;
  const out: Record<string, string> = {};
  street.forEach((line, i) => (out[`addr${i + 1}`] = line));
  if (a.city) out.city = a.city;
  if (a.state) out.state = a.state;
  if (a.postalCode) out.postalCode = a.postalCode;
  if (a.country) out.country = a.country;
  return Object.keys(out).length ? (out as QbAddress) : undefined;
}

/**
 * The fields of a customer write. A field the CRM leaves empty is left out (QuickBooks keeps its
 * value): clearing a QuickBooks field from the CRM is a policy decision, not a side effect.
 * @example customerWriteFields({ type: 'customer', id: '001…', name: 'Acme', fullName: 'Acme', isActive: true, updatedAt })
 */
export function customerWriteFields(c: Customer): CustomerWriteFields {
  const out: Record<string, unknown> = { name: c.name };
  if (c.companyName) out.companyName = c.companyName;
  const bill = qbAddress(c.billing);
  if (bill) out.billAddress = bill;
  const ship = qbAddress(c.shipping);
  if (ship) out.shipAddress = ship;
  if (c.phone) out.phone = c.phone;
  if (c.email) out.email = c.email;
  return out as CustomerWriteFields;
}

const canonicalJson = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );

/**
 * Whether QuickBooks already holds every field a write sets (`held`: the write fields of the record
 * as QuickBooks has it). A field the write leaves out is not compared: QuickBooks keeps it.
 * @example alreadyHeld(rowFields, customerWriteFields(readBack))
 */
export function alreadyHeld(write: CustomerWriteFields, held: CustomerWriteFields): boolean {
  const keys = Object.keys(write) as (keyof CustomerWriteFields)[];
  return keys.every((k) => canonicalJson(write[k]) === canonicalJson(held[k]));
}
