/**
 * @module
 * Change tracking (use-change-tracking-synchronize-data-external-systems.md, reference §3.6): the
 * first read of a table with `Prefer: odata.track-changes` answers every row and, on its last
 * page, an `@odata.deltaLink`; reading that link later answers the rows changed since (their
 * current columns) and `$deletedEntity` entries `{id, reason: "deleted"}`, then a new delta link.
 * Rows become typed changes; a delta link older than the organization keeps changes (7 days by
 * default) is `dyn_delta_expired`, which tells the caller to read the table in full again.
 * `$filter`, `$orderby`, `$expand` and `$top` are not allowed with change tracking, so only
 * `$select` is sent.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../../lib/result.ts';
import { dynError } from './errors.ts';
import { readCollection } from './pages.ts';
import { MAX_PAGE_SIZE, queryText } from './reads.ts';
import type { Send } from './transport.ts';
import type { Change, ChangePage, ChangesFrom, DataverseJson } from './types.ts';

const deleted = z.object({
  '@odata.context': z.string().regex(/\/\$deletedEntity$/),
  id: z.string(),
});

/**
 * A row of a change-tracking answer as a change, or undefined for a deletion without an id.
 * @example toChange({ '@odata.context': '…#accounts/$deletedEntity', id: '2e45…', reason: 'deleted' }) // { kind: 'deleted', id: '2e45…' }
 */
export function toChange(row: DataverseJson): Change | undefined {
  const context = row['@odata.context'];
  if (typeof context !== 'string' || !context.endsWith('/$deletedEntity')) return { kind: 'upserted', row };
  const d = deleted.safeParse(row);
  return d.success ? { kind: 'deleted', id: d.data.id.toLowerCase() } : undefined;
}

/**
 * @example
 * for await (const page of readChanges(send, { entitySet: 'accounts', select: ['name'] })) {
 *   if (!page.ok) break; // dyn_delta_expired: read in full
 *   apply(page.value.changes); if (page.value.deltaLink) saveCursor(page.value.deltaLink);
 * }
 */
export async function* readChanges(send: Send, from: ChangesFrom): AsyncIterable<Result<ChangePage>> {
  const first = 'entitySet' in from;
  let path: string | undefined = first
    ? from.entitySet + queryText({ $select: from.select.join(',') })
    : from.deltaLink;
  const prefer = [...(first ? ['odata.track-changes'] : []), `odata.maxpagesize=${MAX_PAGE_SIZE}`].join(',');
  while (path !== undefined) {
    const r = await send({ method: 'GET', path, headers: { prefer } });
    const page = r.ok ? readCollection(r.value.text) : r;
    if (!page.ok) {
      yield page;
      return;
    }
    const changes: Change[] = [];
    for (const row of page.value.value) {
      const c = toChange(row);
      if (!c) {
        yield err(dynError('dyn_bad_response', undefined, '(a $deletedEntity entry without an id)'));
        return;
      }
      changes.push(c);
    }
    const next = page.value['@odata.nextLink'];
    const deltaLink = page.value['@odata.deltaLink'];
    if (next === undefined && deltaLink === undefined) {
      yield err(dynError('dyn_bad_response', undefined, '(change tracking answered without a delta link)'));
      return;
    }
    yield ok({ changes, deltaLink: next === undefined ? deltaLink : undefined });
    path = next;
  }
}
