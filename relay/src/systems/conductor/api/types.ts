/**
 * @module
 * The face of the Conductor API client (`index.ts`): what the QuickBooks Desktop system calls, for
 * one end user (one company file). Records are Conductor's JSON as sent (camelCase, `null` when
 * unset, money as decimal strings such as `"1000.00"`, `revisionNumber` a string); `json.ts` keeps
 * any non-integer number as its source text, so nothing becomes a binary float. Records are
 * validated and mapped elsewhere. Expected failures are results with `cdt_` codes (`errors.ts`).
 */
import type { Result } from '../../../lib/result.ts';

/** One record, or any JSON object, as Conductor sends it. */
export type ConductorJson = { readonly [key: string]: unknown };

/** List objects: no DELETE (deactivate with `isActive: false`), filtered by `status`. */
export type ListObjectResource =
  | 'customers'
  | 'vendors'
  | 'accounts'
  | 'service-items'
  | 'non-inventory-items'
  | 'inventory-items'
  | 'other-charge-items'
  | 'discount-items'
  | 'inventory-assembly-items'
  | 'subtotal-items'
  | 'sales-tax-items'
  | 'item-groups';

/** Transactions that can be voided (`POST /{id}/void`) as well as deleted. */
export type VoidableResource = 'invoices' | 'bills';

/** Transactions: deletable (`DELETE /{id}`). */
export type TransactionResource = VoidableResource | 'receive-payments';

/** The endpoints below `/v1/quickbooks-desktop/` this client reads and writes. */
export type ConductorResource = ListObjectResource | TransactionResource;

export interface ListOptions {
  /**
   * Records modified at or after this time: `YYYY-MM-DD` or an ISO datetime. Without an offset
   * Conductor reads it in the end-user PC's local time zone, so send one (`2026-03-10T09:00:00-05:00`).
   */
  readonly updatedAfter?: string;
  /** List objects only (Conductor refuses it on transactions); Conductor's default `active` hides inactive ones. */
  readonly status?: 'active' | 'all' | 'inactive';
  /** Records a page, 1–150 (default and most 150); ignored for `accounts`, which is one page. */
  readonly limit?: number;
  /** List objects by full name (`Parent:Child`), without regard to case; QuickBooks then ignores the other filters. */
  readonly fullNames?: readonly string[];
  /** List objects by name, without regard to case (vendors have no full name). */
  readonly names?: readonly string[];
  /** Transactions of these customers (invoices, payments). */
  readonly customerIds?: readonly string[];
  /** Transactions dated from / to (`YYYY-MM-DD`, both inclusive). */
  readonly transactionDateFrom?: string;
  readonly transactionDateTo?: string;
}

export interface DeletedOptions {
  /**
   * Conductor's type names: `customer`, `vendor`, `item_service`, … for list objects (sent as
   * `objectTypes`); `invoice`, `bill`, `receive_payment`, … for transactions (sent as `transactionTypes`).
   */
  readonly objectTypes: readonly string[];
  /** Deleted at or after (same forms as `updatedAfter`); QuickBooks keeps the last 90 days only. */
  readonly deletedAfter?: string;
}

/** What a healthy `health-check` reports: how long QuickBooks took (ms) and `"ok"`. */
export interface Health {
  readonly duration: number;
  readonly status: string;
}

/** What a `DELETE` answers. */
export interface Deleted {
  readonly id: string;
  readonly objectType: string;
  readonly deleted: true;
}

export interface ConductorClient {
  /**
   * `GET /health-check`: QuickBooks Desktop answered through the Web Connector. A failure says in
   * words what the bookkeeper can do (QuickBooks not running, another company file open, a dialog
   * open); Conductor's `userFacingMessage` and `integrationCode` stay on the error's `cause`.
   */
  healthCheck(): Promise<Result<Health>>;
  /**
   * Pages of records, following Conductor's cursor (the same `nextCursor`, re-sent for every page).
   * QuickBooks keeps the iterator for 10 seconds after each page: when it has expired (or a page
   * was lost to a failed connection), the list starts again from the first page of the same query,
   * so **pages may repeat after a restart**, and the caller treats records as idempotent by `id`
   * and `revisionNumber`; no page is ever skipped. After `maxRestarts` restarts the iteration ends
   * with `cdt_cursor_expired`; any other failed page ends it with its error. `accounts` is one page.
   */
  list(resource: ConductorResource, opts?: ListOptions): AsyncIterable<Result<readonly ConductorJson[]>>;
  /** `GET /{id}`; `cdt_not_found` when QuickBooks has no such record. */
  retrieve(resource: ConductorResource, id: string): Promise<Result<ConductorJson>>;
  /** `POST` to the resource: the new record as stored (with its `id` and `revisionNumber`). */
  create(resource: ConductorResource, body: ConductorJson): Promise<Result<ConductorJson>>;
  /**
   * `POST /{id}`: `body` carries the record's current `revisionNumber` (a bug to leave it out: it
   * throws); a stale one is `cdt_stale_revision` (read the record again, then retry the change).
   */
  update(resource: ConductorResource, id: string, body: ConductorJson): Promise<Result<ConductorJson>>;
  /** `POST /{id}/void`: the transaction stays, with zero amounts. */
  void(resource: VoidableResource, id: string): Promise<Result<ConductorJson>>;
  /** `DELETE /{id}` of a transaction. */
  delete(resource: TransactionResource, id: string): Promise<Result<Deleted>>;
  /** `GET /deleted-list-objects` or `/deleted-transactions`: the last 90 days, one unpaginated answer. */
  deleted(kind: 'list-objects' | 'transactions', opts: DeletedOptions): Promise<Result<readonly ConductorJson[]>>;
}
