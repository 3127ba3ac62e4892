/**
 * @module
 * The list endpoints. Query parameters are checked as Conductor checks them (unknown ones, a
 * `status` outside active/all/inactive, a `limit` outside 1–150, a malformed date: 400), then
 * QuickBooks' rules apply: `status` defaults to active, so inactive records stay hidden unless
 * asked for; `updatedAfter`/`updatedBefore` without an offset are the PC's local time and a
 * date-only `updatedBefore` is the end of that day; `ids` makes QuickBooks ignore every other
 * filter and fails (QuickBooks 500) when one id names nothing. Paging is a QuickBooks iterator:
 * the first page fixes the result set, `nextCursor` is the iterator's id and stays the same for
 * every page, and the next page must come within 10 seconds of the previous answer (simulated
 * clock) or the iterator is gone.
 */
import crypto from 'node:crypto';
import type { SimClock } from './clock.ts';
import { parseBound } from './clock.ts';
import type { SimCompany } from './company.ts';
import { invalidRequest, notFoundInQuickBooks } from './errors.ts';
import { RESOURCES, type ResourceName } from './resources.ts';
import type { JsonObject } from './shapes.ts';
import type { StoredRecord } from './store.ts';

export const ITERATOR_LIFETIME_MS = 10_000;
export const MAX_LIMIT = 150;

interface Iterator {
  readonly endUserId: string;
  readonly resource: ResourceName;
  readonly ids: readonly string[];
  pos: number;
  expiresAt: number;
  readonly render: { includeLineItems: boolean; includeLinkedTransactions: boolean };
}

export interface Iterators {
  /** Open iterators (a test can see one expire). */
  open(): number;
  list(co: SimCompany, resource: ResourceName, q: URLSearchParams, url: string): JsonObject;
}

const TXN_PARAMS = ['transactionDateFrom', 'transactionDateTo', 'refNumbers', 'includeLinkedTransactions'];
const PARAMS: Readonly<Record<ResourceName, readonly string[]>> = {
  customers: ['status', 'names', 'fullNames'],
  vendors: ['status', 'names'],
  'service-items': ['status', 'names', 'fullNames'],
  'non-inventory-items': ['status', 'names', 'fullNames'],
  'inventory-items': ['status', 'names', 'fullNames'],
  'other-charge-items': ['status', 'names', 'fullNames'],
  accounts: ['status', 'names', 'fullNames', 'accountType'],
  invoices: [...TXN_PARAMS, 'customerIds', 'includeLineItems'],
  bills: [...TXN_PARAMS, 'vendorIds', 'includeLineItems'],
  'receive-payments': [...TXN_PARAMS, 'customerIds'],
};

/** `ids=a&ids=b`, `ids[]=a` or `ids=a,b`, as clients serialize arrays. */
export function multi(q: URLSearchParams, key: string): string[] | undefined {
  const values = [...q.getAll(key), ...q.getAll(`${key}[]`)].flatMap((v) => v.split(',')).filter((v) => v !== '');
  return values.length > 0 ? values : undefined;
}

export const paramNames = (q: URLSearchParams): string[] => [
  ...new Set([...q.keys()].map((k) => k.replace(/\[\]$/, ''))),
];

function checkBool(q: URLSearchParams, key: string, dflt: boolean): boolean {
  const v = q.get(key);
  if (v === null) return dflt;
  if (v !== 'true' && v !== 'false')
    throw invalidRequest(`Invalid input: expected boolean, received string at "${key}"`);
  return v === 'true';
}

export function bound(q: URLSearchParams, key: string, offset: number, endOfDay: boolean): number | undefined {
  const v = q.get(key);
  if (v === null) return undefined;
  const ms = parseBound(v, offset, endOfDay);
  if (ms === undefined)
    throw invalidRequest(`Invalid ISO 8601 date or datetime (YYYY-MM-DD, YYYY-MM-DDTHH:mm:ss[±HH:mm]) at "${key}"`);
  return ms;
}

export function createIterators(clock: SimClock): Iterators {
  const iterators = new Map<string, Iterator>();
  const sweep = () => {
    for (const [k, it] of iterators) if (it.expiresAt < clock.now()) iterators.delete(k);
  };

  function page(co: SimCompany, it: Iterator, cursor: string, limit: number, url: string): JsonObject {
    const render = co.renderer(it.render);
    const slice = it.ids.slice(it.pos, it.pos + limit);
    it.pos += slice.length;
    const remaining = it.ids.length - it.pos;
    const data = slice
      .map((id) => co.store.get(it.resource, id))
      .filter((r) => r !== undefined)
      .map(render);
    if (remaining > 0) it.expiresAt = clock.now() + ITERATOR_LIFETIME_MS;
    else iterators.delete(cursor);
    return {
      objectType: 'list',
      url,
      data,
      nextCursor: remaining > 0 ? cursor : null,
      remainingCount: remaining,
      hasMore: remaining > 0,
    };
  }

  return {
    open: () => (sweep(), iterators.size),
    list(co, resource, q, url) {
      const r = RESOURCES[resource];
      const allowed = [
        'ids',
        'updatedAfter',
        'updatedBefore',
        ...PARAMS[resource],
        ...(r.paginated ? ['limit', 'cursor'] : []),
      ];
      const unknown = paramNames(q).filter((k) => !allowed.includes(k));
      if (unknown.length > 0)
        throw invalidRequest(`Unrecognized key(s) in object: ${unknown.map((k) => `'${k}'`).join(', ')}`);
      let limit = MAX_LIMIT;
      if (q.has('limit')) {
        const raw = q.get('limit')!;
        limit = Number(raw);
        if (!/^-?\d+$/.test(raw)) throw invalidRequest(`Invalid input: expected int, received string at "limit"`);
        if (limit < 1) throw invalidRequest('Too small: expected number to be >=1 at "limit"');
        if (limit > MAX_LIMIT) throw invalidRequest(`Too big: expected number to be <=${MAX_LIMIT} at "limit"`);
      }
      const render = {
        includeLineItems: checkBool(q, 'includeLineItems', true),
        includeLinkedTransactions: checkBool(q, 'includeLinkedTransactions', false),
      };
      const cursor = q.get('cursor');
      if (cursor !== null) {
        sweep();
        const it = iterators.get(cursor);
        if (!it || it.endUserId !== co.endUserId || it.resource !== resource)
          throw invalidRequest(
            `The cursor "${cursor}" has expired or does not exist. QuickBooks Desktop keeps an iterator for ${ITERATOR_LIFETIME_MS / 1000} seconds after the previous page; request the list again without a cursor.`,
            'INVALID_CURSOR', // (ours)
          );
        return page(co, it, cursor, limit, url);
      }
      const ids = matching(co, resource, q);
      const it: Iterator = { endUserId: co.endUserId, resource, ids, pos: 0, expiresAt: 0, render };
      if (!r.paginated || q.has('ids')) {
        const data = ids.map((id) => co.store.get(resource, id)!).map(co.renderer(render));
        if (!r.paginated) return { objectType: 'list', url, data };
        return { objectType: 'list', url, data, nextCursor: null, remainingCount: 0, hasMore: false };
      }
      const id = crypto.randomUUID();
      iterators.set(id, it);
      return page(co, it, id, limit, url);
    },
  };
}

function matching(co: SimCompany, resource: ResourceName, q: URLSearchParams): string[] {
  const ids = multi(q, 'ids');
  if (ids) {
    // QuickBooks ignores every other filter with ids, and fails on the first id it cannot find.
    for (const id of ids) if (!co.store.get(resource, id)) throw notFoundInQuickBooks(id);
    return ids;
  }
  const r = RESOURCES[resource];
  const off = co.utcOffsetMinutes;
  const after = bound(q, 'updatedAfter', off, false);
  const before = bound(q, 'updatedBefore', off, true);
  const status = q.get('status') ?? 'active';
  if (r.kind === 'list' && !['active', 'all', 'inactive'].includes(status))
    throw invalidRequest('Invalid option: expected one of "active"|"all"|"inactive" at "status"');
  const dateFrom = q.get('transactionDateFrom');
  const dateTo = q.get('transactionDateTo');
  for (const [k, v] of [
    ['transactionDateFrom', dateFrom],
    ['transactionDateTo', dateTo],
  ] as const)
    if (v !== null && parseBound(v, 0, false) === undefined)
      throw invalidRequest(`Invalid ISO date (YYYY-MM-DD) at "${k}"`);
  const names = multi(q, 'names')?.map((s) => s.toLowerCase());
  const fullNames = multi(q, 'fullNames')?.map((s) => s.toLowerCase());
  const refNumbers = multi(q, 'refNumbers');
  const partyIds = multi(q, resource === 'bills' ? 'vendorIds' : 'customerIds');
  const accountType = q.get('accountType');
  const keep = (rec: StoredRecord): boolean => {
    const f = rec.fields;
    const modified = Math.floor(rec.updatedMs / 1000) * 1000;
    if (after !== undefined && modified < after) return false;
    if (before !== undefined && modified > before) return false;
    if (r.kind === 'list') {
      if (status === 'active' && f.isActive !== true) return false;
      if (status === 'inactive' && f.isActive !== false) return false;
      if (names && !names.includes(String(f.name).toLowerCase())) return false;
      if (fullNames && !fullNames.includes(String(f.fullName ?? f.name).toLowerCase())) return false;
      if (accountType !== null && f.accountType !== accountType) return false;
      return true;
    }
    const date = String(f.transactionDate);
    if (dateFrom !== null && date < dateFrom) return false;
    if (dateTo !== null && date > dateTo) return false;
    if (refNumbers && !refNumbers.includes(String(f.refNumber))) return false;
    const party = (f.customer ?? f.vendor) as { id: string } | null;
    if (partyIds && !partyIds.includes(party?.id ?? '')) return false;
    return true;
  };
  return co.store
    .all(resource)
    .filter(keep)
    .map((rec) => rec.id);
}
