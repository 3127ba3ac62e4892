/**
 * @module
 * Add/Mod requests and the rules QuickBooks enforces on them: names unique across the customer and
 * vendor lists (3100), parents that must exist (3130), records that must exist for a Mod (3120), the
 * current EditSequence on Mod (3200 when stale, answered with the current record). Customers and
 * vendors live here (a customer's additional contacts in customer-contacts.ts); items in item-writes.ts, transactions in txn-writes.ts, shared rules in
 * write-rules.ts. A busy company file (faults.ts `recordInUse`) refuses writes before they run.
 */
import type { Customer, Vendor } from './records.ts';
import { child, textOf, type El } from './xml.ts';
import { statusOnly, type RqOutcome } from './query.ts';
import { renderRet, renderRs } from './render.ts';
import type { ParsedRq } from './request.ts';
import type { LockCode } from './faults.ts';
import { entityNameInUse, findList, newListId, tick, type CompanyState } from './store.ts';
import { address, defined, flag, notFound, otherRef, refOf, Refusal, staleCheck, str } from './write-rules.ts';
import { invoiceAdd, invoiceMod, journalEntryAdd, paymentAdd, salesOrderAdd } from './txn-writes.ts';
import { contactsAdded, contactsModified } from './customer-contacts.ts';
import { itemAdd, itemMod } from './item-writes.ts';

function customerFields(state: CompanyState, el: El) {
  const where = 'Customer';
  return defined({
    isActive: flag(el, 'IsActive'),
    companyName: str(el, 'CompanyName'),
    salutation: str(el, 'Salutation'),
    firstName: str(el, 'FirstName'),
    middleName: str(el, 'MiddleName'),
    lastName: str(el, 'LastName'),
    jobTitle: str(el, 'JobTitle'),
    billAddress: address(el, 'BillAddress'),
    shipAddress: address(el, 'ShipAddress'),
    phone: str(el, 'Phone'),
    altPhone: str(el, 'AltPhone'),
    fax: str(el, 'Fax'),
    email: str(el, 'Email'),
    cc: str(el, 'Cc'),
    contact: str(el, 'Contact'),
    altContact: str(el, 'AltContact'),
    class: otherRef(state, 'class', refOf(el, 'ClassRef'), 'Class', where),
    customerType: otherRef(state, 'customerType', refOf(el, 'CustomerTypeRef'), 'Customer Type', where),
    terms: otherRef(state, 'terms', refOf(el, 'TermsRef'), 'Terms', where),
    salesTaxCode: otherRef(state, 'salesTaxCode', refOf(el, 'SalesTaxCodeRef'), 'Sales Tax Code', where),
    resaleNumber: str(el, 'ResaleNumber'),
    accountNumber: str(el, 'AccountNumber'),
    creditLimit: str(el, 'CreditLimit'),
    jobStatus: str(el, 'JobStatus'),
    jobStartDate: str(el, 'JobStartDate'),
    jobProjectedEndDate: str(el, 'JobProjectedEndDate'),
    jobEndDate: str(el, 'JobEndDate'),
    jobDesc: str(el, 'JobDesc'),
    notes: str(el, 'Notes'),
    preferredDeliveryMethod: str(el, 'PreferredDeliveryMethod'),
    externalGuid: str(el, 'ExternalGUID'),
  });
}

function vendorFields(state: CompanyState, el: El) {
  return defined({
    isActive: flag(el, 'IsActive'),
    companyName: str(el, 'CompanyName'),
    salutation: str(el, 'Salutation'),
    firstName: str(el, 'FirstName'),
    middleName: str(el, 'MiddleName'),
    lastName: str(el, 'LastName'),
    jobTitle: str(el, 'JobTitle'),
    vendorAddress: address(el, 'VendorAddress'),
    shipAddress: address(el, 'ShipAddress'),
    phone: str(el, 'Phone'),
    altPhone: str(el, 'AltPhone'),
    fax: str(el, 'Fax'),
    email: str(el, 'Email'),
    cc: str(el, 'Cc'),
    contact: str(el, 'Contact'),
    altContact: str(el, 'AltContact'),
    nameOnCheck: str(el, 'NameOnCheck'),
    accountNumber: str(el, 'AccountNumber'),
    notes: str(el, 'Notes'),
    vendorType: otherRef(state, 'vendorType', refOf(el, 'VendorTypeRef'), 'Vendor Type', 'Vendor'),
    terms: otherRef(state, 'terms', refOf(el, 'TermsRef'), 'Terms', 'Vendor'),
    creditLimit: str(el, 'CreditLimit'),
    vendorTaxIdent: str(el, 'VendorTaxIdent'),
    isVendorEligibleFor1099: flag(el, 'IsVendorEligibleFor1099'),
    externalGuid: str(el, 'ExternalGUID'),
  });
}

function ok(rq: ParsedRq, ret: string): RqOutcome {
  return {
    xml: renderRs(
      `${rq.type}Rs`,
      { requestId: rq.requestId, code: 0, severity: 'Info', message: 'Status OK' },
      `${ret}\n`,
    ),
    severity: 'Info',
  };
}

/** Renames propagate to jobs: `Parent:Job` full names follow their parent. */
function refreshJobNames(state: CompanyState, parent: Customer): void {
  for (const c of state.tables.customer.values()) {
    if (c.parent?.listId === parent.listId) {
      const updated: Customer = {
        ...c,
        parent: { listId: parent.listId, fullName: parent.fullName },
        fullName: `${parent.fullName}:${c.name}`,
        sublevel: parent.sublevel + 1,
      };
      state.tables.customer.set(c.listId, updated);
      refreshJobNames(state, updated);
    }
  }
}

function customerAdd(state: CompanyState, el: El): Customer {
  const name = str(el, 'Name') ?? '';
  if (name === '') throw new Refusal(3000, 'The "Name" field is required.');
  const parentRef = refOf(el, 'ParentRef');
  const parent = parentRef ? findList(state, 'customer', parentRef) : undefined;
  if (parentRef && !parent)
    throw new Refusal(
      3130,
      `There is an invalid reference to a parent "${parentRef.fullName ?? parentRef.listId}" in the Customers list.  QuickBooks error message: Invalid argument.  The specified record does not exist in the list.`,
    );
  const fullName = parent ? `${parent.fullName}:${name}` : name;
  if (entityNameInUse(state, fullName))
    throw new Refusal(3100, `The name "${fullName}" of the list element is already in use.`);
  const fields = customerFields(state, el);
  const { time, editSequence } = tick(state);
  const contacts = contactsAdded(state, el, { time, editSequence });
  const rec: Customer = {
    kind: 'customer',
    listId: newListId(state),
    timeCreated: time,
    timeModified: time,
    editSequence,
    name,
    fullName,
    isActive: true,
    sublevel: parent ? parent.sublevel + 1 : 0,
    ...(parent ? { parent: { listId: parent.listId, fullName: parent.fullName } } : {}),
    ...fields,
    ...(contacts ? { contacts } : {}),
    balance: '0.00',
    totalBalance: '0.00',
    jobStatus: fields.jobStatus ?? 'None',
  };
  state.tables.customer.set(rec.listId, rec);
  return rec;
}

function customerMod(state: CompanyState, el: El): Customer {
  const listId = textOf(el, 'ListID') ?? '';
  const current = state.tables.customer.get(listId);
  if (!current) throw notFound(listId);
  staleCheck(current, el);
  const name = str(el, 'Name') ?? current.name;
  const parentRef = refOf(el, 'ParentRef');
  const parent = parentRef
    ? findList(state, 'customer', parentRef)
    : current.parent
      ? findList(state, 'customer', current.parent)
      : undefined;
  if (parentRef && !parent)
    throw new Refusal(
      3130,
      `There is an invalid reference to a parent "${parentRef.fullName ?? parentRef.listId}" in the Customers list.`,
    );
  const fullName = parent ? `${parent.fullName}:${name}` : name;
  if (entityNameInUse(state, fullName, listId))
    throw new Refusal(3100, `The name "${fullName}" of the list element is already in use.`);
  const fields = customerFields(state, el);
  const { time, editSequence } = tick(state);
  const contacts = contactsModified(state, current.contacts ?? [], el, { time, editSequence });
  const rec: Customer = {
    ...current,
    ...fields,
    ...(contacts ? { contacts } : {}),
    name,
    fullName,
    timeModified: time,
    editSequence,
    sublevel: parent ? parent.sublevel + 1 : 0,
  };
  state.tables.customer.set(listId, rec);
  if (rec.fullName !== current.fullName) refreshJobNames(state, rec);
  return state.tables.customer.get(listId) ?? rec;
}

function vendorAdd(state: CompanyState, el: El): Vendor {
  const name = str(el, 'Name') ?? '';
  if (name === '') throw new Refusal(3000, 'The "Name" field is required.');
  if (entityNameInUse(state, name))
    throw new Refusal(3100, `The name "${name}" of the list element is already in use.`);
  const fields = vendorFields(state, el);
  const { time, editSequence } = tick(state);
  const rec: Vendor = {
    kind: 'vendor',
    listId: newListId(state),
    timeCreated: time,
    timeModified: time,
    editSequence,
    name,
    isActive: true,
    ...fields,
    balance: '0.00',
  };
  state.tables.vendor.set(rec.listId, rec);
  return rec;
}

function vendorMod(state: CompanyState, el: El): Vendor {
  const listId = textOf(el, 'ListID') ?? '';
  const current = state.tables.vendor.get(listId);
  if (!current) throw notFound(listId);
  staleCheck(current, el);
  const name = str(el, 'Name') ?? current.name;
  if (entityNameInUse(state, name, listId))
    throw new Refusal(3100, `The name "${name}" of the list element is already in use.`);
  const fields = vendorFields(state, el);
  const { time, editSequence } = tick(state);
  const rec: Vendor = { ...current, ...fields, name, timeModified: time, editSequence };
  state.tables.vendor.set(listId, rec);
  return rec;
}

const HANDLERS: Readonly<Record<string, [string, (state: CompanyState, el: El) => Parameters<typeof renderRet>[0]]>> = {
  CustomerAdd: ['CustomerAdd', customerAdd],
  CustomerMod: ['CustomerMod', customerMod],
  VendorAdd: ['VendorAdd', vendorAdd],
  VendorMod: ['VendorMod', vendorMod],
  ItemServiceAdd: ['ItemServiceAdd', itemAdd('Service')],
  ItemServiceMod: ['ItemServiceMod', itemMod('Service')],
  ItemNonInventoryAdd: ['ItemNonInventoryAdd', itemAdd('NonInventory')],
  ItemNonInventoryMod: ['ItemNonInventoryMod', itemMod('NonInventory')],
  InvoiceAdd: ['InvoiceAdd', invoiceAdd],
  InvoiceMod: ['InvoiceMod', invoiceMod],
  SalesOrderAdd: ['SalesOrderAdd', salesOrderAdd],
  ReceivePaymentAdd: ['ReceivePaymentAdd', paymentAdd],
  JournalEntryAdd: ['JournalEntryAdd', journalEntryAdd],
};

export const WRITE_TYPES = new Set(Object.keys(HANDLERS));

/** What a write answers when another user holds the lock (faults.ts `recordInUse`); nothing is stored. */
function inUse(rq: ParsedRq, body: El, code: LockCode): RqOutcome {
  const label = rq.type.replace(/(Add|Mod)$/, '').replace(/^Item(Service|NonInventory)$/, 'Item');
  const key = textOf(body, 'Name') ?? textOf(body, 'ListID') ?? textOf(body, 'TxnID') ?? '';
  const why =
    code === 3175
      ? 'The internals could not be locked.'
      : 'Failed to acquire the lock: the list element is in use by another user.';
  return statusOnly(
    rq,
    code,
    'Error',
    `There was an error when locking the ${label} "${key}". QuickBooks error message: ${why}`,
  );
}

/**
 * Runs one Add/Mod. Validation happens before anything is stored, so a refused request changes nothing.
 * On 3200 the response carries the current record, as QuickBooks does. `locked` answers the write with
 * that lock-contention status instead of running it.
 */
export function runWrite(state: CompanyState, rq: ParsedRq, locked?: LockCode): RqOutcome {
  const handler = HANDLERS[rq.type];
  if (!handler) return statusOnly(rq, 3250, 'Error', `The simulator does not answer ${rq.name}.`);
  const body = child(rq.el, handler[0]);
  if (!body) return statusOnly(rq, 3000, 'Error', `${rq.name} needs <${handler[0]}>.`);
  if (locked !== undefined) return inUse(rq, body, locked);
  const clock = state.clock;
  const seq = state.seq;
  try {
    return ok(rq, renderRet(handler[1](state, body), { links: true }));
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    state.clock = clock;
    state.seq = seq;
    if (e.code === 3200) {
      const id = textOf(body, 'ListID') ?? textOf(body, 'TxnID') ?? '';
      const current =
        state.tables.customer.get(id) ??
        state.tables.vendor.get(id) ??
        state.tables.item.get(id) ??
        state.tables.invoice.get(id);
      return {
        xml: renderRs(
          `${rq.type}Rs`,
          { requestId: rq.requestId, code: 3200, severity: 'Error', message: e.message },
          current ? `${renderRet(current)}\n` : '',
        ),
        severity: 'Error',
      };
    }
    return statusOnly(rq, e.code, 'Error', e.message);
  }
}
