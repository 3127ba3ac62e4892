/**
 * @module
 * What the relay needs to know about one QuickBooks response while the Web Connector waits: the
 * status of the answer to our request, the iterator position, and each record's identity (ID,
 * EditSequence, modification time). The full typed parse belongs to the sync engine, later, from
 * the inbox; this stays cheap so receiveResponseXML answers fast.
 */
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import { child, readXml, textOf, type El } from '../qbxml/xml-tree.ts';

export interface RecordStamp {
  readonly id: string;
  readonly editSequence: string;
  /** TimeModified (TimeDeleted for deletions) exactly as QuickBooks wrote it. */
  readonly modified: string;
}

export interface PageSummary {
  /** e.g. `CustomerQueryRs`. */
  readonly rs: string;
  readonly requestId: string | undefined;
  readonly statusCode: number;
  readonly severity: 'Info' | 'Warn' | 'Error';
  readonly statusMessage: string;
  readonly iteratorId: string | undefined;
  readonly remaining: number | undefined;
  readonly records: readonly RecordStamp[];
}

function stamp(ret: El): RecordStamp | undefined {
  const id = textOf(ret, 'ListID') ?? textOf(ret, 'TxnID');
  if (!id) return undefined;
  const deleted = textOf(ret, 'TimeDeleted');
  return {
    id,
    editSequence: textOf(ret, 'EditSequence') ?? (deleted ? `deleted:${deleted}` : ''),
    modified: deleted ?? textOf(ret, 'TimeModified') ?? '',
  };
}

/**
 * Summarises every `*Rs` in a qbXML response document.
 * Errors: `qbxml_malformed`, `qbxml_doctype_forbidden`, `qbxml_too_large`, `qbxml_not_a_response`.
 * @example const pages = summarizeResponse(responseXml); // [{ rs: 'CustomerQueryRs', statusCode: 0, records: [...] }]
 */
export function summarizeResponse(xml: string): Result<PageSummary[]> {
  const doc = readXml(xml);
  if (!doc.ok) return doc;
  const msgs = doc.value.root.name === 'QBXML' ? child(doc.value.root, 'QBXMLMsgsRs') : undefined;
  if (!msgs)
    return err(relayError('qbxml_not_a_response', 'The document is not a qbXML response (no QBXML/QBXMLMsgsRs).'));
  const pages: PageSummary[] = [];
  for (const rs of msgs.children) {
    if (!rs.name.endsWith('Rs')) continue;
    const code = Number(rs.attrs['statusCode']);
    const severity = rs.attrs['statusSeverity'];
    if (!Number.isInteger(code) || (severity !== 'Info' && severity !== 'Warn' && severity !== 'Error')) {
      return err(relayError('qbxml_malformed', `${rs.name} has no valid statusCode/statusSeverity.`));
    }
    const remaining = rs.attrs['iteratorRemainingCount'];
    const records: RecordStamp[] = [];
    for (const ret of rs.children) {
      if (!ret.name.endsWith('Ret')) continue;
      const s = stamp(ret);
      if (s) records.push(s);
    }
    pages.push({
      rs: rs.name,
      requestId: rs.attrs['requestID'],
      statusCode: code,
      severity,
      statusMessage: rs.attrs['statusMessage'] ?? '',
      iteratorId: rs.attrs['iteratorID'],
      remaining: remaining === undefined ? undefined : Number(remaining),
      records,
    });
  }
  return ok(pages);
}
