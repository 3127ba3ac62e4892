/**
 * @module
 * Bulk API 2.0 ingest for backfills: a job — create, upload a CSV built with a fixed column list,
 * close, poll with growing intervals up to a timeout, then read the result files and join them
 * back to the input by external ID (result row order is not the upload order). A job that ends
 * Failed or Aborted is read the same way: what Salesforce processed stays written (a failed job is
 * not rolled back), so its successes are confirmed, its failures keep their own errors, and the
 * rows it never reached are retryable — except when it refused the upload itself (`InvalidBatch`).
 */
import type { Api } from './api.ts';
import { buildCsv, forEachCsvRow, forEachCsvRowIn } from './csv.ts';
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

/** The three result files of a finished job. */
export interface BulkResultFiles {
  readonly successful: string;
  readonly failed: string;
  readonly unprocessed: string;
}

/**
 * A copy of a cell that does not keep the whole result file alive (a slice of a string refers to it;
 * a result file of a hundred thousand rows is tens of megabytes).
 */
const own = (s: string): string => (s.length > 12 ? Buffer.from(s, 'utf8').toString('utf8') : s);

/** Outcomes by lower-cased external ID, as a job's result files give them. */
export interface BulkOutcomes {
  set(key: string, outcome: SaveOutcome): void;
  get(key: string): SaveOutcome | undefined;
}

/**
 * Outcomes kept small: a backfill's job confirms a hundred thousand records, so a success is kept as
 * its id alone (in one map or the other, by whether it was created), not as an object of its own.
 * @example const outcomes = bulkOutcomes(); outcomes.set('acme:1', { ok: true, id: '001…', created: true });
 */
export function bulkOutcomes(): BulkOutcomes {
  const created = new Map<string, string>();
  const updated = new Map<string, string>();
  const other = new Map<string, SaveOutcome>();
  return {
    set(key, outcome) {
      created.delete(key);
      updated.delete(key);
      other.delete(key);
      if (outcome.ok) (outcome.created ? created : updated).set(key, outcome.id);
      else other.set(key, outcome);
    },
    get(key) {
      const made = created.get(key);
      if (made !== undefined) return { ok: true, id: made, created: true };
      const id = updated.get(key);
      return id !== undefined ? { ok: true, id, created: false } : other.get(key);
    },
  };
}

/**
 * Reads Bulk result files into `into`, keyed by the lower-cased external ID (the field is
 * case-insensitive). Keeps only the outcome of each row, not the echoed fields.
 */
export function collectBulkResults(externalIdColumn: string, files: BulkResultFiles, into: BulkOutcomes): void {
  for (const kind of RESULT_FILES) forEachCsvRow(files[kind], resultRows(externalIdColumn, kind, into, NOT_REACHED));
}

const RESULT_FILES = ['successful', 'failed', 'unprocessed'] as const;
type ResultFile = (typeof RESULT_FILES)[number];
const RESULT_PATH: Record<ResultFile, string> = {
  successful: 'successfulResults',
  failed: 'failedResults',
  unprocessed: 'unprocessedrecords',
};

/** The outcome of a row a job never processed, when the job gave no reason. */
const NOT_REACHED: SaveOutcome = {
  ok: false,
  error: { code: 'sf_unavailable', message: 'Bulk job ended before this record was processed', retryable: true },
};

/** Bulk API error codes that say the job's data or definition was refused: sending it again fails again. */
const REFUSED_UPLOAD = /^(ClientInputError|InvalidBatch|InvalidJob|InvalidOperation)\b/;

/** The outcome of the rows a job ended without processing. */
function unprocessedOutcome(info: JobInfo): SaveOutcome {
  if (info.state === 'JobComplete') return NOT_REACHED;
  const reason = info.errorMessage ?? 'no reason given';
  if (info.state === 'Failed' && REFUSED_UPLOAD.test(reason)) {
    return { ok: false, error: { code: 'sf_bulk_failed', message: `Bulk job Failed: ${reason}`, retryable: false } };
  }
  // Salesforce's advice for a job that failed part-way: send what it did not process in a new job.
  return {
    ok: false,
    error: {
      code: 'sf_unavailable',
      message: `Bulk job ${info.state} before this record was processed: ${reason}`,
      retryable: true,
    },
  };
}

/** A row handler for one result file (header first) that records each row's outcome in `into`. */
function resultRows(externalIdColumn: string, kind: ResultFile, into: BulkOutcomes, unprocessed: SaveOutcome) {
  let header: Map<string, number> | undefined;
  return (cells: string[]) => {
    if (!header) {
      header = new Map(cells.map((c, i) => [c, i]));
      return;
    }
    const cell = (name: string) => own(cells[header!.get(name) ?? -1] ?? '');
    const key = cell(externalIdColumn).toLowerCase();
    if (kind === 'successful') into.set(key, { ok: true, id: cell('sf__Id'), created: cell('sf__Created') === 'true' });
    else if (kind === 'failed') {
      const error = parseBulkError(cell('sf__Error'));
      const id = cell('sf__Id');
      into.set(key, id ? { ok: false, error, id } : { ok: false, error });
    } else into.set(key, unprocessed);
  };
}

/** The outcome of a row that no result file mentions. */
export const MISSING_FROM_RESULTS: SaveOutcome = {
  ok: false,
  error: { code: 'sf_unknown', message: 'Record missing from the Bulk job results', retryable: true },
};

/**
 * Joins Bulk result files to the uploaded rows by external ID (result row order is not the upload
 * order). Rows in no file are reported as not processed.
 */
export function joinBulkResults(
  externalIdColumn: string,
  externalIds: readonly string[],
  files: BulkResultFiles,
): SaveOutcome[] {
  const byKey = bulkOutcomes();
  collectBulkResults(externalIdColumn, files, byKey);
  return externalIds.map((id) => byKey.get(id.toLowerCase()) ?? MISSING_FROM_RESULTS);
}

/** An upsert job whose data is uploaded and closed, being processed by Salesforce. */
export interface OpenBulkJob {
  readonly url: string;
  readonly info: JobInfo;
  readonly rowCount: number;
  readonly log: Api['log'];
}

/**
 * Creates an upsert job, uploads its CSV body (header first) of `rowCount` rows and closes it.
 * The body is not kept: a caller that builds it in the call lets it go as soon as it is sent. A
 * streamed body is a function that reads the rows afresh: an upload that met an expired session
 * is sent again, to the same job while it is still open, else to a new one.
 */
export async function openUpsertJob(
  api: Api,
  sobjectApiName: string,
  externalIdApiName: string,
  csv: string | (() => AsyncIterable<string>),
  rowCount: number | (() => number),
): Promise<Result<OpenBulkJob>> {
  for (let jobs = 1; ; jobs++) {
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
    if (!created.ok) return created;
    const url = `/jobs/ingest/${created.value.id}`;
    const log = api.log.child({ bulkJob: created.value.id, sobject: sobjectApiName });
    /** The state the job was found in when the upload was to be sent again, if no longer Open. */
    let closedAs: string | undefined;
    const stillOpen = async (): Promise<Result<undefined>> => {
      const now = await api.request<JobInfo>({ method: 'GET', url });
      if (!now.ok) return now;
      if (now.value.state === 'Open') return { ok: true, value: undefined };
      closedAs = now.value.state;
      const message = `Bulk job ${created.value.id} is ${closedAs}, no longer open for its upload`;
      return { ok: false, error: { code: 'sf_unavailable', message, retryable: true } };
    };
    const uploaded =
      typeof csv === 'string'
        ? await api.request<unknown>({
            method: 'PUT',
            url: `${url}/batches`,
            body: csv,
            headers: { 'content-type': 'text/csv' },
            raw: true,
          })
        : await drained(
            api.transfer({
              method: 'PUT',
              url: `${url}/batches`,
              contentType: 'text/csv',
              body: csv,
              beforeResend: stillOpen,
            }),
          );
    if (!uploaded.ok && closedAs !== undefined && jobs < 2) {
      log.warn('bulk job closed while its upload was re-sent; sending the rows to a new job', { state: closedAs });
      continue;
    }
    if (!uploaded.ok) return uploaded;
    const closed = await api.request<JobInfo>({ method: 'PATCH', url, body: { state: 'UploadComplete' } });
    if (!closed.ok) return closed;
    const rows = typeof rowCount === 'number' ? rowCount : rowCount();
    log.info('bulk job uploaded', { rows, ...(typeof csv === 'string' ? { bytes: csv.length } : {}) });
    return { ok: true, value: { url, info: closed.value, rowCount: rows, log } };
  }
}

/** Reads a transfer's answer to the end (an upload's is empty). */
async function drained(r: Promise<Result<AsyncIterable<string>>>): Promise<Result<undefined>> {
  const res = await r;
  if (!res.ok) return res;
  for await (const chunk of res.value) void chunk;
  return { ok: true, value: undefined };
}

/** Polls an open job with growing intervals up to the timeout; a job still running then is an error. */
async function pollUpsertJob(api: Api, job: OpenBulkJob, polling: BulkPolling): Promise<Result<JobInfo>> {
  const { url, log } = job;
  const started = api.now();
  let wait = polling.initialMs;
  let info: JobInfo = job.info;
  while (!['JobComplete', 'Failed', 'Aborted'].includes(info.state)) {
    if (api.now() - started + wait > polling.timeoutMs) {
      log.warn('bulk job still running at the poll timeout; leaving it', { state: info.state });
      return {
        ok: false,
        error: {
          code: 'sf_unavailable',
          message: `Bulk job ${info.id} did not finish within ${polling.timeoutMs} ms`,
          retryable: true,
        },
      };
    }
    await api.policy.sleep(wait);
    wait = Math.min(polling.maxMs, wait * 2);
    const polled = await api.request<JobInfo>({ method: 'GET', url });
    if (!polled.ok) return polled;
    info = polled.value;
  }
  if (info.state !== 'JobComplete') log.warn('bulk job ended early', { state: info.state, reason: info.errorMessage });
  return { ok: true, value: info };
}

/** The result files a finished job has rows in (all three for one that ended early: counts may lag). */
function neededFiles(info: JobInfo, rowCount: number): readonly ResultFile[] {
  if (info.state !== 'JobComplete') return RESULT_FILES;
  const processed = info.numberRecordsProcessed ?? rowCount;
  const failed = info.numberRecordsFailed ?? 0;
  return RESULT_FILES.filter((kind) =>
    kind === 'successful' ? processed - failed > 0 : kind === 'failed' ? failed > 0 : processed < rowCount,
  );
}

/**
 * Polls an open job, then streams the result files it has rows in into `into` (outcome per
 * lower-cased external ID), parsing rows as they arrive: a result file is never held whole.
 */
export async function collectUpsertJob(
  api: Api,
  job: OpenBulkJob,
  polling: BulkPolling,
  externalIdColumn: string,
  into: BulkOutcomes,
): Promise<Result<undefined>> {
  const done = await pollUpsertJob(api, job, polling);
  if (!done.ok) return done;
  const unprocessed = unprocessedOutcome(done.value);
  for (const kind of neededFiles(done.value, job.rowCount)) {
    const r = await api.transfer({ method: 'GET', url: `${job.url}/${RESULT_PATH[kind]}` });
    if (!r.ok) return r;
    await forEachCsvRowIn(r.value, resultRows(externalIdColumn, kind, into, unprocessed));
  }
  job.log.info(done.value.state === 'JobComplete' ? 'bulk job complete' : 'bulk job results read', {
    state: done.value.state,
    processed: done.value.numberRecordsProcessed,
    failed: done.value.numberRecordsFailed,
  });
  return { ok: true, value: undefined };
}

/**
 * Runs one upsert job over rows held in memory. Rows are in the org's names and keyed by `columns`.
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
  const job = await openUpsertJob(api, sobjectApiName, externalIdApiName, buildCsv(columns, rows), rows.length);
  const outcomes = bulkOutcomes();
  const collected = job.ok ? await collectUpsertJob(api, job.value, polling, externalIdApiName, outcomes) : job;
  if (!collected.ok) return rows.map(() => ({ ok: false as const, error: collected.error, requestLevel: true }));
  return rows.map((r) => outcomes.get(String(r[externalIdApiName]).toLowerCase()) ?? MISSING_FROM_RESULTS);
}

type Result<T> = { ok: true; value: T } | { ok: false; error: SfError };
