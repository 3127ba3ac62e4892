/**
 * @module
 * Records removed from QuickBooks Desktop the way its books allow, as the Online target removes
 * them (`qbo/outbound/remove.ts`): a list object (customer, vendor, item) is never deleted — it is
 * made inactive (`isActive: false` with its current `revisionNumber`; references to it stay); an
 * invoice (or bill) is voided, never deleted (its number and history stay). One already gone, or
 * already inactive, is done. A failure of the connection fails the rest untried.
 */
import { OBJECTS } from '../../../lib/qb-writes.ts';
import type { WriteOutcome } from '../../../sync/adapters.ts';
import type { ConductorClient, ConductorResource } from '../api/types.ts';
import { ITEM_RESOURCES } from './bodies.ts';
import { retrieveAmong } from './calls.ts';
import { callFailed, isConnectionLevel } from './failures.ts';
import { failed } from './outcomes.ts';

const RESOURCES: Readonly<Record<string, readonly ConductorResource[]>> = {
  [OBJECTS.customer]: ['customers'],
  [OBJECTS.vendor]: ['vendors'],
  [OBJECTS.item]: ITEM_RESOURCES,
  [OBJECTS.invoice]: ['invoices'],
  Bill: ['bills'],
};

const gone = (id: string): WriteOutcome => ({ ok: true, targetId: id, created: false });

async function removeOne(client: ConductorClient, object: string, id: string): Promise<WriteOutcome> {
  const what = `the ${object.toLowerCase()} ${id}`;
  const current = await retrieveAmong(client, RESOURCES[object]!, id);
  if (!current.ok) return failed(callFailed(what, current.error));
  if (!current.value) return gone(id);
  const { resource, record } = current.value;
  if (resource === 'invoices' || resource === 'bills') {
    const r = await client.void(resource, id);
    return r.ok ? gone(id) : failed(callFailed(what, r.error));
  }
  if (record.isActive === false) return gone(id);
  const r = await client.update(resource, id, { isActive: false, revisionNumber: String(record.revisionNumber) });
  return r.ok
    ? { ok: true, targetId: id, created: false, version: String(r.value.revisionNumber) }
    : failed(callFailed(what, r.error));
}

/** @example await removeRecords(client, 'Customer', ['80000001-1234567890']) */
export async function removeRecords(
  client: ConductorClient,
  object: string,
  ids: readonly string[],
): Promise<WriteOutcome[]> {
  if (!RESOURCES[object]) throw new Error(`QuickBooks Desktop through Conductor has no ${object} to remove`);
  const out: WriteOutcome[] = [];
  for (const id of ids) {
    const last = out.at(-1);
    if (last && !last.ok && isConnectionLevel(last.error)) out.push(last);
    else out.push(await removeOne(client, object, id));
  }
  return out;
}
