/**
 * @module
 * Books orders in QuickBooks Online as journal entries (`journal-fields.ts` says what each write
 * books; `journal-entries.ts` builds the entries). For the writes of a call, in as few reads as fit:
 *   1. what they name is resolved — the customer and the products' items (through identities), each
 *      item's `IncomeAccountRef` and the accounts themselves (read by Id), the company's first
 *      active Accounts Receivable account, the department and class by their full names — and each
 *      posting is validated before anything is sent: an unmapped product, an inactive item or
 *      account, a department or class the company lacks or made inactive is a failure in words
 *      naming what to create or map, and nothing is posted for that order;
 *   2. the entry the order has live (the Id its last confirmed write gave, read back by Id) is kept
 *      when it already books exactly this; else it is reversed (never edited) and, for an activated
 *      order, the new posting follows. A cancelled order gets only the reversal.
 * Every write carries a deterministic `requestid` — the posting's from (order, version of its
 * content, `post`, the entry it replaces), the reversal's from (order, entry reversed and its
 * SyncToken, `reverse`) — so a write Intuit made before a crash kept the relay from noting it is
 * answered again, not made twice. A write's outcome is the Id of the entry now standing for the
 * order: its live posting, or the reversal of a cancelled one; and what it posted (`events`: the
 * reversal, of which entry and why, then the new entry), which the CRM keeps as the order's history.
 */
import { err, ok, relayError, type RelayError, type Result } from '../../../lib/result.ts';
import type { TargetWrite, WriteEvent, WriteOutcome } from '../../../sync/adapters.ts';
import type { QboClient, QboJson } from '../api/types.ts';
import { refKey, holds, type Refs } from './bodies.ts';
import { balanced, postingBody, reversalBody, reversedBy } from './journal-entries.ts';
import { orderName, versionOf, type BookedFields, type JournalFields } from './journal-fields.ts';
import { byIds, nameKey, quoted } from './lookups.ts';
import { OBJECTS } from './objects.ts';
import type { References } from './references.ts';
import { requestIdOf } from './send.ts';

export interface JournalDeps {
  readonly client: QboClient;
  readonly connectionId: string;
  readonly references: References;
}

/** What the writes of one call name, read once. */
interface Company {
  readonly refs: Refs;
  readonly items: ReadonlyMap<string, QboJson>;
  readonly accounts: ReadonlyMap<string, QboJson>;
  readonly receivable?: string;
  readonly departments: ReadonlyMap<string, QboJson>;
  readonly classes: ReadonlyMap<string, QboJson>;
}

const failed = (error: RelayError): WriteOutcome => ({ ok: false, error });
const notBooked = (code: string, f: JournalFields, problem: string, retryable = false) =>
  relayError(code, `Not booked in QuickBooks Online: ${orderName(f)} ${problem}`, { retryable });

/** @example const outcomes = await sendJournalEntries(deps, writes); */
export async function sendJournalEntries(d: JournalDeps, writes: readonly TargetWrite[]): Promise<WriteOutcome[]> {
  const all = writes.map((w) => w.fields as unknown as JournalFields);
  const booked = all.filter((f): f is BookedFields => f.Status === 'activated');
  const company = await readCompany(d, booked);
  if (!company.ok) return writes.map(() => failed(company.error));
  const live = await d.references.written(
    OBJECTS.journalEntry,
    writes.map((w) => w.externalId),
  );
  const current = await byIds(d.client, OBJECTS.journalEntry, [...live.values()]);
  if (!current.ok) return writes.map(() => failed(current.error));
  const outcomes: WriteOutcome[] = [];
  for (const [n, w] of writes.entries()) {
    const id = live.get(w.externalId);
    const entry = id ? current.value.get(id) : undefined;
    // A reversal stands for a cancelled order: nothing of it is live any more (nor of one deleted in QuickBooks).
    const standing = entry && !reversedBy(entry) ? entry : undefined;
    outcomes.push(await book(d, all[n]!, company.value, standing, entry));
  }
  return outcomes;
}

async function book(
  d: JournalDeps,
  f: JournalFields,
  company: Company,
  standing: QboJson | undefined,
  entry: QboJson | undefined,
): Promise<WriteOutcome> {
  if (f.Status === 'cancelled') {
    if (!standing) return { ok: true, targetId: entry ? String(entry.Id) : '', created: false };
    const reversal = await reverse(d, f, standing, 'cancelled');
    if (!reversal.ok) return failed(reversal.error);
    return { ok: true, targetId: reversal.value.targetId, created: true, events: [reversal.value] };
  }
  const body = posting(f, company);
  if (!body.ok) return failed(body.error);
  if (standing && holds(standing, body.value)) return { ok: true, targetId: String(standing.Id), created: false };
  const events: WriteEvent[] = [];
  if (standing) {
    const reversal = await reverse(d, f, standing, 'changed');
    if (!reversal.ok) return failed(reversal.error);
    events.push(reversal.value);
  }
  const key = ['post', f.OrderId, versionOf(f), standing ? String(standing.Id) : ''];
  const posted = await d.client.write(OBJECTS.journalEntry, 'create', body.value, requestIdOf(d.connectionId, key));
  if (!posted.ok) return failed(posted.error);
  const targetId = String(posted.value.Id);
  const replaced = standing ? { replaces: String(standing.Id), reason: 'changed' as const } : {};
  events.push({ operation: 'book', targetId, ...replaced });
  return { ok: true, targetId, created: true, events };
}

/** Posts the reversal of a standing entry; the reversal, of which entry and why. */
async function reverse(
  d: JournalDeps,
  f: JournalFields,
  standing: QboJson,
  because: 'changed' | 'cancelled',
): Promise<Result<WriteEvent>> {
  const body = reversalBody(standing, orderName(f), because);
  if (!balanced(body))
    return err(
      notBooked(
        'qbo_journal_unbalanced',
        f,
        `cannot be undone: its journal entry ${String(standing.Id)} does not balance in QuickBooks Online. Correct or delete it there, then replay.`,
      ),
    );
  const key = ['reverse', f.OrderId, String(standing.Id), String(standing.SyncToken)];
  const written = await d.client.write(OBJECTS.journalEntry, 'create', body, requestIdOf(d.connectionId, key));
  if (!written.ok) return err(written.error);
  return ok({
    operation: 'reverse',
    targetId: String(written.value.Id),
    replaces: String(standing.Id),
    reason: because,
  });
}

/** The posting of an activated order with what it names resolved, or why it cannot be booked. */
function posting(f: BookedFields, c: Company): Result<QboJson> {
  const customer = c.refs.get(refKey('customer', f.CustomerRef.sourceId));
  if (!customer)
    return err(
      notBooked(
        'qbo_customer_missing',
        f,
        'names an Account that is not a QuickBooks Online customer yet (its own write failed or waits). It goes again by itself; once the Account is in QuickBooks Online, replay it if it gave up.',
        true,
      ),
    );
  const income: string[] = [];
  const unmapped: string[] = [];
  for (const l of f.Line) {
    const named = `"${l.Product ?? l.Description ?? 'no product'}"`;
    const itemId = l.ItemRef ? c.refs.get(refKey('item', l.ItemRef.sourceId)) : undefined;
    const item = itemId ? c.items.get(itemId) : undefined;
    if (!item) {
      unmapped.push(named);
      continue;
    }
    if (item.Active === false)
      return err(
        notBooked(
          'qbo_item_inactive',
          f,
          `sells the product ${named}, whose item "${String(item.Name)}" is inactive in QuickBooks Online. Make the item active in QuickBooks Online (or map the product to an active item), then replay.`,
        ),
      );
    const accountId = (item.IncomeAccountRef as QboJson | undefined)?.value;
    const account = accountId === undefined ? undefined : c.accounts.get(String(accountId));
    if (!account)
      return err(
        notBooked(
          'qbo_item_income_account_missing',
          f,
          `sells the product ${named}, whose item "${String(item.Name)}" has no income account in QuickBooks Online. Give the item an income account, then replay.`,
        ),
      );
    if (account.Active === false)
      return err(
        notBooked(
          'qbo_income_account_inactive',
          f,
          `books the product ${named} to the income account "${String(account.Name)}", which is inactive in QuickBooks Online. Make it active (or give the item another income account), then replay.`,
        ),
      );
    income.push(String(account.Id));
  }
  if (unmapped.length)
    return err(
      notBooked(
        'qbo_item_missing',
        f,
        `sells ${unmapped.length === 1 ? 'a product' : 'products'} with no QuickBooks Online item (${[...new Set(unmapped)].join(', ')}). Create or map the item — the product's own write may have failed — then replay.`,
      ),
    );
  if (!c.receivable)
    return err(
      notBooked(
        'qbo_receivable_account_missing',
        f,
        'has no Accounts Receivable account to book to: QuickBooks Online has no active one. Create one, then replay.',
      ),
    );
  const department = named(f, 'department', f.Department, c.departments);
  if (!department.ok) return department;
  const klass = named(f, 'class', f.Class, c.classes);
  if (!klass.ok) return klass;
  return postingBody(f, {
    customer,
    receivable: c.receivable,
    income,
    ...(department.value ? { department: department.value } : {}),
    ...(klass.value ? { class: klass.value } : {}),
  });
}

/** The Id of the department or class an order names, or why it cannot be used. */
function named(
  f: BookedFields,
  kind: 'department' | 'class',
  name: string | undefined,
  found: ReadonlyMap<string, QboJson>,
): Result<string | undefined> {
  if (!name) return ok(undefined);
  const record = found.get(nameKey(name));
  if (!record)
    return err(
      relayError(
        `qbo_${kind}_missing`,
        `Not booked in QuickBooks Online: ${orderName(f)} is allocated to the ${kind} "${name}", which QuickBooks Online does not have. Create the ${kind} "${name}" in QuickBooks Online or fix the Order's ${kind}, then replay.`,
      ),
    );
  if (record.Active === false)
    return err(
      relayError(
        `qbo_${kind}_inactive`,
        `Not booked in QuickBooks Online: ${orderName(f)} is allocated to the ${kind} "${name}", which is inactive in QuickBooks Online. Make it active in QuickBooks Online or fix the Order's ${kind}, then replay.`,
      ),
    );
  return ok(String(record.Id));
}

/** Everything the postings of a call name, in as few reads as fit. */
async function readCompany(d: JournalDeps, booked: readonly BookedFields[]): Promise<Result<Company>> {
  const none = new Map<string, QboJson>();
  if (!booked.length) return ok({ refs: new Map(), items: none, accounts: none, departments: none, classes: none });
  const refs = await d.references.resolve(
    booked.flatMap((f) => [
      ['customer', f.CustomerRef.sourceId] as const,
      ...f.Line.flatMap((l) => (l.ItemRef ? [['item', l.ItemRef.sourceId] as const] : [])),
    ]),
  );
  const itemIds = booked.flatMap((f) =>
    f.Line.flatMap((l) => {
      const id = l.ItemRef && refs.get(refKey('item', l.ItemRef.sourceId));
      return id ? [id] : [];
    }),
  );
  const items = await byIds(d.client, OBJECTS.item, itemIds);
  if (!items.ok) return items;
  const accountIds = [...items.value.values()].flatMap((i) => {
    const ref = i.IncomeAccountRef as QboJson | undefined;
    return ref?.value === undefined ? [] : [String(ref.value)];
  });
  const accounts = await byIds(d.client, 'Account', accountIds);
  if (!accounts.ok) return accounts;
  let receivable: string | undefined;
  for await (const page of d.client.query('Account', {
    where: "AccountType = 'Accounts Receivable'",
    orderBy: 'Id',
    pageSize: 1,
  })) {
    if (!page.ok) return page;
    receivable ??= page.value[0] ? String(page.value[0].Id) : undefined;
    break;
  }
  const departments = await byFullNames(
    d.client,
    'Department',
    booked.flatMap((f) => f.Department ?? []),
  );
  if (!departments.ok) return departments;
  const classes = await byFullNames(
    d.client,
    'Class',
    booked.flatMap((f) => f.Class ?? []),
  );
  if (!classes.ok) return classes;
  return ok({
    refs,
    items: items.value,
    accounts: accounts.value,
    ...(receivable ? { receivable } : {}),
    departments: departments.value,
    classes: classes.value,
  });
}

/**
 * Departments or classes by their full names (`Parent:Child`, by {@link nameKey}), inactive ones
 * too: queried by their own (last) names, matched on `FullyQualifiedName`.
 */
async function byFullNames(
  client: QboClient,
  entity: 'Department' | 'Class',
  names: readonly string[],
): Promise<Result<Map<string, QboJson>>> {
  const found = new Map<string, QboJson>();
  const wanted = new Set(names.map(nameKey));
  const own = [...new Set(names.map((n) => n.split(':').at(-1)!.trim()))];
  if (!own.length) return ok(found);
  const where = `Name IN (${own.map(quoted).join(', ')})`;
  for await (const page of client.query(entity, { where, includeInactive: true })) {
    if (!page.ok) return err(page.error);
    for (const r of page.value) {
      const key = nameKey(String(r.FullyQualifiedName ?? r.Name ?? ''));
      if (wanted.has(key)) found.set(key, r);
    }
  }
  return ok(found);
}
