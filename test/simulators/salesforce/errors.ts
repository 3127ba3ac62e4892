/**
 * @module
 * The org's error shapes. Top-level REST errors are a JSON array of `{message, errorCode, fields?}`;
 * per-record DML errors (Collections, Composite bodies) use `statusCode` instead of `errorCode`.
 */

/** One per-record DML error, as Collections and sObject saves report it. */
export interface DmlError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: readonly string[];
}

/** A simulated HTTP answer. */
export interface SimResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Set when the body is already serialized (CSV results). */
  readonly text?: string;
}

/** An error that ends the whole request (HTTP 4xx with the REST error envelope). */
export class RestError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly fields: readonly string[] | undefined;
  constructor(status: number, errorCode: string, message: string, fields?: readonly string[]) {
    super(message);
    this.name = 'RestError';
    this.status = status;
    this.errorCode = errorCode;
    this.fields = fields;
  }
  toResponse(): SimResponse {
    const entry: Record<string, unknown> = { message: this.message, errorCode: this.errorCode };
    if (this.fields) entry.fields = this.fields;
    return { status: this.status, body: [entry] };
  }
}

export const notFound = (message = 'The requested resource does not exist'): RestError =>
  new RestError(404, 'NOT_FOUND', message);

export const dmlError = (statusCode: string, message: string, fields: readonly string[] = []): DmlError => ({
  statusCode,
  message,
  fields,
});

export const PROCESSING_HALTED_MESSAGE =
  'The transaction was rolled back since another operation in the same transaction failed.';
