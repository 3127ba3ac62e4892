/**
 * @module
 * sObject resources: create, read, update, delete, upsert by external ID (201/200/300/404),
 * the `updated`/`deleted` windows, describe, and `/limits`. Custom metadata records are read-only
 * here and have no windows (they are not replicated).
 */
import { refuseCustomMetadataWrite } from './custom-metadata.ts';
import { describeField } from './describe.ts';
import { insert, prepare, update, upsert, type SaveResult } from './dml.ts';
import { afterOrderSave, orderItemDeleteCheck } from './orders.ts';
import { notFound, RestError, type SimResponse } from './errors.ts';
import { isValidId, normalizeId } from './ids.ts';
import type { SimOrg } from './org.ts';
import { jsonBody, segments, type SimRequest } from './request.ts';
import type { SimObject } from './schema.ts';
import { sfDateTime, type SimRecord, type Tx } from './store.ts';

const DAY = 24 * 60 * 60 * 1000;

/** Record as the REST API returns it (with `attributes`). */
export function present(
  org: SimOrg,
  o: SimObject,
  rec: SimRecord,
  version: string,
  fields?: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: { type: o.name, url: `/services/data/v${version}/sobjects/${o.name}/${rec.Id}` },
  };
  for (const f of fields ?? [...o.fields.keys()]) out[f] = rec[f] ?? null;
  void org;
  return out;
}

/** A single-record save result as its HTTP answer (errors become the top-level error array). */
export function saveResponse(result: SaveResult, createdStatus = 201): SimResponse {
  if (result.success) return { status: result.created ? createdStatus : 200, body: result };
  return {
    status: 400,
    body: result.errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields })),
  };
}

/** Dispatches `/sobjects/...`. */
export function handleSObjects(org: SimOrg, req: SimRequest, tx?: Tx): SimResponse {
  const [, typeName, a, b, ...rest] = segments(req.path);
  if (!typeName) return { status: 200, body: { sobjects: [...org.schema.objects.keys()].map((name) => ({ name })) } };
  const o = org.schema.object(typeName);
  if (!o || rest.length) throw notFound();
  if (a === undefined) {
    if (req.method !== 'POST')
      throw new RestError(
        405,
        'METHOD_NOT_ALLOWED',
        `HTTP Method '${req.method}' not allowed. Allowed are HEAD,GET,POST`,
      );
    refuseCustomMetadataWrite(o, 'insert');
    // A create answers {id, success, errors} (no `created`: that belongs to upserts) and its Location.
    const result = insert(org.dml, o, prepare(org.dml, o, jsonBody(req)), tx);
    if (!result.success) return saveResponse(result);
    return {
      status: 201,
      body: { id: result.id, success: true, errors: [] },
      headers: { Location: `/services/data/v${req.version}/sobjects/${o.name}/${result.id}` },
    };
  }
  if (b === undefined && (a === 'updated' || a === 'deleted') && req.method === 'GET') {
    if (o.customMetadata) {
      throw new RestError(400, 'INVALID_TYPE', `entity type ${o.name} does not support replication`);
    }
    return window(org, o, a, req);
  }
  if (b === undefined && a === 'describe') {
    const writable = !o.customMetadata;
    return {
      status: 200,
      body: {
        name: o.name,
        keyPrefix: o.keyPrefix,
        custom: o.custom,
        queryable: true,
        createable: writable,
        updateable: writable,
        deletable: writable,
        replicateable: writable,
        fields: [...o.fields.values()].map(describeField),
      },
    };
  }
  if (b === undefined) return byId(org, o, a, req, tx);
  if (req.method !== 'GET') refuseCustomMetadataWrite(o, 'upsert');
  const extField = org.schema.field(o, a);
  if (!extField || !(extField.externalId || extField.name === 'Id')) {
    throw notFound(`Provided external ID field does not exist or is not accessible: ${a}`);
  }
  if (req.method === 'GET') {
    const ids = org.store.findBy(o, extField.name, b);
    if (ids.length === 0) throw notFound();
    if (ids.length > 1) return multiple(o, ids, req.version);
    return { status: 200, body: present(org, o, org.store.get(o, ids[0]!)!, req.version) };
  }
  if (req.method !== 'PATCH')
    throw new RestError(
      405,
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${req.method}' not allowed. Allowed are GET,PATCH,DELETE,HEAD`,
    );
  const body = jsonBody(req);
  const prepared = prepare(org.dml, o, body);
  if (extField.name in prepared.values && String(prepared.values[extField.name]) !== b) {
    throw new RestError(
      400,
      'INVALID_FIELD',
      `The ${extField.name} field should not be specified in the sobject data.`,
    );
  }
  if (req.query.get('updateOnly') === 'true' && org.store.findBy(o, extField.name, b).length === 0) throw notFound();
  const result = upsert(org.dml, o, extField, b, prepared, tx);
  if ('multiple' in result) return multiple(o, result.multiple, req.version);
  return saveResponse(result);
}

function multiple(o: SimObject, ids: readonly string[], version: string): SimResponse {
  return { status: 300, body: ids.map((id) => `/services/data/v${version}/sobjects/${o.name}/${id}`) };
}

function byId(org: SimOrg, o: SimObject, id: string, req: SimRequest, tx?: Tx): SimResponse {
  if (!isValidId(id)) {
    throw new RestError(400, 'MALFORMED_ID', `${o.name} ID: id value of incorrect type: ${id}`, ['Id']);
  }
  const rec = org.store.get(o, normalizeId(id));
  if (!rec) throw notFound();
  switch (req.method) {
    case 'GET': {
      const fields = req.query
        .get('fields')
        ?.split(',')
        .map((f) => org.schema.field(o, f.trim())?.name ?? f.trim());
      return { status: 200, body: present(org, o, rec, req.version, fields) };
    }
    case 'PATCH': {
      refuseCustomMetadataWrite(o, 'update');
      const result = update(org.dml, o, rec.Id, prepare(org.dml, o, jsonBody(req)), tx);
      return result.success ? { status: 204 } : saveResponse(result);
    }
    case 'DELETE': {
      refuseCustomMetadataWrite(o, 'delete');
      const locked = orderItemDeleteCheck(org.dml, o, rec);
      if (locked) throw new RestError(400, locked.statusCode, locked.message, locked.fields);
      org.store.remove(o, rec.Id, tx);
      afterOrderSave(org.dml, o, rec, tx, true);
      return { status: 204 };
    }
    default:
      throw new RestError(
        405,
        'METHOD_NOT_ALLOWED',
        `HTTP Method '${req.method}' not allowed. Allowed are GET,PATCH,DELETE,HEAD`,
      );
  }
}

function window(org: SimOrg, o: SimObject, kind: 'updated' | 'deleted', req: SimRequest): SimResponse {
  const start = Date.parse(req.query.get('start') ?? '');
  const end = Date.parse(req.query.get('end') ?? '');
  if (Number.isNaN(start) || Number.isNaN(end)) {
    throw new RestError(400, 'MISSING_ARGUMENT', 'start and end are required, e.g. start=2026-01-01T00:00:00Z');
  }
  if (end < start) throw new RestError(400, 'INVALID_REPLICATION_DATE', 'endDate before startDate');
  const reach = kind === 'deleted' ? 15 : 30;
  if (org.now() - start > reach * DAY) {
    throw new RestError(400, 'INVALID_REPLICATION_DATE', `startDate cannot be more than ${reach} days ago`);
  }
  const covered = Math.floor(Math.min(end, org.now()) / 60_000) * 60_000;
  if (kind === 'updated') {
    const ids = org.store
      .all(o)
      .filter((r) => {
        const t = Date.parse(String(r.SystemModstamp));
        return t >= start && t < covered + 60_000 && t <= end;
      })
      .map((r) => r.Id);
    return { status: 200, body: { ids, latestDateCovered: sfDateTime(covered) } };
  }
  const deletedRecords = org.store
    .deleted(o)
    .filter((d) => d.at >= start && d.at <= end)
    .map((d) => ({ id: d.id, deletedDate: d.deletedDate }));
  return {
    status: 200,
    body: {
      deletedRecords,
      earliestDateAvailable: sfDateTime(org.now() - 15 * DAY),
      latestDateCovered: sfDateTime(covered),
    },
  };
}

/** `GET /limits` */
export function handleLimits(org: SimOrg): SimResponse {
  return {
    status: 200,
    body: {
      DailyApiRequests: { Max: org.apiLimit, Remaining: Math.max(0, org.apiLimit - org.apiUsage) },
      DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
    },
  };
}
