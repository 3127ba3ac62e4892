/**
 * @module
 * One Web API operation below `/api/data/v9.2/`, whether it came alone or inside a `$batch`:
 * `WhoAmI`, the metadata endpoints, entity sets (GET list, POST create), the bulk messages bound to
 * them (CreateMultiple, UpdateMultiple) and single rows by id or alternate key (GET, PATCH
 * create-or-update, DELETE). Errors are thrown as `DataverseError`s and
 * answered by the caller.
 */
import { parseAddress } from './address.ts';
import { BULK_PATH, runBulk, type BulkMessage } from './bulk.ts';
import { listRows } from './collection.ts';
import { badQuery, DataverseError, noSuchResource } from './errors.ts';
import { parseJson } from './json.ts';
import type { Counters } from './limits.ts';
import { handleMetadata } from './metadata.ts';
import { parseExpand, parseSelect } from './query.ts';
import { createRow, deleteRow, patchRow, readRow, type Answer, type RowRequest } from './rows.ts';
import type { Env, LookupValue } from './store.ts';
import type { ContentIdLookup } from './values.ts';

export interface Operation {
  readonly method: string;
  /** Below `/api/data/v9.2/`, still percent-encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: { get(name: string): string | null | undefined };
  readonly body: string;
}

export interface ApiContext {
  readonly env: Env;
  readonly baseUrl: string;
  readonly now: number;
  readonly trackingWindowMs: number;
  /** Where the bulk messages count their calls and rows. */
  readonly counters: Counters;
  readonly contentId: ContentIdLookup;
  readonly created?: (ref: LookupValue) => void;
}

const ROW = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/;

/** The JSON body; row bodies keep numbers' source text (exact decimals), metadata bodies need none. */
function body(op: Operation, exact = true): unknown {
  if (op.body.trim() === '') return undefined;
  try {
    return exact ? parseJson(op.body) : JSON.parse(op.body);
  } catch {
    throw new DataverseError(
      400,
      '0x80048d19',
      'Error identified in Payload provided by the user for Entity. The request body is not valid JSON.',
    );
  }
}

export function execute(op: Operation, ctx: ApiContext): Answer {
  const { env } = ctx;
  const path = op.path.replace(/\/$/, '');
  const method = op.method.toUpperCase();
  if (path === 'WhoAmI' && method === 'GET') {
    return {
      status: 200,
      headers: {},
      body: {
        '@odata.context': `${ctx.baseUrl}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
        BusinessUnitId: env.businessUnitId,
        UserId: env.actingUser(),
        OrganizationId: env.organizationId,
      },
    };
  }
  if (path.startsWith('EntityDefinitions')) {
    return handleMetadata(env, method, decodeURIComponent(path), op.query, body(op, false), ctx.baseUrl);
  }
  const selectText = op.query.get('$select');
  const rowRequest = (table: Parameters<typeof parseSelect>[0]): RowRequest => ({
    headers: op.headers,
    body: body(op),
    select: selectText ? parseSelect(table, selectText) : undefined,
    expand: parseExpand(op.query.get('$expand') ?? ''),
    baseUrl: ctx.baseUrl,
    contentId: ctx.contentId,
    ...(ctx.created ? { created: ctx.created } : {}),
  });
  const bulk = BULK_PATH.exec(path);
  if (bulk) {
    const table = env.bySet(bulk[1]!);
    if (!table) throw noSuchResource(bulk[1]!);
    if (method !== 'POST') throw badQuery(`The HTTP method '${method}' is not allowed on the action '${bulk[2]}'.`);
    return runBulk(env, table, bulk[2] as BulkMessage, body(op), ctx);
  }
  const set = env.bySet(path);
  if (set) {
    if (method === 'GET') {
      return listRows(env, set, {
        query: op.query,
        prefer: op.headers.get('prefer') ?? '',
        baseUrl: ctx.baseUrl,
        now: ctx.now,
        trackingWindowMs: ctx.trackingWindowMs,
      });
    }
    if (method === 'POST') return createRow(env, set, rowRequest(set));
    throw badQuery(`The HTTP method '${method}' is not allowed on the entity set '${path}'.`);
  }
  const m = ROW.exec(path);
  if (!m) throw noSuchResource(path.split('/')[0] ?? path);
  const address = parseAddress(env, m[1]!, decodeURIComponent(m[2]!));
  const r = rowRequest(address.table);
  if (method === 'GET') return readRow(env, address, r);
  if (method === 'PATCH') return patchRow(env, address, r);
  if (method === 'DELETE') return deleteRow(env, address, r);
  throw badQuery(`The HTTP method '${method}' is not allowed on a single row.`);
}
