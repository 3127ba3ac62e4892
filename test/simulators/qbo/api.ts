/**
 * @module
 * The accounting API below `/v3/company/{realmId}` (reference §2.1): read by Id, create/update
 * (`POST /{entity}`, an `Id` in the body makes it an update), `?operation=delete|void`, Payment's
 * `?operation=update&include=void`, query (GET `?query=` or POST with the SQL as the body), CDC and
 * batch. Writes carrying `requestid` are answered once: a repeat gets the first answer and changes
 * nothing (§2.6). Answers wrap the entity: `{"Customer":{…},"time":"…"}`.
 */
import { runBatch } from './batch.ts';
import { changeDataCapture } from './cdc.ts';
import { responseTime, type CompanyData } from './company-data.ts';
import type { SimCompany } from './company.ts';
import type { JsonObject } from './decode.ts';
import {
  faultBody,
  objectNotFound,
  QboFault,
  unsupportedProperty,
  validationFault,
  type SimResponse,
} from './errors.ts';
import { entityByName } from './entities.ts';
import { parseQuery, runQuery } from './query.ts';
import { createEntity, deleteEntity, render, updateEntity, voidEntity } from './write.ts';
import type { QboSchema } from './xsd.ts';

export interface ApiRequest {
  readonly method: string;
  /** Below `/v3/company/{realmId}`, e.g. `/customer/1`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly text: string;
}

const ok = (co: CompanyData, body: JsonObject): SimResponse => ({
  status: 200,
  body: { ...body, time: responseTime(co) },
});

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The wording QuickBooks answers a body it cannot parse with (QuickBooks-V3-DotNET-SDK#376).
    throw unsupportedProperty('failed to parse json object; a property');
  }
}

export function handleApi(co: SimCompany, schema: QboSchema, req: ApiRequest): SimResponse {
  try {
    const requestId = req.query.get('requestid');
    const isWrite = req.method === 'POST' && !/^\/query\/?$/i.test(req.path);
    if (requestId && isWrite) {
      const first = co.store.replay(requestId);
      if (first) return first;
    }
    const res = route(co, schema, req);
    if (requestId && isWrite) co.store.remember(requestId, res);
    return res;
  } catch (e) {
    if (!(e instanceof QboFault)) throw e;
    const res = faultBody(e, responseTime(co));
    const requestId = req.query.get('requestid');
    // A refused write is answered the same way when retried with its requestid.
    if (requestId && req.method === 'POST') co.store.remember(requestId, res);
    return res;
  }
}

function route(co: SimCompany, schema: QboSchema, req: ApiRequest): SimResponse {
  const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent);
  const head = (parts[0] ?? '').toLowerCase();
  if (head === 'query') {
    const sql = req.query.get('query') ?? (req.method === 'POST' ? req.text : '');
    if (!sql.trim()) throw validationFault('4000', 'Error parsing query', 'QueryParserError: no query given');
    const q = parseQuery(sql, schema);
    const records = co.store.all(q.entity).map((r) => render(co, q.entity, r));
    if (q.entity === 'CompanyInfo') records.push(co.companyInfo());
    if (q.entity === 'Preferences') records.push(co.preferences());
    return ok(co, { QueryResponse: runQuery(q, records) });
  }
  if (head === 'cdc' && req.method === 'GET') return ok(co, changeDataCapture(co, req.query));
  if (head === 'batch' && req.method === 'POST') return ok(co, runBatch(co, schema, json(req.text)));
  if (head === 'companyinfo' && req.method === 'GET') {
    if (parts[1] !== co.realmId) throw objectNotFound('Id');
    return ok(co, { CompanyInfo: co.companyInfo() });
  }
  if (head === 'preferences' && req.method === 'GET') return ok(co, { Preferences: co.preferences() });
  const spec = entityByName(head);
  if (!spec || spec.kind === 'company' || parts.length > 2) {
    return {
      status: 404,
      body: { Fault: unsupported(`Resource ${req.path} is not found`).fault(), time: responseTime(co) },
    };
  }
  if (req.method === 'GET') {
    const found = parts[1] ? co.store.get(spec.name, parts[1]) : undefined;
    if (!found) throw objectNotFound('Id');
    return ok(co, { [spec.name]: render(co, spec.name, found) });
  }
  if (req.method !== 'POST' || parts.length !== 1) throw unsupported(`${req.method} ${req.path}`);
  const body = json(req.text);
  const operation = req.query.get('operation');
  const include = req.query.get('include');
  let result: JsonObject;
  if (operation === 'delete') result = deleteEntity(co, schema, spec.name, body);
  else if (operation === 'void' && spec.name !== 'Payment') result = voidEntity(co, schema, spec.name, body);
  else if (operation === 'update' && include === 'void' && spec.name === 'Payment') {
    result = voidEntity(co, schema, spec.name, body);
  } else if (operation && operation !== 'update') throw unsupported(`Operation ${operation}`);
  else if (typeof body === 'object' && body !== null && 'Id' in body)
    result = updateEntity(co, schema, spec.name, body);
  else result = createEntity(co, schema, spec.name, body);
  return ok(co, { [spec.name]: result });
}

const unsupported = (what: string): QboFault =>
  validationFault('500', 'Unsupported Operation', `Operation ${what} is not supported.`);
