/**
 * @module
 * What each leased write needs once its batch was looked up, and what QuickBooks' answer to a
 * write means for its outbox row, in words — as pure functions over the batch's kind (see
 * `write-kinds.ts`): nothing (QuickBooks already holds it), a Mod with the EditSequence just read,
 * an Add, or why it cannot be written.
 */
import type { RelayError } from '../../../lib/result.ts';
import { relayError } from '../../../lib/result.ts';
import type { OutboxItem } from '../../../store/outbox.ts';
import { withoutCreateOnly } from '../../../sync/hash.ts';
import { alreadyHeld } from '../../../lib/qb-writes.ts';
import type { QbxmlResponse } from '../qbxml/parse.ts';
import type { Held, WriteKind } from './write-kinds.ts';

/** What a leased write needs, once looked up. */
export type Decision =
  | { readonly action: 'add' }
  | { readonly action: 'mod'; readonly held: Held }
  | { readonly action: 'held'; readonly id: string }
  /** QuickBooks changed the record since the relay last read it: that change is read first, the write goes next session. */
  | { readonly action: 'wait' }
  /** Not written; `candidate`: the record of the same name a person is asked about (link to it, or not). */
  | { readonly action: 'refuse'; readonly error: RelayError; readonly candidate?: { id: string; name: string } };

/**
 * What each row needs, given what the lookup found. A linked record QuickBooks no longer has, or a
 * customer it made inactive, is not written (the reason says what to do); a record found by its
 * name is linked and changed where it differs — unless another record of the row's own system
 * already mirrors it (`mirrored`: a likely duplicate, for a person to decide). One that holds all
 * the write would set (our own Add, its answer lost to a cut session or a relay restart) is only
 * linked and read back: a Mod would change nothing. A linked record QuickBooks changed since the
 * relay last saw it (`seen`: its EditSequence then) waits: its change is read and weighed against
 * this write (the field policy) before the write goes. A kind changed
 * only in part once in QuickBooks (an invoice) is held when its write changes none of that part.
 */
export function decide(
  kind: WriteKind,
  rows: readonly OutboxItem[],
  links: ReadonlyMap<string, string>,
  found: readonly Held[],
  mirrored: ReadonlySet<string> = new Set(),
  seen: ReadonlyMap<string, string> = new Map(),
): Map<string, Decision> {
  const byId = new Map(found.map((h) => [h.id, h]));
  const byKey = new Map(found.flatMap((h) => (h.key ? [[h.key, h] as const] : [])));
  const out = new Map<string, Decision>();
  for (const row of rows) {
    const linked = links.get(row.id);
    const key = kind.keyOf(row);
    const held = linked ? byId.get(linked) : key === undefined ? undefined : byKey.get(key);
    const what = kind.describe(row);
    if (linked && !held) {
      out.set(row.id, {
        action: 'refuse',
        error: relayError(
          'qbd_record_gone',
          `The QuickBooks record ${what} was linked to (${linked}) is no longer in the company file. Link it to another one, or clear its QuickBooks ID to add it again.`,
        ),
      });
    } else if (!held) {
      out.set(row.id, { action: 'add' });
    } else if (!linked && mirrored.has(row.id)) {
      out.set(row.id, {
        action: 'refuse',
        error: relayError(
          'review_record_mirrored',
          `QuickBooks already has "${held.name}", and another record in the CRM already mirrors it. Merge the two records, or rename this one to add it on its own; nothing was changed in QuickBooks.`,
        ),
        candidate: { id: held.id, name: held.name },
      });
    } else if (!held.isActive) {
      out.set(row.id, {
        action: 'refuse',
        error: relayError(
          'qbd_record_inactive',
          `QuickBooks has made "${held.name}" inactive, so ${what} is not changed. Make it active in QuickBooks (or pick another), then replay.`,
        ),
      });
    } else if (
      !held.changeable ||
      kind.changes?.(row, held) === false ||
      alreadyHeld(withoutCreateOnly(row.fields, row.createOnly), held.fields)
    ) {
      out.set(row.id, { action: 'held', id: held.id });
    } else if (linked && seen.has(row.id) && seen.get(row.id) !== held.editSequence) {
      out.set(row.id, { action: 'wait' });
    } else {
      out.set(row.id, { action: 'mod', held });
    }
  }
  return out;
}

/** What an answer to a write means for its row. */
export type WriteVerdict =
  | { readonly kind: 'written'; readonly id: string; readonly editSequence: string }
  | { readonly kind: 'again' } // looked up and sent again in this session (EditSequence stale)
  | { readonly kind: 'later'; readonly error: RelayError } // QuickBooks busy: a later session
  | { readonly kind: 'refused'; readonly error: RelayError };

/** QuickBooks' statuses for a record someone has open or the file busy (it is in use; try later). */
const BUSY = new Set([3170, 3175, 3176, 3180]);

/** @example verdictOf(CUSTOMERS, rs, row) */
export function verdictOf(kind: WriteKind, rs: QbxmlResponse, row: OutboxItem): WriteVerdict {
  const written = rs.statusCode === 0 ? kind.written(rs.records[0]) : undefined;
  if (written) return { kind: 'written', ...written };
  if (rs.statusCode === 3200) return { kind: 'again' };
  const what = kind.describe(row);
  const said = rs.statusMessage.trim();
  if (BUSY.has(rs.statusCode))
    return {
      kind: 'later',
      error: relayError(
        'qbd_record_in_use',
        `QuickBooks could not save ${what} now: the record or the company file is in use (${said}). It is sent again at the next Web Connector session.`,
      ),
    };
  if (rs.statusCode === 3100)
    return {
      kind: 'refused',
      error: relayError(
        'qbd_name_in_use',
        `QuickBooks already uses the name "${String(row.fields.name ?? '')}" for another record of a list whose names must be unique (customers, vendors, employees and other names share one; items have their own). Rename the Salesforce record (or that QuickBooks record), then replay.`,
      ),
    };
  if (rs.statusCode === 3140)
    return {
      kind: 'refused',
      error: relayError(
        'qbd_reference_missing',
        `QuickBooks refused ${what}: it names something the company file does not have (${said}). For a new item, QBD_INCOME_ACCOUNT must name an income account of the company.`,
      ),
    };
  return {
    kind: 'refused',
    error: relayError(
      `qbd_status_${rs.statusCode}`,
      `QuickBooks refused ${what} (status ${rs.statusCode}): ${said || 'no reason given'}.`,
    ),
  };
}

/** A write QuickBooks would refuse as built (a name too long, a character outside Latin-1), in words. */
export function notSendable(problem: RelayError): RelayError {
  return relayError(
    problem.code,
    `Not sent to QuickBooks: ${problem.message} Correct the record in the CRM it came from; the change is sent again once it fits.`,
  );
}
