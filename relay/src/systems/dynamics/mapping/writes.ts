/**
 * @module
 * What the mapping hands the Web API client: writes, each an upsert (`PATCH`) of one row addressed
 * by the alternate key `lb_quickbooksid_key` (connection key + QuickBooks id) or, for rows that have
 * no key of their own (price list items, invoice lines), by an id derived from the QuickBooks ids,
 * so a write sent twice lands on the same row. `state` is written after the row, by a second update:
 * Dataverse refuses `statecode` on create, and a Paid invoice takes no other change. Lookups are
 * `@odata.bind` paths, to rows named the same way. Nothing here is sent; the client does that.
 */
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import { UNADDRESSABLE } from '../api/keys.ts';
import { stableId } from '../provision/requests.ts';
import { CONNECTION_COLUMN, QUICKBOOKS_ID_COLUMN, SYNC_STATUS, SYNC_STATUS_COLUMN } from '../provision/schema.ts';
import type { Address } from '../../../sync/model.ts';

export type Table =
  'account' | 'contact' | 'product' | 'productpricelevel' | 'invoice' | 'invoicedetail' | 'salesorder';

const ENTITY_SETS: Readonly<Record<Table, string>> = {
  account: 'accounts',
  contact: 'contacts',
  product: 'products',
  productpricelevel: 'productpricelevels',
  invoice: 'invoices',
  invoicedetail: 'invoicedetails',
  salesorder: 'salesorders',
};

/** The entity set a table's rows are written to (`account` → `accounts`). */
export const entitySetOf = (table: Table): string => ENTITY_SETS[table];

const TABLES: ReadonlyMap<string, Table> = new Map(
  Object.entries(ENTITY_SETS).map(([table, set]) => [set, table as Table]),
);

/** The table an entity set holds (`accounts` → `account`). */
export function tableOf(entitySet: string): Table {
  const table = TABLES.get(entitySet);
  if (!table) throw new Error(`Not an entity set Ledgerbridge writes: ${entitySet}`);
  return table;
}

/** A row by the QuickBooks key, or by its Dataverse id. */
export type RowAddress = { readonly connection: string; readonly quickbooksId: string } | { readonly id: string };

export interface DataverseWrite {
  readonly table: Table;
  readonly address: RowAddress;
  /** Columns and `<navigation>@odata.bind` lookups; decimals as `ExactNumber`s. */
  readonly row: Readonly<Record<string, unknown>>;
  /** Written after the row by a second update (a row with no columns: only the state changes). */
  readonly state?: { readonly statecode: number; readonly statuscode: number };
  /** Binds Dataverse takes only on create (a line's parent): an update sends the row without them. */
  readonly createOnly?: readonly string[];
  /** The canonical record it comes from, for logs and replays. */
  readonly source: { readonly type: string; readonly id: string };
}

/**
 * The key columns and the sync status a linked row is written with; refused when a value cannot
 * be put in a URL.
 * @example linkColumns('acme', '80000001-1') // ok({ lb_quickbooksconnection: 'acme', lb_quickbooksid: '80000001-1', lb_syncstatus: 100000002 })
 */
export function linkColumns(connection: string, quickbooksId: string): Result<Record<string, unknown>> {
  for (const v of [connection, quickbooksId])
    if (!v || UNADDRESSABLE.test(v))
      return err(
        relayError(
          'dyn_key_unaddressable',
          `"${v}" cannot be a Dataverse key value: it is empty or holds one of / < > * % & : \\ ? +.`,
        ),
      );
  return ok({
    [CONNECTION_COLUMN]: connection,
    [QUICKBOOKS_ID_COLUMN]: quickbooksId,
    [SYNC_STATUS_COLUMN]: SYNC_STATUS.synced,
  });
}

const quoted = (v: string) => `'${v.replace(/'/g, "''")}'`;

/**
 * The row's path below `/api/data/v9.2/`, for the upsert and for binds (`/` + path).
 * @example rowPath('account', { connection: 'acme', quickbooksId: '8-1' }) // "accounts(lb_quickbooksconnection='acme',lb_quickbooksid='8-1')"
 */
export function rowPath(table: Table, address: RowAddress): string {
  const set = ENTITY_SETS[table];
  if ('id' in address) return `${set}(${address.id})`;
  return `${set}(${CONNECTION_COLUMN}=${quoted(address.connection)},${QUICKBOOKS_ID_COLUMN}=${quoted(address.quickbooksId)})`;
}

/** An `@odata.bind` value. */
export const bind = (table: Table, address: RowAddress): string => `/${rowPath(table, address)}`;

/** An id for a row without a key of its own, derived from what it mirrors. */
export const derivedId = (table: Table, connection: string, ...ids: readonly string[]) =>
  stableId(table, connection, ...ids);

/**
 * A street (lines separated by newlines) and the rest into `address1_*` columns; absent parts are
 * cleared, so a removed line does not linger.
 * @example addressColumns({ street: '1 Main St\nSuite 2', city: 'Springfield' })
 */
export function addressColumns(a: Address | undefined): Record<string, string | null> {
  const lines = (a?.street ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const rest = lines.length > 3 ? lines.slice(2).join(', ') : lines[2];
  return {
    address1_line1: lines[0] ?? null,
    address1_line2: lines[1] ?? null,
    address1_line3: rest ?? null,
    address1_city: a?.city ?? null,
    address1_stateorprovince: a?.state ?? null,
    address1_postalcode: a?.postalCode ?? null,
    address1_country: a?.country ?? null,
  };
}
