/**
 * @module
 * QuickBooks Desktop as a target: a CRM's customers become CustomerAdd/CustomerMod writes that
 * wait in the outbox with *pull* delivery — the company file is reached only when its Web
 * Connector calls, so the engine never sends them: a session leases them after its reads (see
 * `session/write-phase.ts`), looks each one up, and sends the ones QuickBooks does not already hold.
 * Customers, vendors, items and invoices are written — a won deal (an invoice in the canonical
 * model) as an invoice or, per `QBD_WON_DEALS_AS`, a sales order; other kinds map to no write. The
 * mapping is `lib/qb-writes.ts`, shared with the Conductor path.
 */
import { qbWritesFor } from '../../lib/qb-writes.ts';
import type { TargetAdapter, TargetWrite } from '../../sync/adapters.ts';
import type { CanonicalRecord } from '../../sync/model.ts';
import { DATA_EXT_FACTS_FIELD, DATA_EXT_FIELD } from './session/write-data-ext.ts';

export interface QbdTargetOptions {
  /** What a won deal becomes: an invoice, or a sales order (the same fields; invoiced later in QuickBooks). */
  readonly wonDealsAs?: 'invoice' | 'sales_order';
}

/**
 * A customer's writes with the custom values its CRM's field mappings gave (in QuickBooks' terms, by
 * DataExtName; an empty one: cleared), sent as its data extensions (`session/write-data-ext.ts`),
 * with the facts of the mappings they came from, for the check against the company's definitions.
 */
function withDataExt(record: CanonicalRecord, writes: TargetWrite[]): TargetWrite[] {
  if (record.type !== 'customer' || !record.custom) return writes;
  // A value the field policy holds is not written: the data extension stays as QuickBooks has it.
  const values = Object.fromEntries(
    record.custom.filter((c) => !c.keep).map((c) => [c.name, c.value === '' ? null : c.value]),
  );
  const facts = Object.fromEntries(record.custom.flatMap((c) => (c.facts ? [[c.name, c.facts]] : [])));
  const fields = { [DATA_EXT_FIELD]: values, ...(Object.keys(facts).length ? { [DATA_EXT_FACTS_FIELD]: facts } : {}) };
  return writes.map((w) => (w.source.id === record.id ? { ...w, fields: { ...w.fields, ...fields } } : w));
}

const pulled = (what: string): never => {
  throw new Error(`QuickBooks Desktop ${what} through its Web Connector session, not by the engine`);
};

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
    writesFor: (record) => withDataExt(record, qbWritesFor(record, salesOrders)),
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
