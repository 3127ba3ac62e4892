/**
 * @module
 * sObject Collections upsert: up to 200 records of one type per request, `allOrNone: false`,
 * one result per record in request order. HTTP 200 does not mean success: every element is read,
 * with `statusCode` per record (and `errorCode` tolerated, since some payloads use it).
 */
import type { Api } from './api.ts';
import { classifySalesforceCode, type SfError } from './errors.ts';

export const COLLECTION_LIMIT = 200;

/** One element of a Collections (or Composite) save result, typed. */
export type SaveOutcome =
  | { readonly ok: true; readonly id: string; readonly created: boolean }
  | { readonly ok: false; readonly error: SfError; readonly id?: string };

interface RawSaveResult {
  id?: string;
  success?: boolean;
  created?: boolean;
  errors?: { statusCode?: string; errorCode?: string; message?: string; fields?: string[] }[];
}

/**
 * Parses a save-result array (Collections upsert/create, or a Composite collection body).
 * @example parseSaveResults([{ id: '001…', success: true, errors: [], created: true }])[0] // { ok: true, id: '001…', created: true }
 */
export function parseSaveResults(raw: unknown): SaveOutcome[] {
  if (!Array.isArray(raw)) throw new Error('Salesforce Collections answer is not an array');
  return raw.map((r: RawSaveResult) => parseSaveResult(r));
}

/** Parses one save result (`{id, success, errors, created}`). */
export function parseSaveResult(r: RawSaveResult): SaveOutcome {
  if (r.success === true && typeof r.id === 'string') return { ok: true, id: r.id, created: r.created === true };
  const first = r.errors?.[0];
  const error = first
    ? classifySalesforceCode(first.statusCode ?? first.errorCode ?? 'UNKNOWN', first.message ?? '', first.fields ?? [])
    : classifySalesforceCode('UNKNOWN', 'Salesforce reported a failure without an error');
  return r.id ? { ok: false, error, id: r.id } : { ok: false, error };
}

/**
 * Deletes records by id (`DELETE /composite/sobjects?ids=…`, ≤ 200 per request, `allOrNone=false`),
 * one outcome per id in order. An id Salesforce reports as already deleted counts as removed.
 * @example await deleteCollections(api, ['00k000000000001AAA'])
 */
export async function deleteCollections(api: Api, ids: readonly string[]): Promise<SaveOutcome[]> {
  const out: SaveOutcome[] = [];
  for (let i = 0; i < ids.length; i += COLLECTION_LIMIT) {
    const chunk = ids.slice(i, i + COLLECTION_LIMIT);
    const res = await api.request<unknown>({
      method: 'DELETE',
      url: `/composite/sobjects?ids=${chunk.map(encodeURIComponent).join(',')}&allOrNone=false`,
    });
    if (!res.ok) {
      out.push(...chunk.map((): SaveOutcome => ({ ok: false, error: res.error })));
      continue;
    }
    const parsed = parseSaveResults(res.value);
    if (parsed.length !== chunk.length)
      throw new Error(`Collections returned ${parsed.length} results for ${chunk.length} deletions`);
    parsed.forEach((r, k) => {
      const gone = !r.ok && r.error.sfCode === 'ENTITY_IS_DELETED';
      out.push(gone ? { ok: true, id: chunk[k]!, created: false } : r);
    });
  }
  return out;
}

/** The request body for one chunk (records already in the org's names). */
export function collectionBody(sobjectApiName: string, records: readonly Readonly<Record<string, unknown>>[]) {
  return { allOrNone: false, records: records.map((r) => ({ attributes: { type: sobjectApiName }, ...r })) };
}

/** Collections per Composite request: Salesforce allows at most 5 sObject Collections subrequests. */
export const COLLECTIONS_PER_COMPOSITE = 5;

type ChunkResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: SfError };

/** One chunk as its own Collections request. */
async function oneCollection(api: Api, url: string, body: unknown): Promise<ChunkResult> {
  return api.request<unknown>({ method: 'PATCH', url, body });
}

/** Up to five chunks in one Composite request (`allOrNone: false`): each subrequest answers for its chunk. */
async function compositeCollections(api: Api, url: string, bodies: readonly unknown[]): Promise<ChunkResult[]> {
  const res = await api.request<{
    compositeResponse?: { body: unknown; httpStatusCode: number; referenceId: string }[];
  }>({
    method: 'POST',
    url: '/composite',
    body: {
      allOrNone: false,
      compositeRequest: bodies.map((body, k) => ({
        method: 'PATCH',
        url: `/services/data/v${api.version}${url}`,
        referenceId: `chunk${k}`,
        body,
      })),
    },
  });
  if (!res.ok) return bodies.map(() => res);
  const subs = res.value.compositeResponse ?? [];
  return bodies.map((_, k): ChunkResult => {
    const sub = subs.find((x) => x.referenceId === `chunk${k}`);
    if (!sub) throw new Error(`Composite returned no answer for chunk ${k}`);
    if (sub.httpStatusCode < 300) return { ok: true, value: sub.body };
    return { ok: false, error: subrequestError(sub) };
  });
}

/** The error of a Composite subrequest refused as a whole (its first error, or its HTTP status). */
export function subrequestError(sub: { readonly body: unknown; readonly httpStatusCode: number }): SfError {
  const first = (Array.isArray(sub.body) ? sub.body[0] : sub.body) as
    { errorCode?: string; statusCode?: string; message?: string; fields?: string[] } | undefined;
  return classifySalesforceCode(
    first?.errorCode ?? first?.statusCode ?? `ERROR_HTTP_${sub.httpStatusCode}`,
    first?.message ?? '',
    first?.fields ?? [],
  );
}

/**
 * Upserts records (≤ 200 per chunk; up to five chunks per Composite request, so 1,000 records cost
 * one API call) and returns one outcome per record, in order. A chunk that fails as a whole gives
 * every record of it that error, marked `requestLevel`; once the org refuses calls (allowance used
 * up), the rest are not tried.
 */
export async function upsertCollections(
  api: Api,
  sobjectApiName: string,
  externalIdApiName: string,
  records: readonly Readonly<Record<string, unknown>>[],
): Promise<(SaveOutcome & { requestLevel?: boolean })[]> {
  const url = `/composite/sobjects/${encodeURIComponent(sobjectApiName)}/${encodeURIComponent(externalIdApiName)}`;
  const chunks: (readonly Readonly<Record<string, unknown>>[])[] = [];
  for (let i = 0; i < records.length; i += COLLECTION_LIMIT) chunks.push(records.slice(i, i + COLLECTION_LIMIT));
  const out: (SaveOutcome & { requestLevel?: boolean })[] = [];
  for (let g = 0; g < chunks.length; g += COLLECTIONS_PER_COMPOSITE) {
    const group = chunks.slice(g, g + COLLECTIONS_PER_COMPOSITE);
    const bodies = group.map((chunk) => collectionBody(sobjectApiName, chunk));
    const results =
      group.length === 1 ? [await oneCollection(api, url, bodies[0])] : await compositeCollections(api, url, bodies);
    for (const [k, res] of results.entries()) {
      const chunk = group[k]!;
      if (!res.ok) {
        for (let n = 0; n < chunk.length; n++) out.push({ ok: false, error: res.error, requestLevel: true });
        if (res.error.code === 'sf_rate_limited') {
          while (out.length < records.length) out.push({ ok: false, error: res.error, requestLevel: true });
          return out;
        }
        continue;
      }
      const parsed = parseSaveResults(res.value);
      if (parsed.length !== chunk.length)
        throw new Error(`Collections returned ${parsed.length} results for ${chunk.length} records`);
      out.push(...parsed);
    }
  }
  return out;
}
