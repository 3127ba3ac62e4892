/**
 * @module
 * Salesforce failures turned into typed outcomes with stable codes. Three sources feed it: the
 * per-record errors of Collections/Composite/Bulk (`statusCode`), top-level REST errors
 * (`errorCode`, via jsforce's `HttpApiError`), and transport failures (network, timeout).
 *
 * | code | when | retry |
 * |---|---|---|
 * | `sf_session_expired` | 401 `INVALID_SESSION_ID` after one re-auth | no (re-auth first) |
 * | `sf_auth_invalid_client` | token endpoint: bad client id or secret | no |
 * | `sf_auth_revoked` | token endpoint: app blocked / no run-as user | no |
 * | `sf_rate_limited` | 403 `REQUEST_LIMIT_EXCEEDED` | pause the connection |
 * | `sf_unavailable` | 5xx, network error, timeout | backoff |
 * | `sf_row_locked` | `UNABLE_TO_LOCK_ROW` | backoff |
 * | `sf_rolled_back` | rolled back / halted because of another record | yes |
 * | `sf_validation` | validation, required, cross-reference, picklist, length, duplicates | no |
 * | `sf_invalid_field` | a field or object the org does not have (package/namespace mismatch) | no |
 * | `sf_not_found` | 404 `NOT_FOUND` | no |
 * | `sf_forbidden` | other 403 (permissions) | no |
 * | `sf_bad_request` | malformed request or query | no |
 * | `sf_bulk_failed` | a Bulk job failed as a whole | no |
 * | `sf_unknown` | anything else | no |
 */
import type { RelayError } from '../../lib/result.ts';

export type SfErrorCode =
  | 'sf_session_expired'
  | 'sf_auth_invalid_client'
  | 'sf_auth_revoked'
  | 'sf_rate_limited'
  | 'sf_unavailable'
  | 'sf_row_locked'
  | 'sf_rolled_back'
  | 'sf_validation'
  | 'sf_invalid_field'
  | 'sf_not_found'
  | 'sf_forbidden'
  | 'sf_bad_request'
  | 'sf_bulk_failed'
  | 'sf_unknown';

/** A Salesforce failure: a {@link RelayError} plus what Salesforce said. */
export interface SfError extends RelayError {
  readonly code: SfErrorCode;
  /** Salesforce's own code (`REQUIRED_FIELD_MISSING`, `INVALID_SESSION_ID`, ...), when it gave one. */
  readonly sfCode?: string;
  /** Fields Salesforce named. */
  readonly fields?: readonly string[];
}

const VALIDATION = new Set([
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'REQUIRED_FIELD_MISSING',
  'INVALID_CROSS_REFERENCE_KEY',
  'FIELD_INTEGRITY_EXCEPTION',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'STRING_TOO_LONG',
  'INVALID_EMAIL_ADDRESS',
  'DUPLICATE_VALUE',
  'DUPLICATE_EXTERNAL_ID',
  'DUPLICATES_DETECTED',
  'MALFORMED_ID',
  'INVALID_TYPE_ON_FIELD_IN_RECORD',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'ENTITY_IS_DELETED',
  'MISSING_ARGUMENT',
  'NUMBER_OUTSIDE_VALID_RANGE',
  'INVALID_ID_FIELD',
  'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
  'FIELD_FILTER_VALIDATION_EXCEPTION',
]);
const ROLLED_BACK = new Set(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'PROCESSING_HALTED']);
const UNAVAILABLE = new Set(['SERVER_UNAVAILABLE', 'UNKNOWN_EXCEPTION', 'REQUEST_RUNNING_TOO_LONG']);
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const make = (
  code: SfErrorCode,
  message: string,
  retryable: boolean,
  sfCode?: string,
  fields?: readonly string[],
): SfError => ({
  code,
  message,
  retryable,
  ...(sfCode ? { sfCode } : {}),
  ...(fields && fields.length ? { fields } : {}),
});

/**
 * A record refused because the one it belongs to is not in the org, in words: which record, and
 * what to do (its parent failed, or has not been written yet).
 * @example missingParent('Foreign key external ID: acme:T-101 not found for field X in entity QuickBooks_Invoice__c')
 */
function missingParent(message: string): string {
  const m = /^Foreign key external ID: (.+) not found for field \S+ in entity (\S+)/.exec(message);
  if (!m) return `The record this one belongs to is not in Salesforce: ${message}`;
  const kind = m[2]!
    .replace(/^[A-Za-z0-9]+__(?=\w+__c$)/, '')
    .replace(/__c$/, '')
    .replace(/_/g, ' ');
  return (
    `Not written: the ${kind} it belongs to (${m[1]}) is not in Salesforce — it failed, or has not been ` +
    `written yet. Once that record is written, replay this one.`
  );
}

/** Whether a record was refused because the one it belongs to is not in the org (see {@link missingParent}). */
export const isMissingParent = (e: SfError): boolean => e.code === 'sf_validation' && e.sfCode === 'INVALID_FIELD';

/**
 * Classifies one Salesforce error code and message (per-record `statusCode` or top-level `errorCode`).
 * @example classifySalesforceCode('UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access').code // 'sf_row_locked'
 */
export function classifySalesforceCode(sfCode: string, message: string, fields: readonly string[] = []): SfError {
  if (sfCode === 'UNABLE_TO_LOCK_ROW')
    return make('sf_row_locked', `Record locked by another transaction: ${message}`, true, sfCode, fields);
  if (sfCode === 'REQUEST_LIMIT_EXCEEDED')
    return make('sf_rate_limited', `Salesforce API allowance exceeded: ${message}`, true, sfCode);
  if (sfCode === 'INVALID_SESSION_ID')
    return make('sf_session_expired', `Salesforce session rejected: ${message}`, false, sfCode);
  if (ROLLED_BACK.has(sfCode)) return make('sf_rolled_back', message, true, sfCode, fields);
  if (UNAVAILABLE.has(sfCode) || /^ERROR_HTTP_5\d\d$/.test(sfCode))
    return make('sf_unavailable', `Salesforce unavailable: ${message}`, true, sfCode);
  if (sfCode === 'ERROR_HTTP_429' || sfCode === 'ERROR_HTTP_420')
    return make('sf_unavailable', `Salesforce throttled the request: ${message}`, true, sfCode);
  if (sfCode === 'INVALID_FIELD' && /^Foreign key external ID/.test(message)) {
    return make('sf_validation', missingParent(message), false, sfCode, fields);
  }
  if (sfCode === 'INVALID_FIELD' || sfCode === 'INVALID_TYPE' || sfCode === 'NO_SUCH_COLUMN') {
    return make(
      'sf_invalid_field',
      `The org does not have this field or object (is the package installed, is SF_NAMESPACE right?): ${message}`,
      false,
      sfCode,
      fields,
    );
  }
  if (VALIDATION.has(sfCode)) return make('sf_validation', message, false, sfCode, fields);
  if (sfCode === 'NOT_FOUND') return make('sf_not_found', message, false, sfCode);
  if (
    sfCode === 'INSUFFICIENT_ACCESS' ||
    sfCode === 'INSUFFICIENT_ACCESS_OR_READONLY' ||
    sfCode === 'API_DISABLED_FOR_ORG' ||
    sfCode === 'FUNCTIONALITY_NOT_ENABLED'
  ) {
    return make('sf_forbidden', message, false, sfCode, fields);
  }
  if (
    /^(MALFORMED_QUERY|JSON_PARSER_ERROR|INVALID_BATCH_REQUEST|EXCEEDED_ID_LIMIT|INVALIDJOB|INVALIDJOBSTATE|BULK_API_ERROR|METHOD_NOT_ALLOWED|INVALID_QUERY_LOCATOR|ERROR_HTTP_4\d\d)$/.test(
      sfCode,
    )
  ) {
    return make('sf_bad_request', message, false, sfCode);
  }
  return make('sf_unknown', message || sfCode, false, sfCode, fields);
}

/** Token-endpoint `error` values. */
export function classifyOAuthError(error: string, description: string): SfError {
  const message = `Salesforce sign-in refused (${error}): ${description}`;
  if (error === 'invalid_client' || error === 'invalid_client_id')
    return make('sf_auth_invalid_client', message, false, error);
  if (/^ERROR_HTTP_5\d\d$/.test(error)) return make('sf_unavailable', message, true, error);
  return make('sf_auth_revoked', message, false, error);
}

/**
 * Classifies anything thrown by a jsforce request: `HttpApiError` (`errorCode`, `data`), a fetch
 * or socket failure (`code`, `cause.code`), an abort/timeout, or a plain `Error`.
 */
export function classifyThrown(e: unknown): SfError {
  const err = e as {
    name?: string;
    message?: string;
    errorCode?: string;
    code?: string;
    cause?: { code?: string };
    data?: unknown;
  };
  const message = typeof err?.message === 'string' ? err.message : String(e);
  const netCode = err?.code ?? err?.cause?.code;
  if (err?.name === 'AbortError' || /aborted due to timeout/i.test(message)) {
    return make('sf_unavailable', 'Salesforce did not answer in time', true, 'TIMEOUT');
  }
  if (typeof netCode === 'string' && NETWORK.has(netCode))
    return make('sf_unavailable', `Network error talking to Salesforce (${netCode})`, true, netCode);
  if (err?.name === 'FetchError' || /fetch failed|socket hang up|other side closed/i.test(message)) {
    return make('sf_unavailable', `Network error talking to Salesforce: ${message}`, true, 'NETWORK');
  }
  if (typeof err?.errorCode === 'string') {
    if (err.errorCode === 'MULTIPLE_API_ERRORS' && Array.isArray(err.data) && err.data.length) {
      const first = err.data[0] as { errorCode?: string; statusCode?: string; message?: string; fields?: string[] };
      return classifySalesforceCode(
        first.errorCode ?? first.statusCode ?? 'UNKNOWN',
        first.message ?? message,
        first.fields,
      );
    }
    const fields = (err.data as { fields?: string[] } | undefined)?.fields;
    return classifySalesforceCode(err.errorCode, message, Array.isArray(fields) ? fields : []);
  }
  return make('sf_unknown', message, false);
}
