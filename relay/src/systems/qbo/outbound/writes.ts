/**
 * @module
 * A canonical record as the writes into QuickBooks Online it owes (pure): customers, items,
 * invoices and orders (journal entries), ranked in the model's reference order (`sync/ranks.ts`: items and customers before the
 * invoices naming them, a job after its parent); other kinds write nothing. A record QuickBooks
 * already holds for the entity (`known`, a flow from QuickBooks made the source record) is written
 * by its QuickBooks Id; any other by the source's id, linked when sent. The same mapping says what
 * QuickBooks holds of a record it sent ({@link heldOf}), so the CRM's copy coming back unchanged is
 * recognised as our own mirror.
 */
import type { KnownRecord, TargetWrite } from '../../../sync/adapters.ts';
import { heldHash } from '../../../sync/hash.ts';
import type { CanonicalRecord } from '../../../sync/model.ts';
import { rankOf } from '../../../sync/ranks.ts';
import { customerFields, invoiceFields, itemFields } from './fields.ts';
import { journalFields } from './journal-fields.ts';
import { CREATE_ONLY, OBJECTS, type QboObject } from './objects.ts';

/** Writes by QuickBooks Id carry it as their external id under this field; the others have none (`''`). */
export const BY_ID = 'Id';

/** A job's rank: after its parent's, up to five levels down (its depth: the colons of its full name). */
const customerPart = (fullName: string, parentId: string | undefined): number =>
  parentId ? Math.min(5, Math.max(1, fullName.split(':').length - 1)) : 0;

function write(
  record: CanonicalRecord,
  object: QboObject,
  fields: object,
  known: KnownRecord | undefined,
  part = 0,
): TargetWrite[] {
  const createOnly = CREATE_ONLY[object];
  return [
    {
      object,
      externalIdField: known ? BY_ID : '',
      externalId: known ? known.localId : record.id,
      fields: fields as Record<string, unknown>,
      ...(createOnly.length ? { createOnly } : {}),
      rank: rankOf(record.type, part),
      source: { type: record.type, id: record.id },
    },
  ];
}

/** @example qboWritesFor(customer)[0].fields.DisplayName // 'Acme' */
export function qboWritesFor(record: CanonicalRecord, known?: KnownRecord): TargetWrite[] {
  switch (record.type) {
    case 'customer':
      return write(
        record,
        OBJECTS.customer,
        customerFields(record),
        known,
        customerPart(record.fullName, record.parentId),
      );
    case 'item':
      return write(record, OBJECTS.item, itemFields(record), known);
    case 'invoice':
      return write(record, OBJECTS.invoice, invoiceFields(record), known);
    // An order is booked as a journal entry, always by the order's own id: QuickBooks has none of its own.
    case 'order':
      return write(record, OBJECTS.journalEntry, journalFields(record), undefined);
    default:
      return [];
  }
}

/**
 * What QuickBooks Online holds of a record, as a write of it into QuickBooks would set it (a hash
 * of those write fields, less the create-only ones): what the Online source gives as `held`. Only
 * lists come back from a CRM as edits; an invoice has none.
 * @example heldOf(customerReadFromQbo) === heldHash(qboWritesFor(sameCustomerFromTheCrm)) // an echo
 */
export function heldOf(record: CanonicalRecord): string | undefined {
  if (record.type !== 'customer' && record.type !== 'item') return undefined;
  const writes = qboWritesFor(record);
  return writes.length ? heldHash(writes) : undefined;
}
