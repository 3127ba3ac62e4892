/**
 * @module
 * Change Data Capture (reference §2.4): `GET /cdc?entities=A,B&changedSince=<datetime>`, at most 30
 * days back, at most 1000 objects an answer; full records grouped by entity and ordered by
 * LastUpdatedTime, deleted ones after them as `{"status":"Deleted","domain":"QBO","Id","MetaData":
 * {"LastUpdatedTime"}}` (cdc.customer-estimate-deleted.intuit-docs.json); inactive name-list records
 * are changes too. No changes: `{"CDCResponse":[{"QueryResponse":[{}]}]}` (cdc.empty…json).
 */
import { companyTime, type CompanyData } from './company-data.ts';
import type { JsonObject } from './decode.ts';
import { requiredParam, validationFault } from './errors.ts';
import { entityByName, type EntityName } from './entities.ts';
import { render } from './write.ts';

const MAX_DAYS = 30;
const MAX_OBJECTS = 1000;

export function changeDataCapture(co: CompanyData, query: URLSearchParams): JsonObject {
  const entitiesParam = query.get('entities');
  if (!entitiesParam) throw requiredParam('entities');
  const since = query.get('changedSince');
  if (!since) throw requiredParam('changedSince');
  const sinceMs = Date.parse(since);
  if (Number.isNaN(sinceMs)) {
    throw validationFault('2030', 'Invalid ID', `changedSince is not a valid date-time: ${since}`, 'changedSince');
  }
  if (co.clock.now() - sinceMs > MAX_DAYS * 86_400_000) {
    throw validationFault(
      '4001',
      'Invalid query',
      `QueryValidationError: changedSince cannot be more than ${MAX_DAYS} days in the past`,
      'changedSince',
    );
  }
  const names: EntityName[] = [];
  for (const raw of entitiesParam
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const spec = entityByName(raw);
    if (!spec || spec.kind === 'company') {
      throw validationFault(
        '4001',
        'Invalid query',
        `QueryValidationError: ${raw} is not supported by CDC`,
        'entities',
      );
    }
    names.push(spec.name);
  }
  let budget = MAX_OBJECTS;
  const groups: JsonObject[] = [];
  for (const entity of names) {
    const live = co.store
      .all(entity)
      .map((r) => ({ r, at: co.store.stamp(entity, r.Id as string)!.updated }))
      .filter((x) => x.at >= sinceMs)
      .sort((a, b) => a.at - b.at)
      .map((x) => render(co, entity, x.r));
    const dead = co.store
      .tombstones()
      .filter((t) => t.entity === entity && t.at >= sinceMs)
      .map((t) => ({
        status: 'Deleted',
        domain: 'QBO',
        Id: t.id,
        MetaData: { LastUpdatedTime: companyTime(co, t.at) },
      }));
    const items = [...live, ...dead].slice(0, budget);
    budget -= items.length;
    if (items.length) groups.push({ [entity]: items, startPosition: 1, maxResults: items.length });
  }
  return { CDCResponse: [{ QueryResponse: groups.length ? groups : [{}] }] };
}
