/**
 * @module
 * qbXML status codes → what the sync engine should do and what a bookkeeper should read.
 * Ranges (Intuit "Status codes in response messages"): 0–499 info, 500–999 warning, 1000+ error.
 * Info (including 1 = no match) and warnings never abort a session; errors are attributed to the
 * request (and so the record) that caused them. QuickBooks' own statusSeverity wins over the range
 * (3210 is sometimes sent as Info).
 */

export type StatusLevel = 'info' | 'warn' | 'error';

/** What the engine does next. */
export type StatusAction =
  /** Use the response (possibly empty). */
  | 'ok'
  /** Transient lock/contention: send the same request again later. */
  | 'retry'
  /** EditSequence out of date: re-query, re-apply once, then report a conflict. */
  | 'requery'
  /** Iterator no longer valid (new session): restart the query from the durable cursor. */
  | 'restart_iterator'
  /** The data must be fixed by a person (duplicate name, missing reference, too long, ...). */
  | 'fix_data'
  /** QuickBooks cannot do this (feature off, permission): stop asking. */
  | 'give_up';

export interface StatusClass {
  readonly code: number;
  readonly level: StatusLevel;
  readonly action: StatusAction;
  /** Stable snake_case code for logs and the UI, e.g. `qbxml_duplicate_name`. */
  readonly errorCode: string;
  readonly retryable: boolean;
  /** Plain-language explanation, followed by QuickBooks' own message when there is one. */
  readonly message: string;
}

interface Known {
  readonly errorCode: string;
  readonly action: StatusAction;
  readonly text: string;
}

const KNOWN: Readonly<Record<number, Known>> = {
  0: { errorCode: 'qbxml_ok', action: 'ok', text: 'OK.' },
  1: { errorCode: 'qbxml_no_match', action: 'ok', text: 'Nothing in QuickBooks matched the query (not an error).' },
  500: {
    errorCode: 'qbxml_objects_not_found',
    action: 'ok',
    text: 'Some of the requested records were not found in QuickBooks.',
  },
  530: {
    errorCode: 'qbxml_field_unsupported',
    action: 'ok',
    text: 'QuickBooks ignored a field this edition does not support; the record was saved.',
  },
  531: {
    errorCode: 'qbxml_enum_unsupported',
    action: 'ok',
    text: 'QuickBooks ignored a value this edition does not support; the record was saved.',
  },
  560: {
    errorCode: 'qbxml_field_deprecated',
    action: 'ok',
    text: 'QuickBooks reported a deprecated field; the record was saved.',
  },
  1000: {
    errorCode: 'qbxml_internal_error',
    action: 'retry',
    text: 'QuickBooks had an internal error. The request will be retried.',
  },
  1060: {
    errorCode: 'qbxml_invalid_request_id',
    action: 'give_up',
    text: 'The request identifier was too long (relay bug; please report it).',
  },
  3000: { errorCode: 'qbxml_invalid_id', action: 'fix_data', text: 'A QuickBooks ID in the request is not valid.' },
  3010: { errorCode: 'qbxml_invalid_boolean', action: 'fix_data', text: 'A yes/no field had an invalid value.' },
  3020: { errorCode: 'qbxml_invalid_date', action: 'fix_data', text: 'A date field had an invalid value.' },
  3030: { errorCode: 'qbxml_invalid_date_range', action: 'fix_data', text: 'A date range ends before it starts.' },
  3070: {
    errorCode: 'qbxml_field_too_long',
    action: 'fix_data',
    text: 'A text value is longer than QuickBooks allows. Shorten it in the source record.',
  },
  3100: {
    errorCode: 'qbxml_duplicate_name',
    action: 'fix_data',
    text: 'The name is already used in QuickBooks. Customer, vendor, employee and other-name lists share one set of names; rename one of them.',
  },
  3120: {
    errorCode: 'qbxml_not_found',
    action: 'fix_data',
    text: 'The record no longer exists in QuickBooks (it may have been deleted there).',
  },
  3130: {
    errorCode: 'qbxml_invalid_parent',
    action: 'fix_data',
    text: 'The parent record does not exist in QuickBooks. Sync the parent first.',
  },
  3140: {
    errorCode: 'qbxml_invalid_reference',
    action: 'fix_data',
    text: 'The record refers to something that does not exist in QuickBooks (a customer, item or account). Create or sync it first.',
  },
  3170: {
    errorCode: 'qbxml_modify_failed',
    action: 'retry',
    text: 'QuickBooks could not save the change because the record is being edited. It will be retried.',
  },
  3175: {
    errorCode: 'qbxml_locked',
    action: 'retry',
    text: 'QuickBooks is busy (records locked by another user). It will be retried.',
  },
  3176: {
    errorCode: 'qbxml_locked',
    action: 'retry',
    text: 'QuickBooks could not lock the record (someone has it open). It will be retried.',
  },
  3180: {
    errorCode: 'qbxml_save_failed',
    action: 'retry',
    text: 'QuickBooks could not save the list because another user changed it. It will be retried.',
  },
  3200: {
    errorCode: 'qbxml_stale_edit_sequence',
    action: 'requery',
    text: 'Someone changed this record in QuickBooks after the relay read it. The relay will read it again and re-apply the change.',
  },
  3210: {
    errorCode: 'qbxml_invalid_value',
    action: 'fix_data',
    text: 'QuickBooks refused a value (for example, a payment larger than the amount due).',
  },
  3250: {
    errorCode: 'qbxml_feature_disabled',
    action: 'give_up',
    text: 'This feature is turned off or not available in this QuickBooks edition.',
  },
  3260: {
    errorCode: 'qbxml_permission_denied',
    action: 'give_up',
    text: 'The QuickBooks user the Web Connector runs as is not allowed to do this.',
  },
  3261: {
    errorCode: 'qbxml_permission_denied',
    action: 'give_up',
    text: 'This integration has no permission for this data in QuickBooks (Integrated Applications preferences).',
  },
  3391: {
    errorCode: 'qbxml_iterator_invalid',
    action: 'restart_iterator',
    text: 'The paging position expired (it only lasts one Web Connector session). The relay restarts the query from its last saved point.',
  },
};

function levelOf(code: number, severity: string | undefined): StatusLevel {
  const s = severity?.toLowerCase();
  if (s === 'info') return 'info';
  if (s === 'warn' || s === 'warning') return 'warn';
  if (s === 'error') return 'error';
  if (code < 500) return 'info';
  if (code < 1000) return 'warn';
  return 'error';
}

/**
 * Classifies one response status.
 * @example
 * classifyStatus(3200, 'Error', 'The provided edit sequence "1" is out-of-date.').action; // 'requery'
 * classifyStatus(1, 'Info').level;                                                           // 'info'
 */
export function classifyStatus(code: number, severity?: string, qbMessage?: string): StatusClass {
  const level = levelOf(code, severity);
  const known = KNOWN[code];
  let errorCode: string;
  let action: StatusAction;
  let text: string;
  if (known) {
    ({ errorCode, action, text } = known);
    // A known error code sent with Info/Warn severity is not fatal.
    if (level !== 'error' && action !== 'ok' && action !== 'restart_iterator' && action !== 'requery') action = 'ok';
  } else if (level === 'info') {
    [errorCode, action, text] = ['qbxml_info', 'ok', 'QuickBooks reported information.'];
  } else if (level === 'warn') {
    [errorCode, action, text] = ['qbxml_warning', 'ok', 'QuickBooks completed the request with a warning.'];
  } else if (code >= 3000 && code < 3100) {
    [errorCode, action, text] = ['qbxml_invalid_format', 'fix_data', 'QuickBooks refused a value in the request.'];
  } else {
    [errorCode, action, text] = ['qbxml_error', 'fix_data', `QuickBooks refused the request (status ${code}).`];
  }
  const detail = qbMessage && qbMessage !== 'Status OK' && code !== 0 ? ` QuickBooks said: "${qbMessage}"` : '';
  return { code, level, action, errorCode, retryable: action === 'retry', message: `${text}${detail}` };
}

/** True when the status must not abort the session (info and warnings). */
export function isNonFatal(status: StatusClass): boolean {
  return status.level !== 'error';
}
