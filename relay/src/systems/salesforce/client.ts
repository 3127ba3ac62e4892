/**
 * @module
 * The Salesforce client the sync engine uses: one jsforce `Connection` per org (API version from
 * config, never jsforce's default; `Sforce-Call-Options: client=ledgerbridge` on every call), and
 * a single write API — {@link SalesforceClient.upsertRecords} picks sObject Collections or Bulk
 * API 2.0 by size and returns one typed outcome per source record — plus graphs, reads and health.
 */
import { Connection } from 'jsforce';
import { DEFAULT_SF_BULK_THRESHOLD, type Config } from '../../config.ts';
import type { Logger } from '../../lib/logger.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { createApi, type Api } from './api.ts';
import { createAuth, type Session } from './auth.ts';
import { DEFAULT_BULK_POLLING, upsertBulk, type BulkPolling } from './bulk.ts';
import { flatten, upsertLargeBatch } from './bulk-large.ts';
import {
  collectionBody,
  deleteCollections,
  COLLECTION_LIMIT,
  parseSaveResults,
  upsertCollections,
  type SaveOutcome,
} from './collections.ts';
import { upsertComposite, upsertGraphs } from './composite.ts';
import { writePacked, type PackedGroup, type PackedLookup, type PackedOutcome } from './composite-batch.ts';
import type { SfError } from './errors.ts';
import { createLimitTracker, type ApiUsage } from './limits.ts';
import { createNamer, type Namer } from './names.ts';
import { deletedIds, query, updatedIds } from './query.ts';
import { assertField, bulkColumns, qualifyRecord } from './records.ts';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './retry.ts';
import type { ConnectionStatus, SObjectName } from './schema.ts';
import type { PubSubAuth } from './pubsub/index.ts';
import type { GraphInput, GraphOutcome, RecordInput, RecordOutcome, UpsertOptions } from './types.ts';

/** Identifies the relay's own changes in change events (`changeOrigin` ends with `client=ledgerbridge`). */
export const CALL_OPTIONS_CLIENT = 'ledgerbridge';
/**
 * A streamed Bulk upload starts a new job past this much CSV: well under the 100 MB a job accepts
 * (150 MB base64-encoded), and it bounds what the relay holds in memory for one job.
 */
export const DEFAULT_BULK_JOB_BYTES = 48 * 1024 * 1024;

export interface SalesforceClientOptions {
  /** `config.salesforce`; `auth` must be set. */
  readonly settings: Config['salesforce'];
  readonly log: Logger;
  /** Records at or above this count go through Bulk API 2.0. Default: the settings' (`SF_BULK_THRESHOLD`), 5,000. */
  readonly bulkThreshold?: number;
  /** CSV characters per job of a streamed Bulk upload ({@link SalesforceClient.upsertLarge}). Default 48 MiB. */
  readonly bulkJobBytes?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly bulkPolling?: Partial<BulkPolling>;
  /** Per-request timeout. Default 2 minutes. */
  readonly requestTimeoutMs?: number;
  /** The org's session inactivity timeout. Default 2 hours. */
  readonly sessionIdleMs?: number;
  /** Sign in again this long before the idle timeout. Default 5 minutes. */
  readonly refreshMarginMs?: number;
  /** First pause after `REQUEST_LIMIT_EXCEEDED` (doubles while refused, up to 4 h). Default 15 minutes. */
  readonly pauseMs?: number;
  readonly now?: () => number;
}

export interface ConnectionHealth {
  readonly status: ConnectionStatus;
  readonly reason?: string;
  readonly pausedUntil?: string;
  readonly apiUsage?: ApiUsage;
}

/** A field as describe answers it (the part the relay reads). */
export interface DescribedField {
  readonly name: string;
  /** The REST API's type: `string`, `picklist`, `textarea`, `double`, `date`, ... */
  readonly type: string;
  /** Characters it holds; 0 for a field that holds no text. */
  readonly length: number;
  readonly updateable: boolean;
  readonly picklistValues: readonly { readonly value: string; readonly active: boolean }[];
}

export interface SalesforceClient {
  readonly namer: Namer;
  readonly apiVersion: string;
  signIn(): Promise<Result<Session, SfError>>;
  /**
   * Upserts records of one object by external ID; never reads first. Duplicates (same external
   * ID) are collapsed to the last one. One outcome per input record, in input order.
   * @example
   * const out = await sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', [{ QuickBooks_Customer_Id__c: 'acme:1', Name: 'Acme' }], { sourceIds: ['cust-1'] });
   */
  upsertRecords(
    sobject: SObjectName,
    externalIdField: string,
    records: readonly RecordInput[],
    options?: UpsertOptions,
  ): Promise<RecordOutcome[]>;
  /**
   * Upserts a batch too large to hold in memory through Bulk API 2.0. Reads `pages` twice (the
   * column list, then the CSV) — or more: a job whose upload met an expired session reads its
   * records again from its first one —, uploads it in as few jobs as fit (see `bulkJobBytes`),
   * and returns each record's outcome by external ID. No retries here: the caller's outbox
   * retries what is retryable. A record whose fields are not in the column list gathered by the
   * first read (it changed between the reads) is not sent and reported as retryable.
   */
  upsertLarge(
    sobject: SObjectName,
    externalIdField: string,
    pages: () => AsyncIterable<readonly RecordInput[]>,
  ): Promise<(externalId: string) => SaveOutcome>;
  /** Records at or above this count are best written with {@link upsertLarge} (Bulk API 2.0). */
  readonly bulkThreshold: number;
  /**
   * Updates records by their Salesforce ids (sObject Collections update, ≤ 200 per call) — for
   * records the relay did not create and that have no external ID (sync requests). One outcome per
   * record, in order.
   */
  updateRecords(sobject: SObjectName, records: readonly RecordInput[]): Promise<RecordOutcome[]>;
  /**
   * Writes records of several objects in the order given, packed into as few Composite requests as
   * fit (see `composite-batch.ts`): a group is written after the ones before it, so children may
   * name parents of an earlier group. One outcome per record of each group; `undefined` for one not
   * sent because a write before it failed for a passing reason. A `lookup` the records name is read
   * in the first request (see `PackedLookup`).
   */
  writePacked(groups: readonly PackedGroup[], lookup?: PackedLookup): Promise<PackedOutcome[][]>;
  /** Deletes records by id through sObject Collections; one outcome per id (already deleted counts as done). */
  deleteRecords(ids: readonly string[]): Promise<SaveOutcome[]>;
  /** Writes parent+children sets through Composite Graph (each set all-or-nothing). */
  upsertGraph(graphs: readonly GraphInput[]): Promise<GraphOutcome[]>;
  /** Writes one set (≤ 25 records) through Composite with per-node results and precise retries. */
  upsertComposite(graph: GraphInput): Promise<GraphOutcome>;
  query<T = Record<string, unknown>>(soql: string, options?: { maxRecords?: number }): Promise<Result<T[], SfError>>;
  updated(
    sobject: SObjectName,
    start: Date,
    end: Date,
  ): Promise<Result<{ ids: string[]; latestDateCovered: string }, SfError>>;
  deleted(
    sobject: SObjectName,
    start: Date,
    end: Date,
  ): Promise<
    Result<
      {
        deletedRecords: { id: string; deletedDate: string }[];
        earliestDateAvailable: string;
        latestDateCovered: string;
      },
      SfError
    >
  >;
  /**
   * The session's access token, instance URL and org id, for the Pub/Sub API (signs in when there
   * is no session or it is about to idle out). `rejected`: a token the Pub/Sub API refused; a new
   * session is requested unless one was issued since. No REST call is made.
   * @example const creds = await sf.pubSubAuth(); // ok({ accessToken, instanceUrl, tenantId })
   */
  pubSubAuth(rejected?: string): Promise<Result<PubSubAuth, SfError>>;
  /** `GET /limits` (counts as a call). */
  limits(): Promise<Result<Record<string, { Max: number; Remaining: number }>, SfError>>;
  /**
   * `GET /sobjects/{object}/describe`: an object's fields as the org has them, the customer's own
   * included (counts as a call).
   * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
   */
  describe(object: string): Promise<Result<{ fields: DescribedField[] }, SfError>>;
  /** The last `Sforce-Limit-Info` seen. */
  apiUsage(): ApiUsage | undefined;
  health(): ConnectionHealth;
}

/**
 * @example
 * const sf = createSalesforceClient({ settings: config.salesforce, log });
 * const signedIn = await sf.signIn();
 */
export function createSalesforceClient(opts: SalesforceClientOptions): SalesforceClient {
  const auth0 = opts.settings.auth;
  if (!auth0) throw new Error('Salesforce is not configured (SF_LOGIN_URL, SF_CLIENT_ID, SF_CLIENT_SECRET)');
  const now = opts.now ?? Date.now;
  const log = opts.log.child({ system: 'salesforce' });
  const namer = createNamer(opts.settings.namespace);
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const polling: BulkPolling = { ...DEFAULT_BULK_POLLING, ...opts.bulkPolling };
  const threshold = opts.bulkThreshold ?? opts.settings.bulkThreshold ?? DEFAULT_SF_BULK_THRESHOLD;
  const jobBytes = opts.bulkJobBytes ?? DEFAULT_BULK_JOB_BYTES;
  const auth = createAuth({
    conn: () => conn,
    log,
    now,
    sessionIdleMs: opts.sessionIdleMs ?? 2 * 60 * 60_000,
    refreshMarginMs: opts.refreshMarginMs ?? 5 * 60_000,
  });
  const conn: Connection = new Connection({
    loginUrl: auth0.loginUrl,
    oauth2: { loginUrl: auth0.loginUrl, clientId: auth0.clientId, clientSecret: auth0.clientSecret },
    version: opts.settings.apiVersion,
    callOptions: { client: CALL_OPTIONS_CLIENT },
    refreshFn: (c, cb) => auth.refreshFn(c as Connection, cb),
  });
  const limits = createLimitTracker({ now, pauseMs: opts.pauseMs ?? 15 * 60_000, maxPauseMs: 4 * 60 * 60_000 });
  let lastError: SfError | undefined;
  const api: Api = createApi({
    conn,
    auth,
    limits,
    namer,
    policy,
    log,
    now,
    requestTimeoutMs: opts.requestTimeoutMs ?? 120_000,
    callOptions: `client=${CALL_OPTIONS_CLIENT}`,
    onResult: (e) => {
      lastError = e;
      if (!e) limits.resume();
    },
  });

  async function upsertRecords(
    sobject: SObjectName,
    externalIdField: string,
    records: readonly RecordInput[],
    options: UpsertOptions = {},
  ): Promise<RecordOutcome[]> {
    assertField(sobject, externalIdField);
    if (options.sourceIds && options.sourceIds.length !== records.length)
      throw new Error('sourceIds must have one entry per record');
    const extOf = (r: RecordInput) => String(r[externalIdField] ?? '');
    // Collapse duplicates: the last occurrence of an external ID wins; the others share its outcome.
    const keep = new Map<string, number>();
    records.forEach((r, i) => keep.set(extOf(r).toLowerCase(), i));
    const unique = [...keep.values()].sort((a, b) => a - b);
    const objectName = namer(sobject);
    const extName = namer(externalIdField);
    const qualified = new Map(unique.map((i) => [i, qualifyRecord(namer, sobject, records[i]!)]));
    const final = new Map<number, { outcome: SaveOutcome; attempts: number }>();
    let pending = unique;
    for (let attempt = 1; pending.length; attempt++) {
      const useBulk = options.mode === 'bulk' || (options.mode !== 'collections' && pending.length >= threshold);
      const rows = pending.map((i) => qualified.get(i)!);
      const results = useBulk
        ? await upsertBulk(
            api,
            objectName,
            extName,
            bulkColumns(
              sobject,
              externalIdField,
              pending.map((i) => records[i]!),
            ).map(namer),
            rows.map(flatten),
            polling,
          )
        : await upsertCollections(api, objectName, extName, rows);
      const retry: number[] = [];
      pending.forEach((index, k) => {
        const r = results[k]!;
        final.set(index, { outcome: r, attempts: attempt });
        const again = !r.ok && r.error.retryable && !r.requestLevel && r.error.code !== 'sf_rate_limited';
        if (again && attempt < policy.maxAttempts) retry.push(index);
      });
      if (retry.length) {
        log.info('retrying records', { sobject, count: retry.length, attempt });
        await policy.sleep(backoffDelay(attempt, policy));
      }
      pending = retry;
    }
    return records.map((r, i) => {
      const kept = keep.get(extOf(r).toLowerCase())!;
      const { outcome, attempts } = final.get(kept)!;
      const base = { sourceId: options.sourceIds?.[i] ?? extOf(r), externalId: extOf(r), attempts };
      return outcome.ok
        ? { ...base, ok: true as const, id: outcome.id, created: outcome.created }
        : { ...base, ok: false as const, error: outcome.error };
    });
  }

  async function upsertLarge(
    sobject: SObjectName,
    externalIdField: string,
    pages: () => AsyncIterable<readonly RecordInput[]>,
  ): Promise<(externalId: string) => SaveOutcome> {
    assertField(sobject, externalIdField);
    return upsertLargeBatch({ api, namer, polling, jobBytes, sobject, externalIdField, pages });
  }

  async function updateRecords(sobject: SObjectName, records: readonly RecordInput[]): Promise<RecordOutcome[]> {
    const objectName = namer(sobject);
    const rows = records.map((r) => {
      const { Id: id, ...rest } = r;
      if (typeof id !== 'string' || id === '') throw new Error(`updateRecords: a ${sobject} record has no Id`);
      return { Id: id, ...qualifyRecord(namer, sobject, rest) };
    });
    const out: RecordOutcome[] = [];
    for (let i = 0; i < rows.length; i += COLLECTION_LIMIT) {
      const chunk = rows.slice(i, i + COLLECTION_LIMIT);
      const res = await api.request<unknown>({
        method: 'PATCH',
        url: '/composite/sobjects',
        body: collectionBody(objectName, chunk),
      });
      const results: SaveOutcome[] = res.ok
        ? parseSaveResults(res.value)
        : chunk.map(() => ({ ok: false, error: res.error }));
      chunk.forEach((row, k) => {
        const r = results[k]!;
        const base = { sourceId: row.Id, externalId: row.Id, attempts: 1 };
        out.push(r.ok ? { ...base, ok: true, id: r.id, created: false } : { ...base, ok: false, error: r.error });
      });
    }
    return out;
  }

  return {
    namer,
    apiVersion: conn.version,
    signIn: () => auth.signIn(),
    upsertRecords,
    upsertLarge,
    bulkThreshold: threshold,
    updateRecords,
    writePacked(groups, lookup) {
      for (const g of groups) assertField(g.sobject, g.externalIdField);
      return writePacked(api, groups, lookup);
    },
    deleteRecords: (ids) => deleteCollections(api, ids),
    upsertGraph: (graphs) => upsertGraphs(api, graphs),
    upsertComposite: (graph) => upsertComposite(api, graph),
    query: (soql, o) => query(api, soql, o),
    updated: (sobject, start, end) => updatedIds(api, namer(sobject), start, end),
    deleted: (sobject, start, end) => deletedIds(api, namer(sobject), start, end),
    async pubSubAuth(rejected) {
      const session =
        rejected !== undefined && rejected === conn.accessToken ? await auth.signIn() : await auth.ensureSession();
      if (!session.ok) return err(session.error);
      const { accessToken, instanceUrl, userInfo } = conn;
      if (!accessToken || !userInfo) throw new Error('a Salesforce sign-in succeeded without a token or user info');
      return ok({ accessToken, instanceUrl, tenantId: userInfo.organizationId });
    },
    limits: () => api.request({ method: 'GET', url: '/limits' }),
    describe: (object) => api.request({ method: 'GET', url: `/sobjects/${encodeURIComponent(object)}/describe` }),
    apiUsage: () => limits.usage(),
    health() {
      const usage = limits.usage();
      const extra = usage ? { apiUsage: usage } : {};
      const authFailure = auth.lastFailure();
      if (authFailure && authFailure.code !== 'sf_unavailable')
        return { status: 'Needs Reauthorization', reason: authFailure.message, ...extra };
      const paused = limits.paused();
      if (paused)
        return { status: 'Paused', reason: paused.reason, pausedUntil: new Date(paused.until).toISOString(), ...extra };
      if (lastError?.code === 'sf_unavailable') return { status: 'Degraded', reason: lastError.message, ...extra };
      return { status: 'Healthy', ...extra };
    },
  };
}
