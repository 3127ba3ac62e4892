/**
 * @module
 * QuickBooks Desktop as a target: a CRM's customers become CustomerAdd/CustomerMod writes that
 * wait in the outbox with *pull* delivery — the company file is reached only when its Web
 * Connector calls, so the engine never sends them: a session leases them after its reads (see
 * `session/write-phase.ts`), looks each one up, and sends the ones QuickBooks does not already hold.
 * Kinds not written into Desktop yet (items, invoices) map to no write.
 */
import type { TargetAdapter, TargetWrite } from '../../sync/adapters.ts';
import type { CanonicalRecord } from '../../sync/model.ts';
import { rankOf } from '../../sync/ranks.ts';
import { customerWriteFields } from './outbound.ts';

/** The outbox object of a customer write (the qbXML list it goes to). */
export const CUSTOMER_OBJECT = 'Customer';

const pulled = (what: string): never => {
  throw new Error(`QuickBooks Desktop ${what} through its Web Connector session, not by the engine`);
};

function writesFor(record: CanonicalRecord): TargetWrite[] {
  if (record.type !== 'customer') return [];
  return [
    {
      object: CUSTOMER_OBJECT,
      externalIdField: '',
      externalId: record.id,
      fields: customerWriteFields(record),
      rank: rankOf('customer'),
      source: { type: record.type, id: record.id },
    },
  ];
}

/** @example const target = createQbdTarget('acme'); target.writesFor(customer, target.context('acme', today)) */
export function createQbdTarget(connectionId: string): TargetAdapter {
  return {
    connectionId,
    system: 'qb',
    name: 'QuickBooks Desktop',
    pauseCause: 'the company file waits for its Web Connector',
    delivery: 'pull',
    context: (connectionKey, today) => ({ connectionKey, today }),
    writesFor,
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
