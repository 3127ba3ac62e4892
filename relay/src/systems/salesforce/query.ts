/**
 * @module
 * Reads: SOQL with paging (`nextRecordsUrl`, 2,000 rows per page), and the `updated`/`deleted`
 * windows used for change polling.
 */
import type { Api } from './api.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import type { SfError } from './errors.ts';

interface QueryPage<T> {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: T[];
}

/**
 * Runs a SOQL query (in the org's names, e.g. built with the namer) and follows every page.
 * @example await query(api, `SELECT Id FROM ${api.namer('QuickBooks_Invoice__c')} WHERE ${api.namer('Status__c')} = 'Open'`)
 */
export async function query<T = Record<string, unknown>>(
  api: Api,
  soql: string,
  { maxRecords = Infinity } = {},
): Promise<Result<T[], SfError>> {
  const out: T[] = [];
  let url: string | undefined = `/query?q=${encodeURIComponent(soql)}`;
  while (url && out.length < maxRecords) {
    const page: Result<QueryPage<T>, SfError> = await api.request<QueryPage<T>>({
      method: 'GET',
      url,
      headers: { 'Sforce-Query-Options': 'batchSize=2000' },
    });
    if (!page.ok) return err(page.error);
    out.push(...page.value.records.map(stripAttributes));
    url = page.value.done ? undefined : page.value.nextRecordsUrl;
  }
  return ok(out.slice(0, maxRecords));
}

function stripAttributes<T>(r: T): T {
  if (!r || typeof r !== 'object') return r;
  const { attributes: _a, ...rest } = r as Record<string, unknown>;
  for (const [k, v] of Object.entries(rest))
    if (v && typeof v === 'object' && 'attributes' in v) rest[k] = stripAttributes(v);
  return rest as T;
}

/** Salesforce wants whole-second UTC timestamps in these windows. */
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `GET /sobjects/X/updated/?start&end`: ids changed in the window (≤ 30 days back). */
export async function updatedIds(
  api: Api,
  sobjectApiName: string,
  start: Date,
  end: Date,
): Promise<Result<{ ids: string[]; latestDateCovered: string }, SfError>> {
  return api.request({
    method: 'GET',
    url: `/sobjects/${sobjectApiName}/updated/?start=${encodeURIComponent(iso(start))}&end=${encodeURIComponent(iso(end))}`,
  });
}

/** `GET /sobjects/X/deleted/?start&end`: ids deleted in the window (≤ 15 days back). */
export async function deletedIds(
  api: Api,
  sobjectApiName: string,
  start: Date,
  end: Date,
): Promise<
  Result<
    { deletedRecords: { id: string; deletedDate: string }[]; earliestDateAvailable: string; latestDateCovered: string },
    SfError
  >
> {
  return api.request({
    method: 'GET',
    url: `/sobjects/${sobjectApiName}/deleted/?start=${encodeURIComponent(iso(start))}&end=${encodeURIComponent(iso(end))}`,
  });
}
