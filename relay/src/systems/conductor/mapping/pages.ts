/**
 * @module
 * The inbox payload of a Conductor read, the one format the feed stores and the source decodes:
 * JSON `{ resource, records }` — where the records were read (a resource such as `customers`, or
 * `deleted-list-objects` / `deleted-transactions`; also the inbox row's `requestKind`) and the
 * records exactly as Conductor sent them (`api/json.ts` keeps non-integer numbers as their text).
 * A page's de-duplication key is the hash of what it holds: a page read again unchanged (a list
 * restarted after its iterator expired, a read repeated after a crash) is not stored twice.
 * Decoding maps each record (`index.ts`): one that cannot be read is a failure of its own and the
 * rest of the page is used; a page that cannot be read at all is refused whole, in words.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import type { SourceFailure } from '../../../sync/adapters.ts';
import type { CanonicalRecord, Deletion, RecordType } from '../../../sync/model.ts';
import { parseJson } from '../api/json.ts';
import type { ConductorJson } from '../api/types.ts';
import type { ConductorMappingContext } from './common.ts';
import { toCanonical, type MappedResource } from './index.ts';
import { ITEM_TYPES } from './items.ts';

/** What a record of each resource becomes, to name a record that fails. */
const RECORD_TYPES: Readonly<Record<MappedResource, RecordType | 'deletion'>> = {
  customers: 'customer',
  vendors: 'vendor',
  accounts: 'account',
  invoices: 'invoice',
  bills: 'bill',
  'receive-payments': 'payment',
  'deleted-list-objects': 'deletion',
  'deleted-transactions': 'deletion',
  ...(Object.fromEntries(Object.keys(ITEM_TYPES).map((r) => [r, 'item'])) as Record<keyof typeof ITEM_TYPES, 'item'>),
};

const RESOURCES = Object.keys(RECORD_TYPES) as [MappedResource, ...MappedResource[]];

const Page = z.object({ resource: z.enum(RESOURCES), records: z.array(z.record(z.string(), z.unknown())) });

export interface ConductorPage {
  readonly resource: MappedResource;
  readonly records: readonly ConductorJson[];
}

/** @example encodePage({ resource: 'customers', records }) // { payload: '{"resource":"customers",…}', dedupKey: 'cdt:9a…' } */
export function encodePage(page: ConductorPage): { payload: string; dedupKey: string } {
  const payload = JSON.stringify({ resource: page.resource, records: page.records });
  return { payload, dedupKey: `cdt:${createHash('sha256').update(payload).digest('hex')}` };
}

const unreadable = (detail: string) =>
  err(relayError('cdt_page_unreadable', `Ledgerbridge could not read a stored page of Conductor records: ${detail}`));

/**
 * @example decodePage(item.payload, { homeCurrency: 'USD' }) // ok({ records: [...], failures: [] })
 */
export function decodePage(
  payload: string,
  ctx: ConductorMappingContext,
): Result<{ records: (CanonicalRecord | Deletion)[]; failures: SourceFailure[] }> {
  const json = parseJson(payload);
  if (json === undefined) return unreadable('it is not JSON.');
  const page = Page.safeParse(json);
  if (!page.success) return unreadable('it names no resource Ledgerbridge reads, or holds no list of records.');
  const { resource, records: raw } = page.data;
  const records: (CanonicalRecord | Deletion)[] = [];
  const failures: SourceFailure[] = [];
  raw.forEach((json, n) => {
    const mapped = toCanonical(resource, json, ctx);
    if (mapped.ok) {
      if (mapped.value) records.push(mapped.value);
      return;
    }
    const id = json.id;
    failures.push({
      sourceType: RECORD_TYPES[resource],
      sourceId: typeof id === 'string' && id ? id : `${resource} #${n + 1}`,
      error: mapped.error,
    });
  });
  return ok({ records, failures });
}
