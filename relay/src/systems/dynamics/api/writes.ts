/**
 * @module
 * Writes by key (webapi/update-delete-entities-using-web-api.md,
 * perform-conditional-operations-using-web-api.md; reference §3.4): one PATCH to
 * `set(<key>)`, made an upsert (no condition), create-only (`If-None-Match: *`; a taken key is
 * `dyn_already_exists`), update-only (`If-Match: *`; a missing row is `dyn_not_found`) or an update
 * against an ETag (`If-Match: W/"…"`; a stale one is `dyn_concurrency`). With `returnRow`,
 * `Prefer: return=representation` brings back the row and its `@odata.etag`. Lookups go in the
 * body as `<navigation>@odata.bind` (`keys.ts` `bind`); send only the columns that change.
 */
import { ok, type Result } from '../../../lib/result.ts';
import { idInEntityUrl, rowPath } from './keys.ts';
import { readRow } from './pages.ts';
import { queryText } from './reads.ts';
import type { CallAnswer, Send } from './transport.ts';
import type { DataverseJson, Key, UpdateOptions, Written } from './types.ts';

export type WriteKind = 'upsert' | 'create' | 'update';

/** The conditional headers of a kind of write. @example conditions('update', 'W/"536537"') // { 'if-match': 'W/"536537"' } */
export function conditions(kind: WriteKind | 'insert' | 'delete', etag?: string): Record<string, string> {
  if (kind === 'create') return { 'if-none-match': '*' };
  if (kind === 'update' || (kind === 'delete' && etag)) return { 'if-match': etag ?? '*' };
  return {};
}

/**
 * What an answer to a write says: id (from `OData-EntityId`), ETag, the row when it came back.
 * @example written(204, res.headers, undefined) // { id: 'aed2…', etag: undefined, row: undefined, status: 204 }
 */
export function written(status: number, headers: Headers, row: DataverseJson | undefined): Written {
  const etag = headers.get('etag') ?? (typeof row?.['@odata.etag'] === 'string' ? row['@odata.etag'] : undefined);
  return { id: idInEntityUrl(headers.get('odata-entityid')), etag: etag ?? undefined, row, status };
}

function fromAnswer(a: CallAnswer): Result<Written> {
  if (a.text.trim() === '') return ok(written(a.status, a.headers, undefined));
  const row = readRow(a.text);
  return row.ok ? ok(written(a.status, a.headers, row.value)) : row;
}

/**
 * @example
 * await writeByKey(send, 'upsert', 'accounts', { lb_quickbooksconnection: 'acme', lb_quickbooksid: '1' }, { name: 'Acme' }, { returnRow: true });
 */
export async function writeByKey(
  send: Send,
  kind: WriteKind,
  entitySet: string,
  key: Key,
  body: DataverseJson,
  opts: UpdateOptions = {},
): Promise<Result<Written>> {
  const at = rowPath(entitySet, key);
  if (!at.ok) return at;
  const headers = conditions(kind, opts.etag);
  if (opts.returnRow) headers.prefer = 'return=representation';
  const path = at.value + (opts.returnRow ? queryText({ $select: opts.select?.join(',') }) : '');
  const r = await send({ method: 'PATCH', path, headers, body: JSON.stringify(body) });
  return r.ok ? fromAnswer(r.value) : r;
}
