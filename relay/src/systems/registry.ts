/**
 * @module
 * The systems the relay knows, each through the one face its folder exports
 * (`systems/<name>/index.ts`). The runtime and the HTTP app wire systems from this list alone:
 * start-up preparation (connections the environment describes), the routes a system terminates,
 * its source port, and its target port for each of its connections, and the connect links it
 * issues for another system to hand out (the org's "Connect QuickBooks Online" request). A new
 * system is a folder and one line here.
 */
import type { Hono } from 'hono';
import type { Config } from '../config.ts';
import type { Logger } from '../lib/logger.ts';
import type { Result } from '../lib/result.ts';
import type { Book, BookObject } from '../reconcile/book.ts';
import type { Store } from '../store/index.ts';
import type { SyncRun } from '../store/runs.ts';
import type { SecretsRepo } from '../store/secrets.ts';
import type { ConnectionRow } from '../store/topology.ts';
import type { DeliveryKind, Reporter, SourceAdapter, TargetAdapter } from '../sync/adapters.ts';
import type { SyncEngine } from '../sync/engine.ts';
import type { RecordType } from '../sync/model.ts';
import { conductor } from './conductor/index.ts';
import { dynamics } from './dynamics/index.ts';
import { qbd } from './qbd/index.ts';
import { qbo } from './qbo/index.ts';
import { salesforce } from './salesforce/index.ts';

/** What a system's start-up and ports are given. */
export interface SystemContext {
  readonly config: Config;
  readonly store: Store;
  readonly secrets: SecretsRepo;
  readonly log: Logger;
  readonly now: () => number;
  /** Every system's connect links, by the name of what they connect (a system attaching hands them out). */
  readonly connectLinks?: ConnectLinks;
  /** The HTTP of sign-ins to an identity provider (default the global `fetch`). */
  readonly signInFetch?: typeof fetch;
  /**
   * How writes reach a connection once it is attached as a target: `push`, the relay sends them
   * (QuickBooks Online, Conductor), or `pull`, they wait for the system to call (the Web Connector).
   */
  readonly deliveryInto?: (connectionId: string) => DeliveryKind | undefined;
  /**
   * The custom fields each attached books connection has turned on for records of a kind (by
   * connection id: the target's name, and the fields by name); a connection that does not say is
   * left out. A CRM checks its field mappings against them.
   */
  readonly booksCustomFields?: (recordType: RecordType) => Promise<ReadonlyMap<string, BooksCustomFields>>;
}

/** A books connection's custom fields for a kind of record. */
export interface BooksCustomFields {
  /** The books as people name them ("QuickBooks Online"). */
  readonly system: string;
  readonly names: readonly string[];
}

/**
 * One-time links that connect a system's account, by the name people know it by ("QuickBooks
 * Online"): each call issues a new link, or says in words why there is none.
 */
export type ConnectLinks = Readonly<Record<string, () => Promise<Result<string>>>>;

/** What a system's HTTP routes are given. */
export interface RouteContext {
  readonly config: Config;
  readonly log: Logger;
  readonly version: string;
  readonly maxBodyBytes: number;
  /** The store; routes open it from `config` on first use when absent (tests of the app alone). */
  readonly store?: Store;
  /** Secrets at rest; routes that store credentials (an OAuth callback) need them. */
  readonly secrets?: SecretsRepo;
  readonly now?: () => number;
}

/**
 * What a system the relay reads itself (push delivery) runs each round before the engines: it
 * fetches what changed into the inbox, for every connection of the system the store holds (a
 * company connected since start-up included).
 */
export interface Feed {
  /** One round; `force` reads what waits for its schedule now too. */
  round(force: boolean): Promise<void>;
}

/** Work a system does beside the engine for one of its connections (reading requests from the org). */
export interface Companion {
  /** One round, run before each of the engine's; `force` does what waits for its schedule now too. */
  round(force: boolean): Promise<void>;
  /** A run of the engine finished and was reported. */
  runFinished(run: SyncRun): Promise<void>;
  /** Starts what it runs on its own between rounds (the org's change feed), with the runtime's background loop. */
  start?(): void;
  /** Stops it; resolves once it has stopped. */
  stop?(): Promise<void>;
  /** What `GET /health` shows of it, under the system's name (`{ changes: 'pubsub' }`). */
  status?(): Readonly<Record<string, unknown>>;
}

/** A target connection signed in: its port, and what runs beside the engine for it. */
export interface AttachedTarget {
  readonly target: TargetAdapter;
  /**
   * Where the engine's runs, connection health and failures are reported (the same system, as a
   * rule). A target that shows no reports (QuickBooks) has its flows reported by the CRM's reporter.
   */
  readonly reporter?: Reporter;
  /** A CRM's mirrors of one books connection, as reconciliation compares them (`reconcile/`). */
  mirrors?(booksConnectionId: string): Promise<Result<Book, { readonly code: string; readonly message: string }>>;
  companion?(engine: SyncEngine): Companion;
}

/** A record reconciliation asks a books system to read again (a repair). */
export interface Reread {
  readonly object: BookObject;
  readonly key: string;
  /** Its customer (a customer: itself). */
  readonly customerKey?: string;
}

/** What a books system does for reconciliation. */
export interface BooksReconciliation {
  /**
   * Its figures: `next-session`, its next session reads them (QuickBooks Desktop, which can only
   * be read when the Web Connector calls); or a read of them now, through its API.
   */
  readonly figures:
    | 'next-session'
    | ((
        ctx: SystemContext,
        connectionId: string,
      ) => Promise<Result<Book, { readonly code: string; readonly message: string }>>);
  /** Has these records read again, so what differs is sent again as any change is. */
  reread(ctx: SystemContext, connectionId: string, records: readonly Reread[], reconciliationId: string): Promise<void>;
}

/**
 * What a system does when an admin has one kind of record sent again, whole, through the mappings
 * in force (`ledgerbridge resync`).
 */
export interface Resync {
  /** A CRM: the canonical record types one of its objects holds (`Account`: customer, vendor); undefined: none. */
  typesOf?(object: string): readonly RecordType[] | undefined;
  /** A source: its next read of these types reads them whole; resolves to when that is, in words. */
  readAgain(
    ctx: Pick<SystemContext, 'store' | 'now'>,
    connectionId: string,
    types: readonly RecordType[],
  ): Promise<string>;
}

export interface System {
  /** The folder's name, and `connections.system` of its connections. */
  readonly name: string;
  /** What people call it, in reports (`QuickBooks Desktop`, `Salesforce`). */
  readonly title: string;
  /** How a books system is reconciled (`reconcile/`); absent: it is not reconciled yet. */
  readonly reconcile?: BooksReconciliation;
  /** How it takes part in a resync; absent: its records cannot be resynced yet. */
  readonly resync?: Resync;
  /** The books (QuickBooks) or a CRM: a link pairs one of each. */
  readonly side: 'books' | 'crm';
  /** Start-up: the connections the environment describes, ensured in the store. */
  prepare?(ctx: SystemContext): Promise<void>;
  /** Routes the system terminates (the Web Connector's SOAP endpoint; webhooks, OAuth callbacks). */
  routes?(ctx: RouteContext): Hono;
  /** Its feed, when the relay reads the system itself; undefined when the system is not configured. */
  feed?(ctx: SystemContext): Feed | undefined;
  /** Its source port, when records are read from it (undefined when the system is not configured). */
  source?(ctx: SystemContext): SourceAdapter | undefined;
  /** Its target port for one of its connections; undefined (with the reason logged) when it cannot be used. */
  attach?(connection: ConnectionRow, ctx: SystemContext): Promise<AttachedTarget | undefined>;
  /** The connect links it issues (an admin opens one to connect an account of this system). */
  connectLinks?(ctx: SystemContext): ConnectLinks;
}

/** Every system's connect links, for `SystemContext.connectLinks`. */
export const connectLinksOf = (ctx: SystemContext): ConnectLinks =>
  Object.assign({}, ...SYSTEMS.map((s) => s.connectLinks?.(ctx) ?? {})) as ConnectLinks;

export const SYSTEMS: readonly System[] = [qbd, qbo, conductor, salesforce, dynamics];

/** @example systemOf('salesforce')?.attach */
export const systemOf = (name: string): System | undefined => SYSTEMS.find((s) => s.name === name);
