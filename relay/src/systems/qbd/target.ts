/**
 * @module
 * QuickBooks Desktop as a target: a CRM's customers become CustomerAdd/CustomerMod writes that
 * wait in the outbox with *pull* delivery — the company file is reached only when its Web
 * Connector calls, so the engine never sends them: a session leases them after its reads (see
 * `session/write-phase.ts`), looks each one up, and sends the ones QuickBooks does not already hold.
 * Customers, vendors, items and invoices are written — a won deal (an invoice in the canonical
 * model) as an invoice or, per `QBD_WON_DEALS_AS`, a sales order; other kinds map to no write.
 */
import type { TargetAdapter, TargetWrite } from '../../sync/adapters.ts';
import type { CanonicalRecord } from '../../sync/model.ts';
import { rankOf } from '../../sync/ranks.ts';
import { customerWriteFields, invoiceWriteFields, itemWriteFields, vendorWriteFields } from './outbound.ts';

/** The outbox objects of writes into Desktop (the qbXML list or transaction they go to). */
export const OBJECTS = {
  customer: 'Customer',
  vendor: 'Vendor',
  item: 'Item',
  invoice: 'Invoice',
  salesOrder: 'SalesOrder',
} as const;

export interface QbdTargetOptions {
  /** What a won deal becomes: an invoice, or a sales order (the same fields; invoiced later in QuickBooks). */
  readonly wonDealsAs?: 'invoice' | 'sales_order';
}

const pulled = (what: string): never => {
  throw new Error(`QuickBooks Desktop ${what} through its Web Connector session, not by the engine`);
};

const write = (
  record: CanonicalRecord,
  object: string,
  fields: object,
  createOnly: readonly string[] = [],
): TargetWrite[] => [
  {
    object,
    externalIdField: '',
    externalId: record.id,
    fields: fields as Record<string, unknown>,
    ...(createOnly.length ? { createOnly } : {}),
    rank: rankOf(record.type),
    source: { type: record.type, id: record.id },
  },
];

function writesFor(record: CanonicalRecord, salesOrders: boolean): TargetWrite[] {
  switch (record.type) {
    case 'customer':
      // A company name is given on Add: an existing customer's stays QuickBooks' (it may differ from its name).
      return write(record, OBJECTS.customer, customerWriteFields(record), ['companyName']);
    case 'vendor':
      // A vendor's name is given on Add: the Account shows its company name, and QuickBooks keeps its own.
      return write(record, OBJECTS.vendor, vendorWriteFields(record), ['name', 'companyName']);
    case 'item':
      // The kind of item is chosen when it is added; QuickBooks cannot change it later.
      return write(record, OBJECTS.item, itemWriteFields(record), ['itemType']);
    case 'invoice':
      return write(record, salesOrders ? OBJECTS.salesOrder : OBJECTS.invoice, invoiceWriteFields(record));
    // Orders are booked as journal entries in QuickBooks Online only; Desktop is not asked to take them.
    default:
      return [];
  }
}

/** @example const target = createQbdTarget('acme'); target.writesFor(customer, target.context('acme', today)) */
export function createQbdTarget(connectionId: string, options: QbdTargetOptions = {}): TargetAdapter {
  const salesOrders = options.wonDealsAs === 'sales_order';
  return {
    connectionId,
    system: 'qb',
    name: 'QuickBooks Desktop',
    pauseCause: 'the company file waits for its Web Connector',
    delivery: 'pull',
    edition: 'Desktop',
    context: (connectionKey, today) => ({ connectionKey, today }),
    writesFor: (record) => writesFor(record, salesOrders),
    // A record removed in the CRM is not removed from the books (deletions deactivate, and only
    // from QuickBooks' side for now).
    deletionWritesFor: () => [],
    retiredWrite: () => undefined,
    rollupWrites: () => [],
    statusWrites: () => [],
    write: () => pulled('writes are sent'),
    remove: () => pulled('records are changed'),
  };
}
