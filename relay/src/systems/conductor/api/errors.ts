/**
 * @module
 * Conductor failures as typed results with stable codes. Conductor answers
 * `{"error":{message,userFacingMessage,type,code,httpStatusCode,requestId,integrationCode?}}`
 * (spec `components.schemas.Error`); the code names are not all published, so the mapping goes by
 * `type` and HTTP status, and by QuickBooks' own status code (`integrationCode`) where one means
 * something the relay acts on. The message starts with what a bookkeeper can do, then Conductor's
 * `userFacingMessage` (unless masked) and its own words and codes; the parsed error is the `cause`.
 *
 * | code | when | retryable |
 * |---|---|---|
 * | `cdt_unauthorized` | AUTHENTICATION_ERROR, 401: the secret key is wrong or revoked | no |
 * | `cdt_forbidden` | PERMISSION_ERROR, 403 | no |
 * | `cdt_unknown_end_user` | 404 RESOURCE_MISSING naming the end user | no |
 * | `cdt_not_found` | 404; INTEGRATION_ERROR with QuickBooks 500 (no such record) | no |
 * | `cdt_invalid_request` | INVALID_REQUEST_ERROR, 400/422: Conductor refused the request's shape | no |
 * | `cdt_cursor_expired` | 400 INVALID_REQUEST_ERROR: the list iterator behind the cursor is gone (`reads.ts` restarts the list) | yes |
 * | `cdt_rate_limited` | 429 after the transport's retries | yes |
 * | `cdt_quickbooks_unreachable` | INTEGRATION_CONNECTION_ERROR: QuickBooks not running, another company file open, a dialog open, the Web Connector offline, QuickBooks too slow | yes, once fixed |
 * | `cdt_stale_revision` | INTEGRATION_ERROR with QuickBooks 3200: the `revisionNumber` is out of date | no: read again |
 * | `cdt_quickbooks_refused` | any other INTEGRATION_ERROR: QuickBooks refused the request | no |
 * | `cdt_internal` | INTERNAL_ERROR | yes |
 * | `cdt_unavailable` | no answer, a timeout, a 408/409/5xx without Conductor's error object | yes |
 * | `cdt_bad_response` | an answer that is not what the API promises | yes |
 */
import { z } from 'zod';
import { relayError, type RelayError } from '../../../lib/result.ts';
import { parseJson } from './json.ts';

export type CdtErrorCode =
  | 'cdt_unauthorized'
  | 'cdt_forbidden'
  | 'cdt_unknown_end_user'
  | 'cdt_not_found'
  | 'cdt_invalid_request'
  | 'cdt_cursor_expired'
  | 'cdt_rate_limited'
  | 'cdt_quickbooks_unreachable'
  | 'cdt_stale_revision'
  | 'cdt_quickbooks_refused'
  | 'cdt_internal'
  | 'cdt_unavailable'
  | 'cdt_bad_response';

/** What each code means for the bookkeeper, in plain words. */
const PLAIN: Readonly<Record<CdtErrorCode, string>> = {
  cdt_unauthorized:
    'Conductor did not accept the relay’s secret key; check the Conductor secret key in the relay’s settings (it may have been revoked).',
  cdt_forbidden: 'Conductor does not allow the relay to do this with its secret key.',
  cdt_unknown_end_user:
    'Conductor knows no end user with this id; check the Conductor end-user id of this QuickBooks connection.',
  cdt_not_found: 'QuickBooks Desktop has no such record (it may have been deleted).',
  cdt_invalid_request: 'Conductor refused the request as malformed; this is a fault in the relay, not in QuickBooks.',
  cdt_cursor_expired:
    'QuickBooks Desktop dropped the list the relay was reading (it keeps a list open only 10 seconds between pages); the relay will read it again.',
  cdt_rate_limited: 'Conductor is limiting how fast the relay may send requests; the relay will try again later.',
  cdt_quickbooks_unreachable:
    'The relay could not reach QuickBooks Desktop through the Web Connector; once QuickBooks is ready, the relay will try again.',
  cdt_stale_revision:
    'The record was changed in QuickBooks Desktop after the relay read it; the relay must read it again before changing it.',
  cdt_quickbooks_refused: 'QuickBooks Desktop refused the change.',
  cdt_internal: 'Conductor had an internal problem; the relay will try again.',
  cdt_unavailable: 'Conductor did not answer properly (it may be down or slow); the relay will try again.',
  cdt_bad_response: 'Conductor answered in a way the relay does not understand.',
};

const RETRYABLE: ReadonlySet<CdtErrorCode> = new Set([
  'cdt_cursor_expired',
  'cdt_rate_limited',
  'cdt_quickbooks_unreachable',
  'cdt_internal',
  'cdt_unavailable',
  'cdt_bad_response',
]);

/** What Conductor said; `type` is empty when the answer had no Conductor error object. */
export interface ConductorFault {
  readonly status: number;
  readonly type: string;
  readonly code: string;
  /** For developers and logs. */
  readonly message: string;
  /** Safe to show the bookkeeper; may be Conductor's masked sentence. */
  readonly userFacingMessage: string;
  /** QuickBooks' or the Web Connector's code (`3200`, `0x80040408`), when there is one. */
  readonly integrationCode: string | undefined;
  readonly requestId: string | undefined;
}

const errorObject = z.object({
  error: z.object({
    type: z.string(),
    code: z.string(),
    message: z.string(),
    userFacingMessage: z.string(),
    httpStatusCode: z.number().optional(),
    integrationCode: z.string().nullish(),
    requestId: z.string().nullish(),
  }),
});

/**
 * The fault an error answer carries; an answer without Conductor's shape gives an empty type.
 * @example readFault(401, '{"error":{"type":"AUTHENTICATION_ERROR","code":"API_KEY_INVALID","message":"…","userFacingMessage":"…"}}').type // 'AUTHENTICATION_ERROR'
 */
export function readFault(status: number, text: string): ConductorFault {
  const r = errorObject.safeParse(parseJson(text));
  if (!r.success)
    return {
      status,
      type: '',
      code: '',
      message: '',
      userFacingMessage: '',
      integrationCode: undefined,
      requestId: undefined,
    };
  const e = r.data.error;
  return {
    status,
    type: e.type,
    code: e.code,
    message: e.message,
    userFacingMessage: e.userFacingMessage,
    integrationCode: e.integrationCode ?? undefined,
    requestId: e.requestId ?? undefined,
  };
}

/**
 * The stable code of a fault.
 * @example classifyFault({ status: 502, type: 'INTEGRATION_ERROR', code: 'QBD_REQUEST_ERROR', message: '', userFacingMessage: '', integrationCode: '3200', requestId: undefined }) // 'cdt_stale_revision'
 */
export function classifyFault(f: ConductorFault): CdtErrorCode {
  switch (f.type) {
    case 'AUTHENTICATION_ERROR':
      return 'cdt_unauthorized';
    case 'PERMISSION_ERROR':
      return 'cdt_forbidden';
    case 'INTEGRATION_CONNECTION_ERROR':
      return 'cdt_quickbooks_unreachable';
    case 'INTEGRATION_ERROR':
      if (f.integrationCode === '3200') return 'cdt_stale_revision';
      return f.integrationCode === '500' ? 'cdt_not_found' : 'cdt_quickbooks_refused';
    case 'INTERNAL_ERROR':
      return 'cdt_internal';
  }
  if (f.status === 429) return 'cdt_rate_limited';
  if (isCursorGone(f)) return 'cdt_cursor_expired';
  if (f.status === 401) return 'cdt_unauthorized';
  if (f.status === 403) return 'cdt_forbidden';
  if (f.status === 404) return /end ?user/i.test(f.message) ? 'cdt_unknown_end_user' : 'cdt_not_found';
  if (f.type === 'INVALID_REQUEST_ERROR') return 'cdt_invalid_request';
  if (f.status === 408 || f.status === 409 || f.status >= 500) return 'cdt_unavailable';
  return f.status >= 400 && f.status < 500 ? 'cdt_invalid_request' : 'cdt_bad_response';
}

/** Conductor's sentence for "the real reason is for the developer only". */
const MASKED = /^An internal server error occurred\b/i;

function said(f: ConductorFault): string {
  const parts: string[] = [];
  if (f.userFacingMessage && !MASKED.test(f.userFacingMessage)) parts.push(` ${f.userFacingMessage}`);
  const codes = [
    f.code && `code ${f.code}`,
    f.integrationCode && `QuickBooks code ${f.integrationCode}`,
    f.requestId && `request ${f.requestId}`,
  ].filter((c) => c);
  const words = f.message || `HTTP ${f.status}`;
  parts.push(` Conductor said: ${words}${codes.length ? ` (${codes.join(', ')})` : ''}.`);
  return parts.join('');
}

/**
 * A failure with one of this module's codes; `fault` becomes the cause and ends the message.
 * @example cdtError('cdt_unavailable', undefined, '(no answer within 120000 ms)')
 */
export function cdtError(code: CdtErrorCode, fault?: ConductorFault, extra = ''): RelayError {
  const message = `${PLAIN[code]}${extra ? ` ${extra}` : ''}${fault ? said(fault) : ''}`;
  return relayError(code, message, { retryable: RETRYABLE.has(code), cause: fault });
}

/**
 * The failure an error answer amounts to.
 * @example faultError(502, '{"error":{"type":"INTEGRATION_CONNECTION_ERROR","code":"QBD_CONNECTION_ERROR","message":"…","userFacingMessage":"Open QuickBooks Desktop …","integrationCode":"0x80040408"}}').code // 'cdt_quickbooks_unreachable'
 */
export function faultError(status: number, text: string): RelayError {
  const fault = readFault(status, text);
  return cdtError(classifyFault(fault), fault);
}

/**
 * Whether a fault says the list iterator behind a cursor is gone (QuickBooks keeps it 10 seconds
 * after a page). Conductor's code for this is not published: a 400 INVALID_REQUEST_ERROR whose
 * words say the cursor expired or does not exist.
 */
function isCursorGone(f: ConductorFault): boolean {
  return (
    f.status === 400 &&
    f.type === 'INVALID_REQUEST_ERROR' &&
    (f.code === 'INVALID_CURSOR' || /cursor.*(expired|does not exist|invalid)/i.test(f.message))
  );
}
