/**
 * @module
 * `POST /batch` (reference §2.5): `{"BatchItemRequest":[{bId, operation, <Entity>}|{bId, Query}]}`,
 * at most 30 items; items run independently (one failing does not stop the others) and each answer
 * carries its `bId`: the entity, a `QueryResponse`, or a per-item `Fault` inside an HTTP 200
 * (batch.response.faults-6240-610-5010.intuit-docs.json).
 */
import type { CompanyData } from './company-data.ts';
import { isObject, type JsonObject } from './decode.ts';
import { QboFault, requiredParam, validationFault } from './errors.ts';
import { entityByName } from './entities.ts';
import { parseQuery, runQuery } from './query.ts';
import { createEntity, deleteEntity, render, updateEntity, voidEntity } from './write.ts';
import type { QboSchema } from './xsd.ts';

export const MAX_BATCH_ITEMS = 30;

export function runBatch(co: CompanyData, schema: QboSchema, body: unknown): JsonObject {
  const items = isObject(body) ? body.BatchItemRequest : undefined;
  if (!Array.isArray(items) || !items.length) throw requiredParam('BatchItemRequest');
  if (items.length > MAX_BATCH_ITEMS) {
    throw validationFault(
      '4001',
      'Batch request exceeds maximum number of operations',
      `The number of operations in a batch request cannot exceed ${MAX_BATCH_ITEMS}; this one has ${items.length}.`,
      'BatchItemRequest',
    );
  }
  return { BatchItemResponse: items.map((item) => runItem(co, schema, item)) };
}

function runItem(co: CompanyData, schema: QboSchema, item: unknown): JsonObject {
  const bId = isObject(item) && typeof item.bId === 'string' ? item.bId : undefined;
  try {
    if (!isObject(item) || !bId) throw requiredParam('bId');
    if (typeof item.Query === 'string') {
      const q = parseQuery(item.Query, schema);
      const records = co.store.all(q.entity).map((r) => render(co, q.entity, r));
      return { bId, QueryResponse: runQuery(q, records) };
    }
    const entityKey = Object.keys(item).find((k) => k !== 'bId' && k !== 'operation' && k !== 'optionsData');
    const spec = entityKey ? entityByName(entityKey) : undefined;
    if (!spec || !entityKey || spec.name !== entityKey) {
      throw validationFault('500', 'Unsupported Operation', `Batch item ${bId} names no supported entity.`);
    }
    const payload = item[entityKey];
    switch (item.operation) {
      case 'create':
        return { bId, [spec.name]: createEntity(co, schema, spec.name, payload) };
      case 'update':
        return { bId, [spec.name]: updateEntity(co, schema, spec.name, payload) };
      case 'delete':
        return { bId, [spec.name]: deleteEntity(co, schema, spec.name, payload) };
      case 'void':
        return { bId, [spec.name]: voidEntity(co, schema, spec.name, payload) };
      default:
        throw validationFault('500', 'Unsupported Operation', `Operation ${String(item.operation)} is not supported.`);
    }
  } catch (e) {
    if (!(e instanceof QboFault)) throw e;
    return { bId: bId ?? '', Fault: e.fault() as unknown as JsonObject };
  }
}
