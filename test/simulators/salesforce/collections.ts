/**
 * @module
 * sObject Collections: upsert by external ID (`PATCH /composite/sobjects/{type}/{extField}`),
 * update by record id (`PATCH /composite/sobjects`) and create (`POST /composite/sobjects`). At most 200 records; HTTP 200 with one result per record,
 * in request order, even when every record failed; `allOrNone` rolls everything back. A request
 * naming a custom metadata record is refused whole, before anything is saved.
 */
import { refuseCustomMetadataWrite } from './custom-metadata.ts';
import { insert, prepare, update, upsert, type SaveResult } from './dml.ts';
import { dmlError, notFound, RestError, type DmlError, type SimResponse } from './errors.ts';
import type { SimOrg } from './org.ts';
import { jsonBody, segments, type SimRequest } from './request.ts';
import { isValidId, normalizeId } from './ids.ts';
import { afterOrderSave, orderItemDeleteCheck } from './orders.ts';
import { rollUpOpportunity } from './rollups.ts';
import { newTx, rollback, type Tx } from './store.ts';

const MAX_RECORDS = 200;

interface CollectionBody {
  allOrNone?: boolean;
  records?: Record<string, unknown>[];
}

const ROLLED_BACK = dmlError(
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'Record rolled back because not all records were valid and the request was using AllOrNone header',
);

/** Dispatches `/composite/sobjects[/type/extField]`. */
export function handleCollections(org: SimOrg, req: SimRequest, outerTx?: Tx): SimResponse {
  const [, , typeName, extName, ...rest] = segments(req.path);
  if (req.method === 'DELETE' && !typeName) return deleteCollection(org, req);
  const body = jsonBody<CollectionBody>(req);
  const records = body.records;
  if (!Array.isArray(records)) throw new RestError(400, 'INVALID_FIELD', 'records is required');
  if (records.length > MAX_RECORDS) {
    throw new RestError(
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`,
    );
  }
  const allOrNone = body.allOrNone === true;
  const tx = allOrNone ? newTx() : outerTx;
  let results: SaveResult[];
  if (req.method === 'PATCH' && typeName && extName && rest.length === 0) {
    const o = org.schema.object(typeName);
    if (!o) throw notFound();
    refuseCustomMetadataWrite(o, 'upsert');
    const ext = org.schema.field(o, extName);
    if (!ext?.externalId) throw notFound(`Provided external ID field does not exist or is not accessible: ${extName}`);
    const prepared = records.map((r) => {
      const type = (r.attributes as { type?: string } | undefined)?.type;
      if (!type) throw new RestError(400, 'INVALID_FIELD', 'Each record must have attributes with a type');
      return prepare(org.dml, o, r);
    });
    const seen = new Map<string, number>();
    for (const p of prepared) {
      const v = p.values[ext.name];
      if (v !== undefined && v !== null) {
        const k = ext.caseSensitive ? String(v) : String(v).toLowerCase();
        seen.set(k, (seen.get(k) ?? 0) + 1);
      }
    }
    results = prepared.map((p, i) => {
      const v = p.values[ext.name];
      const k = v === undefined || v === null ? undefined : ext.caseSensitive ? String(v) : String(v).toLowerCase();
      if (k !== undefined && (seen.get(k) ?? 0) > 1) {
        return {
          success: false,
          errors: [dmlError('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${String(v)}`, [ext.name])],
        };
      }
      if ((records[i]!.attributes as { type?: string }).type?.toLowerCase() !== o.name.toLowerCase()) {
        return { success: false, errors: [dmlError('INVALID_TYPE', `Record type must be ${o.name}`)] };
      }
      const r = upsert(org.dml, o, ext, v, p, tx);
      return 'multiple' in r
        ? {
            success: false,
            errors: [dmlError('DUPLICATE_EXTERNAL_ID', `${ext.name} matches multiple records`, [ext.name])],
          }
        : r;
    });
  } else if (req.method === 'POST' && !typeName) {
    refuseMetadataRecords(org, records, 'insert');
    results = records.map((r) => {
      const type = (r.attributes as { type?: string } | undefined)?.type ?? '';
      const o = org.schema.object(type);
      if (!o) throw new RestError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
      return insert(org.dml, o, prepare(org.dml, o, r), tx);
    });
  } else if (req.method === 'PATCH' && !typeName) {
    // Update by record id: each record names its type and Id (types may be mixed).
    refuseMetadataRecords(org, records, 'update');
    results = records.map((r) => {
      const type = (r.attributes as { type?: string } | undefined)?.type ?? '';
      const o = org.schema.object(type);
      if (!o) throw new RestError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
      const { Id: id, id: lower, ...fields } = r;
      const recordId = String(id ?? lower ?? '');
      if (!recordId)
        return { success: false, errors: [dmlError('MISSING_ARGUMENT', 'Id not specified in an update call')] };
      return update(org.dml, o, recordId, prepare(org.dml, o, fields), tx);
    });
  } else {
    throw notFound();
  }
  if (allOrNone && tx && results.some((r) => !r.success)) {
    rollback(tx);
    results = results.map((r) => (r.success ? { id: r.id, success: false, errors: [ROLLED_BACK] } : r));
  } else if (allOrNone && tx && outerTx) {
    outerTx.undo.push(() => rollback(tx));
  }
  return { status: 200, body: results };
}

/**
 * `DELETE /composite/sobjects?ids=…&allOrNone=false`: up to 200 record ids of any types, one
 * result per id in order; an id already deleted or never there fails alone (`ENTITY_IS_DELETED`,
 * `MALFORMED_ID`). Removing an Opportunity product re-totals its Opportunity.
 */
function deleteCollection(org: SimOrg, req: SimRequest): SimResponse {
  const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
  if (ids.length === 0) throw new RestError(400, 'MISSING_ARGUMENT', 'ids parameter is required');
  if (ids.length > MAX_RECORDS) {
    throw new RestError(
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`,
    );
  }
  for (const id of ids.filter(isValidId)) {
    const o = org.schema.objectForId(normalizeId(id));
    if (o) refuseCustomMetadataWrite(o, 'delete');
  }
  const allOrNone = req.query.get('allOrNone') === 'true';
  const tx = allOrNone ? newTx() : undefined;
  type DeleteResult = { id?: string; success: boolean; errors: readonly DmlError[] };
  let results: DeleteResult[] = ids.map((raw): DeleteResult => {
    if (!isValidId(raw)) return { success: false, errors: [dmlError('MALFORMED_ID', `malformed id ${raw}`)] };
    const id = normalizeId(raw);
    const o = org.schema.objectForId(id);
    const rec = o && org.store.get(o, id);
    if (!o || !rec) return { id, success: false, errors: [dmlError('ENTITY_IS_DELETED', 'entity is deleted')] };
    const locked = orderItemDeleteCheck(org.dml, o, rec);
    if (locked) return { id, success: false, errors: [locked] };
    org.store.remove(o, id, tx);
    rollUpOpportunity(org.dml, o, rec.OpportunityId, tx);
    afterOrderSave(org.dml, o, rec, tx, true);
    return { id, success: true, errors: [] };
  });
  if (allOrNone && tx && results.some((r) => !r.success)) {
    rollback(tx);
    results = results.map((r) => (r.success ? { id: r.id, success: false, errors: [ROLLED_BACK] } : r));
  }
  return { status: 200, body: results };
}

/** Refuses the whole request when any record is of a custom metadata type (types may be mixed). */
function refuseMetadataRecords(org: SimOrg, records: readonly Record<string, unknown>[], operation: string): void {
  for (const r of records) {
    const o = org.schema.object((r.attributes as { type?: string } | undefined)?.type ?? '');
    if (o) refuseCustomMetadataWrite(o, operation);
  }
}
