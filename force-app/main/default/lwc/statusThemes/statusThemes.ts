/**
 * @module
 * SLDS badge classes for the package's status picklists. The badge always carries the status text;
 * colour only reinforces it.
 */

const BADGE = 'slds-badge';
const SUCCESS = `${BADGE} slds-theme_success`;
const WARNING = `${BADGE} slds-theme_warning`;
const ERROR = `${BADGE} slds-theme_error`;
const NEUTRAL = `${BADGE} slds-badge_lightest`;
const MUTED = BADGE;

const INVOICE: Record<string, string> = {
  Paid: SUCCESS,
  'Partially Paid': WARNING,
  Overdue: ERROR,
  Open: NEUTRAL,
  Voided: MUTED,
};

const CONNECTION: Record<string, string> = {
  Healthy: SUCCESS,
  Degraded: WARNING,
  Offline: ERROR,
  'Needs Reauthorization': ERROR,
  Paused: MUTED,
};

const SYNC_LOG: Record<string, string> = {
  Failed: ERROR,
  Retrying: WARNING,
  Replayed: SUCCESS,
  Resolved: MUTED,
};

/** A Salesforce record on its way to QuickBooks (the QuickBooks Sync Status values, an Order's included). */
const RECORD_SYNC: Record<string, string> = {
  Synced: SUCCESS,
  Queued: WARNING,
  Pending: WARNING,
  'Needs Review': WARNING,
  Failed: ERROR,
  'Not Synced': MUTED,
};

const SYNC_REQUEST: Record<string, string> = {
  Requested: NEUTRAL,
  'Waiting for QuickBooks': WARNING,
  'In Progress': NEUTRAL,
  Completed: SUCCESS,
  Failed: ERROR,
};

/**
 * Badge classes for a QuickBooks invoice status.
 * @example
 * invoiceBadgeClass('Overdue'); // 'slds-badge slds-theme_error'
 */
export function invoiceBadgeClass(status: string | null): string {
  return (status && INVOICE[status]) || MUTED;
}

/**
 * Badge classes for a connection's health status.
 * @example
 * connectionBadgeClass('Healthy'); // 'slds-badge slds-theme_success'
 */
export function connectionBadgeClass(status: string | null): string {
  return (status && CONNECTION[status]) || MUTED;
}

/**
 * Badge classes for a sync log status.
 * @example
 * syncLogBadgeClass('Retrying'); // 'slds-badge slds-theme_warning'
 */
export function syncLogBadgeClass(status: string | null): string {
  return (status && SYNC_LOG[status]) || MUTED;
}

/**
 * Badge classes for a sync request status.
 * @example
 * syncRequestBadgeClass('Completed'); // 'slds-badge slds-theme_success'
 */
export function syncRequestBadgeClass(status: string | null): string {
  return (status && SYNC_REQUEST[status]) || MUTED;
}

/**
 * Badge classes for where a Salesforce record stands on its way to QuickBooks (its QuickBooks Sync Status).
 * @example
 * recordSyncBadgeClass('Queued'); // 'slds-badge slds-theme_warning'
 */
export function recordSyncBadgeClass(status: string | null): string {
  return (status && RECORD_SYNC[status]) || MUTED;
}

/** Sync request statuses after which the relay changes nothing more. */
export const TERMINAL_REQUEST_STATUSES: readonly string[] = ['Completed', 'Failed'];
