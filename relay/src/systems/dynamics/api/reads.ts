/**
 * @module
 * Reads (webapi/query-data-web-api.md, reference §3.2): `select` pages through an entity set with
 * `Prefer: odata.maxpagesize` (5,000, the most Dataverse serves), following `@odata.nextLink` as
 * given; `byKey` reads one row by GUID or alternate key. `Prefer: odata.include-annotations="*"`
 * (formatted values, lookup names) only when asked, since it makes every answer larger.
 */
import { err, ok, type Result } from '../../../lib/result.ts';
import { rowPath } from './keys.ts';
import { readCollection, readRow } from './pages.ts';
import type { Send } from './transport.ts';
import type { DataverseJson, Key, ReadOptions, SelectOptions } from './types.ts';

export const MAX_PAGE_SIZE = 5000;
const ANNOTATIONS = 'odata.include-annotations="*"';

/**
 * `$select=…&$filter=…`: OData option names as they are, values URL-encoded.
 * @example queryText({ $select: 'name,telephone1', $top: undefined }) // '?$select=name%2Ctelephone1'
 */
export function queryText(options: Readonly<Record<string, string | undefined>>): string {
  const parts = Object.entries(options)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/**
 * @example
 * for await (const page of selectPages(send, 'accounts', { select: ['name'], filter: 'statecode eq 0' })) if (page.ok) save(page.value);
 */
export async function* selectPages(
  send: Send,
  entitySet: string,
  opts: SelectOptions = {},
): AsyncIterable<Result<readonly DataverseJson[]>> {
  const size = Math.min(MAX_PAGE_SIZE, Math.max(1, opts.pageSize ?? MAX_PAGE_SIZE));
  const prefer = [`odata.maxpagesize=${size}`, ...(opts.annotations ? [ANNOTATIONS] : [])].join(',');
  let path: string | undefined =
    entitySet +
    queryText({
      $select: opts.select?.join(','),
      $filter: opts.filter,
      $expand: opts.expand,
      $orderby: opts.orderBy,
      $top: opts.top === undefined ? undefined : String(opts.top),
    });
  while (path !== undefined) {
    const r = await send({ method: 'GET', path, headers: { prefer } });
    const page = r.ok ? readCollection(r.value.text) : r;
    if (!page.ok) {
      yield page;
      return;
    }
    yield ok(page.value.value);
    path = page.value['@odata.nextLink'];
  }
}

/** @example await readByKey(send, 'accounts', { lb_quickbooksconnection: 'acme', lb_quickbooksid: '1' }, { select: ['name'] }) */
export async function readByKey(
  send: Send,
  entitySet: string,
  key: Key,
  opts: ReadOptions = {},
): Promise<Result<DataverseJson>> {
  const at = rowPath(entitySet, key);
  if (!at.ok) return at;
  const path = at.value + queryText({ $select: opts.select?.join(','), $expand: opts.expand });
  const r = await send({ method: 'GET', path, headers: opts.annotations ? { prefer: ANNOTATIONS } : {} });
  return r.ok ? readRow(r.value.text) : err(r.error);
}

/** `GET WhoAmI`. @example const who = await whoAmI(send); // ok({ UserId, BusinessUnitId, OrganizationId }) */
export async function whoAmI(send: Send): Promise<Result<DataverseJson>> {
  const r = await send({ method: 'GET', path: 'WhoAmI' });
  return r.ok ? readRow(r.value.text) : r;
}
