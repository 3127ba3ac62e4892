/**
 * @module
 * Create, update (full or sparse), delete and void, as `POST /v3/company/{realm}/{entity}` does them
 * (reference §2.1, §2.6): read-only fields sent are ignored; an update names `Id` and the current
 * `SyncToken` (an older one is 5010 Stale Object Error); a full update sets what it leaves out to
 * null, a sparse one changes only what it sends (a `Line` array replaces every line); name lists are
 * never deleted, only made inactive; every save moves SyncToken and MetaData.LastUpdatedTime.
 */
import { decode, isObject, type JsonObject } from './decode.ts';
import { businessValidation, objectNotFound, requiredParam, staleObject, validationFault } from './errors.ts';
import { ENTITIES, type EntityName } from './entities.ts';
import { prepareName, renameChildren } from './names.ts';
import { linkedInvoices, prepareTxn, refreshInvoices } from './txns.ts';
import { Dec } from './money.ts';
import { renderedCustomFields } from './custom-fields.ts';
import { companyTime, type CompanyData } from './company-data.ts';
import type { QboSchema } from './xsd.ts';

/** Fields QuickBooks computes; what a client sends for them is ignored. */
const READ_ONLY: Partial<Record<EntityName, readonly string[]>> = {
  Customer: ['Balance', 'BalanceWithJobs', 'FullyQualifiedName', 'Level', 'Job', 'V4IDPseudonym'],
  Vendor: ['Balance', 'V4IDPseudonym'],
  Account: ['Classification', 'CurrentBalance', 'CurrentBalanceWithSubAccounts', 'FullyQualifiedName', 'SubAccount'],
  Item: ['FullyQualifiedName', 'SubItem'],
  Class: ['FullyQualifiedName', 'SubClass'],
  Department: ['FullyQualifiedName', 'SubDepartment'],
  Invoice: ['TotalAmt', 'Balance', 'HomeBalance', 'HomeTotalAmt', 'LinkedTxn'],
  Bill: ['Balance', 'TotalAmt', 'HomeBalance'],
  Payment: ['UnappliedAmt'],
  JournalEntry: ['TotalAmt'],
};
const ALWAYS_READ_ONLY = ['Id', 'SyncToken', 'MetaData', 'domain', 'sparse', 'status'];

const unsupported = (op: string): never => {
  throw validationFault('500', 'Unsupported Operation', `Operation ${op} is not supported.`);
};

/** The record as the API returns it. */
export function render(co: CompanyData, entity: EntityName, data: JsonObject): JsonObject {
  const stamp = co.store.stamp(entity, data.Id as string);
  return {
    ...data,
    ...(entity === 'Invoice'
      ? { CustomField: renderedCustomFields(co.prefs.salesCustomFields, data.CustomField) }
      : {}),
    domain: 'QBO',
    sparse: false,
    MetaData: stamp
      ? { CreateTime: companyTime(co, stamp.created), LastUpdatedTime: companyTime(co, stamp.updated) }
      : {},
  };
}

function writable(entity: EntityName, body: JsonObject): JsonObject {
  const out = { ...body };
  for (const k of [...ALWAYS_READ_ONLY, ...(READ_ONLY[entity] ?? [])]) delete out[k];
  return out;
}

function prepare(co: CompanyData, entity: EntityName, data: JsonObject, id: string | undefined): JsonObject {
  return ENTITIES[entity].kind === 'name' ? prepareName(co, entity, data, id) : prepareTxn(co, entity, data, id);
}

export function createEntity(co: CompanyData, schema: QboSchema, entity: EntityName, body: unknown): JsonObject {
  if (ENTITIES[entity].kind === 'company') unsupported('Create');
  const data = prepare(co, entity, writable(entity, decode(schema, entity, body)), undefined);
  const at = co.clock.now();
  const id = co.store.insert(entity, { ...data, SyncToken: '0' }, at);
  co.emit(entity, id, 'Create');
  afterSave(co, entity, undefined, co.store.get(entity, id)!, at);
  return render(co, entity, co.store.get(entity, id)!);
}

/** The current record an update/delete/void names, with its SyncToken checked. */
function current(co: CompanyData, entity: EntityName, body: JsonObject): JsonObject {
  if (typeof body.Id !== 'string' || !body.Id) throw requiredParam('Id');
  const existing = co.store.get(entity, body.Id);
  if (!existing) throw objectNotFound('Id');
  if (typeof body.SyncToken !== 'string' || !body.SyncToken) throw requiredParam('SyncToken');
  if (body.SyncToken !== existing.SyncToken) throw staleObject();
  return existing;
}

export function updateEntity(co: CompanyData, schema: QboSchema, entity: EntityName, body: unknown): JsonObject {
  if (ENTITIES[entity].kind === 'company') unsupported('Update');
  const decoded = decode(schema, entity, body);
  const existing = current(co, entity, decoded);
  if (existing.status === 'Voided') throw businessValidation('A voided transaction cannot be changed.');
  const kept: JsonObject = {};
  for (const k of READ_ONLY[entity] ?? []) if (existing[k] !== undefined) kept[k] = existing[k];
  const changes = writable(entity, decoded);
  const base = decoded.sparse === true ? { ...existing, ...changes } : { ...kept, ...changes };
  const id = existing.Id as string;
  const data = prepare(co, entity, writable(entity, base), id);
  const at = co.clock.now();
  const next: JsonObject = { ...kept, ...data, Id: id, SyncToken: String(Number(existing.SyncToken) + 1) };
  co.store.replace(entity, id, next, at);
  const deactivated = ENTITIES[entity].kind === 'name' && existing.Active !== false && next.Active === false;
  co.emit(entity, id, deactivated ? 'Delete' : 'Update');
  if (ENTITIES[entity].childFlag && existing.FullyQualifiedName !== next.FullyQualifiedName) {
    renameChildren(co, entity, id, at);
  }
  afterSave(co, entity, existing, next, at);
  return render(co, entity, co.store.get(entity, id)!);
}

/** `?operation=delete`: transactions only; the answer is `{status:"Deleted",domain,Id}`. */
export function deleteEntity(co: CompanyData, schema: QboSchema, entity: EntityName, body: unknown): JsonObject {
  if (ENTITIES[entity].kind !== 'transaction') unsupported('Delete');
  const existing = current(co, entity, decode(schema, entity, body));
  const id = existing.Id as string;
  if (entity === 'Invoice' && (existing.LinkedTxn as JsonObject[]).length) {
    throw businessValidation('This invoice has payments applied; delete or unapply them first.');
  }
  const at = co.clock.now();
  co.store.remove(entity, id, at);
  co.emit(entity, id, 'Delete');
  afterSave(co, entity, existing, undefined, at);
  return { status: 'Deleted', domain: 'QBO', Id: id };
}

/** `?operation=void` (Invoice) or `operation=update&include=void` (Payment): amounts go to zero, the record stays. */
export function voidEntity(co: CompanyData, schema: QboSchema, entity: EntityName, body: unknown): JsonObject {
  if (!ENTITIES[entity].voidable) unsupported('Void');
  const existing = current(co, entity, decode(schema, entity, body));
  if (entity === 'Invoice' && (existing.LinkedTxn as JsonObject[]).length) {
    throw businessValidation('This invoice has payments applied; unapply them before voiding it.');
  }
  const id = existing.Id as string;
  const zeroLines = (existing.Line as JsonObject[]).map((l) => ({ ...l, Amount: Dec.ZERO }));
  const voided: JsonObject = {
    ...existing,
    Line: entity === 'Payment' ? [] : zeroLines,
    TotalAmt: Dec.ZERO,
    ...(entity === 'Invoice' ? { Balance: Dec.ZERO } : { UnappliedAmt: Dec.ZERO }),
    PrivateNote: 'Voided',
    SyncToken: String(Number(existing.SyncToken) + 1),
  };
  const at = co.clock.now();
  co.store.replace(entity, id, voided, at);
  co.emit(entity, id, 'Void');
  afterSave(co, entity, existing, voided, at);
  return render(co, entity, co.store.get(entity, id)!);
}

/** A payment moves the invoices it touches; invoices and payments move their customer's balance. */
function afterSave(
  co: CompanyData,
  entity: EntityName,
  before: JsonObject | undefined,
  after: JsonObject | undefined,
  at: number,
): void {
  if (entity === 'Payment') {
    for (const id of refreshInvoices(co, [...linkedInvoices(before), ...linkedInvoices(after)], at)) {
      co.emit('Invoice', id, 'Update');
    }
  }
  if (entity !== 'Invoice' && entity !== 'Payment') return;
  const customers = [before, after].map((r) => (isObject(r?.CustomerRef) ? String(r.CustomerRef.value) : undefined));
  for (const id of new Set(customers)) if (id) refreshCustomerBalance(co, id);
}

/** Balance = open invoices − unapplied payments; BalanceWithJobs adds the sub-customers'. Not a change of the customer. */
export function refreshCustomerBalance(co: CompanyData, customerId: string): void {
  const own = (id: string) => {
    let b = Dec.ZERO;
    for (const inv of co.store.all('Invoice')) {
      if (isObject(inv.CustomerRef) && inv.CustomerRef.value === id) b = b.add(inv.Balance as Dec);
    }
    for (const p of co.store.all('Payment')) {
      if (isObject(p.CustomerRef) && p.CustomerRef.value === id) b = b.sub(p.UnappliedAmt as Dec);
    }
    return b;
  };
  const withJobs = (id: string): Dec =>
    co.store
      .all('Customer')
      .filter((c) => isObject(c.ParentRef) && c.ParentRef.value === id)
      .reduce((acc, c) => acc.add(withJobs(c.Id as string)), own(id));
  for (let id: string | undefined = customerId; id;) {
    const c = co.store.get('Customer', id);
    if (!c) break;
    co.store.set('Customer', id, { ...c, Balance: own(id), BalanceWithJobs: withJobs(id) });
    id = isObject(c.ParentRef) ? String(c.ParentRef.value) : undefined;
  }
}
