import { readAnswer, requestEnvelope } from './envelopes.ts';

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const envelope = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP}"><soap:Body>${body}</soap:Body></soap:Envelope>`;

describe('the simulated Web Connector reads answers as QBWC does', () => {
  it('reads results, <string> arrays and faults in any prefix', () => {
    expect(
      readAnswer(
        'authenticate',
        envelope(
          '<authenticateResponse xmlns="http://developer.intuit.com/"><authenticateResult><string>T</string><string></string></authenticateResult></authenticateResponse>',
        ),
      ),
    ).toEqual({ kind: 'result', value: ['T', ''] });
    expect(
      readAnswer(
        'receiveResponseXML',
        envelope(
          '<i:receiveResponseXMLResponse xmlns:i="http://developer.intuit.com/"><i:receiveResponseXMLResult>40</i:receiveResponseXMLResult></i:receiveResponseXMLResponse>',
        ),
      ),
    ).toEqual({ kind: 'result', value: '40' });
    expect(
      readAnswer(
        'sendRequestXML',
        envelope('<soap:Fault><faultcode>soap:Server</faultcode><faultstring>A &amp; B</faultstring></soap:Fault>'),
      ),
    ).toEqual({ kind: 'fault', code: 'soap:Server', message: 'A & B' });
  });

  it.each([
    [
      'result elements outside the Intuit namespace',
      envelope(
        '<authenticateResponse><authenticateResult><string>T</string><string>nvu</string></authenticateResult></authenticateResponse>',
      ),
    ],
    [
      'array items in another namespace (the WCF serializer mistake, QBWC1012)',
      envelope(
        '<authenticateResponse xmlns="http://developer.intuit.com/"><authenticateResult xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><a:string>T</a:string><a:string></a:string></authenticateResult></authenticateResponse>',
      ),
    ],
    [
      'a bare ampersand',
      envelope(
        '<authenticateResponse xmlns="http://developer.intuit.com/"><authenticateResult><string>A & B</string><string></string></authenticateResult></authenticateResponse>',
      ),
    ],
    [
      'an envelope outside the SOAP 1.1 namespace',
      '<Envelope><Body><authenticateResponse xmlns="http://developer.intuit.com/"><authenticateResult><string>T</string></authenticateResult></authenticateResponse></Body></Envelope>',
    ],
  ])('refuses %s', (_label, xml) => {
    expect(readAnswer('authenticate', xml)).toBeUndefined();
  });

  it('escapes what it sends', () => {
    expect(requestEnvelope('authenticate', [['strUserName', `O'Brien & <Co>`]], 'document')).toContain(
      '<strUserName>O&apos;Brien &amp; &lt;Co&gt;</strUserName>',
    );
  });
});
