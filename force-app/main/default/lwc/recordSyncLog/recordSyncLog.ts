/**
 * @module
 * What the relay's Sync Logs say about one record (an Opportunity, an Order): the newest log still
 * open (Failed or Retrying, not yet Resolved or Replayed), its reason in words and a link to it, and
 * the QuickBooks id inside a connection-scoped external ID (`<connection key>:<id>`).
 */
import { stringValue } from 'c/ldsUtils';
import type { FieldRef, UiRecord } from 'c/ldsUtils';

/** Log statuses that mean the record has not reached QuickBooks yet. */
export const OPEN_LOG_STATUSES: readonly string[] = ['Failed', 'Retrying'];

/** What a panel shows of an open log. */
export interface OpenLog {
  id: string;
  logName: string;
  reason: string | null;
  url: string;
}

/**
 * The first open log of a list (the related list is asked newest first), or undefined.
 * @example
 * openLog(logs, { name: NAME_FIELD, status: STATUS_FIELD, message: MESSAGE_FIELD }); // { logName: 'LOG-0000002', … }
 */
export function openLog(
  logs: readonly UiRecord[] | undefined,
  fields: { name: FieldRef; status: FieldRef; message: FieldRef },
): OpenLog | undefined {
  const log = (logs ?? []).find((r) => OPEN_LOG_STATUSES.includes(stringValue(r, fields.status) ?? ''));
  if (!log) return undefined;
  return {
    id: log.id,
    logName: stringValue(log, fields.name) ?? log.id,
    reason: stringValue(log, fields.message),
    url: `/lightning/r/${fields.name.objectApiName}/${log.id}/view`,
  };
}

/**
 * The QuickBooks id of a connection-scoped external ID; null when there is none.
 * @example
 * quickBooksId('acme-online:31'); // '31'
 */
export function quickBooksId(externalId: string | null): string | null {
  if (!externalId) return null;
  return externalId.slice(externalId.lastIndexOf(':') + 1) || null;
}
