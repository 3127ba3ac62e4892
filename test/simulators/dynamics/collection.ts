/**
 * @module
 * GET on an entity set: `$select`, `$filter`, `$orderby`, `$top`, `$expand` (one level, single- and
 * collection-valued), `Prefer: odata.maxpagesize` with `@odata.nextLink`, and change tracking:
 * `Prefer: odata.track-changes` answers every row with an `@odata.deltaLink`; following it answers
 * rows changed since (their current columns) then `$deletedEntity` entries, and a new delta link
 * (use-change-tracking-synchronize-data-external-systems.md; shapes as the recorded responses). A
 * delta token older than the organization keeps changes (7 days by default) is refused.
 */
import { badQuery, expiredVersionStamp, notWithTracking, trackingNotEnabled } from './errors.ts';
import { expand } from './expand.ts';
import { matches, parseExpand, parseFilter, parseOrderBy, parseSelect, sortRows } from './query.ts';
import type { Answer } from './rows.ts';
import type { Table } from './schema.ts';
import type { Env } from './store.ts';
import { formatRow } from './values.ts';

export interface CollectionRequest {
  readonly query: URLSearchParams;
  readonly prefer: string;
  readonly baseUrl: string;
  readonly now: number;
  /** Organization.ExpireChangeTrackingInDays, in ms. */
  readonly trackingWindowMs: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** `919042!08/22/2017 08:10:44`, escaped as the recorded delta links are (lower-case `%2f`, `%3a`). */
function deltaToken(version: number, at: number): string {
  const d = new Date(at);
  const text = `${version}!${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return encodeURIComponent(text)
    .replace(/!/g, '%21')
    .replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
}

function parseDeltaToken(token: string): { version: number; at: number } {
  const m = /^(\d+)!(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)$/.exec(token);
  if (!m) throw badQuery(`The delta token '${token}' is not valid.`);
  const [, v, mo, d, y, h, mi, s] = m.map(Number) as number[];
  return { version: v!, at: Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) };
}

export function listRows(env: Env, t: Table, r: CollectionRequest): Answer {
  const q = r.query;
  const annotate = /odata\.include-annotations/.test(r.prefer);
  const selectText = q.get('$select');
  const select = selectText ? parseSelect(t, selectText) : undefined;
  const setUrl = `${r.baseUrl}/api/data/v9.2/${t.entitySetName}`;
  const context = `${r.baseUrl}/api/data/v9.2/$metadata#${t.entitySetName}${selectText ? `(${selectText})` : ''}`;
  const deltaText = q.get('$deltatoken');
  const tracking = /odata\.track-changes/.test(r.prefer) || deltaText !== null;
  if (tracking) {
    if (!t.changeTracking) throw trackingNotEnabled(t.logicalName);
    for (const option of ['$filter', '$orderby', '$expand', '$top']) if (q.has(option)) throw notWithTracking(option);
    const since = deltaText === null ? undefined : parseDeltaToken(deltaText);
    if (since && r.now - since.at > r.trackingWindowMs) throw expiredVersionStamp();
    const value: unknown[] = [];
    if (!since) for (const row of env.table(t.logicalName).rows()) value.push(formatRow(t, row, select, annotate));
    else {
      for (const c of env.changesSince(t.logicalName, since.version)) {
        const row = env.table(t.logicalName).get(c.id);
        if (c.deleted || !row) {
          value.push({
            '@odata.context': `${r.baseUrl}/api/data/v9.2/$metadata#${t.entitySetName}/$deletedEntity`,
            id: c.id,
            reason: 'deleted',
          });
        } else value.push(formatRow(t, row, select, annotate));
      }
    }
    const link = `${setUrl}?${selectText ? `$select=${selectText}&` : ''}$deltatoken=${deltaToken(env.version(), r.now)}`;
    return {
      status: 200,
      headers: { 'Preference-Applied': 'odata.track-changes' },
      body: { '@odata.context': since ? `${context}/$delta` : context, '@odata.deltaLink': link, value },
    };
  }
  const filterText = q.get('$filter');
  const filter = filterText ? parseFilter(t, filterText) : undefined;
  let rows = env
    .table(t.logicalName)
    .rows()
    .filter((row) => !filter || matches(t, filter, row));
  const order = q.get('$orderby');
  if (order) rows = sortRows(t, rows, parseOrderBy(t, order));
  const top = q.get('$top');
  if (top !== null) {
    if (!/^\d+$/.test(top)) throw badQuery(`Invalid value '${top}' for $top query option found.`);
    rows = rows.slice(0, Number(top));
  }
  const expandText = q.get('$expand');
  const items = expandText ? parseExpand(expandText) : [];
  const pageSize = Number(/odata\.maxpagesize=(\d+)/.exec(r.prefer)?.[1] ?? 5000);
  const skip = q.get('$skiptoken');
  const page = skip ? Number(/pagenumber="(\d+)"/.exec(skip)?.[1] ?? 1) : 1;
  const slice = rows.slice((page - 1) * pageSize, page * pageSize);
  const body: Record<string, unknown> = {
    '@odata.context': context,
    value: slice.map((row) => ({ ...formatRow(t, row, select, annotate), ...expand(env, t, row, items, annotate) })),
  };
  const headers: Record<string, string> = {};
  if (/odata\.maxpagesize/.test(r.prefer)) headers['Preference-Applied'] = `odata.maxpagesize=${pageSize}`;
  if (rows.length > page * pageSize) {
    const next = new URLSearchParams(q);
    next.set('$skiptoken', `<cookie pagenumber="${page + 1}" istracking="False" />`);
    body['@odata.nextLink'] = `${setUrl}?${next.toString().replace(/\+/g, '%20')}`;
  }
  return { status: 200, headers, body };
}
