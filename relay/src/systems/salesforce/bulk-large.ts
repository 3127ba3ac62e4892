/**
 * @module
 * A batch too large to hold in memory, upserted through Bulk API 2.0 jobs whose CSV is streamed
 * from the caller's pages: read once for the column list, then again as the jobs' bodies, cut at
 * `jobBytes` of CSV each. A job's body can be read more than once (an upload that met an expired
 * session is sent again): it then reads the pages afresh from that job's first record.
 */
import type { Api } from './api.ts';
import { bulkOutcomes, collectUpsertJob, MISSING_FROM_RESULTS, openUpsertJob, type BulkPolling } from './bulk.ts';
import type { SaveOutcome } from './collections.ts';
import { csvValue } from './csv.ts';
import type { SfError } from './errors.ts';
import type { Namer } from './names.ts';
import { bulkColumnCollector, qualifyRecord } from './records.ts';
import type { SObjectName } from './schema.ts';
import type { RecordInput } from './types.ts';

export interface LargeUpsert {
  readonly api: Api;
  readonly namer: Namer;
  readonly polling: BulkPolling;
  /** CSV characters per job. */
  readonly jobBytes: number;
  readonly sobject: SObjectName;
  readonly externalIdField: string;
  /** The records, in the same order at every read. */
  readonly pages: () => AsyncIterable<readonly RecordInput[]>;
}

/** Upserts the records of `pages` in as few jobs as fit; each record's outcome by external ID. */
export async function upsertLargeBatch(o: LargeUpsert): Promise<(externalId: string) => SaveOutcome> {
  const { api, namer, sobject, externalIdField } = o;
  const collector = bulkColumnCollector(sobject, externalIdField);
  for await (const page of o.pages()) for (const r of page) collector.add(r);
  const header = collector.columns().map(namer);
  const known = new Set(header);
  const extName = namer(externalIdField);
  const outcomes = bulkOutcomes();
  const headerLine = `${header.map(csvValue).join(',')}\n`;
  /** Whether a record has only the columns of the header (one that changed while its batch was sent may not). */
  const fits = (row: Record<string, unknown>) => Object.keys(row).every((k) => known.has(k));
  const keyOf = (record: RecordInput) => String(record[externalIdField] ?? '').toLowerCase();
  const cursor = recordCursor(o.pages);
  /** The first record of the job being sent, and the one after its last (once its body was read). */
  let start = 0;
  let end = 0;
  let failure: SfError | undefined;
  try {
    while (!(await cursor.at(start)).done) {
      // One job: its CSV streamed from the records as it is uploaded, until it reaches jobBytes.
      // Only its rows are counted, not their keys kept: a job is up to a hundred thousand records.
      let rows = 0;
      const body = async function* () {
        rows = 0;
        yield headerLine;
        let size = headerLine.length;
        let chunk: string[] = [];
        for (let i = start; size < o.jobBytes; i++) {
          const next = await cursor.at(i);
          if (next.done) break;
          end = i + 1;
          const record = next.value;
          const key = keyOf(record);
          const row = flatten(qualifyRecord(namer, sobject, record));
          if (!fits(row)) {
            outcomes.set(key, {
              ok: false,
              error: { code: 'sf_unavailable', message: 'Record changed while its batch was sent', retryable: true },
            });
            continue;
          }
          const line = header.map((c) => csvValue(row[c])).join(',');
          chunk.push(line);
          rows++;
          size += line.length + 1;
          if (chunk.length === 1000) {
            yield `${chunk.join('\n')}\n`;
            chunk = [];
          }
        }
        if (chunk.length) yield `${chunk.join('\n')}\n`;
      };
      const job = await openUpsertJob(api, namer(sobject), extName, body, () => rows);
      const collected = job.ok ? await collectUpsertJob(api, job.value, o.polling, extName, outcomes) : job;
      if (!collected.ok) {
        // The job's records (read again: a failure is rare) share its error.
        for (let i = start; i < end; i++) {
          const record = (await cursor.at(i)).value as RecordInput;
          if (fits(flatten(qualifyRecord(namer, sobject, record))))
            outcomes.set(keyOf(record), { ok: false, error: collected.error });
        }
        failure = collected.error;
        break;
      }
      start = end;
    }
    // A job Salesforce refused as a whole: the records after it are not sent either, and say why.
    for (let i = end; failure; i++) {
      const next = await cursor.at(i);
      if (next.done) break;
      outcomes.set(keyOf(next.value), { ok: false, error: failure });
    }
  } finally {
    await cursor.close();
  }
  return (externalId) => outcomes.get(externalId.toLowerCase()) ?? MISSING_FROM_RESULTS;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * The records of `pages` by position, for one reader at a time. Reading on from the last record
 * continues the same read of the pages; going back (a job sent again) starts a new read there.
 */
function recordCursor(pages: () => AsyncIterable<readonly RecordInput[]>) {
  let reader: AsyncIterator<RecordInput> | undefined;
  let head: IteratorResult<RecordInput> = DONE;
  let position = 0;
  async function* from(skip: number): AsyncGenerator<RecordInput> {
    let seen = 0;
    for await (const page of pages()) {
      if (seen + page.length > skip) for (let k = Math.max(0, skip - seen); k < page.length; k++) yield page[k]!;
      seen += page.length;
    }
  }
  return {
    async at(index: number): Promise<IteratorResult<RecordInput>> {
      if (!reader || index < position) {
        await reader?.return?.();
        reader = from(index);
        position = index;
        head = await reader.next();
      }
      while (position < index && !head.done) {
        head = await reader.next();
        position++;
      }
      return position === index ? head : DONE;
    },
    async close() {
      await reader?.return?.();
    },
  };
}

/** `{ Account__r: { X__c: v } }` → `{ 'Account__r.X__c': v }` for CSV columns. */
export function flatten(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (v !== null && typeof v === 'object') {
      for (const [kk, vv] of Object.entries(v as Record<string, unknown>)) out[`${k}.${kk}`] = vv;
    } else out[k] = v;
  }
  return out;
}
