/**
 * @module
 * Reads: the health check, one record, the deleted-* lists, and `listPages`, which follows
 * Conductor's cursor. A QuickBooks iterator fixes its result set on the first page; `nextCursor` is
 * its id and stays the same for every page; the next page must be asked for within 10 seconds of
 * the previous answer or the iterator is gone (a 400 INVALID_REQUEST_ERROR, `cdt_cursor_expired`).
 * A page request moves the iterator on, so one whose answer was lost cannot simply be sent again
 * (a page would be skipped): on an expired cursor, or any retryable failure of a page after the
 * first, the list starts again from the first page of the same query, up to `maxRestarts` times.
 * The caller then sees pages repeat (never a page missing) and treats records as idempotent by
 * `id` and `revisionNumber`.
 */
import type { Logger } from '../../../lib/logger.ts';
import { err, ok, type Result } from '../../../lib/result.ts';
import { readHealth, readList, readPage, readRecord } from './pages.ts';
import type { Send } from './transport.ts';
import type { ConductorJson, ConductorResource, DeletedOptions, Health, ListOptions } from './types.ts';

/** The most records a page may hold, and the default. */
export const MAX_LIMIT = 150;

/** Where every QuickBooks Desktop endpoint lives, below `/v1`. */
export const QBD = '/quickbooks-desktop';

/** `/quickbooks-desktop/customers/80000001-1`, the id URL-encoded. @example recordPath('customers', '80000001-1') */
export const recordPath = (resource: ConductorResource, id: string): string =>
  `${QBD}/${resource}/${encodeURIComponent(id)}`;

/** @example const health = await healthCheck(send); // ok({ duration: 100, status: 'ok' }) */
export async function healthCheck(send: Send): Promise<Result<Health>> {
  const r = await send({ method: 'GET', path: `${QBD}/health-check` });
  return r.ok ? readHealth(r.value.text) : r;
}

/** @example const customer = await retrieve(send, 'customers', '80000001-1234567890'); */
export async function retrieve(send: Send, resource: ConductorResource, id: string): Promise<Result<ConductorJson>> {
  const r = await send({ method: 'GET', path: recordPath(resource, id) });
  return r.ok ? readRecord(r.value.text) : r;
}

/** @example const gone = await deletedRecords(send, 'list-objects', { objectTypes: ['customer'], deletedAfter: '2026-03-01' }); */
export async function deletedRecords(
  send: Send,
  kind: 'list-objects' | 'transactions',
  opts: DeletedOptions,
): Promise<Result<readonly ConductorJson[]>> {
  if (opts.objectTypes.length === 0) throw new RangeError('deleted: name at least one object type');
  const types = opts.objectTypes.join(',');
  const r = await send({
    method: 'GET',
    path: `${QBD}/deleted-${kind}`,
    query: {
      [kind === 'list-objects' ? 'objectTypes' : 'transactionTypes']: types,
      deletedAfter: opts.deletedAfter,
    },
  });
  return r.ok ? readList(r.value.text) : r;
}

/**
 * @example
 * for await (const page of listPages(send, 'customers', { status: 'all' }, 2)) if (page.ok) save(page.value);
 */
export async function* listPages(
  send: Send,
  resource: ConductorResource,
  opts: ListOptions,
  maxRestarts: number,
  log?: Logger,
): AsyncIterable<Result<readonly ConductorJson[]>> {
  const limit = opts.limit ?? MAX_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new RangeError(`list: limit must be an integer from 1 to ${MAX_LIMIT}, not ${limit}`);
  const path = `${QBD}/${resource}`;
  const many = (v: readonly string[] | undefined) => (v?.length ? v.join(',') : undefined);
  const filters = {
    updatedAfter: opts.updatedAfter,
    status: opts.status,
    fullNames: many(opts.fullNames),
    names: many(opts.names),
    customerIds: many(opts.customerIds),
    transactionDateFrom: opts.transactionDateFrom,
    transactionDateTo: opts.transactionDateTo,
  };
  if (resource === 'accounts') {
    const r = await send({ method: 'GET', path, query: filters });
    yield r.ok ? readList(r.value.text) : r;
    return;
  }
  let cursor: string | undefined;
  let restarts = 0;
  for (;;) {
    const query = { ...filters, limit: String(limit), cursor };
    const r = await send({ method: 'GET', path, query, idempotent: cursor === undefined });
    const page = r.ok ? readPage(r.value.text) : r;
    if (!page.ok) {
      const lost = cursor !== undefined && (page.error.code === 'cdt_cursor_expired' || page.error.retryable);
      if (lost && restarts < maxRestarts) {
        restarts++;
        log?.warn('conductor list restarted from its first page', { resource, code: page.error.code, restarts });
        cursor = undefined;
        continue;
      }
      yield err(page.error);
      return;
    }
    yield ok(page.value.data);
    if (!page.value.hasMore || page.value.nextCursor === null) return;
    cursor = page.value.nextCursor;
  }
}
