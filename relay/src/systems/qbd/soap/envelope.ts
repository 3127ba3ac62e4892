/**
 * @module
 * Reads a SOAP 1.1 request from the Web Connector: the operation is the first element of the Body
 * and its parameters are that element's children, all matched by local name so that any prefix
 * (`soap:`, `soapenv:`, `q1:`), RPC/encoded `xsi:type` attributes, `xsi:nil` and CDATA sections,
 * as sent by different QBWC versions, are accepted. Documents with a DOCTYPE are refused before
 * any parsing (no entity can be declared, so none can be expanded); the predefined entities and
 * character references are resolved by {@link unescapeXml}.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import { unescapeXml } from './xml-text.ts';

export interface SoapRequest {
  /** Local name of the Body's first element, e.g. `authenticate`. */
  readonly operation: string;
  /** Parameter local name → text (`""` for empty or nil). */
  readonly params: Readonly<Record<string, string>>;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
});

/** Parameters that carry a qbXML document: some clients send it as markup instead of escaped text. */
const XML_PARAMS = new Set(['response', 'strHCPResponse']);

/** The raw markup inside the (only) `name` element of `xml`, any prefix. */
function rawInner(xml: string, name: string): string | undefined {
  const open = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>`).exec(xml);
  if (!open) return undefined;
  const start = open.index + open[0].length;
  const closes = [...xml.slice(start).matchAll(new RegExp(`</(?:[\\w.-]+:)?${name}\\s*>`, 'g'))];
  const last = closes.at(-1);
  return last === undefined ? undefined : xml.slice(start, start + (last.index ?? 0)).trim();
}

type Node = string | { readonly [k: string]: unknown } | undefined;

function childElements(node: Node): [string, unknown][] {
  if (node === undefined || typeof node !== 'object') return [];
  return Object.entries(node).filter(([k]) => !k.startsWith('@_') && k !== '#text');
}

function textOf(value: unknown): Result<string> {
  if (value === undefined || value === null) return ok('');
  if (typeof value === 'string') return ok(unescapeXml(value));
  if (Array.isArray(value)) return err(relayError('soap_bad_parameter', 'A parameter appears more than once.'));
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (childElements(v).some(([k]) => k !== '#cdata')) {
      return err(relayError('soap_bad_parameter', 'A parameter holds XML elements instead of text.'));
    }
    const t = v['#text'];
    const cdata = v['#cdata'];
    const cdataText = Array.isArray(cdata) ? cdata.join('') : typeof cdata === 'string' ? cdata : '';
    return ok((typeof t === 'string' ? unescapeXml(t) : '') + cdataText);
  }
  return ok(String(value));
}

/**
 * Decodes the HTTP body: UTF-8 (BOM tolerated) unless the Content-Type or the XML declaration
 * names ISO-8859-1/windows-1252 or UTF-16.
 * @example decodeBody(bytes, 'text/xml; charset=utf-8')
 */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined): string {
  const declared = /charset="?([\w-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  let encoding = declared ?? 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  else if (!declared) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 100));
    encoding = /encoding=["']([\w-]+)["']/i.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  }
  if (encoding === 'utf-16') encoding = 'utf-16le';
  try {
    return new TextDecoder(encoding, { ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * Parses a Web Connector SOAP request.
 * Errors: `soap_doctype_forbidden`, `soap_malformed` (not well-formed XML), `soap_not_envelope`,
 * `soap_no_operation`, `soap_bad_parameter`.
 * @example
 * const r = parseSoapRequest('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><serverVersion xmlns="http://developer.intuit.com/"/></s:Body></s:Envelope>');
 * // r.ok && r.value.operation === 'serverVersion'
 */
export function parseSoapRequest(xml: string): Result<SoapRequest> {
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) {
    return err(relayError('soap_doctype_forbidden', 'DOCTYPE and entity declarations are not accepted.'));
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return err(
      relayError('soap_malformed', `The request is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`),
    );
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (e) {
    return err(relayError('soap_malformed', `The request is not well-formed XML (${(e as Error).message})`));
  }
  const envelope = doc['Envelope'];
  const body = envelope && typeof envelope === 'object' ? (envelope as Record<string, unknown>)['Body'] : undefined;
  if (!body || typeof body !== 'object') {
    return err(relayError('soap_not_envelope', 'The request is not a SOAP envelope with a Body.'));
  }
  const [first] = childElements(body as Node);
  if (!first) return err(relayError('soap_no_operation', 'The SOAP Body names no operation.'));
  const [operation, opNode] = first;
  if (Array.isArray(opNode))
    return err(relayError('soap_no_operation', 'The SOAP Body holds more than one operation.'));
  const params: Record<string, string> = {};
  for (const [name, value] of childElements(opNode as Node)) {
    const markup = XML_PARAMS.has(name) && typeof value === 'object' && value !== null && !Array.isArray(value);
    const inner =
      markup && childElements(value as Node).some(([k]) => k !== '#cdata') ? rawInner(xml, name) : undefined;
    if (inner !== undefined) {
      params[name] = inner;
      continue;
    }
    const text = textOf(value);
    if (!text.ok) return err(relayError(text.error.code, `${text.error.message} (${operation}.${name})`));
    params[name] = text.value;
  }
  return ok({ operation, params });
}
