/**
 * @module
 * The SOAP envelopes real Web Connector versions send, and reading the relay's answers the way
 * QBWC does. Dialects:
 * - `document`: QBWC 2.x default (`soap:` prefix, operation in the default Intuit namespace);
 * - `prefixed`: the same with `soapenv:`/`tns:` prefixes and empty elements self-closed;
 * - `rpc-encoded`: QBWC 2.3.0.215 as seen in the wild (`soap:encodingStyle`, `q1:` prefix,
 *   `xsi:type` on every parameter).
 */
import { XMLParser } from 'fast-xml-parser';

export type Dialect = 'document' | 'prefixed' | 'rpc-encoded';

const INTUIT = 'http://developer.intuit.com/';
const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );
}

export type Param = readonly [name: string, value: string | number];

/**
 * @example requestEnvelope('authenticate', [['strUserName', 'acme'], ['strPassword', 'pw']], 'document')
 */
export function requestEnvelope(operation: string, params: readonly Param[], dialect: Dialect): string {
  const head = '<?xml version="1.0" encoding="utf-8"?>';
  if (dialect === 'rpc-encoded') {
    const body = params
      .map(
        ([n, v]) =>
          `<${n} xsi:type="${typeof v === 'number' ? 'xsd:int' : 'xsd:string'}">${escapeXml(String(v))}</${n}>`,
      )
      .join('');
    return (
      `${head}<soap:Envelope xmlns:soap="${SOAP}" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:tns="${INTUIT}" xmlns:types="${INTUIT}encodedTypes" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
      `<soap:Body soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><q1:${operation} xmlns:q1="${INTUIT}">${body}</q1:${operation}></soap:Body></soap:Envelope>`
    );
  }
  if (dialect === 'prefixed') {
    const body = params
      .map(([n, v]) => (String(v) === '' ? `<tns:${n}/>` : `<tns:${n}>${escapeXml(String(v))}</tns:${n}>`))
      .join('');
    return `${head}<soapenv:Envelope xmlns:soapenv="${SOAP}" xmlns:tns="${INTUIT}"><soapenv:Header/><soapenv:Body><tns:${operation}>${body}</tns:${operation}></soapenv:Body></soapenv:Envelope>`;
  }
  const body = params.map(([n, v]) => `<${n}>${escapeXml(String(v))}</${n}>`).join('');
  return (
    `${head}<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="${SOAP}">` +
    `<soap:Body><${operation} xmlns="${INTUIT}">${body}</${operation}></soap:Body></soap:Envelope>`
  );
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'string',
});

export type SoapAnswer =
  | { readonly kind: 'result'; readonly value: string | string[] | undefined }
  | { readonly kind: 'fault'; readonly code: string; readonly message: string };

/**
 * Reads `<opResponse><opResult>` (text, or `<string>` items) or a Fault, as QBWC would; anything
 * else is an error QBWC would report (QBWC1012/1041/1042).
 */
export function readAnswer(operation: string, xml: string): SoapAnswer | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const body = (doc['Envelope'] as Record<string, unknown> | undefined)?.['Body'] as
    Record<string, unknown> | undefined;
  if (!body) return undefined;
  const f = body['Fault'] as Record<string, unknown> | undefined;
  if (f) return { kind: 'fault', code: String(f['faultcode'] ?? ''), message: String(f['faultstring'] ?? '') };
  const resp = body[`${operation}Response`] as Record<string, unknown> | string | undefined;
  if (resp === undefined) return undefined;
  const result = typeof resp === 'object' ? resp[`${operation}Result`] : undefined;
  if (result === undefined || result === '') return { kind: 'result', value: result === '' ? '' : undefined };
  if (typeof result === 'object' && result !== null) {
    const strings = (result as Record<string, unknown>)['string'];
    if (Array.isArray(strings)) return { kind: 'result', value: strings.map((s) => (typeof s === 'string' ? s : '')) };
    return undefined;
  }
  return { kind: 'result', value: String(result) };
}
