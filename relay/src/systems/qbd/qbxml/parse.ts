/**
 * @module
 * `parseQbxmlResponse`: the qbXML text QuickBooks returned (the `response` of receiveResponseXML) →
 * one entry per `*Rs` with its status, iterator state and typed records. Lenient where QuickBooks
 * deviates from its schema (element order, unknown elements and enum values, missing retCount or
 * requestID), strict about identity (ListID/TxnID/EditSequence), and it never reads a DTD or expands
 * an entity beyond the five predefined ones.
 */
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import { IdentityError, toRecord } from './records.ts';
import type { QbxmlRecord } from './record-types.ts';
import { classifyStatus, type StatusClass } from './status.ts';
import { child, readXml, type El } from './xml-tree.ts';

export type * from './record-types.ts';
export type { StatusClass, StatusAction, StatusLevel } from './status.ts';

export interface QbxmlResponse {
  /** Echo of the request's requestID (QuickBooks omits it when the request had none). */
  readonly requestId: string | undefined;
  /** Element name, e.g. `CustomerQueryRs`. */
  readonly name: string;
  /** Request type, e.g. `CustomerQuery`. */
  readonly type: string;
  readonly statusCode: number;
  readonly statusSeverity: string;
  readonly statusMessage: string;
  readonly status: StatusClass;
  readonly retCount: number | undefined;
  readonly iteratorId: string | undefined;
  readonly iteratorRemainingCount: number | undefined;
  readonly records: readonly QbxmlRecord[];
}

export interface QbxmlResponseSet {
  readonly responses: readonly QbxmlResponse[];
  readonly newMessageSetId?: string;
  readonly messageSetStatusCode?: number;
}

function intAttr(el: El, name: string): number | undefined {
  const v = el.attrs[name];
  return v !== undefined && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

function toResponse(rs: El, index: number): QbxmlResponse {
  const statusCode = intAttr(rs, 'statusCode') ?? 0;
  const statusSeverity = rs.attrs.statusSeverity ?? (statusCode === 0 ? 'Info' : 'Error');
  const statusMessage = rs.attrs.statusMessage ?? '';
  const requestId = rs.attrs.requestID;
  const records: QbxmlRecord[] = [];
  let n = 0;
  for (const c of rs.children) {
    if (!c.name.endsWith('Ret')) continue; // e.g. ErrorRecovery
    n++;
    records.push(
      toRecord(
        c,
        `${c.name} #${n} in ${rs.name}${requestId === undefined ? ` #${index + 1}` : ` (requestID ${requestId})`}`,
      ),
    );
  }
  return {
    requestId,
    name: rs.name,
    type: rs.name.replace(/Rs$/, ''),
    statusCode,
    statusSeverity,
    statusMessage,
    status: classifyStatus(statusCode, statusSeverity, statusMessage),
    retCount: intAttr(rs, 'retCount'),
    iteratorId: rs.attrs.iteratorID,
    iteratorRemainingCount: intAttr(rs, 'iteratorRemainingCount'),
    records,
  };
}

/**
 * Parses a qbXML response document. Errors: `qbxml_doctype_forbidden`, `qbxml_malformed`,
 * `qbxml_too_large`, `qbxml_not_qbxml` (no QBXML/QBXMLMsgsRs), `qbxml_invalid_identity`.
 * @example
 * const parsed = parseQbxmlResponse(responseXml);
 * if (!parsed.ok) return parsed;
 * for (const rs of parsed.value.responses) {
 *   if (rs.status.level === 'error') log.warn(rs.status.message, { requestId: rs.requestId });
 * }
 */
export function parseQbxmlResponse(xml: string, options: { maxChars?: number } = {}): Result<QbxmlResponseSet> {
  const doc = readXml(xml, options);
  if (!doc.ok) return doc;
  const root = doc.value.root;
  const msgs = root.name === 'QBXMLMsgsRs' ? root : child(root, 'QBXMLMsgsRs');
  if (root.name !== 'QBXML' && root.name !== 'QBXMLMsgsRs') {
    return err(relayError('qbxml_not_qbxml', `Expected a QBXML document, got <${root.name}>.`));
  }
  if (msgs === undefined)
    return err(relayError('qbxml_not_qbxml', 'The QBXML document has no QBXMLMsgsRs (no responses).'));
  try {
    const responses = msgs.children.filter((c) => c.name.endsWith('Rs')).map(toResponse);
    const set: { responses: QbxmlResponse[]; newMessageSetId?: string; messageSetStatusCode?: number } = { responses };
    if (msgs.attrs.newMessageSetID !== undefined) set.newMessageSetId = msgs.attrs.newMessageSetID;
    const setStatus = intAttr(msgs, 'messageSetStatusCode');
    if (setStatus !== undefined) set.messageSetStatusCode = setStatus;
    return ok(set);
  } catch (e) {
    if (e instanceof IdentityError) {
      return err(
        relayError('qbxml_invalid_identity', `QuickBooks sent a record without a usable identity: ${e.message}`),
      );
    }
    throw e;
  }
}
