/**
 * @module
 * Deletions. QuickBooks keeps what was deleted for 90 days, and Conductor's deleted-* endpoints
 * give only that (`deletedAfter`, no paging). Each endpoint has a cursor (the store's `cursors`,
 * objectType `deleted-list-objects` / `deleted-transactions`): where the last read started, less
 * the overlap. A first sync starts the cursors (nothing mirrored can have been deleted before). A
 * cursor older than QuickBooks keeps ({@link deletionsGap}) means deletions may have been lost: the
 * company file is read in full again and every record the relay mirrored that the full read no
 * longer finds is taken as deleted ({@link sweep}).
 */
import { ok, type Result } from '../../../lib/result.ts';
import type { ConductorClient, ConductorJson } from '../api/types.ts';
import { DELETED_TYPES } from '../reads.ts';
import { instant, storePage, type ReadTarget } from './writer.ts';

/** How far back QuickBooks keeps deletions. */
export const DELETIONS_KEPT_MS = 90 * 86_400_000;
/** A cursor this close to the limit is a gap already (a read takes time, and clocks differ). */
const MARGIN_MS = 3_600_000;

export type DeletedKind = keyof typeof DELETED_TYPES;
const KINDS = Object.keys(DELETED_TYPES) as DeletedKind[];
const resourceOf = (kind: DeletedKind) => `deleted-${kind}` as const;

/** Starts the deletion cursors at `at` (a first sync). */
export async function startDeletions(t: ReadTarget, at: number): Promise<void> {
  for (const kind of KINDS)
    await t.store.cursors.put(t.connectionId, {
      objectType: resourceOf(kind),
      fromModified: instant(at),
      boundary: [],
    });
}

/** Whether a deletion cursor is older than QuickBooks keeps deletions (or missing after a first sync). */
export async function deletionsGap(t: Pick<ReadTarget, 'store' | 'connectionId' | 'now'>): Promise<boolean> {
  for (const kind of KINDS) {
    const c = await t.store.cursors.get(t.connectionId, resourceOf(kind));
    if (!c?.fromModified || Date.parse(c.fromModified) < t.now() - DELETIONS_KEPT_MS + MARGIN_MS) return true;
  }
  return false;
}

/** Reads both deleted-* endpoints since their cursors into the inbox, then moves the cursors. */
export async function readDeletions(client: ConductorClient, t: ReadTarget, overlapMs: number): Promise<Result<void>> {
  const startedAt = t.now();
  for (const kind of KINDS) {
    const c = await t.store.cursors.get(t.connectionId, resourceOf(kind));
    const since = c?.fromModified ? Date.parse(c.fromModified) : startedAt;
    const deleted = await client.deleted(kind, {
      objectTypes: DELETED_TYPES[kind],
      deletedAfter: instant(since - overlapMs),
    });
    if (!deleted.ok) return deleted;
    await storePage(t, { resource: resourceOf(kind), records: deleted.value });
  }
  await startDeletions(t, startedAt);
  return ok(undefined);
}

/** What the relay mirrored of a connection, per canonical type, and where a full read found each type. */
export interface Mirrored {
  /** The ids of records of `type` the relay holds identities of, for this connection. */
  ids(type: string): Promise<readonly string[]>;
}

/** Per canonical type, its deletion entry type, and the resources a full read finds it in. */
const SWEPT: readonly { type: string; kind: DeletedKind; entry: string; resources: readonly string[] }[] = [
  { type: 'account', kind: 'list-objects', entry: 'account', resources: ['accounts'] },
  {
    type: 'item',
    kind: 'list-objects',
    entry: 'item_service',
    resources: ['service-items', 'non-inventory-items', 'inventory-items', 'other-charge-items'],
  },
  { type: 'customer', kind: 'list-objects', entry: 'customer', resources: ['customers'] },
  { type: 'vendor', kind: 'list-objects', entry: 'vendor', resources: ['vendors'] },
  { type: 'invoice', kind: 'transactions', entry: 'invoice', resources: ['invoices'] },
  { type: 'bill', kind: 'transactions', entry: 'bill', resources: ['bills'] },
  { type: 'payment', kind: 'transactions', entry: 'receive_payment', resources: ['receive-payments'] },
];

/**
 * After a full read that followed a gap: the mirrored records it did not find are stored as
 * deleted, as the deleted-* endpoints would have given them. Returns how many.
 */
export async function sweep(
  t: ReadTarget,
  found: ReadonlyMap<string, ReadonlySet<string>>,
  mirrored: Mirrored,
): Promise<number> {
  const at = instant(t.now());
  let n = 0;
  for (const s of SWEPT) {
    const present = new Set(s.resources.flatMap((r) => [...(found.get(r) ?? [])]));
    const gone = (await mirrored.ids(s.type)).filter((id) => !present.has(id));
    const records: ConductorJson[] = gone.map((id) =>
      s.kind === 'list-objects'
        ? { id, objectType: 'qbd_deleted_list_object', listType: s.entry, deletedAt: at }
        : { id, objectType: 'qbd_deleted_transaction', transactionType: s.entry, deletedAt: at },
    );
    await storePage(t, { resource: resourceOf(s.kind), records });
    n += records.length;
  }
  return n;
}
