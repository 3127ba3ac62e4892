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

/**
 * Upserts records (≤ 200 per request, sequentially) and returns one outcome per record, in order.
 * A request that fails as a whole gives every record of its chunk that error, marked `requestLevel`.
 */
export async function upsertCollections(
  api: Api,
  sobjectApiName: string,
  externalIdApiName: string,
  records: readonly Readonly<Record<string, unknown>>[],
): Promise<(SaveOutcome & { requestLevel?: boolean })[]> {
  const out: (SaveOutcome & { requestLevel?: boolean })[] = [];
  for (let i = 0; i < records.length; i += COLLECTION_LIMIT) {
    const chunk = records.slice(i, i + COLLECTION_LIMIT);
    const res = await api.request<unknown>({
      method: 'PATCH',
      url: `/composite/sobjects/${encodeURIComponent(sobjectApiName)}/${encodeURIComponent(externalIdApiName)}`,
      body: collectionBody(sobjectApiName, chunk),
    });
    if (!res.ok) {
      for (let k = 0; k < chunk.length; k++) out.push({ ok: false, error: res.error, requestLevel: true });
      if (res.error.code === 'sf_rate_limited') {
        for (let k = i + chunk.length; k < records.length; k++)
          out.push({ ok: false, error: res.error, requestLevel: true });
        break;
      }
      continue;
    }
    const parsed = parseSaveResults(res.value);
    if (parsed.length !== chunk.length)
      throw new Error(`Collections returned ${parsed.length} results for ${chunk.length} records`);
    out.push(...parsed);
  }
  return out;
}
