/**
 * @module
 * Sends a batch of writes of one object into QuickBooks Online in as few calls as fit:
 *   1. what QuickBooks would refuse as written is refused here, with the reason; the references
 *      each write names (its customer, its lines' items, a job's parent) are resolved to Ids;
 *      An invoice's custom fields are named by the company's definitions (Preferences, read once);
 *   2. records already linked (by the Id they were written under, or a known Id) are read by Id
 *      (one `selectByIds` per 1,000) for their current SyncToken; the others are looked up by name,
 *      inactive ones too, so a record that exists (created before a crash, or by a person) is
 *      linked, not duplicated;
 *   3. a record that already holds everything the write sets is linked with no call; the others go
 *      in batches of 30: creates, and sparse updates (Id, the SyncToken just read, only the fields
 *      the write carries, an invoice's lines with the Ids of the lines they replace). Each batch's
 *      `requestid` is a hash of its logical writes (connection, object, external id, fields, and an
 *      update's SyncToken), so a batch sent again after a crash is answered by Intuit from the first
 *      time instead of being written twice. (The SyncToken is in an update's: a later write back to
 *      the same values — A, B, then A again — must not be taken for the first one.)
 *   4. a create Intuit refuses as a duplicate name (6240: the record was made between the lookup and
 *      the write, or its name differs in case) is looked up once more and linked.
 * A stale SyncToken (5010) is a passing failure; the write goes again once the change is read.
 */
import { relayError, type RelayError, type Result } from '../../../lib/result.ts';
import type { TargetWrite, WriteOutcome } from '../../../sync/adapters.ts';
import { contentHash, withoutCreateOnly } from '../../../sync/hash.ts';
import type { BatchOperation, QboClient, QboJson } from '../api/types.ts';
import { itemAccounts, type AccountSettings, type ItemAccounts } from './accounts.ts';
import { holds, refsOf, resolved, updateBody } from './bodies.ts';
import { nameless, unsendable } from './checks.ts';
import { faultError, mirrored, nameInUse, recordGone, recordInactive } from './faults.ts';
import { byIds, byNames, nameKey } from './lookups.ts';
import { CREATE_ONLY, NAME_FIELD, OBJECTS, isQboObject, type QboObject } from './objects.ts';
import type { References } from './references.ts';
import { BY_ID } from './writes.ts';
import { readSalesCustomFields, type CustomFieldDefinition } from '../mapping/custom-fields.ts';

/** Operations in one `POST /batch` (Intuit's maximum). */
export const BATCH_SIZE = 30;
/** Intuit keeps a batch's `requestid` to 36 characters. */
const REQUEST_ID_LENGTH = 32;

export interface SendDeps {
  readonly client: QboClient;
  readonly connectionId: string;
  readonly references: References;
  readonly accounts: AccountSettings;
}

/** One write on its way: what it resolved to, the record it goes to, and its outcome once known. */
interface Plan {
  readonly write: TargetWrite;
  body?: QboJson;
  /** The QuickBooks Id it goes to (linked, known, or found by name). */
  id?: string;
  /** The record as just read. */
  current?: QboJson;
  /** Its create was refused as a duplicate name: looked up again. */
  clashed?: boolean;
  outcome?: WriteOutcome;
}

interface Sent {
  readonly plan: Plan;
  readonly operation: BatchOperation;
  readonly body: QboJson;
  readonly key: string;
}

/** What a person calls the record a write is about. */
export function describe(object: string, w: Pick<TargetWrite, 'fields' | 'source'>): string {
  if (object === OBJECTS.customer) return `the customer "${String(w.fields.DisplayName ?? '')}"`;
  if (object === OBJECTS.item) return `the item "${String(w.fields.Name ?? '')}"`;
  return `the invoice of "${w.source.id}"`;
}

/** The SyncToken a record has as QuickBooks answered with it. */
const versionOf = (record: QboJson): { version?: string } =>
  record.SyncToken === undefined ? {} : { version: String(record.SyncToken) };

/** The `requestid` of one batch call: a hash of its logical writes, in order. */
export const requestIdOf = (connectionId: string, keys: readonly string[]): string =>
  contentHash([connectionId, ...keys]).slice(0, REQUEST_ID_LENGTH);

const noExpenseAccount = relayError(
  'qbo_expense_account_missing',
  'QuickBooks Online has no active Cost of Goods Sold or Expense account for a new non-inventory item to post its purchases to. Create one, then replay.',
);

export const unanswered = relayError(
  'qbo_batch_unanswered',
  'QuickBooks Online did not answer this write in its batch; it is sent again (by the same request id, so it is not made twice).',
  { retryable: true },
);

/** @example const outcomes = await sendWrites(deps, 'Customer', '', writes); */
export async function sendWrites(
  d: SendDeps,
  object: string,
  externalIdField: string,
  writes: readonly TargetWrite[],
): Promise<WriteOutcome[]> {
  if (!isQboObject(object)) throw new Error(`QuickBooks Online is sent no ${object}`);
  const plans: Plan[] = writes.map((write) => ({ write }));
  const fail = (p: Plan, error: RelayError) => (p.outcome = { ok: false, error });
  const open = () => plans.filter((p) => !p.outcome);
  for (const p of plans) {
    const problem = unsendable(object, p.write.fields);
    if (problem) fail(p, problem);
  }
  const written =
    externalIdField === BY_ID
      ? new Map(open().map((p) => [p.write.externalId, p.write.externalId]))
      : await d.references.written(
          object,
          open().map((p) => p.write.externalId),
        );
  const refs = await d.references.resolve(open().flatMap((p) => refsOf(object, p.write.fields)));
  const definitions = await customFieldsOf(d, open());
  if (!definitions.ok) for (const p of open()) fail(p, definitions.error);
  for (const p of open()) {
    p.id = written.get(p.write.externalId);
    const nameProblem = p.id ? undefined : nameless(object, p.write.fields);
    if (nameProblem) {
      fail(p, nameProblem);
      continue;
    }
    const body = resolved(object, p.write.fields, refs, definitions.ok ? definitions.value : []);
    if (body.ok) p.body = body.value;
    else fail(p, body.error);
  }
  await readLinked(
    d,
    object,
    open().filter((p) => p.id),
  );
  await findByName(
    d,
    object,
    open().filter((p) => !p.id),
    plans,
  );
  await sendRound(d, object, open(), true);
  const clashed = plans.filter((p) => p.clashed);
  if (clashed.length) {
    await findByName(d, object, clashed, plans);
    for (const p of clashed.filter((c) => !c.current && !c.outcome)) fail(p, clashOf(object, p));
    await sendRound(
      d,
      object,
      clashed.filter((c) => !c.outcome),
      false,
    );
  }
  return plans.map((p) => {
    if (!p.outcome) throw new Error(`no outcome for the write of ${p.write.object} ${p.write.externalId}`);
    return p.outcome;
  });
}

/** The company's custom field definitions (read from its Preferences once a batch, and only when a write sets one). */
async function customFieldsOf(d: SendDeps, plans: readonly Plan[]): Promise<Result<CustomFieldDefinition[]>> {
  if (!plans.some((p) => p.write.fields.CustomField !== undefined)) return { ok: true, value: [] };
  const prefs = await d.client.preferences();
  return prefs.ok ? readSalesCustomFields(prefs.value) : prefs;
}

const clashOf = (object: QboObject, p: Plan) =>
  nameInUse(object === OBJECTS.customer ? 'customer' : 'item', String(p.body?.[NAME_FIELD[object]!] ?? ''));

/** The linked records, read by Id for their current SyncToken; one QuickBooks no longer has is refused. */
async function readLinked(d: SendDeps, object: QboObject, plans: readonly Plan[]): Promise<void> {
  if (!plans.length) return;
  const read = await byIds(d.client, object, [...plans.map((p) => p.id!)]);
  for (const p of plans) {
    const current = read.ok ? read.value.get(p.id!) : undefined;
    if (!read.ok) p.outcome = { ok: false, error: read.error };
    else if (current) p.current = current;
    else p.outcome = { ok: false, error: recordGone(describe(object, p.write), p.id!) };
  }
}

/**
 * Records of a name list that have the name a write gives: the write links to the one found —
 * unless another write of this batch goes to it, or another source record already mirrors it (a
 * likely duplicate: two Accounts of one name), which a person decides.
 */
async function findByName(d: SendDeps, object: QboObject, plans: readonly Plan[], all: readonly Plan[]): Promise<void> {
  const field = NAME_FIELD[object];
  if (!field || !plans.length) return;
  const found = await byNames(
    d.client,
    object,
    field,
    plans.map((p) => String(p.body![field])),
  );
  const taken = new Set(all.flatMap((p) => [...(p.id ? [p.id] : []), ...(p.outcome?.ok ? [p.outcome.targetId] : [])]));
  const kind = object === OBJECTS.customer ? 'customer' : 'item';
  for (const p of plans) {
    const record = found.ok ? found.value.get(nameKey(String(p.body![field]))) : undefined;
    if (!found.ok) p.outcome = { ok: false, error: found.error };
    else if (!record) continue;
    else if (
      taken.has(String(record.Id)) ||
      (await d.references.mirroredElsewhere(kind, String(record.Id), p.write.source.id))
    )
      p.outcome = { ok: false, error: mirrored(String(record[field])) };
    else {
      p.current = record;
      p.id = String(record.Id);
      taken.add(p.id);
    }
  }
}

/** The logical write a batch item stands for, as its part of the batch's `requestid`. */
const keyOf = (d: SendDeps, p: Plan, syncToken?: unknown): string =>
  contentHash({
    connection: d.connectionId,
    object: p.write.object,
    externalId: p.write.externalId,
    fields: p.write.fields,
    ...(syncToken === undefined ? {} : { syncToken }),
  });

/** What each plan sends (or why it needs nothing, or cannot go), then the batches. */
async function sendRound(d: SendDeps, object: QboObject, plans: readonly Plan[], firstRound: boolean): Promise<void> {
  const items: Sent[] = [];
  let accounts: Result<ItemAccounts> | undefined;
  for (const p of plans) {
    const body = p.body!;
    const what = describe(object, p.write);
    if (p.current) {
      // A customer a bookkeeper made inactive is not changed behind their back (an item may be made active again).
      if (object === OBJECTS.customer && p.current.Active === false) {
        p.outcome = { ok: false, error: recordInactive(what) };
      } else if (holds(p.current, withoutCreateOnly(body, CREATE_ONLY[object]))) {
        p.outcome = { ok: true, targetId: String(p.current.Id), created: false, ...versionOf(p.current) };
      } else {
        const update = updateBody(object, body, p.current);
        items.push({ plan: p, operation: 'update', body: update, key: keyOf(d, p, p.current.SyncToken) });
      }
      continue;
    }
    if (object !== OBJECTS.item) {
      items.push({ plan: p, operation: 'create', body, key: keyOf(d, p) });
      continue;
    }
    accounts ??= await itemAccounts(d.client, d.accounts);
    const nonInventory = body.Type === 'NonInventory';
    if (!accounts.ok) p.outcome = { ok: false, error: accounts.error };
    else if (nonInventory && !accounts.value.expense) p.outcome = { ok: false, error: noExpenseAccount };
    else {
      const posting = {
        IncomeAccountRef: accounts.value.income,
        ...(nonInventory ? { ExpenseAccountRef: accounts.value.expense } : {}),
      };
      items.push({ plan: p, operation: 'create', body: { ...body, ...posting }, key: keyOf(d, p) });
    }
  }
  items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 0; i < items.length; i += BATCH_SIZE) {
    await sendBatch(d, object, items.slice(i, i + BATCH_SIZE), firstRound);
  }
}

async function sendBatch(d: SendDeps, object: QboObject, chunk: readonly Sent[], firstRound: boolean): Promise<void> {
  const answer = await d.client.batch(
    chunk.map((s, i) => ({ bId: `b${i}`, operation: s.operation, entity: object, body: s.body })),
    requestIdOf(
      d.connectionId,
      chunk.map((s) => s.key),
    ),
  );
  if (!answer.ok) {
    for (const s of chunk) s.plan.outcome = { ok: false, error: answer.error };
    return;
  }
  const byBid = new Map(answer.value.map((r) => [r.bId, r]));
  chunk.forEach((s, i) => {
    const r = byBid.get(`b${i}`);
    const p = s.plan;
    if (!r) p.outcome = { ok: false, error: unanswered };
    else if (r.ok)
      p.outcome = {
        ok: true,
        targetId: String(r.entity.Id),
        created: s.operation === 'create',
        ...versionOf(r.entity),
      };
    else if (r.fault.code === '6240' && NAME_FIELD[object]) {
      if (firstRound && s.operation === 'create') p.clashed = true;
      else p.outcome = { ok: false, error: clashOf(object, p) };
    } else p.outcome = { ok: false, error: faultError(r.fault, describe(object, p.write)) };
  });
}
