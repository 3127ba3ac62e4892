/**
 * @module
 * `buildQbxml`: a list of {@link QbxmlRequest}s → one qbXML 13.0 request document, ready to return
 * from sendRequestXML. Element order, filters, lengths, iterators, ISO-8859-1 and escaping follow the
 * 13.0 schema; the test suite validates every shape against qbxmlops130.xsd with xmllint.
 */
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import type { CharsetMode } from './charset.ts';
import { queryXml } from './queries.ts';
import type { QbxmlQuery, QbxmlRequest, QbxmlWrite } from './request-types.ts';
import { writeXml } from './writes.ts';
import { QbxmlBuildError, attr, type Ctx } from './xml-build.ts';

export { QbxmlBuildError } from './xml-build.ts';
export type * from './request-types.ts';

/** The qbXML version every request is written for (QuickBooks 2014 and later). */
export const QBXML_VERSION = '13.0';

export interface BuildOptions {
  /**
   * `stopOnError` ends the set at the first error (and, in practice, warning); `continueOnError`
   * answers every request. rollbackOnError is in the schema but QuickBooks does not honour it.
   */
  readonly onError: 'stopOnError' | 'continueOnError';
  /** Error recovery: QuickBooks remembers the outcome of a set sent with a newMessageSetID. */
  readonly newMessageSetId?: string;
  readonly oldMessageSetId?: string;
  /** How characters outside ISO-8859-1 are handled (default: transliterate, refuse what cannot be). */
  readonly charset?: CharsetMode;
}

/** Every write type, as a record so the compiler refuses a write type left out. */
const WRITE_TYPES: Readonly<Record<QbxmlWrite['type'], true>> = {
  CustomerAdd: true,
  CustomerMod: true,
  VendorAdd: true,
  VendorMod: true,
  ItemServiceAdd: true,
  ItemServiceMod: true,
  ItemNonInventoryAdd: true,
  ItemNonInventoryMod: true,
  InvoiceAdd: true,
  InvoiceMod: true,
  SalesOrderAdd: true,
  ReceivePaymentAdd: true,
  JournalEntryAdd: true,
  DataExtMod: true,
  DataExtDel: true,
};

function isWrite(r: QbxmlRequest): r is QbxmlWrite {
  return Object.hasOwn(WRITE_TYPES, r.type);
}

/**
 * Writes one qbXML document holding `requests` in order. Throws {@link QbxmlBuildError} (with
 * `code`, `field` and `requestId`) when a value cannot be sent; use {@link buildQbxmlResult} where
 * the data comes from users.
 * @example
 * const xml = buildQbxml(
 *   [{ type: 'CustomerQuery', requestId: 'cust-1', iterator: 'Start', maxReturned: 500, fromModifiedDate: '2024-03-01T08:55:00' }],
 *   { onError: 'continueOnError' },
 * );
 */
export function buildQbxml(requests: readonly QbxmlRequest[], options: BuildOptions): string {
  if (requests.length === 0) {
    throw new QbxmlBuildError('qbxml_empty_request', 'QBXMLMsgsRq', 'A qbXML message set needs at least one request.');
  }
  const charset = options.charset ?? 'transliterate';
  const seen = new Set<string>();
  const body = requests
    .map((r) => {
      if (seen.has(r.requestId)) {
        throw new QbxmlBuildError(
          'qbxml_duplicate_request_id',
          `${r.type}Rq@requestID`,
          `requestID "${r.requestId}" is used twice in one message set.`,
          r.requestId,
        );
      }
      seen.add(r.requestId);
      const ctx: Ctx = { rq: `${r.type}Rq`, requestId: r.requestId, charset };
      return isWrite(r) ? writeXml(ctx, r) : queryXml(ctx, r as QbxmlQuery);
    })
    .join('');
  const setCtx: Ctx = { rq: 'QBXMLMsgsRq', requestId: '', charset: 'reject' };
  const attrs =
    attr(setCtx, 'oldMessageSetID', options.oldMessageSetId, 50) +
    attr(setCtx, 'newMessageSetID', options.newMessageSetId, 50) +
    attr(setCtx, 'onError', options.onError);
  return `<?xml version="1.0" encoding="utf-8"?>\n<?qbxml version="${QBXML_VERSION}"?>\n<QBXML><QBXMLMsgsRq${attrs}>${body}</QBXMLMsgsRq></QBXML>\n`;
}

/**
 * {@link buildQbxml} returning a Result: `qbxml_field_too_long`, `qbxml_not_latin1`,
 * `qbxml_field_required`, ... with a message naming the request and field.
 * @example
 * const built = buildQbxmlResult([{ type: 'CustomerAdd', requestId: 'a1', customer: { name: 'Café Zoë' } }], { onError: 'stopOnError' });
 * if (!built.ok) log.warn('cannot send to QuickBooks', { code: built.error.code });
 */
export function buildQbxmlResult(requests: readonly QbxmlRequest[], options: BuildOptions): Result<string> {
  try {
    return ok(buildQbxml(requests, options));
  } catch (e) {
    if (e instanceof QbxmlBuildError)
      return err(relayError(e.code, e.message, { cause: { field: e.field, requestId: e.requestId } }));
    throw e;
  }
}

/**
 * The same request turned into its next iterator page.
 * @example continueIterator(firstPage, '{eb05f701-e727-472f-8ade-6753c4f67a46}', 'cust-2');
 */
export function continueIterator<T extends QbxmlRequest & { iterator?: string }>(
  request: T,
  iteratorId: string,
  requestId = request.requestId,
): T {
  return { ...request, requestId, iterator: 'Continue', iteratorId };
}
