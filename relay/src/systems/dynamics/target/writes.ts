/**
 * @module
 * The mapping's Dataverse writes ⇄ the engine's target writes, both ways, as pure functions. A
 * target write's `object` is the entity set (`accounts`), so the rows the relay writes are never
 * confused with the records the Dynamics source reads (`customer`, `invoice`); it is addressed by
 * the alternate key (`externalIdField` `lb_quickbooksid_key`, the connection in the row's
 * `lb_quickbooksconnection`), by an id derived from what it mirrors (`id`), or, for a row Dynamics
 * made, by its own id (`row`: updated, never created). A state travels in the
 * write as `statecode`/`statuscode` and is sent as a second update in the same change set, since
 * Dataverse refuses a state on create. Ranks follow the order the mapping gives: each run of one
 * table is the next part of the record's band, and a second write of a row is a slot of its own.
 */
import type { TargetWrite } from '../../../sync/adapters.ts';
import type { RecordType } from '../../../sync/model.ts';
import { contentHash } from '../../../sync/hash.ts';
import { rankOf } from '../../../sync/ranks.ts';
import type { BatchOperation, DataverseJson, Key } from '../api/types.ts';
import { CONNECTION_COLUMN, LINKED_TABLES, QUICKBOOKS_ID_COLUMN, QUICKBOOKS_KEY } from '../provision/schema.ts';
import { entitySetOf, type DataverseWrite } from '../mapping/writes.ts';

/** A row Ledgerbridge names by an id derived from what it mirrors (a price list item, an invoice line, a log). */
export const BY_ID = 'id';
/** A row Dynamics made, by its id: updated, never created (gone, it stays gone). */
export const BY_ROW = 'row';
export const BY_KEY = QUICKBOOKS_KEY;
/** Tables whose rows carry a QuickBooks key: a row of theirs addressed by id is one Dynamics made. */
const KEYED = new Set<string>(LINKED_TABLES);
const STATE = ['statecode', 'statuscode'] as const;
/** Tables whose new rows start in a state other than Active (a product is Draft until it is published). */
const DRAFT_ON_CREATE = new Set(['products']);

/**
 * @example targetWritesOf('customer', [account, contact, primary]) // ranks 28, 29, 30; the third in slot "then2"
 */
export function targetWritesOf(kind: RecordType, writes: readonly DataverseWrite[]): TargetWrite[] {
  const seen = new Set<string>();
  let part = -1;
  let table: string | undefined;
  return writes.map((w) => {
    if (w.table !== table) part++;
    table = w.table;
    const address = 'id' in w.address ? w.address.id : `${w.address.connection}\u0000${w.address.quickbooksId}`;
    const row = `${w.table}\u0000${address}`;
    const slot = seen.has(row) ? `then${part}` : undefined;
    seen.add(row);
    const byKey = !('id' in w.address);
    return {
      object: entitySetOf(w.table),
      externalIdField: byKey ? BY_KEY : KEYED.has(w.table) ? BY_ROW : BY_ID,
      externalId: 'id' in w.address ? w.address.id : w.address.quickbooksId,
      fields: {
        ...w.row,
        ...('id' in w.address ? {} : { [CONNECTION_COLUMN]: w.address.connection }),
        ...(w.state ?? {}),
      },
      ...(w.createOnly?.length ? { createOnly: w.createOnly } : {}),
      rank: rankOf(kind, part),
      ...(slot ? { slot } : {}),
      source: w.source,
    };
  });
}

/** How a target write is sent: the row's key, its columns (none: only its state changes), its state. */
export interface RowWrite {
  readonly entitySet: string;
  readonly key: Key;
  readonly columns: DataverseJson | undefined;
  readonly state: DataverseJson | undefined;
  /** The row must exist already (one Dynamics made). */
  readonly updateOnly: boolean;
}

/**
 * @example rowWriteOf({ object: 'accounts', externalIdField: 'lb_quickbooksid_key', externalId: '8-1', fields: { lb_quickbooksconnection: 'acme', name: 'Acme', statecode: 0, statuscode: 1 }, … })
 * // { entitySet: 'accounts', key: { lb_quickbooksconnection: 'acme', lb_quickbooksid: '8-1' }, columns: { lb_quickbooksconnection: 'acme', name: 'Acme' }, state: { statecode: 0, statuscode: 1 } }
 */
export function rowWriteOf(w: Pick<TargetWrite, 'object' | 'externalIdField' | 'externalId' | 'fields'>): RowWrite {
  const key: Key =
    w.externalIdField !== BY_KEY
      ? w.externalId
      : { [CONNECTION_COLUMN]: String(w.fields[CONNECTION_COLUMN]), [QUICKBOOKS_ID_COLUMN]: w.externalId };
  const columns: Record<string, unknown> = {};
  const state: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(w.fields)) {
    if ((STATE as readonly string[]).includes(name)) state[name] = value;
    else columns[name] = value;
  }
  // A state-only write by key names the connection only to address the row.
  const onlyAddress = Object.keys(columns).every((c) => c === CONNECTION_COLUMN);
  return {
    entitySet: w.object,
    key,
    columns: onlyAddress ? undefined : columns,
    state: Object.keys(state).length ? state : undefined,
    updateOnly: w.externalIdField === BY_ROW,
  };
}

/**
 * Where the state a row holds as far as the relay knows is noted, as an identity beside the row's
 * own: the state the relay last wrote to it, or read of it (the feed notes it). Its statecode is
 * what tells the states the relay writes apart.
 */
export const stateKey = (connectionId: string, entitySet: string, externalId: string) => ({
  connectionId,
  object: `${entitySet}#state`,
  key: externalId,
});
export const stateHash = (statecode: unknown): string => contentHash({ statecode });

/**
 * Whether a write's state changes its row: against the state the relay last wrote to it or read
 * of it (`noted`, its hash). A row none was noted for is Active: one just made (a new product is Draft), one the
 * relay made without a state, or one Dynamics made (the relay mirrors an active one).
 */
export function stateChanges(r: RowWrite, noted: string | undefined): boolean {
  if (!r.state) return false;
  if (noted !== undefined) return noted !== stateHash(r.state.statecode);
  return r.state.statecode !== 0 || DRAFT_ON_CREATE.has(r.entitySet);
}

/**
 * The change set one write is sent as: its row (an upsert; `create` when it still carries columns
 * set only on creation, so an existing row is never re-parented), then its state (an update) when
 * it changes the row's (`stateChanges`): none may be left to send.
 */
export function operationsOf(r: RowWrite, createOnly: readonly string[], sendState: boolean): BatchOperation[] {
  const ops: BatchOperation[] = [];
  if (r.columns) {
    const creating = createOnly.some((c) => c in r.columns!);
    const kind = r.updateOnly ? 'update' : creating ? 'create' : 'upsert';
    ops.push({ kind, entitySet: r.entitySet, key: r.key, body: r.columns });
  }
  if (r.state && sendState) ops.push({ kind: 'update', entitySet: r.entitySet, key: r.key, body: r.state });
  return ops;
}
