/**
 * @module
 * The QuickBooks Online accounting API client ({@link QboClient}, `types.ts`): the paths of reference
 * §2.1 (`/v3/company/{realm}/query`, `/{entity}`, `/{entity}/{id}`, `/cdc`, `/batch`,
 * `/companyinfo/{realm}`, `/preferences`) over {@link createTransport}, which adds `minorversion`,
 * the token, the realm's limiter, retries and typed faults. Entity path segments are lower-case;
 * writes carry `requestid`; a query too long for a URL is POSTed as `application/text`.
 */
import type { Logger } from '../../../lib/logger.ts';
import { err, ok, type Result } from '../../../lib/result.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './backoff.ts';
import { batchBody, parseBatch, splitBatch } from './batch.ts';
import { checkChangedSince, parseCdc } from './cdc.ts';
import { qboError } from './errors.ts';
import { field } from './faults.ts';
import { asObject } from './json.ts';
import { createQboLimiter, type QboLimiter } from './limiter.ts';
import { batchCallRequestId, fitRequestId, WRITE_REQUEST_ID_MAX } from './request-id.ts';
import { MAX_PAGE, selectCount, selectIds, selectPage } from './sql.ts';
import { createTransport, type CallInfo, type Send } from './transport.ts';
import type { AccessTokens, BatchItemResult, BatchOperation, QboClient, QboJson } from './types.ts';

export interface QboClientOptions {
  /** `https://quickbooks.api.intuit.com`, `https://sandbox-quickbooks.api.intuit.com`, or a simulator's URL. */
  readonly baseUrl: string;
  readonly realmId: string;
  readonly tokens: AccessTokens;
  /** Default 75, the lowest Intuit serves (reference §2.2). */
  readonly minorVersion?: number;
  /** The realm's limiter, shared by every client of the realm in this process. Default: one of its own. */
  readonly limiter?: QboLimiter;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly log?: Logger;
  readonly onCall?: (info: CallInfo) => void;
  /** Per request. Default 120 s, when Intuit gives up on a request itself (reference §2.8). */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
}

/** Ids in one `where Id in (…)`: a few KB of query text, POSTed. */
const IDS_PER_QUERY = 200;
/** Longer query text goes in a POST body rather than the URL. */
const MAX_GET_QUERY = 1500;

/** The value under `entity` whatever its case (`Customer` for `customer`). */
const entityIn = (body: QboJson | undefined, entity: string): QboJson | undefined =>
  body && asObject(field(body, entity));

const segment = (entity: string) => encodeURIComponent(entity.toLowerCase());

/**
 * @example
 * const qbo = createQboClient({ baseUrl: 'https://quickbooks.api.intuit.com', realmId, tokens });
 * for await (const page of qbo.query('Customer', { includeInactive: true })) if (page.ok) save(page.value);
 */
export function createQboClient(opts: QboClientOptions): QboClient {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const send: Send = createTransport({
    baseUrl: opts.baseUrl,
    realmId: opts.realmId,
    tokens: opts.tokens,
    minorVersion: opts.minorVersion ?? 75,
    limiter: opts.limiter ?? createQboLimiter({ now, sleep }),
    fetch: opts.fetch ?? fetch,
    sleep,
    now,
    timeoutMs: opts.timeoutMs ?? 120_000,
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    ...(opts.log ? { log: opts.log.child({ system: 'qbo', realmId: opts.realmId }) } : {}),
    ...(opts.onCall ? { onCall: opts.onCall } : {}),
  });

  /** `GET /query?query=` or, for long text, `POST /query` with the text as body. */
  const runQuery = async (sql: string): Promise<Result<QboJson>> => {
    const r =
      encodeURIComponent(sql).length <= MAX_GET_QUERY
        ? await send({ method: 'GET', path: '/query', params: { query: sql } })
        : await send({ method: 'POST', path: '/query', body: sql, contentType: 'application/text' });
    if (!r.ok) return r;
    const response = asObject(field(r.value, 'QueryResponse'));
    return response
      ? ok(response)
      : err(qboError('qbo_bad_response', undefined, '(a query answer without QueryResponse)'));
  };
  const rows = (response: QboJson, entity: string): readonly QboJson[] => {
    const list = field(response, entity);
    return Array.isArray(list) ? list.map(asObject).filter((x): x is QboJson => x !== undefined) : [];
  };
  const entityAnswer = (r: Result<QboJson>, entity: string): Result<QboJson> => {
    if (!r.ok) return r;
    const found = entityIn(r.value, entity);
    return found ? ok(found) : err(qboError('qbo_bad_response', undefined, `(the answer holds no ${entity})`));
  };

  return {
    realmId: opts.realmId,

    async *query(entity, q = {}) {
      const size = Math.min(MAX_PAGE, Math.max(1, q.pageSize ?? MAX_PAGE));
      for (let start = 1; ; start += size) {
        const r = await runQuery(selectPage(entity, { start, size }, q));
        if (!r.ok) {
          yield r;
          return;
        }
        const page = rows(r.value, entity);
        yield ok(page);
        if (page.length < size) return;
      }
    },

    async selectByIds(entity, ids) {
      const unique = [...new Set(ids)];
      const found: QboJson[] = [];
      for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
        const r = await runQuery(selectIds(entity, unique.slice(i, i + IDS_PER_QUERY)));
        if (!r.ok) return r;
        found.push(...rows(r.value, entity));
      }
      return ok(found);
    },

    async count(entity, where) {
      const r = await runQuery(selectCount(entity, where));
      if (!r.ok) return r;
      const n = Number(field(r.value, 'totalCount'));
      return Number.isInteger(n) ? ok(n) : err(qboError('qbo_bad_response', undefined, '(a count without totalCount)'));
    },

    async read(entity, id) {
      return entityAnswer(await send({ method: 'GET', path: `/${segment(entity)}/${encodeURIComponent(id)}` }), entity);
    },

    async cdc(entities, changedSince) {
      const allowed = checkChangedSince(changedSince, now());
      if (!allowed.ok) return allowed;
      const r = await send({ method: 'GET', path: '/cdc', params: { entities: entities.join(','), changedSince } });
      if (!r.ok) return r;
      const parsed = parseCdc(r.value);
      return parsed ? ok(parsed) : err(qboError('qbo_bad_response', undefined, '(a CDC answer without CDCResponse)'));
    },

    async batch(items, requestId) {
      const out: BatchItemResult[] = [];
      for (const [index, call] of splitBatch(items).entries()) {
        const r = await send({
          method: 'POST',
          path: '/batch',
          params: { requestid: batchCallRequestId(requestId, index) },
          body: batchBody(call),
          batch: true,
        });
        if (!r.ok) return r;
        const results = parseBatch(call, r.value);
        if (!results.ok) return results;
        out.push(...results.value);
      }
      return ok(out);
    },

    async write(entity, operation, body, requestId) {
      const params: Record<string, string> = {
        requestid: fitRequestId(requestId, WRITE_REQUEST_ID_MAX),
        ...operationParams(entity, operation),
      };
      const r = await send({ method: 'POST', path: `/${segment(entity)}`, params, body: JSON.stringify(body) });
      return entityAnswer(r, entity);
    },

    async companyInfo() {
      const r = await send({ method: 'GET', path: `/companyinfo/${encodeURIComponent(opts.realmId)}` });
      return entityAnswer(r, 'CompanyInfo');
    },

    async preferences() {
      return entityAnswer(await send({ method: 'GET', path: '/preferences' }), 'Preferences');
    },
  };
}

/** Create and update are a plain POST (an `Id` makes it an update); a Payment is voided as an update (§2.1). */
function operationParams(entity: string, operation: BatchOperation): Record<string, string> {
  if (operation === 'delete') return { operation: 'delete' };
  if (operation !== 'void') return {};
  return entity.toLowerCase() === 'payment' ? { operation: 'update', include: 'void' } : { operation: 'void' };
}
