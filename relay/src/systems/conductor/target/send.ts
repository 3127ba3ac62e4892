/**
 * @module
 * Sends writes of one object into QuickBooks Desktop through Conductor, one at a time (QuickBooks
 * takes one request at a time per company file anyway), as the Web Connector's write phase
 * decides them (`qbd/session/write-decisions.ts`):
 *   - a linked record is retrieved; gone → `cdt_record_gone`; a customer or vendor made inactive
 *     → `cdt_record_inactive`; holding every field the write sets (`alreadyHeld`) → nothing sent;
 *     its `revisionNumber` not the one the relay last saw → `cdt_changed_since_read` (waits, see
 *     `index.ts`); otherwise updated with that `revisionNumber`;
 *   - an unlinked one is looked up by name first and, when found, linked (and updated where it
 *     differs) instead of doubled — unless another CRM record already mirrors it (review);
 *   - otherwise added (an item at the endpoint of its kind, posting to the income account).
 * Invoices: `invoices.ts`. A failure of the connection stops the batch: the writes after it fail
 * with it, untried, and one that passes pauses the connection's writes ({@link UNREACHABLE_PAUSE_MS}).
 */
import { err, ok, type RelayError, type Result } from '../../../lib/result.ts';
import { alreadyHeld, OBJECTS, type ItemWriteFields } from '../../../lib/qb-writes.ts';
import type { TargetWrite, WriteOutcome } from '../../../sync/adapters.ts';
import type { ConductorResource } from '../api/types.ts';
import { comparable, heldFields, itemBody, itemResourceOf, partyBody, splitFullName } from './bodies.ts';
import { accountIdOf, findByName, itemResourcesFrom, retrieveAmong, type Found } from './calls.ts';
import {
  callFailed,
  changedSinceRead,
  incomeAccountMissing,
  isConnectionLevel,
  mirrored,
  parentItemMissing,
  recordGone,
  recordInactive,
} from './failures.ts';
import { sendInvoice } from './invoices.ts';
import { describe, done, failed, type SendDeps } from './outcomes.ts';

/** @example const outcomes = await sendWrites(deps, 'Customer', writes); */
export async function sendWrites(d: SendDeps, object: string, writes: readonly TargetWrite[]): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = [];
  const accounts = new Map<string, Promise<Result<string | undefined>>>();
  const accountId = () => {
    if (!accounts.has(d.incomeAccount)) accounts.set(d.incomeAccount, accountIdOf(d.client, d.incomeAccount));
    return accounts.get(d.incomeAccount)!;
  };
  let down: WriteOutcome | undefined;
  for (const w of writes) {
    if (down) {
      outcomes.push(down);
      continue;
    }
    const o = object === OBJECTS.invoice ? await sendInvoice(d, w) : await sendListObject(d, w, accountId);
    if (!o.ok && isConnectionLevel(o.error)) down = pausedIfPassing(o.error, d.now());
    outcomes.push(down ?? o);
  }
  return outcomes;
}

/** How long the company file's writes wait when QuickBooks cannot be reached, before one is tried again. */
export const UNREACHABLE_PAUSE_MS = 60_000;

/**
 * A failure of the connection: one that passes (QuickBooks closed, Conductor busy) pauses the
 * connection's writes, so they wait however long it lasts instead of spending their attempts and
 * failing; one that does not (a refused key) fails them, in words, for a replay once fixed.
 */
function pausedIfPassing(error: RelayError, now: number): WriteOutcome {
  return error.retryable ? { ok: false, error, pausedUntil: now + UNREACHABLE_PAUSE_MS } : failed(error);
}

const resourcesOf = (w: TargetWrite): ConductorResource[] => {
  if (w.object === OBJECTS.customer) return ['customers'];
  if (w.object === OBJECTS.vendor) return ['vendors'];
  if (w.object === OBJECTS.item) return itemResourcesFrom(itemResourceOf(String(w.fields.itemType ?? '')));
  throw new Error(`QuickBooks Desktop through Conductor is sent no ${w.object}`);
};

async function sendListObject(
  d: SendDeps,
  w: TargetWrite,
  accountId: () => Promise<Result<string | undefined>>,
): Promise<WriteOutcome> {
  const what = describe(w);
  const resources = resourcesOf(w);
  const linked = await d.references.linked(w);
  if (linked) {
    const current = await retrieveAmong(d.client, resources, linked.id);
    if (!current.ok) return failed(callFailed(what, current.error));
    if (!current.value) return failed(recordGone(what, linked.id));
    return change(d, w, current.value, linked.seen);
  }
  const found = await findByName(d.client, resources, String(w.fields.name ?? ''));
  if (!found.ok) return failed(callFailed(what, found.error));
  if (found.value) {
    if (await d.references.mirroredElsewhere(w, String(found.value.record.id)))
      return failed(mirrored(String(found.value.record.fullName ?? found.value.record.name)));
    return change(d, w, found.value, undefined);
  }
  return add(d, w, accountId);
}

/** A record QuickBooks has: nothing when it holds the write already, else an update with its revision. */
async function change(d: SendDeps, w: TargetWrite, found: Found, seen: string | undefined): Promise<WriteOutcome> {
  const { resource, record } = found;
  const what = describe(w);
  const item = w.object === OBJECTS.item;
  // An inactive item may be made active again; a customer or vendor a bookkeeper made inactive is not changed.
  if (!item && record.isActive === false) return failed(recordInactive(what, String(record.fullName ?? record.name)));
  const fields = comparable(w.fields, w.createOnly);
  // An item of another kind (inventory, say) is linked, not changed.
  const changeable = !item || resource === 'service-items' || resource === 'non-inventory-items';
  if (!changeable || alreadyHeld(fields, heldFields(resource, record) as typeof fields)) return done(record, false);
  const revisionNumber = String(record.revisionNumber);
  if (seen !== undefined && seen !== revisionNumber) return failed(changedSinceRead(what));
  const body = item ? itemBody(fields as unknown as ItemWriteFields) : partyBody(fields);
  const r = await d.client.update(resource, String(record.id), { ...body, revisionNumber });
  if (!r.ok) return failed(r.error.code === 'cdt_stale_revision' ? changedSinceRead(what) : callFailed(what, r.error));
  return done(r.value, false);
}

/** A record nothing matched: added (an inactive product never in QuickBooks is not). */
async function add(
  d: SendDeps,
  w: TargetWrite,
  accountId: () => Promise<Result<string | undefined>>,
): Promise<WriteOutcome> {
  const what = describe(w);
  if (w.object !== OBJECTS.item) {
    const resource = resourcesOf(w)[0]!;
    const r = await d.client.create(resource, partyBody(comparable(w.fields)));
    return r.ok ? done(r.value, true) : failed(callFailed(what, r.error));
  }
  const f = w.fields as unknown as ItemWriteFields;
  if (!f.isActive) return { ok: true, targetId: '', created: false };
  const account = await accountId();
  if (!account.ok) return failed(callFailed(what, account.error));
  if (!account.value) return failed(incomeAccountMissing(d.incomeAccount));
  const parent = await parentOf(d, f.name);
  if (!parent.ok) return failed(callFailed(what, parent.error));
  const { parent: parentName } = splitFullName(f.name);
  if (parentName && !parent.value) return failed(parentItemMissing(f.name, parentName));
  const body = itemBody(f, { accountId: account.value, ...(parent.value ? { parentId: parent.value } : {}) });
  const r = await d.client.create(itemResourceOf(f.itemType), body);
  return r.ok ? done(r.value, true) : failed(callFailed(what, r.error));
}

/** The id of a sub-item's parent (`Parent` of `Parent:Child`), by its full name. */
async function parentOf(d: SendDeps, fullName: string): Promise<Result<string | undefined>> {
  const { parent } = splitFullName(fullName);
  if (!parent) return ok(undefined);
  const found = await findByName(d.client, itemResourcesFrom('service-items'), parent);
  if (!found.ok) return err(found.error);
  return ok(found.value ? String(found.value.record.id) : undefined);
}
