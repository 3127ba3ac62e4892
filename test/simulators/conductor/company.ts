/**
 * @module
 * One end user's QuickBooks company file: its store, its local time zone, and the operations both
 * the API and the tests use. Tests act as the bookkeeper at the PC (create, edit "behind the
 * relay's back", make inactive, delete — list objects too, as the QuickBooks UI allows — and void);
 * every change goes through the same checks as an API write, gets a new edit sequence and
 * modification time, and deletions land in the log the deleted-* endpoints read. Applying or
 * un-applying a payment changes the invoices it touches (their balance, so their edit sequence).
 */
import type { SimClock } from './clock.ts';
import { ConductorFailure, invalidRequest, notFoundInQuickBooks, staleRevision } from './errors.ts';
import { APPLIED, type Applied } from './lines.ts';
import { createRenderer, type RenderOptions, type Renderer } from './render.ts';
import { RESOURCES, type ResourceName } from './resources.ts';
import type { JsonObject } from './shapes.ts';
import { createStore, type Store, type StoredRecord } from './store.ts';
import { createFields, isPlainObject, updateFields } from './write.ts';

export interface CompanyOptions {
  /** Conductor's end-user id, `end_usr_…`. */
  readonly endUserId: string;
  readonly companyName?: string;
  /** The PC's UTC offset in minutes; default -300 (US Eastern standard time). */
  readonly utcOffsetMinutes?: number;
}

export interface SimCompany {
  readonly endUserId: string;
  readonly companyName: string;
  readonly utcOffsetMinutes: number;
  readonly store: Store;
  /** A renderer for one request. */
  renderer(opts?: RenderOptions): Renderer;
  /** The record as the API returns it, or undefined. */
  get(resource: ResourceName, id: string): JsonObject | undefined;
  /** Every record of a resource, inactive ones included, as the API returns them. */
  list(resource: ResourceName): JsonObject[];
  /** A create with the API's checks (a body as POST takes it). */
  create(resource: ResourceName, body: JsonObject): JsonObject;
  /** An edit with the current revisionNumber, as the bookkeeper makes it in QuickBooks. */
  update(resource: ResourceName, id: string, changes: JsonObject): JsonObject;
  deactivate(resource: ResourceName, id: string): JsonObject;
  delete(resource: ResourceName, id: string): void;
  void(resource: ResourceName, id: string): JsonObject;
  /** API: an update whose body must carry the current revisionNumber. */
  updateWith(resource: ResourceName, id: string, body: unknown): JsonObject;
}

export function createCompany(opts: CompanyOptions, clock: SimClock): SimCompany {
  const store = createStore();
  const offset = opts.utcOffsetMinutes ?? -300;
  const renderer = (o?: RenderOptions) => createRenderer(store, offset, o);
  const find = (resource: ResourceName, id: string): StoredRecord => {
    const rec = store.get(resource, id);
    if (!rec) throw notFoundInQuickBooks(id);
    return rec;
  };
  const appliedTo = (rec: StoredRecord | JsonObject) =>
    (((('fields' in rec ? rec.fields : rec) as JsonObject)[APPLIED] ?? []) as unknown as Applied[]).map(
      (a) => a.transactionId,
    );
  /** Invoices whose balance a payment change moved get a new edit sequence, as in QuickBooks. */
  const touchInvoices = (ids: readonly string[], now: number) => {
    for (const id of new Set(ids)) {
      const inv = store.get('invoices', id);
      if (inv) store.touch(inv, now);
    }
  };

  const co: SimCompany = {
    endUserId: opts.endUserId,
    companyName: opts.companyName ?? `Company of ${opts.endUserId}`,
    utcOffsetMinutes: offset,
    store,
    renderer,
    get: (resource, id) => {
      const rec = store.get(resource, id);
      return rec && renderer({ includeLinkedTransactions: true })(rec);
    },
    list: (resource) => store.all(resource).map(renderer({ includeLinkedTransactions: true })),
    create(resource, body) {
      const now = clock.now();
      const fields = createFields({ store, now }, resource, body);
      const rec = store.insert(resource, RESOURCES[resource].kind, fields, now);
      touchInvoices(appliedTo(rec), now);
      return renderer()(rec);
    },
    updateWith(resource, id, body) {
      const rec = find(resource, id);
      if (!isPlainObject(body)) throw invalidRequest('Invalid input: expected a JSON object as the request body');
      const { revisionNumber, ...changes } = body;
      if (typeof revisionNumber !== 'string')
        throw invalidRequest(`Invalid input: expected string, received ${typeof revisionNumber} at "revisionNumber"`);
      if (revisionNumber !== String(rec.revision)) throw staleRevision(revisionNumber);
      if (rec.fields._voided === true && Object.keys(changes).length > 0)
        throw invalidRequest('A voided transaction cannot be changed.');
      const now = clock.now();
      const before = appliedTo(rec);
      rec.fields = updateFields({ store, now, selfId: rec.id }, rec, changes);
      store.touch(rec, now);
      touchInvoices([...before, ...appliedTo(rec)], now);
      return renderer()(rec);
    },
    update(resource, id, changes) {
      return co.updateWith(resource, id, { ...changes, revisionNumber: String(find(resource, id).revision) });
    },
    deactivate(resource, id) {
      if (RESOURCES[resource].kind !== 'list') throw new Error(`${resource} are transactions; they have no isActive`);
      return co.update(resource, id, { isActive: false });
    },
    delete(resource, id) {
      const rec = find(resource, id);
      const now = clock.now();
      store.remove(rec, now);
      touchInvoices(appliedTo(rec), now);
    },
    void(resource, id) {
      if (!RESOURCES[resource].voidable) throw new Error(`${resource} cannot be voided`);
      const rec = find(resource, id);
      if (payments(store, rec.id).length > 0)
        throw new ConductorFailure({
          status: 502,
          type: 'INTEGRATION_ERROR',
          code: 'QBD_REQUEST_ERROR',
          message: `QBD Request Error (3180): There was an error when voiding a transaction "${rec.id}". QuickBooks error message: Payments are applied to this transaction.`,
          userFacingMessage: 'QuickBooks Desktop cannot void this transaction while payments are applied to it.',
          integrationCode: '3180',
        });
      rec.fields = voided(resource, rec.fields);
      store.touch(rec, clock.now());
      return renderer()(rec);
    },
  };
  return co;
}

const payments = (store: Store, invoiceId: string) =>
  store
    .all('receive-payments')
    .filter((p) => ((p.fields[APPLIED] ?? []) as unknown as Applied[]).some((a) => a.transactionId === invoiceId));

/** QuickBooks keeps a voided transaction with every amount zero and "VOID:" before its memo. */
function voided(resource: ResourceName, fields: JsonObject): JsonObject {
  const zero = (lines: unknown) =>
    (Array.isArray(lines) ? lines : []).map((l: JsonObject) => ({
      ...l,
      amount: '0.00',
      quantity: l.quantity === null ? null : 0,
    }));
  const memo = typeof fields.memo === 'string' && fields.memo ? `VOID: ${fields.memo}` : 'VOID:';
  const base: JsonObject = { ...fields, memo, _voided: true };
  if (resource === 'invoices') return { ...base, lines: zero(fields.lines), subtotal: '0.00', salesTaxTotal: '0.00' };
  return { ...base, itemLines: zero(fields.itemLines), expenseLines: zero(fields.expenseLines), amountDue: '0.00' };
}
