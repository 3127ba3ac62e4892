/**
 * @module
 * Dataverse's error answers: `{"error":{"code":"0x…","message":"…"}}` (reference §3.8; the code is
 * often empty and unrelated to the HTTP status). The recorded bodies in
 * `spec/error-*.json` (copied from shared/spec/dynamics) are reproduced word for word; the others use the codes
 * the reference and public reports show, and where none was found (required column, read-only
 * state, duplicate metadata) the simulator's own wording in Dataverse's shape.
 */

export class DataverseError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

const type = (table: string) => `Microsoft.Dynamics.CRM.${table}`;

/** 404 by id: `account With Id = … Does Not Exist` (recorded upsert sample has code ""; a GET's is 0x80040217). */
export const notFound = (table: string, id: string, code = '0x80040217') =>
  new DataverseError(404, code, `${table} With Id = ${id} Does Not Exist`);

/** 404 by alternate key. */
export const keyNotFound = (table: string, code = '0x80040217') =>
  new DataverseError(404, code, `A record with the specified key values does not exist in ${table} entity`);

/** 412 If-None-Match: * on an existing row (recorded). */
export const duplicateKey = () => new DataverseError(412, '', 'A record with matching key values already exists.');

/** 412 stale If-Match etag (recorded). */
export const versionMismatch = () =>
  new DataverseError(412, '', "The version of the existing record doesn't match the RowVersion property provided.");

/** 412 for a create or update that collides with an alternate key (0x80060892 DuplicateRecordEntityKey). */
export const duplicateKeyOnCreate = (values: string, key: string) =>
  new DataverseError(
    412,
    '0x80060892',
    `A record that has the attribute values ${values} already exists. The entity key ${key} requires that this set of attributes contains unique values. Select unique values and try again.`,
  );

/** 400 for a bulk message without `Targets` (the wording Dataverse gives, microsoft/PowerPlatform-DataverseServiceClient#495; the code is ours). */
export const targetsMissing = (message: string) =>
  new DataverseError(400, '0x80040203', `Required field 'Targets' is missing for RequestName='${message}'.`);

/** 400 for `Targets` that is not a list of rows, or an empty one (the simulator's wording). */
export const targetsInvalid = (message: string) =>
  new DataverseError(400, '0x80040203', `The 'Targets' of ${message} must be a non-empty array of records.`);

/** 400 for a bulk target without `@odata.type`, which the Web API requires on every one (the simulator's wording). */
export const targetTypeMissing = (message: string, index: number) =>
  new DataverseError(
    400,
    '0x80048d19',
    `Error identified in Payload provided by the user for ${message}: the record at Targets[${index}] has no '@odata.type' annotation; every record must name its type.`,
  );

/** 400 for a bulk target of another table (InvalidArgument, as the SDK's CreateMultiple answers it; the wording is ours). */
export const targetTypeMismatch = (message: string, index: number, given: string, table: string) =>
  new DataverseError(
    400,
    '0x80040203',
    `The record at Targets[${index}] of ${message} is of type '${given}'; all records must be of type '${type(table)}'.`,
  );

/** 400 for an UpdateMultiple target that names no row, or names it two ways that disagree (the simulator's wording). */
export const targetWithoutRow = (index: number, table: string, primaryId: string) =>
  new DataverseError(
    400,
    '0x80040203',
    `The record at Targets[${index}] of UpdateMultiple must name one ${table} row, by its '${primaryId}' or by '@odata.id'.`,
  );

/** 400 for a property in a query option that the type does not have (0x80060888). */
export const noSuchProperty = (table: string, name: string) =>
  new DataverseError(400, '0x80060888', `Could not find a property named '${name}' on type '${type(table)}'.`);

/** 400 for a property in a request body that the type does not have (0x80048d19, payload error). */
export const invalidPayloadProperty = (table: string, entitySet: string, name: string) =>
  new DataverseError(
    400,
    '0x80048d19',
    `Error identified in Payload provided by the user for Entity :'${entitySet}', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ---->  InnerException : Microsoft.OData.ODataException: The property '${name}' does not exist on type '${type(table)}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
  );

/** 400 for a URL the OData parser cannot read (0x80060888). */
export const badQuery = (message: string) => new DataverseError(400, '0x80060888', message);

/** 400 when the key segment names no defined key. */
export const invalidKey = (table: string) =>
  new DataverseError(
    400,
    '0x80060888',
    `The key in the request URI is not valid for resource '${type(table)}'. Ensure that the names and number of key properties match the declared or alternate key properties for the resource '${type(table)}'.`,
  );

/** 404 for an entity set that does not exist. */
export const noSuchResource = (segment: string) =>
  new DataverseError(404, '0x80060888', `Resource not found for the segment '${segment}'.`);

/** 400 when a string is longer than the column allows (0x80044331, the recorded batch sample's). */
export const tooLong = (table: string, column: string, max: number) =>
  new DataverseError(
    400,
    '0x80044331',
    `A validation error occurred.  The length of the '${column}' attribute of the '${table}' entity exceeded the maximum allowed length of '${max}'.`,
  );

/** 400 for a value of the wrong kind or a choice the column does not have (0x80040203 InvalidArgument). */
export const invalidArgument = (message: string) => new DataverseError(400, '0x80040203', message);

/** 400 for a system-required column left empty on create (0x80040200). */
export const requiredMissing = (table: string, column: string) =>
  new DataverseError(400, '0x80040200', `Attribute '${column}' of entity '${table}' is required and cannot be null.`);

/** 400 for a column that cannot be set on create or update (0x80048d0b). */
export const notValidFor = (column: string, op: 'create' | 'update') =>
  new DataverseError(400, '0x80048d0b', `Field '${column}' is not valid for ${op}.`);

/** 400 for a state/status pair that does not belong together (0x80040203 / statuscode). */
export const invalidStatus = (table: string, status: number, state: number) =>
  new DataverseError(400, '0x80040203', `${status} is not a valid status code for state code ${table}State.${state}`);

/** 400 when a row is read-only in its state (a Paid or Canceled invoice, a Canceled order). */
export const readOnlyInState = (table: string, state: string) =>
  new DataverseError(400, '0x80043b1c', `The ${table} cannot be updated because it is ${state}.`);

/** 400 for a metadata create of something that exists (0x80044363 / 0x80047013). */
export const duplicateMetadata = (what: string, name: string) =>
  new DataverseError(
    400,
    what === 'attribute' ? '0x80044363' : '0x80047013',
    `A ${what} with the name ${name} already exists.`,
  );

/** 400 for a delta token older than the organization keeps changes (ExpiredVersionStamp). */
export const expiredVersionStamp = () =>
  new DataverseError(
    400,
    '0x80044352',
    'Version stamp associated with the client has expired. Please perform a full sync.',
  );

/** 400 for track-changes on a table whose ChangeTrackingEnabled is off (the simulator's wording). */
export const trackingNotEnabled = (table: string) =>
  new DataverseError(400, '0x80060888', `Change tracking is not enabled for the entity '${table}'.`);

/** 400 for query options change tracking refuses. */
export const notWithTracking = (option: string) =>
  new DataverseError(
    400,
    '0x80060888',
    `The ${option} query parameter isn't supported when Change Tracking is enabled.`,
  );

/** 429, the three service protection measures (api-limits.md). */
export const tooManyRequests = (limit: number, windowSeconds: number, retryAfter: number) =>
  new DataverseError(
    429,
    '0x80072322',
    `Number of requests exceeded the limit of ${limit} over time window of ${windowSeconds} seconds.`,
    { 'retry-after': String(retryAfter) },
  );
export const tooManyConcurrent = (limit: number, retryAfter: number) =>
  new DataverseError(429, '0x80072326', `Number of concurrent requests exceeded the limit of ${limit}.`, {
    'retry-after': String(retryAfter),
  });
export const executionTimeExceeded = (retryAfter: number) =>
  new DataverseError(
    429,
    '0x80072321',
    'Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over time window of 300 seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.',
    { 'retry-after': String(retryAfter) },
  );

/** 500 as a failing plug-in or platform answers (0x80040216 UnexpectedError). */
export const serverError = () => new DataverseError(500, '0x80040216', 'An unexpected error occurred.');
