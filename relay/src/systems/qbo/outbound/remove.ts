/**
 * @module
 * Records removed from QuickBooks Online the way its books allow: a name list's record (customer,
 * item) is never deleted — it is made inactive (`Active: false`, references to it stay intact); a
 * transaction (invoice) is voided, never deleted (its number and history stay). One `selectByIds`
 * per 1,000 for the SyncTokens, then batches of 30; one already gone (or already inactive) is done.
 */
import type { WriteOutcome } from '../../../sync/adapters.ts';
import type { QboClient, QboJson } from '../api/types.ts';
import { faultError } from './faults.ts';
import { byIds } from './lookups.ts';
import { NAME_FIELD, isQboObject } from './objects.ts';
import { BATCH_SIZE, requestIdOf, unanswered } from './send.ts';

const done = (id: string): WriteOutcome => ({ ok: true, targetId: id, created: false });

/** @example await removeRecords(client, 'qbo-acme', 'Customer', ['58']) */
export async function removeRecords(
  client: QboClient,
  connectionId: string,
  object: string,
  ids: readonly string[],
): Promise<WriteOutcome[]> {
  if (!isQboObject(object)) throw new Error(`QuickBooks Online is sent no ${object}`);
  const nameList = NAME_FIELD[object] !== undefined;
  const read = await byIds(client, object, ids);
  if (!read.ok) return ids.map(() => ({ ok: false, error: read.error }));
  const outcomes = new Map<string, WriteOutcome>();
  const pending: QboJson[] = [];
  for (const id of new Set(ids)) {
    const r = read.value.get(id);
    if (!r || (nameList && r.Active === false)) outcomes.set(id, done(id));
    else pending.push(r);
  }
  for (let i = 0; i < pending.length; i += BATCH_SIZE) {
    const chunk = pending.slice(i, i + BATCH_SIZE);
    const items = chunk.map((r, n) => ({
      bId: `r${n}`,
      operation: nameList ? ('update' as const) : ('void' as const),
      entity: object,
      body: nameList
        ? { Id: r.Id, SyncToken: r.SyncToken, sparse: true, Active: false }
        : { Id: r.Id, SyncToken: r.SyncToken },
    }));
    const answer = await client.batch(
      items,
      requestIdOf(
        connectionId,
        items.map((it) => `${it.operation}:${String(it.body.Id)}:${String(it.body.SyncToken)}`),
      ),
    );
    chunk.forEach((r, n) => {
      const id = String(r.Id);
      const got = answer.ok ? answer.value.find((a) => a.bId === `r${n}`) : undefined;
      const what = `the ${object === 'Invoice' ? 'invoice' : object.toLowerCase()} ${id}`;
      outcomes.set(
        id,
        !answer.ok
          ? { ok: false, error: answer.error }
          : !got
            ? { ok: false, error: unanswered }
            : got.ok
              ? done(id)
              : { ok: false, error: faultError(got.fault, what) },
      );
    });
  }
  return ids.map((id) => outcomes.get(id)!);
}
