/**
 * @module
 * The in-memory company file: typed tables (records.ts: the shapes QuickBooks stores),
 * deletion logs, the QuickBooks clock, ID/EditSequence minting and the shared-name rule.
 *
 * Time is the QuickBooks machine's local wall time in milliseconds (calendar arithmetic as if UTC).
 * It is printed with the company's fixed standard-time offset, as QuickBooks does even in summer.
 */
import type { DataExtDef } from './data-ext-writes.ts';
import type {
  Account,
  Bill,
  Customer,
  DeletedList,
  DeletedTxn,
  Invoice,
  Item,
  JournalEntry,
  Payment,
  SalesOrder,
  Vendor,
} from './records.ts';

export interface Tables {
  readonly customer: Map<string, Customer>;
  readonly vendor: Map<string, Vendor>;
  readonly item: Map<string, Item>;
  readonly account: Map<string, Account>;
  readonly invoice: Map<string, Invoice>;
  readonly salesOrder: Map<string, SalesOrder>;
  readonly bill: Map<string, Bill>;
  readonly payment: Map<string, Payment>;
  readonly journalEntry: Map<string, JournalEntry>;
}
export type ListKind = 'customer' | 'vendor' | 'item' | 'account';
export type TxnKind = 'invoice' | 'salesOrder' | 'bill' | 'payment' | 'journalEntry';
export type Kind = ListKind | TxnKind;

/** Small supporting lists referenced by name (terms, classes, ...): FullName → ListID. */
export type OtherLists = Record<
  'terms' | 'class' | 'salesTaxCode' | 'paymentMethod' | 'template' | 'customerType' | 'vendorType' | 'currency',
  Map<string, string>
>;

export interface Iterator {
  readonly session: number;
  readonly ids: readonly string[];
  readonly kind: Kind;
  pos: number;
  readonly includeLines: boolean;
  readonly includeLinked: boolean;
  /** IncludeRetElement: the children each record is cut down to (none named: all). */
  readonly retElements: readonly string[];
}

export interface CompanyState {
  readonly tables: Tables;
  readonly other: OtherLists;
  readonly deletedLists: DeletedList[];
  readonly deletedTxns: DeletedTxn[];
  /** Local wall time, ms. */
  clock: number;
  /** Printed on every timestamp, e.g. `-08:00` (standard time, all year). */
  readonly offset: string;
  seq: number;
  refSeq: number;
  session: number;
  iteratorSeq: number;
  readonly iterators: Map<string, Iterator>;
  readonly seed: number;
  readonly companyName: string;
  /** FileIDs stored as DataExt under an OwnerID (what QBWC writes on first connect). */
  readonly fileIds: Map<string, string>;
  /** HostRet's Country: the edition (US, CA, UK). */
  readonly country: string;
  /** The home currency's name in the currency list. */
  readonly homeCurrency: string;
  readonly multiCurrency: boolean;
  /** The company's data extension definitions (its custom fields), in the order they were added. */
  readonly dataExtDefs: DataExtDef[];
}

export function newTables(): Tables {
  return {
    customer: new Map(),
    vendor: new Map(),
    item: new Map(),
    account: new Map(),
    invoice: new Map(),
    salesOrder: new Map(),
    bill: new Map(),
    payment: new Map(),
    journalEntry: new Map(),
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DDTHH:MM:SS` of a local wall time. */
export function localString(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** The timestamp QuickBooks prints: local wall time plus the fixed offset. */
export function qbTimestamp(state: CompanyState, ms = state.clock): string {
  return `${localString(ms)}${state.offset}`;
}

export function qbDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** Unix seconds of a local wall time (what QuickBooks uses as EditSequence and in IDs). */
export function epochSeconds(state: CompanyState, ms = state.clock): number {
  return Math.floor((ms - offsetMinutes(state.offset) * 60_000) / 1000);
}

/**
 * A request's date-time → local wall time ms. Without offset it already is local time; with one it is
 * converted into the company's offset. Undefined when unparseable.
 */
export function parseRequestTime(state: CompanyState, value: string, endOfDay = false): number | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T(\d{1,2})(?::(\d{1,2})(?::(\d{1,2}))?)?)?([+-]\d{1,2}:\d{2})?$/.exec(
    value.trim(),
  );
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, off] = m;
  const dateOnly = h === undefined;
  let ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? (endOfDay ? 23 : 0)),
    Number(mi ?? (dateOnly && endOfDay ? 59 : 0)),
    Number(s ?? (dateOnly && endOfDay ? 59 : 0)),
  );
  if (off)
    ms += (offsetMinutes(state.offset) - offsetMinutes(off.length === 5 ? off : `${off[0]}0${off.slice(1)}`)) * 60_000;
  return ms;
}

/** Parses a printed timestamp back to local ms (the record's own offset is the company's). */
export function recordTime(value: string): number {
  return Date.parse(`${value.slice(0, 19)}Z`);
}

/** Advances the clock by at least one second, so every change gets a new EditSequence. */
export function tick(state: CompanyState, seconds = 1): { time: string; editSequence: string } {
  state.clock += Math.max(1, seconds) * 1000;
  return { time: qbTimestamp(state), editSequence: String(epochSeconds(state)) };
}

export function newListId(state: CompanyState): string {
  state.seq++;
  return `${(0x80000000 + state.seq).toString(16).toUpperCase()}-${epochSeconds(state)}`;
}

export function newTxnId(state: CompanyState): string {
  state.seq++;
  return `${state.seq.toString(16).toUpperCase()}-${epochSeconds(state)}`;
}

/** Deterministic GUID-shaped iterator ID. */
export function newIteratorId(state: CompanyState): string {
  state.iteratorSeq++;
  const h = ((state.seed * 2654435761) ^ (state.iteratorSeq * 40503)) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `{${hex}-${pad(state.session, 4).slice(-4)}-4${hex.slice(1, 4)}-8${hex.slice(4, 7)}-${state.iteratorSeq.toString(16).padStart(12, '0')}}`;
}

/** Customers and vendors share one name space (employees and other names would too). */
export function entityNameInUse(state: CompanyState, fullName: string, exceptListId?: string): boolean {
  const wanted = fullName.toLowerCase();
  for (const table of [state.tables.customer, state.tables.vendor] as const) {
    for (const r of table.values()) {
      const name = 'fullName' in r ? r.fullName : r.name;
      if (r.listId !== exceptListId && name.toLowerCase() === wanted) return true;
    }
  }
  return false;
}

export interface ListRecordOf {
  customer: Customer;
  vendor: Vendor;
  item: Item;
  account: Account;
}

/** Finds a list element by ListID or FullName (case-insensitive, as QuickBooks does). */
export function findList<K extends ListKind>(
  state: CompanyState,
  kind: K,
  ref: { listId?: string; fullName?: string } | undefined,
): ListRecordOf[K] | undefined {
  if (ref === undefined) return undefined;
  const table = state.tables[kind] as unknown as Map<string, ListRecordOf[K]>;
  if (ref.listId !== undefined) return table.get(ref.listId);
  if (ref.fullName === undefined) return undefined;
  const wanted = ref.fullName.toLowerCase();
  for (const r of table.values()) if (('fullName' in r ? r.fullName : r.name).toLowerCase() === wanted) return r;
  return undefined;
}
