/**
 * @module
 * QuickBooks Online failures as typed results with stable codes. The message is written for the
 * bookkeeper who reads it in Salesforce, followed by Intuit's own Message and Detail; the fault
 * (code, message, detail, element, type) is the `cause`.
 *
 * | code | when | retryable |
 * |---|---|---|
 * | `qbo_stale_object` | 5010: the record changed since it was read (SyncToken) | no: read again, re-apply |
 * | `qbo_duplicate_name` | 6240: the name is taken (DisplayName across Customer/Vendor/Employee) | no |
 * | `qbo_not_found` | 610: the record, or one it refers to, is deleted or inactive | no |
 * | `qbo_company_inactive` | 6190: the company's subscription ended or has a billing problem | no |
 * | `qbo_validation` | other 2000-, 4000-, 6000-range faults, 500 Unsupported Operation, any other 400 | no |
 * | `qbo_unauthorized` | 401 / 3200 / 100 still after one token renewal | no: reconnect |
 * | `qbo_forbidden` | 403 / 3100 / 120: the app or the user lost access to the company | no: reconnect |
 * | `qbo_throttled` | 429 / 3001 ThrottleExceeded still after the backoffs | yes |
 * | `qbo_unavailable` | 5xx, connection failures, timeouts (after one retry) | yes |
 * | `qbo_cdc_too_old` | CDC asked for changes more than 30 days back | no: read in full |
 * | `qbo_bad_response` | an answer that is not what the API promises (not JSON, no entity) | yes |
 * | `qbo_reauthorize` | from `AccessTokens`: the refresh token is dead; passed through as given | no |
 */
import { relayError, type RelayError } from '../../../lib/result.ts';
import type { QboFault } from './types.ts';

export type QboErrorCode =
  | 'qbo_stale_object'
  | 'qbo_duplicate_name'
  | 'qbo_not_found'
  | 'qbo_company_inactive'
  | 'qbo_validation'
  | 'qbo_unauthorized'
  | 'qbo_forbidden'
  | 'qbo_throttled'
  | 'qbo_unavailable'
  | 'qbo_cdc_too_old'
  | 'qbo_bad_response';

const PLAIN: Record<QboErrorCode, string> = {
  qbo_stale_object:
    'Someone changed this record in QuickBooks while the relay was saving it; the relay must read it again and re-apply its change.',
  qbo_duplicate_name:
    'QuickBooks already has a customer, vendor, employee or list entry with this name, and names must be unique.',
  qbo_not_found:
    'QuickBooks cannot find this record or one it refers to; it may have been deleted or made inactive in QuickBooks.',
  qbo_company_inactive:
    "This company's QuickBooks Online subscription has ended or has a billing problem; QuickBooks accepts no changes until it is renewed.",
  qbo_validation: 'QuickBooks refused the record.',
  qbo_unauthorized:
    'QuickBooks did not accept the relay’s sign-in for this company, even after renewing it; reconnect the company.',
  qbo_forbidden:
    'QuickBooks refused the relay access to this company (the app was disconnected or the user lost access); an administrator must reconnect it.',
  qbo_throttled:
    'QuickBooks is limiting how fast the relay may send requests to this company; it will try again later.',
  qbo_unavailable: 'QuickBooks Online did not answer properly (it may be down or slow); the relay will try again.',
  qbo_cdc_too_old: 'QuickBooks keeps its list of changes for 30 days only; older changes must be read in full.',
  qbo_bad_response: 'QuickBooks answered in a way the relay does not understand.',
};

const RETRYABLE: ReadonlySet<QboErrorCode> = new Set(['qbo_throttled', 'qbo_unavailable', 'qbo_bad_response']);

/** Whether a fault says the access token was refused (3200 Token expired, 100 General Authentication Error). */
export const isAuthFault = (f: QboFault): boolean =>
  f.code === '3200' || (f.code === '100' && /auth/i.test(f.type ?? f.message));

/** Whether a fault is Intuit's throttle (3001 ThrottleExceeded, sent as 429 or, formerly, 403). */
export const isThrottleFault = (f: QboFault): boolean => f.code === '3001' || /throttleexceeded/i.test(f.message);

/**
 * The stable code of one fault; `status` is the HTTP status it came with (200 for a batch item).
 * @example classifyFault({ code: '5010', message: 'Stale Object Error' }) // 'qbo_stale_object'
 */
export function classifyFault(f: QboFault, status = 400): QboErrorCode {
  if (isThrottleFault(f) || status === 429) return 'qbo_throttled';
  if (isAuthFault(f) || status === 401) return 'qbo_unauthorized';
  if (f.code === '3100' || f.code === '120' || status === 403) return 'qbo_forbidden';
  switch (f.code) {
    case '5010':
      return 'qbo_stale_object';
    case '6240':
      return 'qbo_duplicate_name';
    case '610':
      return 'qbo_not_found';
    case '6190':
      return 'qbo_company_inactive';
  }
  if (f.code === '4001' && /changedSince/i.test(`${f.element ?? ''} ${f.detail ?? ''}`)) return 'qbo_cdc_too_old';
  if (status >= 500 || f.type === 'SystemFault' || f.code === '10000') return 'qbo_unavailable';
  return 'qbo_validation';
}

/** What Intuit said, for the end of a message. */
const said = (f: QboFault | undefined): string =>
  f && (f.message || f.detail)
    ? ` QuickBooks said: ${[f.message, f.detail].filter(Boolean).join(' — ')}${f.code ? ` (code ${f.code})` : ''}.`
    : '';

/** A failure with one of this module's codes; `fault` becomes the cause and ends the message. */
export function qboError(code: QboErrorCode, fault?: QboFault, extra = ''): RelayError {
  const message = `${PLAIN[code]}${extra ? ` ${extra}` : ''}${said(fault)}`;
  return relayError(code, message, { retryable: RETRYABLE.has(code), cause: fault });
}

/** The failure an answer's faults amount to (the first fault decides; Intuit sends one in practice). */
export function faultError(faults: readonly QboFault[], status: number): RelayError {
  const first = faults[0];
  if (!first) return qboError(classifyFault({ code: '', message: '' }, status), undefined, `(HTTP ${status})`);
  return qboError(classifyFault(first, status), first);
}
