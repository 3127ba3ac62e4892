/**
 * @module
 * The relay's WSDL (`GET /qbwc?wsdl`): document/literal SOAP 1.1 in `http://developer.intuit.com/`,
 * all eleven operations of {@link OPERATIONS}, generated so it cannot drift from what the endpoint
 * accepts.
 */
import { OPERATIONS, type ParamType, type ResultType } from './operations.ts';
import { escapeXml } from './xml-text.ts';

const xsd = (t: ParamType | ResultType) => (t === 'ArrayOfString' ? 'tns:ArrayOfString' : `s:${t}`);
const occurs = (t: ParamType | ResultType) => (t === 'int' ? 'minOccurs="1"' : 'minOccurs="0"');

/**
 * @example buildWsdl('https://relay.example.com/qbwc')
 */
export function buildWsdl(location: string): string {
  const ops = Object.entries(OPERATIONS);
  const elements = ops
    .map(([name, spec]) => {
      const params = spec.params
        .map(([p, t]) => `<s:element ${occurs(t)} maxOccurs="1" name="${p}" type="${xsd(t)}"/>`)
        .join('');
      return (
        `<s:element name="${name}"><s:complexType><s:sequence>${params}</s:sequence></s:complexType></s:element>` +
        `<s:element name="${name}Response"><s:complexType><s:sequence>` +
        `<s:element ${occurs(spec.result)} maxOccurs="1" name="${name}Result" type="${xsd(spec.result)}"/>` +
        `</s:sequence></s:complexType></s:element>`
      );
    })
    .join('\n');
  const messages = ops
    .map(
      ([name]) =>
        `<wsdl:message name="${name}SoapIn"><wsdl:part name="parameters" element="tns:${name}"/></wsdl:message>` +
        `<wsdl:message name="${name}SoapOut"><wsdl:part name="parameters" element="tns:${name}Response"/></wsdl:message>`,
    )
    .join('\n');
  const portOps = ops
    .map(
      ([name]) =>
        `<wsdl:operation name="${name}"><wsdl:input message="tns:${name}SoapIn"/><wsdl:output message="tns:${name}SoapOut"/></wsdl:operation>`,
    )
    .join('\n');
  const bindingOps = ops
    .map(
      ([name]) =>
        `<wsdl:operation name="${name}"><soap:operation soapAction="http://developer.intuit.com/${name}" style="document"/>` +
        `<wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="http://developer.intuit.com/" targetNamespace="http://developer.intuit.com/" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">
<wsdl:types><s:schema elementFormDefault="qualified" targetNamespace="http://developer.intuit.com/">
<s:complexType name="ArrayOfString"><s:sequence><s:element minOccurs="0" maxOccurs="unbounded" name="string" nillable="true" type="s:string"/></s:sequence></s:complexType>
${elements}
</s:schema></wsdl:types>
${messages}
<wsdl:portType name="QBWebConnectorSvcSoap">
${portOps}
</wsdl:portType>
<wsdl:binding name="QBWebConnectorSvcSoap" type="tns:QBWebConnectorSvcSoap">
<soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
${bindingOps}
</wsdl:binding>
<wsdl:service name="QBWebConnectorSvc"><wsdl:port name="QBWebConnectorSvcSoap" binding="tns:QBWebConnectorSvcSoap"><soap:address location="${escapeXml(location)}"/></wsdl:port></wsdl:service>
</wsdl:definitions>
`;
}
