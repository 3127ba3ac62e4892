/**
 * @module
 * The company's public data extension definitions (OwnerID 0: the custom fields a user adds in
 * QuickBooks), read with one DataExtDefQueryRq before a batch of customer writes that carry data
 * extensions, so the field mappings are checked against the company file as it is now
 * (`sync/books-fields.ts`). A DataExtDefRet gives the name, the type and the lists it is assigned
 * to (qbXML 13: OwnerID, DataExtID, DataExtName, DataExtType, AssignToObject*). The lengths are the
 * types' own (STR255TYPE 255 characters, STR1024TYPE 1024; Intuit: a custom field is STR255): the
 * 30 or 31 characters said of fields made in QuickBooks' own window are not in the spec (31 is
 * DataExtName's own limit) and are not assumed.
 */
import type { Logger } from '../../../lib/logger.ts';
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import { customFieldDefinitionsRepo } from '../../../store/custom-field-definitions.ts';
import type { Db } from '../../../store/db.ts';
import type { OutboxItem } from '../../../store/outbox.ts';
import type { BooksFieldDefinition, FieldHolds } from '../../../sync/books-fields.ts';
import type { DataExtDefQuery } from '../qbxml/request-types.ts';
import { buildQbxml } from '../qbxml/requests.ts';
import { child, childrenNamed, readXml, textOf } from '../qbxml/xml-tree.ts';
import { dataExtOf, PUBLIC_OWNER } from './write-data-ext.ts';
import { OBJECTS } from '../../../lib/qb-writes.ts';

/** What each DataExtType holds, and the most characters a string one takes. */
const TYPES: Readonly<Record<string, { holds: FieldHolds; maxLength?: number }>> = {
  STR255TYPE: { holds: 'text', maxLength: 255 },
  STR1024TYPE: { holds: 'text', maxLength: 1024 },
  INTTYPE: { holds: 'number' },
  AMTTYPE: { holds: 'number' },
  PRICETYPE: { holds: 'number' },
  QUANTYPE: { holds: 'number' },
  PERCENTTYPE: { holds: 'number' },
  DATETIMETYPE: { holds: 'date' },
};

/** The canonical record types of the AssignToObject values the relay writes into. */
const RECORD_TYPES: Readonly<Record<string, string>> = {
  Customer: 'customer',
  Vendor: 'vendor',
  Item: 'item',
  Invoice: 'invoice',
  SalesOrder: 'invoice',
};

/** Nothing matched: QuickBooks' status 1 (the company defines no public data extension). */
const NONE_FOUND = 1;

/** @example definitionsQuery('defs-1') // { type: 'DataExtDefQuery', requestId: 'defs-1', ownerIds: ['0'] } */
export const definitionsQuery = (requestId: string): DataExtDefQuery => ({
  type: 'DataExtDefQuery',
  requestId,
  ownerIds: [PUBLIC_OWNER],
});

/**
 * The public definitions QuickBooks answered. Errors: `qbxml_malformed`, `qbd_data_ext_defs_refused`.
 * @example parseDefinitions(xml) // { ok: true, value: [{ name: 'Sales Region', type: 'STR255TYPE', holds: 'text', maxLength: 255, recordTypes: ['customer'] }] }
 */
export function parseDefinitions(xml: string): Result<BooksFieldDefinition[]> {
  const doc = readXml(xml);
  if (!doc.ok) return doc;
  const rs = child(child(doc.value.root, 'QBXMLMsgsRs'), 'DataExtDefQueryRs');
  if (!rs) return err(relayError('qbxml_malformed', 'The answer holds no DataExtDefQueryRs.'));
  const status = Number(rs.attrs.statusCode);
  if (status === NONE_FOUND) return ok([]);
  if (status !== 0)
    return err(
      relayError(
        'qbd_data_ext_defs_refused',
        `QuickBooks did not list its custom fields (status ${rs.attrs.statusCode}: ${rs.attrs.statusMessage ?? ''}).`,
      ),
    );
  return ok(
    childrenNamed(rs, 'DataExtDefRet').flatMap((d) => {
      const name = textOf(d, 'DataExtName');
      const type = textOf(d, 'DataExtType') ?? '';
      if ((textOf(d, 'OwnerID') ?? PUBLIC_OWNER) !== PUBLIC_OWNER || !name) return [];
      const known = TYPES[type] ?? { holds: 'text' as const };
      const recordTypes = childrenNamed(d, 'AssignToObject').map((a) => RECORD_TYPES[a.text] ?? a.text);
      return [{ name, type, ...known, recordTypes: [...new Set(recordTypes)] }];
    }),
  );
}

/**
 * The request a batch sends before its lookup when it writes customers carrying data extensions
 * (once per batch: the caller notes it was read); undefined for any other batch.
 * @example definitionsFirst('Customer', rows) // '<?xml …><DataExtDefQueryRq requestID="defs"><OwnerID>0</OwnerID>…'
 */
export function definitionsFirst(object: string, rows: readonly OutboxItem[]): string | undefined {
  if (object !== OBJECTS.customer || !rows.some((r) => dataExtOf(r.fields))) return undefined;
  return buildQbxml([definitionsQuery('defs')], { onError: 'continueOnError' });
}

/**
 * Stores the definitions QuickBooks answered for the connection. Refused: the ones read before stay
 * in force (none before: the values go as they are, and QuickBooks answers each). Errors: an
 * answer that cannot be read (`qbxml_malformed`).
 */
export async function storeDefinitions(
  db: Db,
  now: () => number,
  connectionId: string,
  response: string,
  log: Logger,
): Promise<Result<void>> {
  const defs = parseDefinitions(response);
  if (defs.ok) await customFieldDefinitionsRepo(db, now).replace(connectionId, defs.value);
  else if (defs.error.code === 'qbd_data_ext_defs_refused')
    log.warn('QuickBooks did not list its custom fields', { connection: connectionId, message: defs.error.message });
  else return err(defs.error);
  return ok(undefined);
}

/** The connection's definitions as last read; undefined before the first read. */
export const definitionsOf = (db: Db, now: () => number, connectionId: string) =>
  customFieldDefinitionsRepo(db, now).of(connectionId);
