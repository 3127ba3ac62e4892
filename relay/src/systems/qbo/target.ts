/**
 * @module
 * QuickBooks Online as a sync target (a CRM → QuickBooks Online): customers, items, invoices (a
 * won deal) and orders (an activated Order, booked as a journal entry: `outbound/journal-send.ts`,
 * reversed, never edited, when it changes or is cancelled) become writes with *push* delivery — the engine sends them, through the accounting
 * API client (`api/types.ts`), in as few calls as fit (`outbound/send.ts`: look up, read
 * SyncTokens, batches of 30 with a deterministic `requestid`). What a record writes is a pure
 * mapping (`outbound/writes.ts`), shared with the Online source to recognise our own edits coming
 * back (`heldOf`). As Desktop's target: no roll-ups, no status writes, no deletions from the CRM
 * (a record removed there is not removed from the books), nothing retired; a removal the engine
 * asks for deactivates a list record and voids a transaction (`outbound/remove.ts`).
 */
import type { Db } from '../../store/db.ts';
import type { TargetAdapter } from '../../sync/adapters.ts';
import type { QboClient } from './api/types.ts';
import type { AccountSettings } from './outbound/accounts.ts';
import { sendJournalEntries } from './outbound/journal-send.ts';
import { OBJECTS } from './outbound/objects.ts';
import { createReferences } from './outbound/references.ts';
import { removeRecords } from './outbound/remove.ts';
import { sendWrites } from './outbound/send.ts';
import { qboWritesFor } from './outbound/writes.ts';
import { createCustomFieldList } from './custom-field-list.ts';

export { heldOf } from './outbound/writes.ts';

export interface QboTargetOptions {
  /** The connection (one company, one realm) written to: its identities say what is linked. */
  readonly connectionId: string;
  readonly client: QboClient;
  /** The store the engine notes identities in (the Ids writes were confirmed under). */
  readonly db: Db;
  readonly now?: () => number;
  /** The accounts new items post to, by name (default: the company's first active Income account). */
  readonly accounts?: AccountSettings;
}

/** @example const target = createQboTarget({ connectionId: 'qbo-acme', client, db: store.db }); */
export function createQboTarget({
  connectionId,
  client,
  db,
  now = Date.now,
  accounts = {},
}: QboTargetOptions): TargetAdapter {
  const deps = { client, connectionId, references: createReferences(db, connectionId, now), accounts };
  return {
    connectionId,
    system: 'qbo',
    name: 'QuickBooks Online',
    pauseCause: "the company's API allowance used up",
    delivery: 'push',
    edition: 'Online',
    context: (connectionKey, today) => ({ connectionKey, today }),
    writesFor: (record, _ctx, known) => qboWritesFor(record, known),
    // A record removed in the CRM is not removed from the books (as Desktop's).
    deletionWritesFor: () => [],
    retiredWrite: () => undefined,
    rollupWrites: () => [],
    statusWrites: () => [],
    write: (object, externalIdField, writes) =>
      object === OBJECTS.journalEntry
        ? sendJournalEntries(deps, writes)
        : sendWrites(deps, object, externalIdField, writes),
    remove: (object, ids) => removeRecords(client, connectionId, object, ids),
    // Customers, items and invoices made here come back through the Online source; an entry does not.
    readsBack: (object) => object !== OBJECTS.journalEntry,
    // The sales-form custom fields its invoices have, for the CRM's field mappings.
    customFields: createCustomFieldList(client, now),
  };
}
