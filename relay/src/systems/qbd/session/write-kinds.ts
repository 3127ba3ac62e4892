/**
 * @module
 * Each kind of record the write phase sends, as pure functions: how a batch of its writes is looked
 * up in QuickBooks, what QuickBooks holds of a record found (in the shape of the write), how an
 * unlinked write finds its match (a customer or an item by name — QuickBooks' names are unique
 * and compared without regard to case; an invoice or sales order by the GUID we gave it), and the
 * Add or Mod it sends. Invoices and sales orders name their customer and items by the CRM's ids; the phase resolves them to
 * ListIDs (`refs`) before a lookup or a write.
 */
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import type { OutboxItem } from '../../../store/outbox.ts';
import { withoutCreateOnly } from '../../../sync/hash.ts';
import { contactChanges, contactWrite, type HeldContact } from '../../../lib/qb-contact-writes.ts';
import { contactPersonOf } from '../../../lib/qb-records.ts';
import { toCanonical } from '../mapping.ts';
import { DATA_EXT_FACTS_FIELD, DATA_EXT_FIELD, dataExtOf, PUBLIC_OWNER } from './write-data-ext.ts';
import {
  OBJECTS,
  alreadyHeld,
  customerWriteFields,
  itemWriteFields,
  vendorWriteFields,
  type CustomerWriteFields,
  type InvoiceWriteFields,
  type ItemWriteFields,
  type VendorWriteFields,
} from '../../../lib/qb-writes.ts';
import type { QbxmlRecord } from '../qbxml/parse.ts';
import type { ContactRecord } from '../qbxml/record-types.ts';
import type { QbxmlQuery, QbxmlWrite, Ref } from '../qbxml/request-types.ts';

/** A record as QuickBooks holds it, found by a lookup. */
export interface Held {
  /** ListID or TxnID. */
  readonly id: string;
  readonly editSequence: string;
  /** How an unlinked write finds it: a lowercased name, or our GUID. */
  readonly key: string | undefined;
  readonly name: string;
  readonly isActive: boolean;
  /** What it holds of the fields a write sets. */
  readonly fields: object;
  /** Whether Ledgerbridge changes it with a Mod of this kind (an inventory item is linked, not changed). */
  readonly changeable: boolean;
  /** A customer's additional contacts, each with what a ContactsMod of it needs. */
  readonly contacts?: readonly HeldContact[];
  /** A customer's public data extensions, by name. */
  readonly dataExt?: Readonly<Record<string, string>>;
}

/** ListIDs of the records a batch's writes name, by the source's kind and id. */
export type Refs = ReadonlyMap<string, string>;
export const refKey = (type: string, id: string) => `${type}:${id}`;

/** What the phase needs of the company for writes (the account new items post their sales to). */
export interface WriteSettings {
  readonly homeCurrency: string;
  readonly incomeAccount: string;
}

export interface WriteKind {
  readonly object: string;
  /** The records a write names, as `[kind, source id]`, resolved to ListIDs before it is sent. */
  refsOf(row: OutboxItem): readonly (readonly [string, string])[];
  lookups(rows: readonly OutboxItem[], links: ReadonlyMap<string, string>, refs: Refs): QbxmlQuery[];
  held(record: QbxmlRecord, s: WriteSettings): Held | undefined;
  /** How an unlinked write finds what it matches. */
  keyOf(row: OutboxItem): string | undefined;
  /** The Add of a write nothing matched; undefined when there is nothing to add (an inactive item). */
  add(row: OutboxItem, refs: Refs, s: WriteSettings): Result<QbxmlWrite> | undefined;
  /** The Mod of a write that differs from what QuickBooks holds; undefined when the kind is not changed. */
  mod(row: OutboxItem, held: Held, s: WriteSettings): QbxmlWrite | undefined;
  /**
   * Whether a write changes what QuickBooks holds, for a kind changed only in part once there (an
   * invoice: its mapped fields); absent, a linked write is compared field by field.
   */
  changes?(row: OutboxItem, held: Held): boolean;
  readBack(ids: readonly string[]): QbxmlQuery;
  /** The id and EditSequence of what a write's answer holds. */
  written(record: QbxmlRecord | undefined): { id: string; editSequence: string } | undefined;
  /** What a person calls a record of this kind, and the write's name, for words. */
  describe(row: OutboxItem): string;
}

const byIdsOrNames = <T extends 'CustomerQuery' | 'VendorQuery' | 'ItemQuery'>(
  type: T,
  rows: readonly OutboxItem[],
  links: ReadonlyMap<string, string>,
) => {
  const listIds = [...new Set(rows.flatMap((r) => links.get(r.id) ?? []))];
  const fullNames = [...new Set(rows.filter((r) => !links.has(r.id)).map((r) => String(r.fields.name ?? '')))];
  const queries: QbxmlQuery[] = [];
  if (listIds.length) queries.push({ type, requestId: 'lookup-ids', listIds } as QbxmlQuery);
  if (fullNames.length) queries.push({ type, requestId: 'lookup-names', fullNames } as QbxmlQuery);
  return queries;
};

const listWritten = (r: QbxmlRecord | undefined) =>
  r && 'listId' in r && 'editSequence' in r ? { id: r.listId, editSequence: r.editSequence } : undefined;

/** A customer's contacts as QuickBooks holds them, in the shape of a write (as `customerWriteFields` maps them). */
const heldContacts = (list: readonly ContactRecord[]): HeldContact[] =>
  list.flatMap((c) => {
    const p = contactPersonOf(c);
    return p ? [{ listId: c.listId, editSequence: c.editSequence, fields: contactWrite(p) }] : [];
  });

/**
 * Customers and vendors: names on one list (unique across both, compared without regard to case),
 * looked up by ListID or name, added or changed with their own Add and Mod.
 */
function partyKind(party: 'customer' | 'vendor'): WriteKind {
  const customer = party === 'customer';
  const query = customer ? 'CustomerQuery' : 'VendorQuery';
  return {
    object: customer ? OBJECTS.customer : OBJECTS.vendor,
    refsOf: () => [],
    // Customers carrying data extensions are looked up with the public ones (OwnerID 0) they hold.
    lookups: (rows, links) =>
      byIdsOrNames(query, rows, links).map((q) =>
        rows.some((r) => dataExtOf(r.fields)) ? { ...q, ownerIds: [PUBLIC_OWNER] } : q,
      ),
    held(record, s) {
      const c = toCanonical(record, { homeCurrency: s.homeCurrency });
      if (!c.ok || c.value?.type !== party) return undefined;
      const v = c.value;
      const name = v.type === 'customer' ? v.fullName : v.name;
      const dataExt = v.type === 'customer' ? Object.fromEntries((v.custom ?? []).map((c) => [c.name, c.value])) : {};
      return {
        id: v.id,
        editSequence: v.version ?? '',
        key: name.toLowerCase(),
        name,
        isActive: v.isActive,
        fields: v.type === 'customer' ? { ...customerWriteFields(v), [DATA_EXT_FIELD]: dataExt } : vendorWriteFields(v),
        changeable: true,
        ...(record.kind === 'customer' && record.contacts ? { contacts: heldContacts(record.contacts) } : {}),
        ...(v.type === 'customer' ? { dataExt } : {}),
      };
    },
    keyOf: (row) => String(row.fields.name ?? '').toLowerCase(),
    add(row) {
      const f = { ...row.fields, name: String(row.fields.name ?? '') };
      return ok(
        customer
          ? { type: 'CustomerAdd', requestId: row.id, customer: f as CustomerWriteFields & { name: string } }
          : { type: 'VendorAdd', requestId: row.id, vendor: f as VendorWriteFields & { name: string } },
      );
    },
    mod(row, held) {
      const base = { requestId: row.id, listId: held.id, editSequence: held.editSequence };
      const f = withoutCreateOnly(row.fields, row.createOnly);
      if (!customer) return { type: 'VendorMod', ...base, vendor: f as VendorWriteFields };
      // The contacts go one by one: those QuickBooks holds that differ, and the new ones.
      // Data extensions go as their own requests (`dataExtWrites`): changed alone, no CustomerMod.
      const {
        contacts,
        [DATA_EXT_FIELD]: dataExt,
        [DATA_EXT_FACTS_FIELD]: _facts,
        ...rest
      } = f as CustomerWriteFields & { dataExt?: unknown; dataExtFacts?: unknown };
      const contactsMod = contactChanges(contacts ?? [], held.contacts ?? []);
      if (dataExt && !contactsMod.length && alreadyHeld(rest, held.fields)) return undefined;
      return { type: 'CustomerMod', ...base, customer: { ...rest, ...(contactsMod.length ? { contactsMod } : {}) } };
    },
    readBack: (listIds) => ({ type: query, requestId: 'read-back', listIds, ownerIds: ['0'] }),
    written: listWritten,
    describe: (row) => `the ${party} "${String(row.fields.name ?? '')}"`,
  };
}

export const CUSTOMERS = partyKind('customer');
export const VENDORS = partyKind('vendor');

/** A full name's own part (`Child` of `Parent:Child`) and its parent's full name, if any. */
const splitFullName = (fullName: string) => {
  const at = fullName.lastIndexOf(':');
  return at < 0 ? { name: fullName } : { name: fullName.slice(at + 1), parent: fullName.slice(0, at) };
};

const itemBody = (f: ItemWriteFields, account: Ref | undefined) => ({
  name: splitFullName(f.name).name,
  isActive: f.isActive,
  ...(f.description ? { description: f.description } : {}),
  ...(f.price ? { price: f.price } : {}),
  ...(account ? { account } : {}),
});

export const ITEMS: WriteKind = {
  object: OBJECTS.item,
  refsOf: () => [],
  lookups: (rows, links) => byIdsOrNames('ItemQuery', rows, links),
  held(record, s) {
    const c = toCanonical(record, { homeCurrency: s.homeCurrency });
    if (!c.ok || c.value?.type !== 'item') return undefined;
    const v = c.value;
    return {
      id: v.id,
      editSequence: v.version ?? '',
      key: v.fullName.toLowerCase(),
      name: v.fullName,
      // An inactive item is changed like an active one: making it active again is a change we may make.
      isActive: true,
      fields: itemWriteFields(v),
      changeable: v.itemType === 'Service' || v.itemType === 'NonInventory',
    };
  },
  keyOf: (row) => String(row.fields.name ?? '').toLowerCase(),
  add(row, _refs, s) {
    const f = row.fields as unknown as ItemWriteFields;
    if (!f.isActive) return undefined; // never in QuickBooks and not in use: nothing to add
    const { parent } = splitFullName(f.name);
    const item = {
      ...itemBody(f, { fullName: s.incomeAccount }),
      ...(parent ? { parent: { fullName: parent } } : {}),
    } as { name: string; account: Ref };
    return ok(
      f.itemType === 'NonInventory'
        ? { type: 'ItemNonInventoryAdd', requestId: row.id, item }
        : { type: 'ItemServiceAdd', requestId: row.id, item },
    );
  },
  mod(row, held) {
    const f = row.fields as unknown as ItemWriteFields;
    const heldType = (held.fields as ItemWriteFields).itemType;
    if (!held.changeable) return undefined;
    const item = itemBody({ ...f, itemType: heldType }, undefined);
    const base = { requestId: row.id, listId: held.id, editSequence: held.editSequence, item };
    return heldType === 'NonInventory' ? { type: 'ItemNonInventoryMod', ...base } : { type: 'ItemServiceMod', ...base };
  },
  readBack: (listIds) => ({ type: 'ItemQuery', requestId: 'read-back', listIds, ownerIds: ['0'] }),
  written: listWritten,
  describe: (row) => `the item "${String(row.fields.name ?? '')}"`,
};

const invoiceOf = (row: OutboxItem) => row.fields as unknown as InvoiceWriteFields;

/**
 * Invoices and sales orders: a won deal's customer, date, memo, GUID and lines, written the same
 * way into either transaction. Looked up by TxnID, else among the customer's transactions of that
 * date by our GUID; added, and read back with their lines. Once added, the bookkeeper's: only an
 * invoice's standard fields that the CRM's field mappings send (`other`) are changed, by an
 * InvoiceMod of those alone, when QuickBooks holds another value.
 */
function salesTxnKind(txn: 'invoice' | 'salesOrder'): WriteKind {
  const invoice = txn === 'invoice';
  const query = invoice ? 'InvoiceQuery' : 'SalesOrderQuery';
  const what = invoice ? 'invoice' : 'sales order';
  return {
    object: invoice ? OBJECTS.invoice : OBJECTS.salesOrder,
    refsOf: (row) => {
      const f = invoiceOf(row);
      return [['customer', f.customer], ...f.lines.flatMap((l) => (l.item ? [['item', l.item] as const] : []))];
    },
    lookups(rows, links, refs) {
      const txnIds = [...new Set(rows.flatMap((r) => links.get(r.id) ?? []))];
      const queries: QbxmlQuery[] = [];
      if (txnIds.length) queries.push({ type: query, requestId: 'lookup-ids', txnIds });
      // One we may have added in a session cut short: its customer's of its date, by our GUID.
      const seen = new Set<string>();
      rows
        .filter((r) => !links.has(r.id))
        .forEach((r) => {
          const f = invoiceOf(r);
          const customer = refs.get(refKey('customer', f.customer));
          const key = `${customer}:${f.txnDate}`;
          if (!customer || seen.has(key)) return;
          seen.add(key);
          queries.push({
            type: query,
            requestId: `lookup-${seen.size}`,
            entity: { listIds: [customer] },
            fromTxnDate: f.txnDate,
            toTxnDate: f.txnDate,
          });
        });
      return queries;
    },
    held(record) {
      if (record.kind !== txn) return undefined;
      return {
        id: record.txnId,
        editSequence: record.editSequence,
        key: record.externalGuid?.toUpperCase(),
        name: record.refNumber ?? record.txnId,
        isActive: true,
        fields: record.kind === 'invoice' && record.other !== undefined ? { other: record.other } : {},
        changeable: invoice,
      };
    },
    keyOf: (row) => invoiceOf(row).externalGuid.toUpperCase(),
    add(row, refs) {
      const f = invoiceOf(row);
      const customer = refs.get(refKey('customer', f.customer));
      if (!customer)
        return err(
          relayError(
            'qbd_customer_missing',
            'Not sent to QuickBooks: its Account is not a QuickBooks customer yet (its own write failed or waits). Once the Account is in QuickBooks, replay this one.',
          ),
        );
      const missing = f.lines.filter((l) => !l.item || !refs.has(refKey('item', l.item)));
      if (missing.length)
        return err(
          relayError(
            'qbd_item_missing',
            `Not sent to QuickBooks: ${missing.length === 1 ? 'a line names a product' : `${missing.length} lines name products`} with no QuickBooks item (${missing.map((l) => l.description ?? l.item ?? 'no product').join(', ')}). Create or map the item — the product's own write may have failed — then replay.`,
          ),
        );
      const body = {
        customer: { listId: customer },
        txnDate: f.txnDate,
        ...(f.memo ? { memo: f.memo } : {}),
        ...(invoice && f.other ? { other: f.other } : {}),
        externalGuid: f.externalGuid,
        lines: f.lines.map((l) => ({
          item: { listId: refs.get(refKey('item', l.item!))! },
          ...(l.description ? { description: l.description } : {}),
          ...(l.quantity ? { quantity: l.quantity } : {}),
          ...(l.rate ? { rate: l.rate } : {}),
        })),
      };
      return ok(
        invoice
          ? { type: 'InvoiceAdd', requestId: row.id, invoice: body }
          : { type: 'SalesOrderAdd', requestId: row.id, salesOrder: body },
      );
    },
    // Once in QuickBooks it is the bookkeeper's: of the deal's later edits, only a mapped field's goes.
    changes(row, held) {
      const other = invoiceOf(row).other;
      return invoice && other !== undefined && other !== (held.fields as { other?: string }).other;
    },
    mod(row, held) {
      const other = invoiceOf(row).other;
      if (!invoice || other === undefined) return undefined;
      return {
        type: 'InvoiceMod',
        requestId: row.id,
        txnId: held.id,
        editSequence: held.editSequence,
        invoice: { other },
      };
    },
    readBack: (txnIds) => ({ type: query, requestId: 'read-back', txnIds, includeLineItems: true, ownerIds: ['0'] }),
    written: (r) =>
      r && 'txnId' in r && 'editSequence' in r ? { id: r.txnId, editSequence: r.editSequence } : undefined,
    describe: (row) => `the ${what} of "${row.sourceId}"`,
  };
}

export const INVOICES = salesTxnKind('invoice');
export const SALES_ORDERS = salesTxnKind('salesOrder');

export const WRITE_KINDS_BY_OBJECT: ReadonlyMap<string, WriteKind> = new Map(
  [CUSTOMERS, VENDORS, ITEMS, INVOICES, SALES_ORDERS].map((k) => [k.object, k]),
);
