/**
 * @module
 * What QuickBooks Online's refusal of one write means, in words a person can act on, with a stable
 * code (pure). A stale SyncToken (5010: someone changed the record between the relay's read and its
 * write) is a passing failure, `qbo_changed_since_read`: the write goes again after that change has
 * been read — the decision Desktop makes for a changed EditSequence — never a blind overwrite. An
 * inactive record named (610) and a reference to nothing (2500) say which record to fix.
 */
import { relayError, type RelayError } from '../../../lib/result.ts';
import type { QboFault } from '../api/types.ts';

/** What a person calls the record a write is about ("the customer "Acme""). */
export type Described = string;

const said = (f: QboFault) => [f.message, f.detail].filter(Boolean).join(': ') || 'no reason given';

/** The record kind a fault's element names (`CustomerRef`, `Line.SalesItemLineDetail.ItemRef`), if any. */
const namedKind = (element: string | undefined): 'customer' | 'item' | 'parent' | undefined =>
  !element
    ? undefined
    : /ItemRef/i.test(element)
      ? 'item'
      : /ParentRef/i.test(element)
        ? 'parent'
        : /CustomerRef/i.test(element)
          ? 'customer'
          : undefined;

/** A stale write: QuickBooks changed the record since the relay read it. */
export const changedSinceRead = (what: Described): RelayError =>
  relayError(
    'qbo_changed_since_read',
    `QuickBooks Online changed ${what} since the relay last read it: that change is read first, and this write goes again after it.`,
    { retryable: true },
  );

/**
 * @example faultError({ code: '610', message: 'Object Not Found', element: 'CustomerRef' }, 'the invoice of "006…"').code // 'qbo_customer_inactive'
 */
export function faultError(f: QboFault, what: Described): RelayError {
  if (f.code === '5010') return changedSinceRead(what);
  const kind = namedKind(f.element);
  if (f.code === '610') {
    if (kind === 'customer' || kind === 'parent')
      return relayError(
        'qbo_customer_inactive',
        `QuickBooks Online refused ${what}: its ${kind === 'parent' ? 'parent ' : ''}customer is inactive (or was deleted) in QuickBooks Online. Make the customer active in QuickBooks Online or link the Account to an active customer, then replay.`,
      );
    if (kind === 'item')
      return relayError(
        'qbo_item_inactive',
        `QuickBooks Online refused ${what}: an item of its lines is inactive (or was deleted) in QuickBooks Online. Make the item active in QuickBooks Online, or create or map the item, then replay.`,
      );
    return relayError(
      'qbo_reference_inactive',
      `QuickBooks Online refused ${what}: something it names has been made inactive (${said(f)}). Make the customer or items it names active in QuickBooks Online, then replay.`,
    );
  }
  if (f.code === '2500')
    return relayError(
      'qbo_reference_missing',
      `QuickBooks Online refused ${what}: it names a ${kind === 'item' ? 'item' : 'record'} the company does not have (${said(f)}). Create or map the ${kind === 'item' ? 'item' : 'customer or item'}, then replay.`,
    );
  return relayError(`qbo_fault_${f.code}`, `QuickBooks Online refused ${what} (code ${f.code}): ${said(f)}.`, {
    retryable: f.type === 'SystemFault',
  });
}

/** A name QuickBooks has on a record the relay could not find (another list shares its names). */
export const nameInUse = (kind: 'customer' | 'item', name: string): RelayError =>
  relayError(
    'qbo_name_in_use',
    kind === 'customer'
      ? `QuickBooks Online already uses the name "${name}" for a vendor, an employee or a customer the relay cannot read (customers, vendors and employees share one list of names). Rename the Salesforce Account (or that QuickBooks record), then replay.`
      : `QuickBooks Online already uses the item name "${name}" for an item the relay cannot read. Rename the Salesforce product (or that QuickBooks item), then replay.`,
  );

/** A record found by its name that QuickBooks made inactive: it is not changed behind the bookkeeper's back. */
export const recordInactive = (what: Described): RelayError =>
  relayError(
    'qbo_record_inactive',
    `QuickBooks Online has made ${what} inactive, so it is not changed. Make it active in QuickBooks Online (or rename the Salesforce record to add a new one), then replay.`,
  );

/** A linked record QuickBooks no longer has. */
export const recordGone = (what: Described, id: string): RelayError =>
  relayError(
    'qbo_record_gone',
    `The QuickBooks Online record ${what} was linked to (Id ${id}) is no longer in the company. Link it to another one, or clear its QuickBooks ID to add it again.`,
  );

/** A record found by its name that another source record already mirrors (or another write of the batch takes). */
export const mirrored = (name: string): RelayError =>
  relayError(
    'review_record_mirrored',
    `QuickBooks Online already has "${name}", and another Salesforce record already mirrors it. Merge the two records, or rename this one to add it on its own; nothing was changed in QuickBooks Online.`,
  );
