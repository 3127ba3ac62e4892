/**
 * @module
 * `POST $batch` (webapi/execute-batch-operations-using-web-api.md, reference §3.5). Each group of
 * operations is one change set (all or nothing); a group of one goes as a plain request, which is
 * the same thing. Calls hold at most 1,000 operations and are split between groups, never inside
 * one. Every operation has a `Content-ID` (its place in the call, from 1), which lets a later
 * operation of its change set bind to it (`refs` → `"$n"`). `Prefer: odata.continue-on-error`
 * makes Dataverse answer every part, so each operation gets its own outcome: status, id from
 * `OData-EntityId`, ETag, row, or the error of its own part. A failed change set answers one error
 * for the whole set, rolled back: each of its operations carries that error and `rolledBack`.
 */
import crypto from 'node:crypto';
import { ok, type RelayError, type Result } from '../../../lib/result.ts';
import { dynError, faultError } from './errors.ts';
import { rowPath } from './keys.ts';
import { boundaryOf, changeSetPart, multipart, readHttp, requestPart, splitParts, type Part } from './multipart.ts';
import { readRow } from './pages.ts';
import type { Send } from './transport.ts';
import type { BatchOperation, DataverseJson, OperationOutcome } from './types.ts';
import { conditions, written } from './writes.ts';

export const MAX_BATCH_OPERATIONS = 1000;

const failed = (error: RelayError, rolledBack: boolean): OperationOutcome => ({ ok: false, error, rolledBack });

/**
 * Groups into calls of at most `max` operations, in order, never splitting a group.
 * @example splitCalls([1, 2, 1], 2) // [[0], [1], [2]] (group indexes per call)
 */
export function splitCalls(sizes: readonly number[], max = MAX_BATCH_OPERATIONS): number[][] {
  const calls: number[][] = [];
  let current: number[] = [];
  let count = 0;
  sizes.forEach((size, group) => {
    if (current.length && count + size > max) {
      calls.push(current);
      current = [];
      count = 0;
    }
    current.push(group);
    count += size;
  });
  if (current.length) calls.push(current);
  return calls;
}

const METHOD: Record<BatchOperation['kind'], string> = {
  upsert: 'PATCH',
  create: 'PATCH',
  update: 'PATCH',
  insert: 'POST',
  delete: 'DELETE',
};

/** One operation's request part, or why it cannot be addressed. */
function operationPart(
  base: string,
  op: BatchOperation,
  contentId: string,
  idsInGroup: readonly string[],
): Result<string> {
  let path: string;
  if (op.kind === 'insert') path = op.entitySet;
  else {
    if (op.key === undefined) throw new Error(`A batch ${op.kind} needs a key`);
    const at = rowPath(op.entitySet, op.key);
    if (!at.ok) return at;
    path = at.value;
  }
  const body: Record<string, unknown> | undefined = op.kind === 'delete' ? undefined : { ...op.body };
  for (const [field, index] of Object.entries(op.refs ?? {})) {
    const target = idsInGroup[index];
    if (target === undefined) throw new Error(`refs: operation ${index} is not earlier in the change set`);
    body![field] = `$${target}`;
  }
  const json = body === undefined ? undefined : JSON.stringify(body);
  return ok(requestPart(contentId, METHOD[op.kind], `${base}${path}`, conditions(op.kind, op.etag), json));
}

function answerOutcome(part: Part): OperationOutcome {
  const message = readHttp(part.content);
  const status = Number(/^HTTP\/1\.1\s+(\d{3})/.exec(message.startLine)?.[1] ?? 0);
  if (status < 200 || status >= 300) return failed(faultError(status, message.body), false);
  const row = message.body ? readRow(message.body) : undefined;
  if (row && !row.ok) return failed(row.error, false);
  const w = written(status, message.headers, row?.value as DataverseJson | undefined);
  return { ok: true, status, id: w.id, etag: w.etag, row: w.row };
}

/** The outcomes of one call's groups, read from its multipart answer. */
function readAnswer(text: string, contentType: string | null, groups: readonly (readonly BatchOperation[])[]) {
  const boundary = boundaryOf(contentType);
  const parts = boundary ? splitParts(text, boundary) : [];
  const missing = dynError('dyn_bad_response', undefined, '(the batch answer has no part for this operation)');
  return groups.map((group, i): OperationOutcome[] => {
    const part = parts[i];
    if (!part) return group.map(() => failed(missing, false));
    const inner = boundaryOf(part.headers.get('content-type'));
    if (!inner) {
      const one = answerOutcome(part);
      return group.length === 1 ? [one] : group.map(() => (one.ok ? failed(missing, false) : failed(one.error, true)));
    }
    const answers = splitParts(part.content, inner);
    return group.map((_, j) => (answers[j] ? answerOutcome(answers[j]) : failed(missing, false)));
  });
}

/**
 * @example
 * const outcomes = await runBatch(send, `${url}/api/data/v9.2/`, rows.map((r) => [{ kind: 'upsert', entitySet: 'accounts', key: r.key, body: r.body }]));
 */
export async function runBatch(
  send: Send,
  base: string,
  groups: readonly (readonly BatchOperation[])[],
): Promise<OperationOutcome[][]> {
  const outcomes: (OperationOutcome[] | undefined)[] = groups.map(() => undefined);
  const tooLarge = dynError('dyn_batch_too_large', undefined, `(a change set of more than ${MAX_BATCH_OPERATIONS})`);
  const sendable: number[] = [];
  groups.forEach((g, i) => {
    if (g.length > MAX_BATCH_OPERATIONS) outcomes[i] = g.map(() => failed(tooLarge, g.length > 1));
    else if (g.length === 0) outcomes[i] = [];
    else sendable.push(i);
  });
  let stop: RelayError | undefined;
  for (const call of splitCalls(sendable.map((i) => groups[i]!.length))) {
    const indexes = call.map((c) => sendable[c]!);
    if (stop) {
      for (const i of indexes) outcomes[i] = groups[i]!.map(() => failed(stop!, false));
      continue;
    }
    const parts: string[] = [];
    const sent: number[] = [];
    let contentId = 0;
    for (const i of indexes) {
      const group = groups[i]!;
      const ids: string[] = [];
      const rendered: string[] = [];
      let refused: RelayError | undefined;
      for (const op of group) {
        ids.push(String(++contentId));
        const part = operationPart(base, op, ids[ids.length - 1]!, ids.slice(0, -1));
        if (!part.ok) refused ??= part.error;
        else rendered.push(part.value);
      }
      if (refused) outcomes[i] = group.map(() => failed(refused, group.length > 1));
      else {
        sent.push(i);
        parts.push(rendered.length === 1 ? rendered[0]! : changeSetPart(`changeset_${crypto.randomUUID()}`, rendered));
      }
    }
    if (!sent.length) continue;
    const boundary = `batch_${crypto.randomUUID()}`;
    const r = await send({
      method: 'POST',
      path: '$batch',
      headers: { prefer: 'odata.continue-on-error' },
      body: multipart(boundary, parts),
      contentType: `multipart/mixed; boundary=${boundary}`,
    });
    if (!r.ok) {
      stop = r.error;
      for (const i of sent) outcomes[i] = groups[i]!.map(() => failed(r.error, false));
      continue;
    }
    const read = readAnswer(
      r.value.text,
      r.value.headers.get('content-type'),
      sent.map((i) => groups[i]!),
    );
    sent.forEach((i, k) => (outcomes[i] = read[k]!));
  }
  return outcomes.map((o) => o ?? []);
}
