/**
 * @module
 * Writes the SOAP 1.1 document/literal answers QBWC expects: `<opResponse
 * xmlns="http://developer.intuit.com/"><opResult>…</opResult></opResponse>`. Array results
 * (authenticate) are `<string>` elements in the Intuit namespace (anything else makes QBWC fail
 * with QBWC1012 "Index out of range"); receiveResponseXML's result is a bare integer.
 */
import { escapeXml } from './xml-text.ts';

export const INTUIT_NS = 'http://developer.intuit.com/';
const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** What an operation answers: text, a string array, or an integer. */
export type SoapResult = string | readonly string[] | number;

function wrap(body: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
    `<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

/**
 * @example
 * buildSoapResponse('authenticate', ['{ticket}', ''])
 * buildSoapResponse('receiveResponseXML', 42)
 */
export function buildSoapResponse(operation: string, result: SoapResult): string {
  let inner: string;
  if (typeof result === 'number') {
    if (!Number.isInteger(result)) throw new Error(`${operation} must answer an integer, got ${result}`);
    inner = String(result);
  } else if (typeof result === 'string') {
    inner = escapeXml(result);
  } else {
    inner = result.map((s) => `<string>${escapeXml(s)}</string>`).join('');
  }
  return wrap(
    `<${operation}Response xmlns="${INTUIT_NS}"><${operation}Result>${inner}</${operation}Result></${operation}Response>`,
  );
}

/**
 * A SOAP 1.1 Fault: `Client` when the request was at fault, `Server` otherwise.
 * @example buildSoapFault('Client', 'soap_malformed', 'The request is not well-formed XML')
 */
export function buildSoapFault(who: 'Client' | 'Server', code: string, message: string): string {
  return wrap(
    `<soap:Fault><faultcode>soap:${who}</faultcode><faultstring>${escapeXml(message)}</faultstring>` +
      `<detail><code xmlns="${INTUIT_NS}">${escapeXml(code)}</code></detail></soap:Fault>`,
  );
}
