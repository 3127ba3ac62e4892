/**
 * @module
 * QuickBooks Desktop through Conductor as a sync target (a CRM → Desktop): the second transport
 * to Desktop beside the Web Connector, with *push* delivery — the engine sends the writes, through
 * Conductor's REST API (`api/`). What a record writes is exactly the Web Connector path's mapping
 * (`lib/qb-writes.ts`: customers, vendors, items, invoices; nothing for other kinds, nothing from
 * deletions, roll-ups or status), so what QuickBooks holds hashes the same for both transports.
 * How each write goes (`send.ts`, `invoices.ts`): linked records are retrieved and compared, and
 * updated with their current `revisionNumber` only where they differ; unlinked ones are looked
 * up (by name; an invoice by our GUID among its customer's invoices of its date) and linked
 * instead of doubled; new items post to the income account named as the Web Connector's
 * (`QBD_INCOME_ACCOUNT`, default "Services"), found by full name among the accounts.
 *
 * A stale revision waits, as a stale EditSequence does on the Web Connector path: a linked record
 * whose `revisionNumber` differs from the one the relay last saw of it (the version of its
 * identity in this connection — read from QuickBooks, or answered to the relay's last write) was
 * changed in QuickBooks behind the relay's back, so it is not overwritten: the write fails
 * retryable (`cdt_changed_since_read`), the change is read first and weighed by the field policy,
 * and the write goes again once the identity's version is the current one. A `cdt_stale_revision`
 * answer to an update (changed between the retrieve and the update) is the same failure.
 *
 * Not sent on this path yet: a customer's additional contacts (Conductor's `additionalContacts`);
 * they are not compared either, so a customer is not rewritten for them. A removal the engine
 * asks for deactivates a list object and voids an invoice (`remove.ts`); what is written is read
 * back by the Conductor source (`readsBack`).
 */
import type { Db } from '../../../store/db.ts';
import { OBJECTS, qbWritesFor } from '../../../lib/qb-writes.ts';
import type { TargetAdapter } from '../../../sync/adapters.ts';
import type { ConductorClient } from '../api/types.ts';
import { createReferences } from './references.ts';
import { removeRecords } from './remove.ts';
import { sendWrites } from './send.ts';

export interface ConductorTargetOptions {
  /** The connection (one company file, one Conductor end user) written to: its identities say what is linked. */
  readonly connectionId: string;
  readonly client: ConductorClient;
  /** The store the engine notes identities in. */
  readonly db: Db;
  readonly now?: () => number;
  /** The income account new items post their sales to, by full name (default "Services", as `QBD_INCOME_ACCOUNT`). */
  readonly incomeAccount?: string;
}

const WRITTEN: ReadonlySet<string> = new Set([OBJECTS.customer, OBJECTS.vendor, OBJECTS.item, OBJECTS.invoice]);

/** @example const target = createConductorTarget({ connectionId: 'cdt-acme', client, db: store.db }); */
export function createConductorTarget({
  connectionId,
  client,
  db,
  now = Date.now,
  incomeAccount = 'Services',
}: ConductorTargetOptions): TargetAdapter {
  const deps = { client, references: createReferences(db, connectionId, now), incomeAccount, now };
  return {
    connectionId,
    system: 'conductor',
    name: 'QuickBooks Desktop (Conductor)',
    pauseCause: 'QuickBooks Desktop cannot be reached through Conductor',
    delivery: 'push',
    edition: 'Desktop',
    context: (connectionKey, today) => ({ connectionKey, today }),
    writesFor: (record) => qbWritesFor(record, false),
    // As the Web Connector's: a record removed in the CRM is not removed from the books.
    deletionWritesFor: () => [],
    retiredWrite: () => undefined,
    rollupWrites: () => [],
    statusWrites: () => [],
    write: (object, _externalIdField, writes) => {
      if (!WRITTEN.has(object)) throw new Error(`QuickBooks Desktop through Conductor is sent no ${object}`);
      return sendWrites(deps, object, writes);
    },
    remove: (object, ids) => removeRecords(client, object, ids),
    readsBack: () => true,
  };
}
