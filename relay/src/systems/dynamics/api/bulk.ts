/**
 * @module
 * Dataverse's bulk operation messages (bulk-operations.md; Web API reference `CreateMultiple`,
 * `UpdateMultiple`): `POST <entity set>/Microsoft.Dynamics.CRM.CreateMultiple` (or
 * `UpdateMultiple`) with `{ "Targets": [ … ] }`, every target annotated with its `@odata.type`.
 * CreateMultiple answers the new rows' `Ids` in order; UpdateMultiple answers 204, each target
 * naming its row by its primary id column. One call is one request against the service
 * protection limits however many rows it carries, where a `$batch` counts each of its operations;
 * but on standard tables a call is all or nothing: one refused row fails the whole call without
 * saying which, so every row of it carries that error (the caller sends them again one by one to
 * learn which). Rows go in calls of at most {@link MAX_BULK_TARGETS}, sent side by side (the
 * transport caps what is in flight).
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../../lib/result.ts';
import { dynError } from './errors.ts';
import { readRow } from './pages.ts';
import type { Send } from './transport.ts';
import type { DataverseJson } from './types.ts';

/** Rows a bulk call carries at most (Microsoft suggests 100 to 1,000 for standard tables). */
export const MAX_BULK_TARGETS = 1000;

export type BulkKind = 'create' | 'update';

const ACTION: Record<BulkKind, string> = { create: 'CreateMultiple', update: 'UpdateMultiple' };

const createAnswer = z.object({ Ids: z.array(z.string()) });

/**
 * Rows in calls of at most `max`, in order.
 * @example chunks([1, 2, 3], 2) // [[1, 2], [3]]
 */
export function chunks<T>(rows: readonly T[], max = MAX_BULK_TARGETS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += max) out.push(rows.slice(i, i + max));
  return out;
}

/** The ids a CreateMultiple answer names, one per row sent, or why the answer cannot be read. */
function idsOf(text: string, count: number): Result<string[]> {
  const row = readRow(text);
  if (!row.ok) return row;
  const answer = createAnswer.safeParse(row.value);
  if (!answer.success || answer.data.Ids.length !== count)
    return err(dynError('dyn_bad_response', undefined, `(CreateMultiple did not answer ${count} ids)`));
  return ok(answer.data.Ids);
}

async function call(send: Send, kind: BulkKind, entitySet: string, table: string, rows: readonly DataverseJson[]) {
  const type = `Microsoft.Dynamics.CRM.${table}`;
  const r = await send({
    method: 'POST',
    path: `${entitySet}/Microsoft.Dynamics.CRM.${ACTION[kind]}`,
    body: JSON.stringify({ Targets: rows.map((row) => ({ '@odata.type': type, ...row })) }),
  });
  if (!r.ok) return r;
  return kind === 'create' ? idsOf(r.value.text, rows.length) : ok(rows.map(() => undefined));
}

/**
 * Creates (`create`: the new ids back) or updates (`update`: each row names its primary id column,
 * `accountid`) rows of one table; one outcome per row, in order.
 * @example
 * const [a] = await writeMultiple(send, 'create', 'accounts', 'account', [{ name: 'Acme', lb_quickbooksid: '1', lb_quickbooksconnection: 'acme' }]);
 * // ok('aed2ae8b-…')
 */
export async function writeMultiple(
  send: Send,
  kind: BulkKind,
  entitySet: string,
  table: string,
  rows: readonly DataverseJson[],
): Promise<Result<string | undefined>[]> {
  const answers = await Promise.all(chunks(rows).map((part) => call(send, kind, entitySet, table, part)));
  return chunks(rows).flatMap((part, i) => {
    const answer = answers[i]!;
    return part.map((_, j): Result<string | undefined> => (answer.ok ? ok(answer.value[j]) : answer));
  });
}
