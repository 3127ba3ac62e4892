/**
 * @module
 * What QuickBooks Online would refuse in a write as mapped, found before anything is sent, with the
 * reason in words (pure): a customer's DisplayName (at most 500 characters, no colon: QuickBooks
 * builds a job's full name `Parent:Job` with it), an item's Name (at most 100, no colon), an
 * invoice's DocNumber (at most 21). A name is checked where the write sets it: an update that
 * leaves it as QuickBooks has it (the field policy held it back, say, while only the price changed)
 * is a sparse one without it, and has nothing to check.
 */
import { relayError, type RelayError } from '../../../lib/result.ts';
import type { CustomerFields, InvoiceFields, ItemFields } from './fields.ts';
import { OBJECTS } from './objects.ts';

/** Characters as QuickBooks counts them (a character outside the BMP is one). */
const length = (s: string): number => [...s].length;

const refused = (code: string, what: string, problem: string) =>
  relayError(
    code,
    `Not sent to QuickBooks Online: ${what} ${problem}. Correct it in Salesforce; the change is sent again once it fits.`,
  );

function nameProblem(kind: string, name: unknown, max: number): RelayError | undefined {
  if (name === undefined) return undefined; // not set by this write: kept as it is
  if (typeof name !== 'string') return refused('qbo_name_missing', `the ${kind}`, 'has no name');
  const what = `the ${kind} name "${name}"`;
  if (!name.trim()) return refused('qbo_name_missing', `the ${kind}`, 'has no name');
  if (name.includes(':'))
    return refused('qbo_name_colon', what, 'contains a colon (:), which QuickBooks Online keeps for sub-records');
  if (length(name) > max)
    return refused('qbo_name_too_long', what, `is ${length(name)} characters long (QuickBooks Online takes ${max})`);
  return undefined;
}

/** The largest lengths QuickBooks Online takes. */
export const LIMITS = { displayName: 500, itemName: 100, docNumber: 21 } as const;

/**
 * Why QuickBooks Online would refuse a write's fields, or undefined when it would take them.
 * @example unsendable('Customer', { DisplayName: 'A:B', Active: true })?.code // 'qbo_name_colon'
 */
export function unsendable(object: string, fields: Readonly<Record<string, unknown>>): RelayError | undefined {
  switch (object) {
    case OBJECTS.customer:
      return nameProblem('customer', (fields as Partial<CustomerFields>).DisplayName, LIMITS.displayName);
    case OBJECTS.item:
      return nameProblem('item', (fields as Partial<ItemFields>).Name, LIMITS.itemName);
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
