/**
 * @module
 * Conductor's error object (`{"error":{message,userFacingMessage,type,code,httpStatusCode,requestId,
 * integrationCode?}}`, spec `components.schemas.Error`) and the answers the simulator gives with it.
 * Codes taken from Conductor's docs and spec: API_KEY_INVALID, RESOURCE_MISSING, QBD_REQUEST_ERROR,
 * QBD_CONNECTION_ERROR. QuickBooks' own failures keep QuickBooks' status code or HRESULT in
 * `integrationCode` and Conductor's `QBD Request Error (3200): …` message form (the stale-revision
 * text is the one reported from live traffic). Codes this simulator had to name itself — no public
 * source gives them — are marked "(ours)" where they are built; a client should branch on `type`
 * and `httpStatusCode` for those, never on the exact code.
 */

export type ErrorType =
  | 'INTEGRATION_ERROR'
  | 'INTEGRATION_CONNECTION_ERROR'
  | 'INVALID_REQUEST_ERROR'
  | 'AUTHENTICATION_ERROR'
  | 'PERMISSION_ERROR'
  | 'INTERNAL_ERROR';

export interface ConductorError {
  readonly status: number;
  readonly type: ErrorType;
  readonly code: string;
  readonly message: string;
  readonly userFacingMessage: string;
  readonly integrationCode?: string;
  /** Extra response headers (Retry-After on a 429). */
  readonly headers?: Record<string, string>;
}

/** Thrown inside handlers; the app turns it into the error body. */
export class ConductorFailure extends Error {
  readonly error: ConductorError;
  constructor(error: ConductorError) {
    super(error.message);
    this.name = 'ConductorFailure';
    this.error = error;
  }
}

/** The JSON body of an error, with the request's id. */
export function errorBody(e: ConductorError, requestId: string): { error: Record<string, unknown> } {
  return {
    error: {
      message: e.message,
      userFacingMessage: e.userFacingMessage,
      type: e.type,
      code: e.code,
      httpStatusCode: e.status,
      ...(e.integrationCode === undefined ? {} : { integrationCode: e.integrationCode }),
      requestId,
    },
  };
}

/** What Conductor shows end users when the real reason is for the developer only (docs, Error object). */
export const MASKED = 'An internal server error occurred. Please try again later.';

/** 400 INVALID_REQUEST_ERROR: the request's own shape is wrong (Conductor validates before QuickBooks sees it). */
export function invalidRequest(message: string, code = 'INVALID_REQUEST'): ConductorFailure {
  // INVALID_REQUEST (ours): Conductor's code for a failed parameter check is not published.
  return new ConductorFailure({ status: 400, type: 'INVALID_REQUEST_ERROR', code, message, userFacingMessage: MASKED });
}

/** 502 INTEGRATION_ERROR / QBD_REQUEST_ERROR carrying QuickBooks' statusCode and message. */
export function qbdRequestError(statusCode: string, qbMessage: string, userFacing?: string): ConductorFailure {
  return new ConductorFailure({
    status: 502,
    type: 'INTEGRATION_ERROR',
    code: 'QBD_REQUEST_ERROR',
    message: `QBD Request Error (${statusCode}): ${qbMessage}`,
    userFacingMessage: userFacing ?? `QuickBooks Desktop could not process the request: ${qbMessage}`,
    integrationCode: statusCode,
  });
}

/** QuickBooks 3200: an update sent an edit sequence that is no longer the record's current one. */
export const staleRevision = (sent: string): ConductorFailure =>
  qbdRequestError(
    '3200',
    `The provided revision number (edit sequence) "${sent}" is out-of-date.`,
    'The record was changed in QuickBooks Desktop after it was read. Fetch it again and retry the change.',
  );

/** QuickBooks 500 on a query: the id names nothing in the company file (how Conductor passes it through). */
export const notFoundInQuickBooks = (id: string): ConductorFailure =>
  qbdRequestError(
    '500',
    `The query request has not been fully completed. There was a required element ("${id}") that could not be found in QuickBooks.`,
  );

/** QuickBooks 3140: a reference (customerId, itemId …) names no record of that list. */
export const invalidReference = (what: string, id: string, inside: string): ConductorFailure =>
  qbdRequestError(
    '3140',
    `There is an invalid reference to QuickBooks ${what} "${id}" in the ${inside}. QuickBooks error message: Invalid argument. The specified record does not exist in the list.`,
  );

/** QuickBooks 3100: list names are unique per list. */
export const nameInUse = (name: string): ConductorFailure =>
  qbdRequestError('3100', `The name "${name}" of the list element is already in use.`);

/** 401 AUTHENTICATION_ERROR / API_KEY_INVALID, the secret key masked as Conductor prints it. */
export function apiKeyInvalid(sent: string | undefined): ConductorFailure {
  const shown = sent ? `'${sent.slice(0, 8)}...${sent.slice(-4)}'` : undefined;
  return new ConductorFailure({
    status: 401,
    type: 'AUTHENTICATION_ERROR',
    code: 'API_KEY_INVALID',
    message: shown
      ? `Invalid API key provided: ${shown}`
      : 'No API key provided. Set the header "Authorization: Bearer <your secret key>".',
    userFacingMessage: MASKED,
  });
}

/** 404 RESOURCE_MISSING: the Conductor-End-User-Id names no end user of this account. */
export const endUserMissing = (id: string): ConductorFailure =>
  new ConductorFailure({
    status: 404,
    type: 'INVALID_REQUEST_ERROR',
    code: 'RESOURCE_MISSING',
    message: `No EndUser exists with id '${id}'.`,
    userFacingMessage: MASKED,
  });

/** 404 RESOURCE_MISSING for a path Conductor does not serve. */
export const routeMissing = (method: string, path: string): ConductorFailure =>
  new ConductorFailure({
    status: 404,
    type: 'INVALID_REQUEST_ERROR',
    code: 'RESOURCE_MISSING',
    message: `Unrecognized request URL (${method} ${path}).`,
    userFacingMessage: MASKED,
  });
