/**
 * @module
 * Incremental-sync cursors per QuickBooks object type (pure data, JSON-serialisable, so the store
 * can persist them).
 *
 * - FromModifiedDate is sent **without offset** (19 characters): QuickBooks reads it as the local
 *   time of the QuickBooks machine (jsgoupil/quickbooks-sync#19).
 * - The high-water mark is the largest TimeModified actually **received** (QuickBooks' clock, not
 *   ours), with the offset stripped: QuickBooks prints offsets that ignore daylight saving time
 *   (`…15:20:20-08:00` for an edit made at 22:20:20Z in PDT).
 * - Each query starts `overlapSeconds` before the mark, so same-second edits and the repeated hour
 *   when clocks fall back are not missed; records seen at the boundary are remembered by
 *   ID + EditSequence and dropped when they come back unchanged.
 * - The durable cursor only moves when a run completes (iterator exhausted). Iterator IDs live for
 *   one Web Connector session only; a 3391 or a relay restart re-runs from the durable cursor and
 *   the de-duplication drops what was already processed.
 */
import type { QbxmlQuery } from './request-types.ts';
import type { QbxmlRecord } from './record-types.ts';

export type QbdObjectType =
  'customer' | 'vendor' | 'item' | 'account' | 'invoice' | 'bill' | 'payment' | 'journalEntry';
export type QbdCursorType = QbdObjectType | 'listDeleted' | 'txnDeleted';

/** Object types in dependency order (accounts before items before names before transactions). */
export const QBD_OBJECT_TYPES: readonly QbdObjectType[] = [
  'account',
  'item',
  'customer',
  'vendor',
  'invoice',
  'bill',
  'payment',
  'journalEntry',
];

export interface SyncCursor {
  readonly type: QbdCursorType;
  /** Largest TimeModified/TimeDeleted received, QuickBooks local time `YYYY-MM-DDTHH:MM:SS`. */
  readonly highWater?: string;
  /** `[ID:EditSequence, local time]` of records modified within the overlap window before `highWater`. */
  readonly seen: readonly SeenKey[];
}

/** `[key, QuickBooks local time]`. */
export type SeenKey = readonly [string, string];

/** One pass over an object type, possibly spanning several iterator pages. */
export interface CursorRun {
  readonly type: QbdCursorType;
  readonly from?: string;
  readonly maxSeen?: string;
  /** Every record observed in this run. */
  readonly observed: readonly SeenKey[];
}

/** Re-read window before the high-water mark; an hour covers the repeated hour at DST fall-back. */
export const DEFAULT_OVERLAP_SECONDS = 3600;
/** Upper bound on remembered boundary keys; beyond it the store's EditSequence check de-duplicates. */
export const MAX_SEEN_KEYS = 5000;

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/;

/**
 * The QuickBooks local wall time of a timestamp, offset dropped.
 * @example qbLocalTime('2010-05-18T15:20:20-08:00'); // '2010-05-18T15:20:20'
 */
export function qbLocalTime(timestamp: string): string | undefined {
  const m = LOCAL.exec(timestamp.trim());
  return m ? m[0] : undefined;
}

/** Adds `seconds` to a local wall time (calendar arithmetic, no time zone). */
export function shiftLocalTime(local: string, seconds: number): string {
  const m = LOCAL.exec(local);
  if (!m) throw new Error(`not a QuickBooks local time: ${local}`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) + seconds * 1000).toISOString().slice(0, 19);
}

/** A fresh cursor: the first run reads everything. */
export function emptyCursor(type: QbdCursorType): SyncCursor {
  return { type, seen: [] };
}

/** FromModifiedDate (or FromDeletedDate) for the next run; undefined on the first run. */
export function fromDate(cursor: SyncCursor, overlapSeconds = DEFAULT_OVERLAP_SECONDS): string | undefined {
  return cursor.highWater === undefined ? undefined : shiftLocalTime(cursor.highWater, -overlapSeconds);
}

/** `ID:EditSequence` (deletions: `ID:deleted`) and the local change time of a record. */
export function recordKey(record: QbxmlRecord): { key: string; local: string | undefined } | undefined {
  switch (record.kind) {
    case 'customer':
    case 'vendor':
    case 'item':
    case 'account':
      return { key: `${record.listId}:${record.editSequence}`, local: qbLocalTime(record.timeModified) };
    case 'invoice':
    case 'bill':
    case 'payment':
    case 'journalEntry':
      return { key: `${record.txnId}:${record.editSequence}`, local: qbLocalTime(record.timeModified) };
    case 'deletedList':
      return { key: `${record.listId}:deleted`, local: qbLocalTime(record.timeDeleted) };
    case 'deletedTxn':
      return { key: `${record.txnId}:deleted`, local: qbLocalTime(record.timeDeleted) };
    default:
      return undefined;
  }
}

/**
 * Starts a run from the durable cursor.
 * @example const run = startRun(cursor); // run.from → FromModifiedDate
 */
export function startRun(cursor: SyncCursor, overlapSeconds = DEFAULT_OVERLAP_SECONDS): CursorRun {
  const from = fromDate(cursor, overlapSeconds);
  return from === undefined ? { type: cursor.type, observed: [] } : { type: cursor.type, from, observed: [] };
}

/**
 * Records one page of a run; returns the run and the records that are new to the cursor (the ones
 * already seen with the same EditSequence at the previous boundary are dropped).
 * @example const { run: next, fresh } = observePage(cursor, run, page.records);
 */
export function observePage<R extends QbxmlRecord>(
  cursor: SyncCursor,
  run: CursorRun,
  records: readonly R[],
): { run: CursorRun; fresh: R[] } {
  const seen = new Set(cursor.seen.map(([key]) => key));
  const observed = [...run.observed];
  let maxSeen = run.maxSeen;
  const fresh: R[] = [];
  for (const r of records) {
    const k = recordKey(r);
    if (k === undefined) {
      fresh.push(r);
      continue;
    }
    if (k.local !== undefined) {
      observed.push([k.key, k.local]);
      if (maxSeen === undefined || k.local > maxSeen) maxSeen = k.local;
    }
    if (!seen.has(k.key)) fresh.push(r);
  }
  const next: CursorRun = maxSeen === undefined ? { ...run, observed } : { ...run, observed, maxSeen };
  return { run: next, fresh };
}

/**
 * The durable cursor after a completed run: high water = max(previous, largest time received);
 * remembered keys = those within the overlap window before it.
 */
export function finishRun(cursor: SyncCursor, run: CursorRun, overlapSeconds = DEFAULT_OVERLAP_SECONDS): SyncCursor {
  const candidates = [cursor.highWater, run.maxSeen].filter((v): v is string => v !== undefined).sort();
  const highWater = candidates[candidates.length - 1];
  if (highWater === undefined) return { type: cursor.type, seen: [] };
  const windowStart = shiftLocalTime(highWater, -overlapSeconds);
  const keep = new Map<string, string>();
  for (const [key, local] of [...cursor.seen, ...run.observed]) if (local >= windowStart) keep.set(key, local);
  const seen: SeenKey[] = [...keep.entries()]
    .sort((a, b) => (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0))
    .slice(0, MAX_SEEN_KEYS);
  return { type: cursor.type, highWater, seen };
}

const LIST_DEL_FOR: Readonly<Record<string, readonly string[]>> = {
  customer: ['Customer'],
  vendor: ['Vendor'],
  account: ['Account'],
};

/** ListDelType values the relay follows (one ListDeletedQuery covers them all). */
export const FOLLOWED_LIST_DEL_TYPES = [
  'Account',
  'Customer',
  'Vendor',
  'ItemService',
  'ItemInventory',
  'ItemInventoryAssembly',
  'ItemNonInventory',
  'ItemOtherCharge',
  'ItemDiscount',
  'ItemSubtotal',
  'ItemPayment',
  'ItemSalesTax',
  'ItemSalesTaxGroup',
  'ItemGroup',
] as const;
/** TxnDelType values the relay follows. */
export const FOLLOWED_TXN_DEL_TYPES = ['Invoice', 'Bill', 'ReceivePayment', 'JournalEntry'] as const;

const QUERY_TYPE = {
  customer: 'CustomerQuery',
  vendor: 'VendorQuery',
  item: 'ItemQuery',
  account: 'AccountQuery',
  invoice: 'InvoiceQuery',
  bill: 'BillQuery',
  payment: 'ReceivePaymentQuery',
  journalEntry: 'JournalEntryQuery',
} as const;

/**
 * The first request of a run for `cursor`: an iterator Start with MaxReturned where qbXML 13.0 has
 * iterators (AccountQuery and the deleted queries have none and return everything at once), the
 * modified-date filter in the right shape, ActiveStatus All for lists, line items for transactions.
 * @example
 * queryForRun(startRun(cursor), { requestId: 'customer-1', pageSize: 500 });
 */
export function queryForRun(
  run: CursorRun,
  { requestId, pageSize = 500 }: { requestId: string; pageSize?: number },
): QbxmlQuery {
  const from = run.from;
  switch (run.type) {
    case 'listDeleted':
      return {
        type: 'ListDeletedQuery',
        requestId,
        listDelTypes: [...FOLLOWED_LIST_DEL_TYPES],
        ...(from ? { fromDeletedDate: from } : {}),
      };
    case 'txnDeleted':
      return {
        type: 'TxnDeletedQuery',
        requestId,
        txnDelTypes: [...FOLLOWED_TXN_DEL_TYPES],
        ...(from ? { fromDeletedDate: from } : {}),
      };
    case 'account':
      return { type: 'AccountQuery', requestId, activeStatus: 'All', ...(from ? { fromModifiedDate: from } : {}) };
    case 'customer':
    case 'vendor':
    case 'item':
      return {
        type: QUERY_TYPE[run.type],
        requestId,
        iterator: 'Start',
        maxReturned: pageSize,
        activeStatus: 'All',
        ...(from ? { fromModifiedDate: from } : {}),
      };
    case 'invoice':
    case 'bill':
      return {
        type: QUERY_TYPE[run.type],
        requestId,
        iterator: 'Start',
        maxReturned: pageSize,
        ...(from ? { fromModifiedDate: from } : {}),
        includeLineItems: true,
        includeLinkedTxns: true,
      };
    case 'payment':
    case 'journalEntry':
      return {
        type: QUERY_TYPE[run.type],
        requestId,
        iterator: 'Start',
        maxReturned: pageSize,
        ...(from ? { fromModifiedDate: from } : {}),
        includeLineItems: true,
      };
  }
}

/** Which ListDelType values belong to an object type (for routing deletions). */
export function listDelTypesFor(type: QbdObjectType): readonly string[] {
  if (type === 'item') return FOLLOWED_LIST_DEL_TYPES.filter((t) => t.startsWith('Item'));
  return LIST_DEL_FOR[type] ?? [];
}
