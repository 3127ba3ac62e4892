/**
 * @module
 * The face of the Dataverse Web API client (`index.ts`): what the Dynamics source, target and
 * provisioning call. Rows are Dataverse's JSON as sent (logical names, `_x_value` lookups,
 * `@odata.etag`), numbers kept as their exact text; they are validated and mapped elsewhere
 * (`../mapping/`). Expected failures are results with `dyn_` codes (`errors.ts`).
 */
import type { RelayError, Result } from '../../../lib/result.ts';
import type { CallAnswer, CallRequest } from './transport.ts';

/** One row, or any JSON object, as Dataverse sends it (numbers as their source text). */
export type DataverseJson = { readonly [key: string]: unknown };

/** A row's GUID, or an alternate key's columns and values (`{ lb_quickbooksconnection, lb_quickbooksid }`). */
export type Key = string | Readonly<Record<string, string>>;

export interface SelectOptions {
  /** `$select` columns (always name them: Dataverse otherwise sends every column). */
  readonly select?: readonly string[];
  /** `$filter` text, OData syntax (`statecode eq 0`). */
  readonly filter?: string;
  /** `$expand` text (`primarycontactid($select=fullname)`). */
  readonly expand?: string;
  readonly orderBy?: string;
  readonly top?: number;
  /** Rows a page (`Prefer: odata.maxpagesize`), default and at most 5,000. */
  readonly pageSize?: number;
  /** Formatted values and lookup names (`Prefer: odata.include-annotations="*"`). */
  readonly annotations?: boolean;
}

export interface ReadOptions {
  readonly select?: readonly string[];
  readonly expand?: string;
  readonly annotations?: boolean;
}

/** What a write reports: the row's id (when the answer names it), its ETag and, when asked, the row. */
export interface Written {
  readonly id: string | undefined;
  readonly etag: string | undefined;
  /** With `returnRow`: the row as stored (`Prefer: return=representation`). */
  readonly row: DataverseJson | undefined;
  /** 201/204 for a create, 200/204 for an update (an upsert does not say which without `returnRow`). */
  readonly status: number;
}

export interface WriteOptions {
  /** `Prefer: return=representation`, the row and its `@odata.etag` back. */
  readonly returnRow?: boolean;
  /** Columns of the returned row. */
  readonly select?: readonly string[];
}

export interface UpdateOptions extends WriteOptions {
  /** `If-Match: W/"…"` (a 412 is `dyn_concurrency`); without it `If-Match: *` (update only). */
  readonly etag?: string;
}

/**
 * One write inside a `$batch`. `upsert` / `create` (`If-None-Match: *`) / `update` (`If-Match`,
 * `*` or the ETag) PATCH the row at `key`; `insert` POSTs to the entity set (Dataverse picks the id);
 * `delete` deletes at `key` (with the ETag when given).
 */
export interface BatchOperation {
  readonly kind: 'upsert' | 'create' | 'update' | 'insert' | 'delete';
  readonly entitySet: string;
  readonly key?: Key;
  readonly body?: DataverseJson;
  readonly etag?: string;
  /**
   * Lookups to rows written earlier in the same change set: `{ 'salesorderid@odata.bind': 0 }`
   * binds to the row the group's first operation wrote (sent as its `$<Content-ID>`).
   */
  readonly refs?: Readonly<Record<string, number>>;
}

/**
 * One operation's outcome. A change set succeeds or fails as a whole: when one of its operations
 * fails, Dataverse rolls all of them back and answers with that one error without saying which
 * operation caused it, so every operation of the group carries that error and `rolledBack: true`.
 */
export type OperationOutcome =
  | {
      readonly ok: true;
      readonly status: number;
      readonly id: string | undefined;
      readonly etag: string | undefined;
      readonly row: DataverseJson | undefined;
    }
  | { readonly ok: false; readonly error: RelayError; readonly rolledBack: boolean };

/** A change found by change tracking. */
export type Change =
  { readonly kind: 'upserted'; readonly row: DataverseJson } | { readonly kind: 'deleted'; readonly id: string };

/** One page of changes; the last page carries the delta link to read next time. */
export interface ChangePage {
  readonly changes: readonly Change[];
  readonly deltaLink: string | undefined;
}

/** Where change tracking starts: the whole table (first read) or the delta link of the last read. */
export type ChangesFrom =
  { readonly entitySet: string; readonly select: readonly string[] } | { readonly deltaLink: string };

export interface DataverseClient {
  /** `GET WhoAmI`: the application user, business unit and organization (a connectivity check). */
  whoAmI(): Promise<Result<DataverseJson>>;
  /**
   * Any Web API call (provisioning's metadata requests), through the same sign-in, limits and
   * error mapping: a 2xx answer, or the failure it amounts to.
   */
  request(req: CallRequest): Promise<Result<CallAnswer>>;
  /** Pages of rows, following `@odata.nextLink`. A failed page ends the iteration with its error. */
  select(entitySet: string, opts?: SelectOptions): AsyncIterable<Result<readonly DataverseJson[]>>;
  /** One row by GUID or alternate key (`dyn_not_found` when there is none). */
  byKey(entitySet: string, key: Key, opts?: ReadOptions): Promise<Result<DataverseJson>>;
  /** PATCH at the key: creates the row when missing, else updates it. */
  upsert(entitySet: string, key: Key, body: DataverseJson, opts?: WriteOptions): Promise<Result<Written>>;
  /** PATCH with `If-None-Match: *`: creates only (`dyn_already_exists` when the key is taken). */
  create(entitySet: string, key: Key, body: DataverseJson, opts?: WriteOptions): Promise<Result<Written>>;
  /** PATCH with `If-Match` (`*`, or the ETag): updates only (`dyn_not_found`, `dyn_concurrency`). */
  update(entitySet: string, key: Key, body: DataverseJson, opts?: UpdateOptions): Promise<Result<Written>>;
  /**
   * `$batch` with `Prefer: odata.continue-on-error`: each group is one change set (a group of one
   * goes as a plain request), at most 1,000 operations a call, split between calls at group
   * boundaries. Outcomes mirror `groups`; a call that fails as a whole fails each of its operations.
   */
  batch(groups: readonly (readonly BatchOperation[])[]): Promise<readonly (readonly OperationOutcome[])[]>;
  /**
   * Bulk messages (`CreateMultiple`, `UpdateMultiple`) for rows of one table (`table` its logical
   * name, `account`): one request a call of up to 1,000 rows, all or nothing. `create` answers
   * each new row's id; `update` rows name their primary id column. One outcome per row, in order.
   */
  writeMultiple(
    kind: 'create' | 'update',
    entitySet: string,
    table: string,
    rows: readonly DataverseJson[],
  ): Promise<readonly Result<string | undefined>[]>;
  /** Change tracking: pages of upserted rows and deleted ids; the last page has the next delta link. */
  changes(from: ChangesFrom): AsyncIterable<Result<ChangePage>>;
}
