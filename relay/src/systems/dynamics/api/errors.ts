/**
 * @module
 * Dataverse failures as typed results with stable codes. Dataverse answers
 * `{"error":{"code":"0x80040237","message":"…"}}` (the hex code is often empty and unrelated to the
 * HTTP status; reference §3.8, `shared/spec/dynamics/error-*.json`). The message starts with what a
 * person can do about it, then Dataverse's own words and code; the parsed error is the `cause`.
 *
 * | code | when | retryable |
 * |---|---|---|
 * | `dyn_already_exists` | 412 "A record with matching key values already exists." (create-only, `If-None-Match: *`) | no |
 * | `dyn_duplicate_record` | 0x80040237 DuplicateRecord, 0x80060892 DuplicateRecordEntityKey (another row holds the key) | no |
 * | `dyn_not_found` | 404, 0x80040217 ObjectDoesNotExist (also update-only, `If-Match: *`, on a missing row) | no |
 * | `dyn_concurrency` | 412 RowVersion mismatch, 0x80060882 ConcurrencyVersionMismatch (stale `If-Match` ETag) | no: read again |
 * | `dyn_forbidden` | 403, 0x80040220 PrivilegeDenied, 0x80048306 access check, 0x80040299 CrmCheckPrivilege | no |
 * | `dyn_validation` | 0x80044331 too long, 0x80040203 InvalidArgument, 0x80040200 required, 0x80048d19 payload, 0x80048d0b not valid for create/update, 0x80060888 bad query or key, any other 400 without a code | no |
 * | `dyn_plugin_refused` | 0x80040265 IsvAborted: a plug-in refused the change (trace and help link kept) | no |
 * | `dyn_delta_expired` | 0x80044352 ExpiredVersionStamp: the delta link is older than the organization keeps changes | no: read in full |
 * | `dyn_throttled` | 429 (0x80072322 requests, 0x80072321 execution time, 0x80072326 concurrency) after the bounded waits | yes |
 * | `dyn_unavailable` | 5xx, 0x80040216 UnexpectedError, no answer, a timeout | yes |
 * | `dyn_unauthorized` | 401 still after one fresh token | no: check the application user |
 * | `dyn_bad_key` | a key value Dataverse cannot address (`: / < > * % & \ ? +`), refused before sending | no |
 * | `dyn_bad_response` | an answer that is not what the Web API promises | yes |
 * | `dyn_rejected` | any other code: Dataverse's message and hex code, as sent | no |
 * | `dyn_sign_in_*` | from `auth.ts` (refused, unknown tenant, wrong environment, unavailable) | see there |
 */
import { relayError, type RelayError } from '../../../lib/result.ts';
import { asObject } from './json.ts';

export type DynErrorCode =
  | 'dyn_already_exists'
  | 'dyn_duplicate_record'
  | 'dyn_not_found'
  | 'dyn_concurrency'
  | 'dyn_forbidden'
  | 'dyn_validation'
  | 'dyn_plugin_refused'
  | 'dyn_delta_expired'
  | 'dyn_throttled'
  | 'dyn_unavailable'
  | 'dyn_unauthorized'
  | 'dyn_bad_key'
  | 'dyn_bad_response'
  | 'dyn_rejected'
  | 'dyn_batch_too_large'
  | 'dyn_sign_in_refused'
  | 'dyn_sign_in_unknown_tenant'
  | 'dyn_sign_in_wrong_environment'
  | 'dyn_sign_in_unavailable';

const PLAIN: Record<DynErrorCode, string> = {
  dyn_already_exists: 'Dynamics already has a record with this key, and the relay asked only to create one.',
  dyn_duplicate_record:
    'Dynamics already has another record with these key values (or this id); keys must be unique, so find and merge or fix the other record.',
  dyn_not_found: 'Dynamics has no such record; it may have been deleted there.',
  dyn_concurrency:
    'Someone changed this record in Dynamics since the relay read it; the relay must read it again and re-apply its change.',
  dyn_forbidden:
    "The relay's application user in Dynamics lacks a privilege for this; an administrator must add it to the user's security role.",
  dyn_validation: 'Dynamics refused the values sent.',
  dyn_plugin_refused:
    'A plug-in or business rule in Dynamics refused the change; whoever maintains that customization can tell why.',
  dyn_delta_expired:
    'Dynamics no longer keeps the changes since the last read (older than the organization keeps them); read the table in full again.',
  dyn_throttled:
    'Dynamics is limiting how fast the relay may send requests (service protection limits); it will try again later.',
  dyn_unavailable: 'Dynamics did not answer properly (it may be down or slow); the relay will try again.',
  dyn_unauthorized:
    'Dynamics did not accept the relay’s sign-in even with a fresh token; check that the application user exists and is enabled in this environment.',
  dyn_bad_key:
    'This key value cannot be used to address a record in Dynamics (it holds one of : / < > * % & \\ ? +); use an id column without these characters.',
  dyn_bad_response: 'Dynamics answered in a way the relay does not understand.',
  dyn_rejected: 'Dynamics refused the request.',
  dyn_batch_too_large: 'A change set holds more operations than one Dynamics $batch allows (1,000); split it.',
  dyn_sign_in_refused:
    'Microsoft Entra ID refused the relay’s sign-in: check the client id and client secret (the secret’s value, not its id, and not expired).',
  dyn_sign_in_unknown_tenant: 'Microsoft Entra ID does not know this tenant; check the tenant id.',
  dyn_sign_in_wrong_environment:
    'Microsoft Entra ID knows no Dynamics environment at this URL in the tenant; check the environment URL.',
  dyn_sign_in_unavailable: 'The Microsoft sign-in did not answer properly; the relay will try again.',
};

const RETRYABLE: ReadonlySet<DynErrorCode> = new Set([
  'dyn_throttled',
  'dyn_unavailable',
  'dyn_bad_response',
  'dyn_sign_in_unavailable',
]);

/** Dataverse's hex codes the relay knows, lower-case. */
const BY_HEX: Readonly<Record<string, DynErrorCode>> = {
  '0x80040237': 'dyn_duplicate_record',
  '0x80060892': 'dyn_duplicate_record',
  '0x80040217': 'dyn_not_found',
  '0x80060882': 'dyn_concurrency',
  '0x80040220': 'dyn_forbidden',
  '0x80048306': 'dyn_forbidden',
  '0x80040299': 'dyn_forbidden',
  '0x80044331': 'dyn_validation',
  '0x80040203': 'dyn_validation',
  '0x80040200': 'dyn_validation',
  '0x80048d19': 'dyn_validation',
  '0x80048d0b': 'dyn_validation',
  '0x80060888': 'dyn_validation',
  '0x80040265': 'dyn_plugin_refused',
  '0x80044352': 'dyn_delta_expired',
  '0x80072322': 'dyn_throttled',
  '0x80072321': 'dyn_throttled',
  '0x80072326': 'dyn_throttled',
  '0x80040216': 'dyn_unavailable',
};

/** What Dataverse said: its error object, annotations included (`Prefer: odata.include-annotations="*"`). */
export interface DataverseFault {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** `@Microsoft.PowerApps.CDS.*` annotations, by the part after the prefix (`TraceText`, `HelpLink`, …). */
  readonly details: Readonly<Record<string, string>>;
}

const ANNOTATION = '@Microsoft.PowerApps.CDS.';

/**
 * The fault an error answer carries; an answer without Dataverse's shape gives an empty code.
 * @example readFault(412, '{"error":{"code":"","message":"A record with matching key values already exists."}}').message
 */
export function readFault(status: number, text: string): DataverseFault {
  let error: Record<string, unknown> | undefined;
  try {
    error = asObject(asObject(JSON.parse(text))?.error);
  } catch {
    error = undefined;
  }
  const details: Record<string, string> = {};
  for (const [k, v] of Object.entries(error ?? {})) {
    if (k.startsWith(ANNOTATION) && (typeof v === 'string' || typeof v === 'number'))
      details[k.slice(ANNOTATION.length)] = String(v);
  }
  return {
    status,
    code: typeof error?.code === 'string' ? error.code : '',
    message: typeof error?.message === 'string' ? error.message : '',
    details,
  };
}

/**
 * The stable code of a fault.
 * @example classifyFault({ status: 412, code: '', message: "The version of the existing record doesn't match the RowVersion property provided.", details: {} }) // 'dyn_concurrency'
 */
export function classifyFault(f: DataverseFault): DynErrorCode {
  const known = BY_HEX[f.code.toLowerCase()];
  if (known) return known;
  if (f.status === 429) return 'dyn_throttled';
  if (f.status === 401) return 'dyn_unauthorized';
  if (f.status === 403) return 'dyn_forbidden';
  if (f.status === 412) {
    if (/matching key values already exists/i.test(f.message)) return 'dyn_already_exists';
    if (/version|rowversion/i.test(f.message)) return 'dyn_concurrency';
  }
  if (f.status >= 500) return 'dyn_unavailable';
  if (f.code !== '') return 'dyn_rejected';
  if (f.status === 404) return 'dyn_not_found';
  return f.status === 400 ? 'dyn_validation' : 'dyn_rejected';
}

/** The first line of a plug-in trace that says something (`Entering MyClass plug-in.`). */
const traceLine = (trace: string | undefined): string | undefined =>
  trace
    ?.split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('['));

function said(f: DataverseFault): string {
  const words = f.message || (f.status ? `HTTP ${f.status}` : '');
  const parts = [` Dynamics said: ${words}${f.code ? ` (code ${f.code})` : ''}.`];
  const trace = traceLine(f.details.TraceText);
  if (trace) parts.push(` Plug-in trace: ${trace}`);
  if (f.details.HelpLink) parts.push(` Help: ${f.details.HelpLink}`);
  return parts.join('');
}

/**
 * A failure with one of this module's codes; `fault` becomes the cause and ends the message.
 * @example dynError('dyn_bad_key', undefined, '(lb_quickbooksid "A&B" holds "&")')
 */
export function dynError(code: DynErrorCode, fault?: DataverseFault, extra = ''): RelayError {
  const message = `${PLAIN[code]}${extra ? ` ${extra}` : ''}${fault ? said(fault) : ''}`;
  return relayError(code, message, { retryable: RETRYABLE.has(code), cause: fault });
}

/**
 * The failure an error answer amounts to.
 * @example faultError(404, '{"error":{"code":"0x80040217","message":"account With Id = … Does Not Exist"}}').code // 'dyn_not_found'
 */
export function faultError(status: number, text: string): RelayError {
  const fault = readFault(status, text);
  return dynError(classifyFault(fault), fault);
}
