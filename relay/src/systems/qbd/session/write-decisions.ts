/**
 * @module
 * What a Web Connector session does with the writes it leased, as pure functions: how it looks
 * them up (the customers they are linked to by ListID, the others by name: QuickBooks' names are
 * unique and compared without regard to case), what each then needs — nothing (QuickBooks already
 * holds it), a CustomerMod with the EditSequence just read, a CustomerAdd — or why it cannot be
 * written, and what QuickBooks' answer to a write means for its outbox row, in words.
 */
import type { RelayError } from '../../../lib/result.ts';
import { relayError } from '../../../lib/result.ts';
import type { OutboxItem } from '../../../store/outbox.ts';
import type { Customer } from '../../../sync/model.ts';
import { alreadyHeld, customerWriteFields, type CustomerWriteFields } from '../outbound.ts';
import type { QbxmlResponse } from '../qbxml/parse.ts';
import type { QbxmlQuery, QbxmlWrite } from '../qbxml/request-types.ts';

/** What a leased write needs, once looked up. */
export type Decision =
  | { readonly action: 'add' }
  | { readonly action: 'mod'; readonly listId: string; readonly editSequence: string }
  | { readonly action: 'held'; readonly listId: string }
  | { readonly action: 'refuse'; readonly error: RelayError };

/** A customer as QuickBooks answered a lookup: its identity and what it holds of the fields we write. */
export interface HeldCustomer {
  readonly listId: string;
  readonly editSequence: string;
  readonly fullName: string;
  readonly isActive: boolean;
  readonly fields: CustomerWriteFields;
}

const fieldsOf = (row: OutboxItem) => row.fields as CustomerWriteFields;
const nameKey = (name: string | undefined) => (name ?? '').toLowerCase();

/** @example heldCustomer(canonicalCustomer) */
export const heldCustomer = (c: Customer): HeldCustomer => ({
  listId: c.id,
  editSequence: c.version ?? '',
  fullName: c.fullName,
  isActive: c.isActive,
  fields: customerWriteFields(c),
});

/**
 * The queries that look a batch up: linked rows by ListID, the others by name (one query each).
 * @example lookupQueries(rows, links, 'wl-3')
 */
export function lookupQueries(
  rows: readonly OutboxItem[],
  links: ReadonlyMap<string, string>,
  requestId: string,
): QbxmlQuery[] {
  const listIds = [...new Set(rows.flatMap((r) => links.get(r.id) ?? []))];
  const fullNames = [
    ...new Set(rows.filter((r) => !links.has(r.id)).flatMap((r) => fieldsOf(r).name ?? [])),
  ];
  const queries: QbxmlQuery[] = [];
  if (listIds.length) queries.push({ type: 'CustomerQuery', requestId: `${requestId}-ids`, listIds });
  if (fullNames.length) queries.push({ type: 'CustomerQuery', requestId: `${requestId}-names`, fullNames });
  return queries;
}

/**
 * What each row needs, given what the lookup found. A linked customer QuickBooks no longer has, or
 * has made inactive, is not written (the reason says what to do); a customer found by name is
 * linked and changed where it differs.
 */
export function decide(
  rows: readonly OutboxItem[],
  links: ReadonlyMap<string, string>,
  found: readonly HeldCustomer[],
  /** Rows whose name matched a customer another record of their own system already mirrors. */
  mirrored: ReadonlySet<string> = new Set(),
): Map<string, Decision> {
  const byId = new Map(found.map((c) => [c.listId, c]));
  const byName = new Map(found.map((c) => [nameKey(c.fullName), c]));
  const out = new Map<string, Decision>();
  for (const row of rows) {
    const linked = links.get(row.id);
    const fields = fieldsOf(row);
    const held = linked ? byId.get(linked) : byName.get(nameKey(fields.name));
    if (linked && !held) {
      out.set(row.id, {
        action: 'refuse',
        error: relayError(
          'qbd_customer_gone',
          `The QuickBooks customer this Account was linked to (ListID ${linked}) is no longer in the company file. Link the Account to another customer, or clear its QuickBooks customer ID to add it again.`,
        ),
      });
    } else if (!held) {
      out.set(row.id, { action: 'add' });
    } else if (!linked && mirrored.has(row.id)) {
      out.set(row.id, {
        action: 'refuse',
        error: relayError(
          'review_customer_mirrored',
          `QuickBooks already has the customer "${held.fullName}", and another Salesforce record already mirrors it. Merge the two Accounts, or rename this one to add it as a customer of its own; nothing was changed in QuickBooks.`,
        ),
      });
    } else if (!held.isActive) {
      out.set(row.id, {
        action: 'refuse',
        error: relayError(
          'qbd_customer_inactive',
          `QuickBooks has made the customer "${held.fullName}" inactive, so the Account's changes are not written. Make it active in QuickBooks (or pick another customer), then replay.`,
        ),
      });
    } else if (linked && alreadyHeld(fields, held.fields)) {
      out.set(row.id, { action: 'held', listId: held.listId });
    } else {
      out.set(row.id, { action: 'mod', listId: held.listId, editSequence: held.editSequence });
    }
  }
  return out;
}

/** The write a decided row sends (its requestID is the row's id: the answer finds its row by it). */
export function writeOf(row: OutboxItem, d: Decision): QbxmlWrite | undefined {
  const fields = fieldsOf(row);
  if (d.action === 'add') return { type: 'CustomerAdd', requestId: row.id, customer: { ...fields, name: fields.name ?? '' } };
  if (d.action === 'mod')
    return { type: 'CustomerMod', requestId: row.id, listId: d.listId, editSequence: d.editSequence, customer: fields };
  return undefined;
}

/** What an answer to a write means for its row. */
export type WriteVerdict =
  | { readonly kind: 'written'; readonly listId: string; readonly editSequence: string }
  | { readonly kind: 'again' } // looked up and sent again in this session (EditSequence stale)
  | { readonly kind: 'later'; readonly error: RelayError } // QuickBooks busy: a later session
  | { readonly kind: 'refused'; readonly error: RelayError };

/** QuickBooks' statuses for a record someone has open or the file busy (it is in use; try later). */
const BUSY = new Set([3170, 3175, 3176, 3180]);

/** @example verdictOf(rs, row) */
export function verdictOf(rs: QbxmlResponse, row: OutboxItem): WriteVerdict {
  const ret = rs.records[0];
  if (rs.statusCode === 0 && ret && ret.kind === 'customer')
    return { kind: 'written', listId: ret.listId, editSequence: ret.editSequence };
  if (rs.statusCode === 3200) return { kind: 'again' };
  const name = fieldsOf(row).name ?? '';
  const said = rs.statusMessage.trim();
  if (BUSY.has(rs.statusCode))
    return {
      kind: 'later',
      error: relayError(
        'qbd_record_in_use',
        `QuickBooks could not save "${name}" now: the record or the company file is in use by someone (${said}). It is sent again at the next Web Connector session.`,
      ),
    };
  if (rs.statusCode === 3100)
    return {
      kind: 'refused',
      error: relayError(
        'qbd_name_in_use',
        `QuickBooks already uses the name "${name}" for a vendor, an employee or an other name, and names are unique across those lists. Rename the Account (or that QuickBooks record), then replay.`,
      ),
    };
  return {
    kind: 'refused',
    error: relayError(
      `qbd_status_${rs.statusCode}`,
      `QuickBooks refused "${name}" (status ${rs.statusCode}): ${said || 'no reason given'}.`,
    ),
  };
}

/** A write QuickBooks would refuse as built (a name too long, a character outside Latin-1), in words. */
export function notSendable(row: OutboxItem, problem: RelayError): RelayError {
  return relayError(
    problem.code,
    `Not sent to QuickBooks: ${problem.message} Correct it in Salesforce; the change is sent again once it fits.`,
  );
}
