/**
 * @module
 * `POST /batch` (reference §2.5): `{"BatchItemRequest":[{bId, operation, <Entity>: body}]}`, at most
 * 30 items a call (Intuit's cap, and this client's), each `bId` at most 10 characters; the answer is a
 * 200 whose `BatchItemResponse` holds, per `bId`, the entity written or that item's `Fault`.
 */
import { err, ok, type Result } from '../../../lib/result.ts';
import { qboError } from './errors.ts';
import { field, faultsOf } from './faults.ts';
import { asObject } from './json.ts';
import type { BatchItem, BatchItemResult, QboJson } from './types.ts';

export const BATCH_MAX_ITEMS = 30;
export const BID_MAX = 10;

/** The items in calls of ≤ 30; throws (a bug of the caller) on a bId too long or used twice. */
export function splitBatch(items: readonly BatchItem[]): BatchItem[][] {
  const seen = new Set<string>();
  for (const { bId } of items) {
    if (!bId || bId.length > BID_MAX) throw new Error(`batch bId "${bId}" must be 1 to ${BID_MAX} characters`);
    if (seen.has(bId)) throw new Error(`batch bId "${bId}" is used twice`);
    seen.add(bId);
  }
  const calls: BatchItem[][] = [];
  for (let i = 0; i < items.length; i += BATCH_MAX_ITEMS) calls.push(items.slice(i, i + BATCH_MAX_ITEMS));
  return calls;
}

export const batchBody = (items: readonly BatchItem[]): string =>
  JSON.stringify({
    BatchItemRequest: items.map((i) => ({ bId: i.bId, operation: i.operation, [i.entity]: i.body })),
  });

/** The outcome of each item of one call, in the order sent. */
export function parseBatch(items: readonly BatchItem[], body: QboJson): Result<BatchItemResult[]> {
  const answers = field(body, 'BatchItemResponse');
  const byBId = new Map<string, QboJson>();
  for (const a of Array.isArray(answers) ? answers.map(asObject) : []) {
    if (a && typeof a.bId === 'string') byBId.set(a.bId, a);
  }
  const out: BatchItemResult[] = [];
  for (const item of items) {
    const answer = byBId.get(item.bId);
    const fault = answer && faultsOf(field(answer, 'Fault'))[0];
    const entity = answer && asObject(field(answer, item.entity));
    if (fault) out.push({ bId: item.bId, ok: false, fault });
    else if (entity) out.push({ bId: item.bId, ok: true, entity });
    else return err(qboError('qbo_bad_response', undefined, `(the batch answer has nothing for item ${item.bId})`));
  }
  return ok(out);
}
