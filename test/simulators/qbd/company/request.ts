/**
 * @module
 * Reading a qbXML request the way QuickBooks' request processor does before running it: the XML must
 * be well-formed, carry `<?qbxml version?>` ≤ 13.0 (this company plays QuickBooks 2014), contain only
 * ISO-8859-1 characters, and satisfy the schema (schema.ts) for the requests the simulator answers.
 * Any violation fails the whole message set with HRESULT 0x80040400, as in QuickBooks.
 */
import { checkRequest, SchemaViolation, SUPPORTED_RQ, type ValueRefusal } from './schema.ts';
import { MalformedXml, parseXml, type El, type XmlDocument } from './xml.ts';

export { SUPPORTED_RQ } from './schema.ts';

/**
 * QuickBooks failing instead of answering: what QBWC passes to receiveResponseXML/connectionError.
 * `message` is QuickBooks' own text; `detail` says what the simulator found (for test failures).
 */
export class QbHresultError extends Error {
  readonly hresult: string;
  readonly detail: string;
  constructor(hresult: string, message: string, detail = '') {
    super(message);
    this.name = 'QbHresultError';
    this.hresult = hresult;
    this.detail = detail;
  }
}

export const HRESULT = {
  parse: '0x80040400',
  couldNotStart: '0x80040408',
  wrongFile: '0x8004040A',
  modalDialog: '0x80040414',
  versionUnsupported: '0x80040423',
} as const;

/** QuickBooks' answer to a request it cannot parse or that its schema refuses (it names no detail). */
export function parseError(detail: string): QbHresultError {
  return new QbHresultError(
    HRESULT.parse,
    'QuickBooks found an error when parsing the provided XML text stream.',
    detail,
  );
}

export interface ParsedRq {
  readonly name: string;
  readonly type: string;
  readonly requestId: string | undefined;
  readonly el: El;
  /** Set when a value the schema admits cannot be converted (3020): the request is refused alone. */
  readonly refusal?: ValueRefusal;
}

export interface ParsedRequest {
  readonly onError: 'stopOnError' | 'continueOnError' | 'rollbackOnError';
  readonly requests: readonly ParsedRq[];
}

const MSGS_ATTRIBUTES = new Set(['onError', 'newMessageSetID', 'oldMessageSetID', 'responseData']);

/**
 * Parses and validates a request document; throws {@link QbHresultError} as QuickBooks fails.
 * @example const { onError, requests } = parseRequest(xml);
 */
export function parseRequest(xml: string): ParsedRequest {
  for (let i = 0; i < xml.length; i++) {
    if (xml.charCodeAt(i) > 0xff) throw parseError(`Character "${xml[i]}" at position ${i} is outside ISO-8859-1.`);
  }
  let doc: XmlDocument;
  try {
    doc = parseXml(xml);
  } catch (e) {
    if (e instanceof MalformedXml) throw parseError(e.message);
    throw e;
  }
  const version = doc.instructions.qbxml?.version;
  if (version === undefined) throw parseError('The <?qbxml version="..."?> processing instruction is missing.');
  if (!/^\d+\.\d+$/.test(version) || Number(version) > 13) {
    throw new QbHresultError(
      HRESULT.versionUnsupported,
      `This version of QuickBooks does not support qbXML version ${version} (supported up to 13.0).`,
    );
  }
  const root = doc.root;
  const msgs = root.children[0];
  if (root.name !== 'QBXML' || root.children.length !== 1 || msgs?.name !== 'QBXMLMsgsRq')
    throw parseError('Expected <QBXML><QBXMLMsgsRq>.');
  const onError = msgs.attrs.onError;
  if (onError !== 'stopOnError' && onError !== 'continueOnError' && onError !== 'rollbackOnError') {
    throw parseError(
      `QBXMLMsgsRq needs onError="stopOnError|continueOnError|rollbackOnError", got "${onError ?? ''}".`,
    );
  }
  if (msgs.children.length === 0) throw parseError('QBXMLMsgsRq holds no request.');
  for (const name of Object.keys(msgs.attrs)) {
    if (!MSGS_ATTRIBUTES.has(name)) throw parseError(`Attribute "${name}" is not allowed on <QBXMLMsgsRq>.`);
  }
  const requests = msgs.children.map((el): ParsedRq => {
    if (!el.name.endsWith('Rq')) throw parseError(`<${el.name}> is not a request.`);
    const requestId = el.attrs.requestID;
    const base = { name: el.name, type: el.name.slice(0, -2), requestId, el };
    // Requests the simulator does not implement are answered 3250 without being checked.
    if (!SUPPORTED_RQ.has(el.name)) return base;
    try {
      const refusal = checkRequest(el);
      return refusal ? { ...base, refusal } : base;
    } catch (e) {
      if (e instanceof SchemaViolation) throw parseError(e.message);
      throw e;
    }
  });
  return { onError, requests };
}
