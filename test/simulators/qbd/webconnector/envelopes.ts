/**
 * @module
 * The SOAP envelopes real Web Connector versions send, and reading the relay's answers the way
 * QBWC does. Dialects:
 * - `document`: QBWC 2.x default (`soap:` prefix, operation in the default Intuit namespace);
 * - `prefixed`: the same with `soapenv:`/`tns:` prefixes and empty elements self-closed;
 * - `rpc-encoded`: QBWC 2.3.0.215 as seen in the wild (`soap:encodingStyle`, `q1:` prefix,
 *   `xsi:type` on every parameter).
 */
import type { Document, Element } from '@xmldom/xmldom';
import { MalformedXml, parseDom } from '../company/xml.ts';

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

export type SoapAnswer =
  | { readonly kind: 'result'; readonly value: string | string[] | undefined }
  | { readonly kind: 'fault'; readonly code: string; readonly message: string };

/** Child elements of `el` with this local name and namespace (null: unqualified). */
function kids(el: Element, localName: string, ns: string | null): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    const e = n as Element;
    if (n.nodeType === 1 && e.localName === localName && (e.namespaceURI ?? null) === ns) out.push(e);
  }
  return out;
}

const textIn = (el: Element | undefined) => el?.textContent ?? '';

/**
 * Reads `<opResponse><opResult>` (text, or `<string>` items) or a Fault, as QBWC's .NET client
 * would: strict XML, the envelope in the SOAP namespace and the operation's elements in Intuit's
 * (the WSDL's elementFormDefault is qualified). Anything else is an error QBWC would report
 * (QBWC1012/1041/1042). Reading is the simulator's own (xmldom), not the relay's envelope code.
 */
export function readAnswer(operation: string, xml: string): SoapAnswer | undefined {
  let doc: Document;
  try {
    doc = parseDom(xml);
  } catch (e) {
    if (e instanceof MalformedXml) return undefined;
    throw e;
  }
  const envelope = doc.documentElement;
  if (!envelope || envelope.localName !== 'Envelope' || envelope.namespaceURI !== SOAP) return undefined;
  const body = kids(envelope, 'Body', SOAP)[0];
  if (!body) return undefined;
  const fault = kids(body, 'Fault', SOAP)[0];
  if (fault)
    return {
      kind: 'fault',
      code: textIn(kids(fault, 'faultcode', null)[0]),
      message: textIn(kids(fault, 'faultstring', null)[0]),
    };
  const resp = kids(body, `${operation}Response`, INTUIT)[0];
  if (!resp) return undefined;
  const result = kids(resp, `${operation}Result`, INTUIT)[0];
  if (!result) return { kind: 'result', value: undefined };
  let hasElements = false;
  for (let n = result.firstChild; n; n = n.nextSibling) hasElements ||= n.nodeType === 1;
  if (!hasElements) return { kind: 'result', value: textIn(result) };
  const strings = kids(result, 'string', INTUIT);
  return strings.length > 0 ? { kind: 'result', value: strings.map((s) => textIn(s)) } : undefined;
}
