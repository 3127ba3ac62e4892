/**
 * @module
 * Bulk API 2.0 ingest for backfills: one job per call — create, upload a CSV built with a fixed
 * column list, close, poll with growing intervals up to a timeout, then read the result files and
 * join them back to the input by external ID (result row order is not the upload order).
 */
import type { Api } from './api.ts';
import { buildCsv, parseCsvRecords } from './csv.ts';
import { classifySalesforceCode, type SfError } from './errors.ts';
import type { SaveOutcome } from './collections.ts';

export interface BulkPolling {
  /** First wait after closing the job. */
  readonly initialMs: number;
  /** Longest wait between polls. */
  readonly maxMs: number;
  /** Give up (records reported as unavailable, job left running) after this long. */
  readonly timeoutMs: number;
}

export const DEFAULT_BULK_POLLING: BulkPolling = { initialMs: 1000, maxMs: 15_000, timeoutMs: 30 * 60_000 };

interface JobInfo {
  id: string;
  state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
  numberRecordsProcessed?: number;
  numberRecordsFailed?: number;
  errorMessage?: string;
}

/**
 * Parses `sf__Error` (`STATUS_CODE:message:fields`, `--` when no field).
 * @example parseBulkError('UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--').code // 'sf_row_locked'
 */
export function parseBulkError(value: string): SfError {
  const first = value.indexOf(':');
  const last = value.lastIndexOf(':');
  if (first < 0) return classifySalesforceCode(value, value);
  const code = value.slice(0, first);
  const message = last > first ? value.slice(first + 1, last) : value.slice(first + 1);
  const fieldPart = last > first ? value.slice(last + 1) : '--';
  return classifySalesforceCode(code, message, fieldPart === '--' || fieldPart === '' ? [] : fieldPart.split(','));
}

/**
 * Joins Bulk result files to the uploaded rows by external ID (case-insensitive, as the field is).
 * Rows in no file are reported as not processed.
 */
export function joinBulkResults(
  externalIdColumn: string,
  externalIds: readonly string[],
  files: { successful: string; failed: string; unprocessed: string },
): SaveOutcome[] {
  const byKey = new Map<string, SaveOutcome>();
  for (const row of parseCsvRecords(files.successful)) {
    byKey.set(String(row[externalIdColumn]).toLowerCase(), {
      ok: true,
      id: row.sf__Id ?? '',
      created: row.sf__Created === 'true',
    });
  }
  for (const row of parseCsvRecords(files.failed)) {
    const error = parseBulkError(row.sf__Error ?? '');
    byKey.set(
      String(row[externalIdColumn]).toLowerCase(),
      row.sf__Id ? { ok: false, error, id: row.sf__Id } : { ok: false, error },
    );
  }
  for (const row of parseCsvRecords(files.unprocessed)) {
    byKey.set(String(row[externalIdColumn]).toLowerCase(), {
      ok: false,
      error: { code: 'sf_unavailable', message: 'Bulk job ended before this record was processed', retryable: true },
    });
  }
  return externalIds.map(
    (id) =>
      byKey.get(id.toLowerCase()) ?? {
        ok: false,
        error: { code: 'sf_unknown', message: 'Record missing from the Bulk job results', retryable: true },
      },
  );
}

/**
 * Runs one upsert job. Rows are in the org's names and keyed by `columns`.
 * Returns one outcome per row (request-level failures apply to every row).
 */
export async function upsertBulk(
  api: Api,
  sobjectApiName: string,
  externalIdApiName: string,
  columns: readonly string[],
  rows: readonly Readonly<Record<string, unknown>>[],
  polling: BulkPolling,
): Promise<(SaveOutcome & { requestLevel?: boolean })[]> {
  const failAll = (error: SfError) => rows.map(() => ({ ok: false as const, error, requestLevel: true }));
  const created = await api.request<JobInfo>({
    method: 'POST',
    url: '/jobs/ingest',
    body: {
      object: sobjectApiName,
      operation: 'upsert',
      externalIdFieldName: externalIdApiName,
      contentType: 'CSV',
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
    },
  });
  if (!created.ok) return failAll(created.error);
  const jobUrl = `/jobs/ingest/${created.value.id}`;
  const log = api.log.child({ bulkJob: created.value.id, sobject: sobjectApiName });
  const uploaded = await api.request<unknown>({
    method: 'PUT',
    url: `${jobUrl}/batches`,
    body: buildCsv(columns, rows),
    headers: { 'content-type': 'text/csv' },
    raw: true,
  });
  if (!uploaded.ok) return failAll(uploaded.error);
  const closed = await api.request<JobInfo>({ method: 'PATCH', url: jobUrl, body: { state: 'UploadComplete' } });
  if (!closed.ok) return failAll(closed.error);
  log.info('bulk job uploaded', { rows: rows.length });

  const started = api.now();
  let wait = polling.initialMs;
  let info: JobInfo = closed.value;
  while (!['JobComplete', 'Failed', 'Aborted'].includes(info.state)) {
    if (api.now() - started + wait > polling.timeoutMs) {
      log.warn('bulk job still running at the poll timeout; leaving it', { state: info.state });
      return failAll({
        code: 'sf_unavailable',
        message: `Bulk job ${info.id} did not finish within ${polling.timeoutMs} ms`,
        retryable: true,
      });
    }
    await api.policy.sleep(wait);
    wait = Math.min(polling.maxMs, wait * 2);
    const polled = await api.request<JobInfo>({ method: 'GET', url: jobUrl });
    if (!polled.ok) return failAll(polled.error);
    info = polled.value;
  }
  if (info.state !== 'JobComplete') {
    log.warn('bulk job failed', { state: info.state, reason: info.errorMessage });
    const error: SfError = {
      code: 'sf_bulk_failed',
      message: `Bulk job ${info.state}: ${info.errorMessage ?? 'no reason given'}`,
      retryable: false,
    };
    return failAll(error);
  }
  const fetchText = async (name: string, needed: boolean): Promise<Result<string>> => {
    if (!needed) return { ok: true, value: '' };
    const r = await api.request<string>({ method: 'GET', url: `${jobUrl}/${name}`, raw: true });
    return r.ok ? { ok: true, value: r.value } : r;
  };
  const processed = info.numberRecordsProcessed ?? rows.length;
  const failedCount = info.numberRecordsFailed ?? 0;
  const successful = await fetchText('successfulResults', processed - failedCount > 0);
  const failed = await fetchText('failedResults', failedCount > 0);
  const unprocessed = await fetchText('unprocessedrecords', processed < rows.length);
  for (const r of [successful, failed, unprocessed]) if (!r.ok) return failAll(r.error);
  log.info('bulk job complete', { processed, failed: failedCount });
  return joinBulkResults(
    externalIdApiName,
    rows.map((r) => String(r[externalIdApiName])),
    {
      successful: (successful as { value: string }).value,
      failed: (failed as { value: string }).value,
      unprocessed: (unprocessed as { value: string }).value,
    },
  );
}

type Result<T> = { ok: true; value: T } | { ok: false; error: SfError };
