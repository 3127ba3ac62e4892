/**
 * @module
 * QuickBooks' error bodies, in the shapes the recorded samples show (`spec/samples/errors/`):
 * - a 400 Fault, `{"Fault":{"Error":[{Message,Detail,code,element}],"type":"ValidationFault"},"time"}`;
 * - a 401/403 from the gateway with LOWER-CASE keys and an epoch-millis `time`
 *   (fault.3200.401.lowercase-envelope…json);
 * - XML `IntuitResponse` bodies, which QuickBooks sends for throttling and some auth failures even
 *   when JSON was asked for (fault.3001.throttle.429…xml, fault.100.401.authenticationfault…xml).
 */

export type FaultType = 'ValidationFault' | 'SystemFault' | 'AuthenticationFault' | 'AUTHENTICATION' | 'SERVICE';

export interface FaultError {
  readonly Message: string;
  readonly Detail: string;
  readonly code: string;
  readonly element: string;
}

/** A simulated HTTP answer: JSON (`body`) or already-serialised text (`text`, e.g. XML). */
export interface SimResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly text?: string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A refusal that ends the request (or, inside a batch, the item). */
export class QboFault extends Error {
  readonly status: number;
  readonly type: FaultType;
  readonly errors: readonly FaultError[];
  constructor(status: number, type: FaultType, errors: readonly FaultError[]) {
    super(errors.map((e) => `${e.code} ${e.Message}: ${e.Detail}`).join('; '));
    this.name = 'QboFault';
    this.status = status;
    this.type = type;
    this.errors = errors;
  }
  /** The `Fault` object, as a body holds it or a batch item carries it. */
  fault(): { Error: FaultError[]; type: FaultType } {
    return { Error: [...this.errors], type: this.type };
  }
}

export const validationFault = (code: string, Message: string, Detail: string, element = ''): QboFault =>
  new QboFault(400, 'ValidationFault', [{ Message, Detail, code, element }]);

/** 2010: what Jackson's deserialiser answers for an unknown key or a value of the wrong type. */
export const unsupportedProperty = (detail: string): QboFault =>
  validationFault(
    '2010',
    'Request has invalid or unsupported property',
    `Property Name:${detail} specified is unsupported or invalid`,
  );

/** 2020, with the Message/Detail of fault.2020.required-param.from-docs-text.json. */
export const requiredParam = (name: string): QboFault =>
  validationFault(
    '2020',
    'Required param missing, need to supply the required value for the API',
    `Required parameter ${name} is missing in the request`,
  );

/** 610, with the strings of batch.response.faults-6240-610-5010.intuit-docs.json. */
export const objectNotFound = (what: string): QboFault =>
  validationFault(
    '610',
    'Object Not Found',
    `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.`,
    what,
  );

/** 5010, with the strings of the same batch sample. */
export const staleObject = (): QboFault =>
  validationFault(
    '5010',
    'Stale Object Error',
    'Stale Object Error : You and root were working on this at the same time. root finished before you did, so your work was not saved.',
  );

/** 6240 (DisplayName is unique across Customer, Vendor and Employee; Name within Item/Account/Class/Department). */
export const duplicateName = (kind: string): QboFault =>
  validationFault(
    '6240',
    'Duplicate Name Exists Error',
    `The name supplied already exists. : Another ${kind} is already using this name. Please use a different name.`,
  );

/** 2500, as fault.2500.invalid-reference.php-sdk-issue110.xml words it. */
export const invalidReference = (element: string): QboFault =>
  validationFault(
    '2500',
    'Invalid Reference Id',
    `Invalid Reference Id : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.`,
    element,
  );

/** 6000: QuickBooks' generic business-validation error; the rule is in `Detail`. */
export const businessValidation = (detail: string, element = ''): QboFault =>
  validationFault(
    '6000',
    'A business validation error has occurred while processing your request',
    `Business Validation Error: ${detail}`,
    element,
  );

/** 4000/4001 query errors (fault.4001.query-validation.ruby.xml). */
export const queryParserError = (detail: string): QboFault =>
  validationFault('4000', 'Error parsing query', `QueryParserError: ${detail}`);
export const queryValidationError = (detail: string): QboFault =>
  validationFault('4001', 'Invalid query', `QueryValidationError: ${detail}`);

/** The JSON 400 body. */
export function faultBody(fault: QboFault, time: string): SimResponse {
  return { status: fault.status, body: { Fault: fault.fault(), time } };
}

/** The gateway's 401/403 body: lower-case keys, null siblings, epoch-millis time (issue 250 sample). */
export function gatewayFault(
  status: 401 | 403,
  code: string,
  message: string,
  detail: string,
  type: string,
  nowMs: number,
): SimResponse {
  return {
    status,
    body: {
      warnings: null,
      intuitObject: null,
      fault: { error: [{ message, detail, code, element: null }], type },
      report: null,
      queryResponse: null,
      batchItemResponse: [],
      attachableResponse: [],
      syncErrorResponse: null,
      requestId: null,
      time: nowMs,
      status: null,
      cdcresponse: [],
    },
  };
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An `IntuitResponse` XML fault body. */
export function xmlFault(
  status: number,
  type: string,
  code: string,
  message: string,
  detail: string,
  time: string,
): SimResponse {
  const text =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${xmlEscape(time)}">\n` +
    `  <Fault type="${xmlEscape(type)}">\n` +
    `    <Error code="${xmlEscape(code)}">\n` +
    `      <Message>${xmlEscape(message)}</Message>\n` +
    `      <Detail>${xmlEscape(detail)}</Detail>\n` +
    `    </Error>\n` +
    `  </Fault>\n` +
    `</IntuitResponse>\n`;
  return { status, text, contentType: 'application/xml' };
}

/** 429 ThrottleExceeded, as fault.3001.throttle.429.ruby.xml (XML even for JSON clients). */
export const throttled = (time: string): SimResponse =>
  xmlFault(
    429,
    'SERVICE',
    '3001',
    'message=ThrottleExceeded; errorCode=003001; statusCode=429',
    'The request limit was reached.  Try again later',
    time,
  );
