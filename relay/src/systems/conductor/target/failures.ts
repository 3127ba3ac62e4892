/**
 * @module
 * Why a write through Conductor did not go, in words, with stable codes: the client's `cdt_`
 * failures (`api/errors.ts`) keep their code and whether they pass, with the record named; a
 * failure of the connection itself (QuickBooks not running, another company file open, the Web
 * Connector offline, Conductor down or refusing the key) is told apart, so the writes after it
 * fail with it without a call each.
 */
import { relayError, type RelayError } from '../../../lib/result.ts';
import type { ConductorFault } from '../api/index.ts';

/** Failures that are the connection's, not the record's. */
const CONNECTION_LEVEL = new Set([
  'cdt_quickbooks_unreachable',
  'cdt_unavailable',
  'cdt_internal',
  'cdt_rate_limited',
  'cdt_unauthorized',
  'cdt_forbidden',
  'cdt_unknown_end_user',
]);

export const isConnectionLevel = (e: RelayError): boolean => CONNECTION_LEVEL.has(e.code);

/** A failure of a call about one record, with the record named (the code and retryable kept). */
export function callFailed(what: string, e: RelayError): RelayError {
  const fault = e.cause as ConductorFault | undefined;
  if (fault?.integrationCode === '3100')
    return relayError(
      'cdt_name_in_use',
      `QuickBooks already uses the name of ${what} for another record of a list whose names must be unique (customers, vendors and other names share one; items have their own). Rename the CRM record (or that QuickBooks record), then replay.`,
      { cause: fault },
    );
  if (isConnectionLevel(e)) return e;
  return relayError(e.code, `Writing ${what} into QuickBooks Desktop failed: ${e.message}`, {
    retryable: e.retryable,
    cause: e.cause,
  });
}

export const recordGone = (what: string, id: string) =>
  relayError(
    'cdt_record_gone',
    `The QuickBooks record ${what} was linked to (${id}) is no longer in the company file. Link it to another one, or clear its QuickBooks ID to add it again.`,
  );

export const recordInactive = (what: string, name: string) =>
  relayError(
    'cdt_record_inactive',
    `QuickBooks has made "${name}" inactive, so ${what} is not changed. Make it active in QuickBooks (or pick another), then replay.`,
  );

export const mirrored = (name: string) =>
  relayError(
    'review_record_mirrored',
    `QuickBooks already has "${name}", and another record in the CRM already mirrors it. Merge the two records, or rename this one to add it on its own; nothing was changed in QuickBooks.`,
  );

/** QuickBooks changed the record since the relay last read it: its change is read first. */
export const changedSinceRead = (what: string) =>
  relayError(
    'cdt_changed_since_read',
    `QuickBooks changed ${what} since the relay last read it: that change is read first and weighed by the field policy, then this write goes again.`,
    { retryable: true },
  );

export const customerMissing = relayError(
  'cdt_customer_missing',
  'Not sent to QuickBooks: its Account is not a QuickBooks customer yet (its own write failed or waits). Once the Account is in QuickBooks, replay this one.',
);

export const itemMissing = (names: readonly string[]) =>
  relayError(
    'cdt_item_missing',
    `Not sent to QuickBooks: ${names.length === 1 ? 'a line names a product' : `${names.length} lines name products`} with no QuickBooks item (${names.join(', ')}). Create or map the item — the product's own write may have failed — then replay.`,
  );

export const incomeAccountMissing = (name: string) =>
  relayError(
    'cdt_income_account_missing',
    `QuickBooks has no account named "${name}" for new items to post their sales to. Create it, or name another income account for new items, then replay.`,
  );

export const parentItemMissing = (name: string, parent: string) =>
  relayError(
    'cdt_parent_item_missing',
    `Not sent to QuickBooks: the item "${name}" is a sub-item of "${parent}", which QuickBooks does not have. Add that item first, then replay.`,
  );
