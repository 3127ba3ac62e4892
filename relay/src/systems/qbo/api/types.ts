/**
 * @module
 * The face of the QuickBooks Online accounting API client (`api/client.ts`): what the feed, the
 * source and the target call. Bodies are Intuit's JSON as sent (PascalCase keys); they are
 * validated and mapped elsewhere (`mapping/`). Every call carries `minorversion`, goes through the
 * realm's limiter (requests a minute, concurrent requests), backs off on 429 / ThrottleExceeded,
 * refreshes the access token once on 401, and turns Intuit's faults (JSON `Fault`, the lower-case
 * `fault` of 401s, XML error bodies, faults inside a 200) into typed results with stable codes.
 */
import type { Result } from '../../../lib/result.ts';

/** One entity as Intuit sends it. */
export type QboJson = { readonly [key: string]: unknown };

/** What the client reports of a fault: Intuit's code ("5010", "6240", "3200"), message and detail. */
export interface QboFault {
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly element?: string;
  /** `ValidationFault`, `SystemFault`, `AUTHENTICATION`, ... as sent. */
  readonly type?: string;
}

export interface QueryOptions {
  /** The WHERE clause without the keyword (`MetaData.LastUpdatedTime > '…'`). */
  readonly where?: string;
  /** Default `Id` (stable pages). */
  readonly orderBy?: string;
  /** MAXRESULTS of each page, ≤ 1,000 (default 1,000). */
  readonly pageSize?: number;
  /** Name lists (Customer, Vendor, Item, Account, Class, Department): inactive records too (`Active IN (true,false)`). */
  readonly includeInactive?: boolean;
}

export type BatchOperation = 'create' | 'update' | 'delete' | 'void';

export interface BatchItem {
  /** ≤ 10 characters, unique in the call. */
  readonly bId: string;
  readonly operation: BatchOperation;
  /** The entity name, the key of its body (`Customer`, `JournalEntry`). */
  readonly entity: string;
  readonly body: QboJson;
}

/** One batch item's outcome, by `bId`: the entity written, or its fault (a 200 can carry faults per item). */
export type BatchItemResult =
  | { readonly bId: string; readonly ok: true; readonly entity: QboJson }
  | { readonly bId: string; readonly ok: false; readonly fault: QboFault };

export interface CdcResult {
  /** The server's `time`: the next `changedSince` (less an overlap). */
  readonly time: string;
  /** Changed records per entity; a deleted one is `{ Id, status: 'Deleted', MetaData }`. */
  readonly byEntity: Readonly<Record<string, readonly QboJson[]>>;
  /**
   * The answer holds 1,000 objects, CDC's most: changes may have been left out, so read narrower
   * (fewer entities a call, or a query: `cdc-window.ts`) instead of moving on to `time`.
   */
  readonly full: boolean;
}

export interface QboClient {
  readonly realmId: string;
  /** Pages of a query, in order; stops at the first short page. A failed page ends the iteration with its error. */
  query(entity: string, opts?: QueryOptions): AsyncIterable<Result<readonly QboJson[]>>;
  /** `select * from <entity> where Id in (…)`, as many per call as fit (inactive ones too). */
  selectByIds(entity: string, ids: readonly string[]): Promise<Result<readonly QboJson[]>>;
  count(entity: string, where?: string): Promise<Result<number>>;
  read(entity: string, id: string): Promise<Result<QboJson>>;
  /** `GET /cdc`: `changedSince` at most 30 days back (older: `qbo_cdc_too_old`). */
  cdc(entities: readonly string[], changedSince: string): Promise<Result<CdcResult>>;
  /**
   * `POST /batch` in calls of ≤ 30 items (each call with its own `requestid`, derived from
   * `requestId` and the call's index, so a retried batch replays instead of writing twice).
   */
  batch(items: readonly BatchItem[], requestId: string): Promise<Result<readonly BatchItemResult[]>>;
  /** One create / update / delete / void, with `requestid`. */
  write(entity: string, operation: BatchOperation, body: QboJson, requestId: string): Promise<Result<QboJson>>;
  companyInfo(): Promise<Result<QboJson>>;
  preferences(): Promise<Result<QboJson>>;
}

/** Where the client gets its access token (the token store: `tokens.ts`). */
export interface AccessTokens {
  /** A token valid now (refreshed first when it is about to expire). */
  current(): Promise<Result<string>>;
  /** After a 401 with `rejected`: a new token (one refresh, single-flight), or the reason there is none. */
  renew(rejected: string): Promise<Result<string>>;
}
