/**
 * @module
 * The eleven Web Connector operations, their parameters (names are part of the contract, in WSDL
 * order) and result types, as in the QBWC Programmer's Guide ch.10 and Intuit's WSDL.
 */

export type ParamType = 'string' | 'int';
export type ResultType = 'string' | 'int' | 'ArrayOfString';

export interface OperationSpec {
  readonly params: readonly (readonly [name: string, type: ParamType])[];
  readonly result: ResultType;
}

export const OPERATIONS = {
  serverVersion: { params: [['strVersion', 'string']], result: 'string' },
  clientVersion: { params: [['strVersion', 'string']], result: 'string' },
  authenticate: {
    params: [
      ['strUserName', 'string'],
      ['strPassword', 'string'],
    ],
    result: 'ArrayOfString',
  },
  sendRequestXML: {
    params: [
      ['ticket', 'string'],
      ['strHCPResponse', 'string'],
      ['strCompanyFileName', 'string'],
      ['qbXMLCountry', 'string'],
      ['qbXMLMajorVers', 'int'],
      ['qbXMLMinorVers', 'int'],
    ],
    result: 'string',
  },
  receiveResponseXML: {
    params: [
      ['ticket', 'string'],
      ['response', 'string'],
      ['hresult', 'string'],
      ['message', 'string'],
    ],
    result: 'int',
  },
  connectionError: {
    params: [
      ['ticket', 'string'],
      ['hresult', 'string'],
      ['message', 'string'],
    ],
    result: 'string',
  },
  getLastError: { params: [['ticket', 'string']], result: 'string' },
  closeConnection: { params: [['ticket', 'string']], result: 'string' },
  getInteractiveURL: {
    params: [
      ['wcTicket', 'string'],
      ['sessionID', 'string'],
    ],
    result: 'string',
  },
  interactiveDone: { params: [['wcTicket', 'string']], result: 'string' },
  interactiveRejected: {
    params: [
      ['wcTicket', 'string'],
      ['reason', 'string'],
    ],
    result: 'string',
  },
} as const satisfies Record<string, OperationSpec>;

export type OperationName = keyof typeof OPERATIONS;

/** @example isOperation('authenticate') // true */
export function isOperation(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}
