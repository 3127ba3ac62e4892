/**
 * @module
 * Bulk API 2.0 ingest: create a job, upload one CSV, close it, and the org processes it in the
 * background in chunks of 200 (each its own transaction). Results come back as CSV files whose
 * row order differs from the upload, as in a real org. Custom metadata types take no jobs.
 */
import crypto from 'node:crypto';
import { insert, prepare, update, upsert, type SaveResult } from './dml.ts';
import { notFound, RestError, type SimResponse } from './errors.ts';
import { csvCell, parseCsv } from './csv.ts';
import type { SimOrg } from './org.ts';
import { jsonBody, segments, type SimRequest } from './request.ts';
import type { SimField, SimObject } from './schema.ts';
import { sfDateTime } from './store.ts';
import { checkNumber, isRealDate, isRealDateTime } from './values.ts';

type State = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

interface Job {
  id: string;
  object: SimObject;
  operation: 'insert' | 'update' | 'upsert';
  externalIdFieldName?: string;
  lineEnding: 'LF' | 'CRLF';
  state: State;
  csv?: string;
  createdDate: string;
  processed: number;
  failed: number;
  errorMessage?: string;
  version: string;
  success: string[][];
  failures: string[][];
  unprocessed: string[][];
  header: string[];
  /** The uploaded rows once parsed, the next one to process, and the results of the chunks done. */
  rows?: string[][];
  next: number;
  chunks: { ok: string[][]; bad: string[][] }[];
  /** Set by a `job_failed` fault: the job fails after this many rows. */
  failAfter?: { rows: number; message: string };
}

export interface BulkOptions {
  /** Delay before a closed job starts processing. */
  readonly startDelayMs: number;
  /** Rows processed per event-loop turn. */
  readonly rowsPerTick: number;
}

/** Creates the ingest handler for one org; `close()` cancels background processing. */
export function createBulk(org: SimOrg, opts: BulkOptions) {
  const jobs = new Map<string, Job>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const info = (job: Job) => ({
    id: job.id,
    operation: job.operation,
    object: job.object.name,
    createdById: '0058d0000000001AAA',
    createdDate: job.createdDate,
    systemModstamp: sfDateTime(org.now()),
    state: job.state,
    ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.version),
    jobType: 'V2Ingest',
    contentUrl: `services/data/v${job.version}/jobs/ingest/${job.id}/batches`,
    lineEnding: job.lineEnding,
    columnDelimiter: 'COMMA',
    numberRecordsProcessed: job.processed,
    numberRecordsFailed: job.failed,
    retries: 0,
    totalProcessingTime: 0,
    apiActiveProcessingTime: 0,
    apexProcessingTime: 0,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
  });

  /** The uploaded rows, parsed once (at start, or when the job is aborted before it). */
  const load = (job: Job): string[][] => {
    if (job.rows) return job.rows;
    const rows = parseCsv(job.csv ?? '').filter((r) => !(r.length === 1 && r[0] === ''));
    job.header = rows.shift() ?? [];
    job.rows = rows;
    return rows;
  };

  /** Ends a job: the result files hold what its chunks processed; the rest is unprocessed. */
  const settle = (job: Job, state: 'JobComplete' | 'Failed' | 'Aborted') => {
    // Chunks complete in parallel in a real org: results are not in upload order.
    const order = job.chunks.map((_, i) => i).sort((a, b) => (a % 2) - (b % 2) || b - a);
    job.success = order.flatMap((i) => job.chunks[i]!.ok);
    job.failures = order.flatMap((i) => job.chunks[i]!.bad);
    job.unprocessed = load(job).slice(job.next);
    job.processed = job.next;
    job.failed = job.failures.length;
    job.state = state;
  };

  const abort = (job: Job) => {
    if (['JobComplete', 'Failed', 'Aborted'].includes(job.state)) return;
    if (job.state === 'Open') job.state = 'Aborted';
    else settle(job, 'Aborted');
  };

  const start = (job: Job) => {
    if (job.state === 'Aborted') return;
    const rows = load(job);
    const header = job.header;
    const columns = header.map((h) => resolveColumn(org, job.object, h));
    const bad = header.find((_, i) => !columns[i]);
    if (bad !== undefined || header.length === 0) {
      job.state = 'Failed';
      job.errorMessage = `InvalidBatch : Field name not found : ${bad ?? '(empty header)'}`;
      job.unprocessed = rows;
      return;
    }
    const ext = job.externalIdFieldName ? org.schema.field(job.object, job.externalIdFieldName) : undefined;
    const extIndex = ext ? header.findIndex((h) => h.toLowerCase() === ext.name.toLowerCase()) : -1;
    if (job.operation === 'upsert' && extIndex < 0) {
      job.state = 'Failed';
      job.errorMessage = `InvalidBatch : Field name not found : ${job.externalIdFieldName ?? ''}`;
      job.unprocessed = rows;
      return;
    }
    job.state = 'InProgress';
    const last = job.failAfter ? Math.min(rows.length, job.failAfter.rows) : rows.length;
    const step = () => {
      if (job.state === 'Aborted') return;
      const end = Math.min(last, job.next + opts.rowsPerTick);
      for (let c = job.next; c < end; c += 200) {
        const chunk = { ok: [] as string[][], bad: [] as string[][] };
        for (const row of rows.slice(c, Math.min(end, c + 200))) {
          const result = saveRow(org, job, columns as Column[], row, ext, extIndex);
          if (result.success) chunk.ok.push([result.id, String(result.created), ...row]);
          else {
            const e = result.errors[0]!;
            chunk.bad.push([
              result.id ?? '',
              `${e.statusCode}:${e.message}:${e.fields.length ? e.fields.join(',') : '--'}`,
              ...row,
            ]);
          }
        }
        job.chunks.push(chunk);
      }
      job.next = end;
      if (end < last) return later(step, 0);
      if (job.failAfter) job.errorMessage = job.failAfter.message;
      settle(job, job.failAfter ? 'Failed' : 'JobComplete');
    };
    later(step, 0);
  };

  const csvResponse = (header: string[], rows: string[][], quoteFirst: number): SimResponse => ({
    status: 200,
    headers: { 'content-type': 'text/csv' },
    text: [header, ...rows].map((r) => r.map((v, i) => csvCell(v, i < quoteFirst)).join(',')).join('\n') + '\n',
  });

  return {
    handle(req: SimRequest): SimResponse {
      const [, , id, sub, ...rest] = segments(req.path);
      if (rest.length) throw notFound();
      if (!id) {
        if (req.method !== 'POST') throw notFound();
        const body = jsonBody<{
          object?: string;
          operation?: string;
          externalIdFieldName?: string;
          lineEnding?: string;
          contentType?: string;
        }>(req);
        const object = org.schema.object(body.object ?? '');
        if (!object) throw new RestError(400, 'INVALIDJOB', `InvalidJob : Unable to find object: ${body.object ?? ''}`);
        // Custom metadata records are written by deployments only; Bulk API refuses the entity outright.
        if (object.customMetadata) {
          throw new RestError(400, 'INVALIDENTITY', `Entity '${object.name}' is not supported by the Bulk API.`);
        }
        if (!['insert', 'update', 'upsert'].includes(body.operation ?? '')) {
          throw new RestError(400, 'INVALIDJOB', `InvalidJob : Invalid operation: ${body.operation ?? ''}`);
        }
        if (body.operation === 'upsert') {
          const ext = org.schema.field(object, body.externalIdFieldName ?? '');
          if (!ext?.externalId && ext?.name !== 'Id') {
            throw new RestError(
              400,
              'INVALIDJOB',
              `InvalidJob : The External ID field ${body.externalIdFieldName ?? ''} was not found on ${object.name}`,
            );
          }
        }
        if ((body.contentType ?? 'CSV') !== 'CSV')
          throw new RestError(400, 'INVALIDJOB', 'InvalidJob : contentType must be CSV');
        const job: Job = {
          id: `7508d${crypto.randomBytes(5).toString('hex').toUpperCase()}`.slice(0, 15) + 'AAA',
          object,
          operation: body.operation as Job['operation'],
          externalIdFieldName: body.externalIdFieldName,
          lineEnding: body.lineEnding === 'CRLF' ? 'CRLF' : 'LF',
          state: 'Open',
          createdDate: sfDateTime(org.now()),
          processed: 0,
          failed: 0,
          version: req.version,
          success: [],
          failures: [],
          unprocessed: [],
          header: [],
          next: 0,
          chunks: [],
        };
        jobs.set(job.id, job);
        return { status: 200, body: info(job) };
      }
      const job = jobs.get(id);
      if (!job) throw notFound();
      if (org.faults.takeBulkFault('job_aborted', req.method, req.path)) abort(job);
      if (sub === 'batches' && req.method === 'PUT') {
        if (job.state !== 'Open')
          throw new RestError(409, 'INVALIDJOBSTATE', `Job is not open for uploads: ${job.state}`);
        if (job.csv !== undefined)
          throw new RestError(400, 'BULK_API_ERROR', 'Data can only be uploaded to a job once');
        if (!/text\/csv/.test(req.headers.get('content-type') ?? '')) {
          throw new RestError(400, 'INVALIDJOB', 'Content-Type must be text/csv');
        }
        if (job.lineEnding === 'LF' && req.text.includes('\r\n')) {
          throw new RestError(
            400,
            'INVALIDJOB',
            'LineEnding is invalid on user data. Current LineEnding setting is LF',
          );
        }
        // 150 MB of base64-encoded content per upload, which is about 112 MB of raw CSV.
        if (req.text.length > (150 * 1024 * 1024 * 3) / 4) {
          throw new RestError(400, 'BULK_API_ERROR', 'Upload exceeds the 150 MB (base64-encoded) limit of one job');
        }
        job.csv = req.text;
        return { status: 201 };
      }
      if (sub === undefined && req.method === 'PATCH') {
        const state = jsonBody<{ state?: string }>(req).state;
        if (state === 'UploadComplete' && job.state === 'Open') {
          job.state = 'UploadComplete';
          const failed = org.faults.takeBulkFault('job_failed', req.method, req.path);
          if (failed) {
            job.failAfter = {
              rows: failed.afterRows ?? 0,
              message: failed.message ?? 'InternalServerError : Batch failed after 10 retries',
            };
          }
          later(() => start(job), opts.startDelayMs);
        } else if (state === 'Aborted' && !['JobComplete', 'Failed', 'Aborted'].includes(job.state)) {
          abort(job);
        } else throw new RestError(400, 'INVALIDJOBSTATE', `Cannot change state from ${job.state} to ${state ?? ''}`);
        return { status: 200, body: info(job) };
      }
      if (sub === undefined && req.method === 'GET') return { status: 200, body: info(job) };
      if (sub === undefined && req.method === 'DELETE') {
        if (['Open', 'InProgress'].includes(job.state))
          throw new RestError(400, 'INVALIDJOBSTATE', 'Job is still running');
        jobs.delete(id);
        return { status: 204 };
      }
      if (req.method === 'GET' && sub === 'successfulResults')
        return csvResponse(['sf__Id', 'sf__Created', ...job.header], job.success, 2);
      if (req.method === 'GET' && sub === 'failedResults')
        return csvResponse(['sf__Id', 'sf__Error', ...job.header], job.failures, 2);
      if (req.method === 'GET' && sub === 'unprocessedrecords') return csvResponse(job.header, job.unprocessed, 0);
      throw notFound();
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

type Column = { field: SimField; rel?: SimField } | { relationship: SimField; parentField: SimField };

function resolveColumn(org: SimOrg, o: SimObject, header: string): Column | undefined {
  const parts = header.split('.');
  if (parts.length === 1) {
    const field = org.schema.field(o, header);
    return field ? { field } : undefined;
  }
  const relationship = o.relationships.get(parts[0]!.toLowerCase());
  const parent = relationship && org.schema.object(relationship.referenceTo ?? '');
  const parentField = parent && org.schema.field(parent, parts[1]!);
  return relationship && parentField ? { relationship, parentField } : undefined;
}

function saveRow(
  org: SimOrg,
  job: Job,
  columns: Column[],
  row: string[],
  ext: SimField | undefined,
  extIndex: number,
): SaveResult {
  const body: Record<string, unknown> = {};
  for (const [i, col] of columns.entries()) {
    const raw = row[i] ?? '';
    if (raw === '') continue;
    const value = raw === '#N/A' ? null : raw;
    if ('relationship' in col) body[col.relationship.relationshipName!] = { [col.parentField.name]: value };
    else {
      const typed = value === null ? null : convert(col.field, value);
      if (typed instanceof Error) {
        return {
          success: false,
          errors: [{ statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', message: typed.message, fields: [col.field.name] }],
        };
      }
      body[col.field.name] = typed;
    }
  }
  let prepared;
  try {
    prepared = prepare(org.dml, job.object, body);
  } catch (e) {
    if (e instanceof RestError)
      return { success: false, errors: [{ statusCode: e.errorCode, message: e.message, fields: [] }] };
    throw e;
  }
  if (job.operation === 'insert') return insert(org.dml, job.object, prepared);
  if (job.operation === 'update') return update(org.dml, job.object, String(body.Id ?? ''), prepared);
  const r = upsert(org.dml, job.object, ext!, row[extIndex], prepared);
  return 'multiple' in r
    ? {
        success: false,
        errors: [{ statusCode: 'DUPLICATE_EXTERNAL_ID', message: `${ext!.name} matches multiple records`, fields: [] }],
      }
    : r;
}

function convert(field: SimField, v: string): unknown {
  switch (field.type) {
    case 'Number':
    case 'Currency':
    case 'Percent':
      return checkNumber(v).ok ? v : new Error(`${field.label}: value not of required type: ${v}`);
    case 'Checkbox':
      return ['true', '1'].includes(v.toLowerCase())
        ? true
        : ['false', '0'].includes(v.toLowerCase())
          ? false
          : new Error(`${field.label}: value not of required type: ${v}`);
    case 'Date':
      return isRealDate(v) ? v : new Error(`${field.label}: value not of required type: ${v}`);
    case 'DateTime':
      return isRealDateTime(v) ? v : new Error(`${field.label}: value not of required type: ${v}`);
    default:
      return v;
  }
}
