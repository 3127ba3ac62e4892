/**
 * @module
 * What QuickBooks Online would refuse in a write as mapped, found before anything is sent, with the
 * reason in words (pure): a customer's DisplayName (at most 500 characters, no colon: QuickBooks
 * builds a job's full name `Parent:Job` with it), an item's Name (at most 100, no colon), an
 * invoice's DocNumber (at most 21).
 */
import { relayError, type RelayError } from '../../../lib/result.ts';
import type { CustomerFields, InvoiceFields, ItemFields } from './fields.ts';
import { isQboObject, NAME_FIELD, OBJECTS } from './objects.ts';

/** Characters as QuickBooks counts them (a character outside the BMP is one). */
const length = (s: string): number => [...s].length;

const refused = (code: string, what: string, problem: string) =>
  relayError(
    code,
    `Not sent to QuickBooks Online: ${what} ${problem}. Correct it in Salesforce; the change is sent again once it fits.`,
  );

function nameProblem(kind: string, name: string, max: number): RelayError | undefined {
  const what = `the ${kind} name "${name}"`;
  if (!name.trim()) return refused('qbo_name_missing', `the ${kind}`, 'has no name');
  if (name.includes(':'))
    return refused('qbo_name_colon', what, 'contains a colon (:), which QuickBooks Online keeps for sub-records');
  if (length(name) > max)
    return refused('qbo_name_too_long', what, `is ${length(name)} characters long (QuickBooks Online takes ${max})`);
  return undefined;
}

/**
 * A write of a customer or an item that gives no name (the field policy keeps the one the record
 * has): it can update a record, never make one.
 * @example nameless('Customer', { BillAddr: { City: 'Ashland' }, Active: true })?.code // 'qbo_name_missing'
 */
export function nameless(object: string, fields: Readonly<Record<string, unknown>>): RelayError | undefined {
  const field = isQboObject(object) ? NAME_FIELD[object] : undefined;
  if (!field || fields[field] !== undefined) return undefined;
  return refused('qbo_name_missing', `the ${object === OBJECTS.customer ? 'customer' : 'item'}`, 'has no name');
}

/** The largest lengths QuickBooks Online takes. */
export const LIMITS = { displayName: 500, itemName: 100, docNumber: 21 } as const;

/**
 * Why QuickBooks Online would refuse a write's fields, or undefined when it would take them.
 * @example unsendable('Customer', { DisplayName: 'A:B', Active: true })?.code // 'qbo_name_colon'
 */
export function unsendable(object: string, fields: Readonly<Record<string, unknown>>): RelayError | undefined {
  switch (object) {
    // A write without the name leaves the record's as it is (see `nameless`); one that clears it has none.
    case OBJECTS.customer: {
      const name = (fields as Partial<CustomerFields>).DisplayName;
      return name === undefined ? undefined : nameProblem('customer', String(name ?? ''), LIMITS.displayName);
    }
    case OBJECTS.item: {
      const name = (fields as Partial<ItemFields>).Name;
      return name === undefined ? undefined : nameProblem('item', String(name ?? ''), LIMITS.itemName);
    }
    case OBJECTS.invoice: {
      const number = (fields as Partial<InvoiceFields>).DocNumber;
      return number !== undefined && length(number) > LIMITS.docNumber
        ? refused(
            'qbo_doc_number_too_long',
            `the invoice number "${number}"`,
            `is ${length(number)} characters long (QuickBooks Online takes ${LIMITS.docNumber})`,
          )
        : undefined;
    }
    default:
      return undefined;
  }
}
