/**
 * @module
 * `GET /query?q=…` and `GET /query/{locator}`: SOQL with paging (2,000 rows per page by default,
 * `Sforce-Query-Options: batchSize=200..2000`), `nextRecordsUrl` while more remain.
 */
import crypto from 'node:crypto';
import { RestError, type SimResponse } from './errors.ts';
import type { SimOrg } from './org.ts';
import { segments, type SimRequest } from './request.ts';
import { executeSoql } from './soql/execute.ts';
import { parseSoql, SoqlSyntaxError } from './soql/parse.ts';

interface Cursor {
  readonly rows: Record<string, unknown>[];
  readonly totalSize: number;
  readonly batch: number;
}

const cursors = new WeakMap<SimOrg, Map<string, Cursor>>();

/** Dispatches `/query`. */
export function handleQuery(org: SimOrg, req: SimRequest): SimResponse {
  let map = cursors.get(org);
  if (!map) cursors.set(org, (map = new Map()));
  const [, locator] = segments(req.path);
  if (locator) {
    const [id, offset] = locator.split('-');
    const cursor = map.get(id ?? '');
    if (!cursor) throw new RestError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return page(req, id!, cursor, Number(offset));
  }
  const q = req.query.get('q');
  if (!q) throw new RestError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  let parsed;
  try {
    parsed = parseSoql(q);
  } catch (e) {
    if (e instanceof SoqlSyntaxError) throw new RestError(400, 'MALFORMED_QUERY', e.message);
    throw e;
  }
  const { records, totalSize } = executeSoql(org, parsed, req.version);
  const m = /batchSize=(\d+)/.exec(req.headers.get('sforce-query-options') ?? '');
  const batch = Math.min(2000, Math.max(200, m ? Number(m[1]) : 2000));
  if (parsed.count) return { status: 200, body: { totalSize, done: true, records: [] } };
  const id = `01g8d${crypto.randomBytes(5).toString('hex')}`;
  const cursor = { rows: records, totalSize: records.length, batch };
  if (records.length > batch) map.set(id, cursor);
  return page(req, id, cursor, 0);
}

function page(req: SimRequest, id: string, cursor: Cursor, offset: number): SimResponse {
  const rows = cursor.rows.slice(offset, offset + cursor.batch);
  const next = offset + cursor.batch;
  const done = next >= cursor.rows.length;
  const body: Record<string, unknown> = { totalSize: cursor.totalSize, done, records: rows };
  if (!done) body.nextRecordsUrl = `/services/data/v${req.version}/query/${id}-${next}`;
  return { status: 200, body };
}
