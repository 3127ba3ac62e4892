import fs from 'node:fs';
import path from 'node:path';
import { summarizeResponse } from '../session/page.ts';
import { decodeBody, parseSoapRequest } from './envelope.ts';
import { buildSoapFault, buildSoapResponse } from './respond.ts';
import { escapeXml, unescapeXml } from './xml-text.ts';

const SAMPLES = path.join(import.meta.dirname, '..', 'fixtures', 'real');
const samples = fs.readdirSync(SAMPLES).filter((f) => f.startsWith('flowlink__receiveResponseXML'));

describe('SOAP envelope parsing', () => {
  it.each(samples)('reads the real QBWC envelope %s', (file) => {
    const xml = fs.readFileSync(path.join(SAMPLES, file), 'utf8');
    const r = parseSoapRequest(xml);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.operation).toBe('receiveResponseXML');
    expect(r.value.params.ticket).toMatch(/^[0-9a-f-]{36}$/);
    // Escaped text in most captures, raw markup in some: either way the qbXML document comes out whole.
    expect(r.value.params.response).toMatch(/^(<\?xml version="1.0" \?>\s*)?<QBXML>/);
    expect(r.value.params.response?.trim()).toMatch(/<\/QBXML>$/);
    const pages = summarizeResponse(r.value.params.response ?? '');
    expect(pages.ok && pages.value.length).toBeGreaterThan(0);
  });

  it('matches operations and parameters by local name, whatever the prefix and encoding style', () => {
    const rpc =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      '<soap:Body soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><q1:authenticate xmlns:q1="http://developer.intuit.com/">' +
      '<strUserName xsi:type="xsd:string">a&amp;b</strUserName><strPassword xsi:nil="true"/></q1:authenticate></soap:Body></soap:Envelope>';
    expect(parseSoapRequest(rpc)).toEqual({
      ok: true,
      value: { operation: 'authenticate', params: { strUserName: 'a&b', strPassword: '' } },
    });
    const cdata =
      '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><x:receiveResponseXML xmlns:x="http://developer.intuit.com/">' +
      '<x:response><![CDATA[<QBXML>&amp;</QBXML>]]></x:response><x:hresult>&#x38;0040408</x:hresult></x:receiveResponseXML></e:Body></e:Envelope>';
    const r = parseSoapRequest(cdata);
    expect(r.ok && r.value.params).toEqual({ response: '<QBXML>&amp;</QBXML>', hresult: '80040408' });
  });

  it('refuses DOCTYPE and entity declarations before parsing', () => {
    const r = parseSoapRequest('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>');
    expect(r.ok || r.error.code).toBe('soap_doctype_forbidden');
  });

  it('decodes ISO-8859-1, UTF-16 and UTF-8 with a BOM', () => {
    const latin1 = Buffer.from('<a>caf\u00e9</a>', 'latin1');
    expect(decodeBody(latin1, 'text/xml; charset=ISO-8859-1')).toBe('<a>caf\u00e9</a>');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>\u00e9</a>', 'utf16le')]);
    expect(decodeBody(utf16, undefined)).toBe('<a>\u00e9</a>');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a/>')]);
    expect(decodeBody(bom, 'text/xml')).toBe('<a/>');
  });
});

describe('SOAP answers', () => {
  it('writes authenticate results as <string> items in the Intuit namespace', () => {
    expect(buildSoapResponse('authenticate', ['t<1>', ''])).toContain(
      '<authenticateResponse xmlns="http://developer.intuit.com/"><authenticateResult><string>t&lt;1&gt;</string><string></string></authenticateResult></authenticateResponse>',
    );
  });
  it('writes receiveResponseXML as a bare integer and refuses fractions', () => {
    expect(buildSoapResponse('receiveResponseXML', -1)).toContain(
      '<receiveResponseXMLResult>-1</receiveResponseXMLResult>',
    );
    expect(() => buildSoapResponse('receiveResponseXML', 12.5)).toThrow(/integer/);
  });
  it('writes faults with an escaped message and a stable code', () => {
    const f = buildSoapFault('Client', 'soap_malformed', 'bad <xml>');
    expect(f).toContain('<faultcode>soap:Client</faultcode><faultstring>bad &lt;xml&gt;</faultstring>');
    expect(f).toContain('soap_malformed');
  });
  it('round-trips text through escape and unescape', () => {
    const text = `<QBXML a="1">Tom's & "Jerry" \u00e9\r\n</QBXML>`;
    expect(unescapeXml(escapeXml(text))).toBe(text);
    expect(unescapeXml('&amp;lt;')).toBe('&lt;');
  });
});
