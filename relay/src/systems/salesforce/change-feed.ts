/**
 * @module
 * The relay's Change Data Capture feed: one Pub/Sub subscription kept alive for an org, which says
 * WHEN to read and WHAT entities, while the reads themselves stay the relay's SOQL reads by
 * SystemModstamp cursor. An event is a notification, so nothing is lost if events are missed: when
 * Pub/Sub cannot be used the feed reports `polling` (in words) and the caller's polls carry on.
 *
 * Per batch: changes not our own, gaps and overflows become `onChanged` calls, and only once those
 * resolved is the replay id stored (a crash re-delivers rather than loses). How a subscription
 * ended decides what follows ({@link nextStep}): an expired replay id is a catch-up read and a
 * fresh start at the tip; a rejected token is refreshed once; a closed stream is resubscribed at
 * once; a refusal, an outage, a second rejected token or a failing `onChanged` is polling, with
 * Pub/Sub tried again after `retryMs` (doubling while it keeps failing, up to 30 minutes).
 *
 * The feed makes no REST call of its own: an idle feed costs no API requests.
 */
import type { Logger } from '../../lib/logger.ts';
import type { RelayError, Result } from '../../lib/result.ts';
import type { Store } from '../../store/index.ts';
import { noticesOf, replayCursor, type ChangeReason } from './change-feed-notices.ts';
import type { PubSubAuth, PubSubOutcome, ReceivedEvent, SchemaCache } from './pubsub/index.ts';

/**
 * The Pub/Sub client (gRPC, Avro), loaded when a feed first subscribes: a relay with the change
 * feed off never loads it (about 8 MiB of resident memory).
 */
const pubsubClient = () => import('./pubsub/index.ts');

export type { ChangeReason } from './change-feed-notices.ts';

export type FeedMode =
  { readonly mode: 'pubsub' } | { readonly mode: 'polling'; readonly reason: string; readonly since: number };

export interface ChangeFeedOptions {
  /** The Pub/Sub API's `host:port` (`PUBSUB_ENDPOINT` in production). */
  readonly endpoint: string;
  /** Plaintext instead of TLS: loopback tests only. */
  readonly insecure?: boolean;
  /**
   * The session's credentials (`SalesforceClient.pubSubAuth`), asked for per RPC. `rejected`: the
   * token the API just refused, to be replaced by a fresh session.
   */
  readonly auth: (rejected?: string) => Promise<Result<PubSubAuth, RelayError>>;
  readonly store: Store;
  readonly connectionId: string;
  /** `/data/ChangeEvents`, or a custom channel carrying the entities. */
  readonly topic: string;
  /** The entities to follow, as `onChanged` names them: `['Account', 'QuickBooks_Sync_Request__c']`. */
  readonly entities: readonly string[];
  /** An entity's name in change events (`namer`: with the package namespace). Default: as given. */
  readonly apiName?: (entity: string) => string;
  /** The `Sforce-Call-Options` client of the relay's own calls: their changes are echoes, dropped. */
  readonly clientName: string;
  readonly log: Logger;
  readonly now?: () => number;
  /** How long polling lasts before Pub/Sub is tried again (doubles while it keeps failing). Default 5 minutes. */
  readonly retryMs?: number;
  /**
   * Entities to read now, and why. The feed waits for it before it stores the replay id; a
   * rejection is logged and means polling, and the events come again when Pub/Sub is tried again.
   */
  onChanged(entities: ReadonlySet<string>, why: ChangeReason): Promise<void>;
}

/** Counters since the feed was created. */
export interface ChangeFeedStats {
  /** Subscribe streams opened. */
  subscriptions: number;
  /** Events received (own, ignored and gaps included). */
  events: number;
  /** Events of the relay's own writes, dropped. */
  ownChanges: number;
  /** Events of entities not followed. */
  ignored: number;
  /** `onChanged` calls made. */
  notifications: number;
  /** Fresh sessions asked for after the API rejected a token. */
  tokenRefreshes: number;
  /** Times the feed fell back to polling. */
  fallbacks: number;
}

export interface ChangeFeed {
  /** Starts the subscription loop (a no-op while it runs). */
  start(): void;
  /** Ends the subscription; resolves once the loop has stopped (an `onChanged` running is awaited). */
  stop(): Promise<void>;
  status(): FeedMode;
  readonly stats: Readonly<ChangeFeedStats>;
}

/** Default pause before Pub/Sub is tried again. */
export const DEFAULT_FEED_RETRY_MS = 5 * 60_000;
/** The longest pause between attempts while Pub/Sub keeps failing. */
export const MAX_FEED_RETRY_MS = 30 * 60_000;
/** A stream still open this long after it was opened counts as subscribed (no answer comes until events). */
export const FEED_SETTLE_MS = 1_000;

/** An `auth` failure, carried through the channel so the loop can tell it from a handler's. */
class AuthFailed {
  readonly error: RelayError;
  constructor(error: RelayError) {
    this.error = error;
  }
}

/** The replay id could not be stored (told apart from a failing `onChanged`). */
class StoreFailed {
  readonly error: unknown;
  constructor(error: unknown) {
    this.error = error;
  }
}

/** How one subscription ended. */
type Ended =
  | { readonly kind: 'outcome'; readonly outcome: PubSubOutcome; readonly token: string | undefined }
  | { readonly kind: 'failed'; readonly error: unknown };

/** `300000` → `5 minutes`. */
function inWords(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return ms === 60_000 ? '1 minute' : `${ms / 60_000} minutes`;
  if (ms >= 1_000 && ms % 1_000 === 0) return ms === 1_000 ? '1 second' : `${ms / 1_000} seconds`;
  return `${ms} ms`;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * @example
 * const feed = createChangeFeed({ endpoint: PUBSUB_ENDPOINT, auth: (rejected) => sf.pubSubAuth(rejected),
 *   store, connectionId, topic: '/data/ChangeEvents', entities: ['Account'], apiName: sf.namer,
 *   clientName: CALL_OPTIONS_CLIENT, log, onChanged: (entities, why) => readNow(entities, why) });
 * feed.start();
 * if (feed.status().mode === 'polling') schedulePolls();
 */
export function createChangeFeed(o: ChangeFeedOptions): ChangeFeed {
  const now = o.now ?? Date.now;
  const retryMs = o.retryMs ?? DEFAULT_FEED_RETRY_MS;
  const log = o.log.child({ component: 'change-feed', connection: o.connectionId, topic: o.topic });
  const apiName = o.apiName ?? ((entity: string) => entity);
  const byApiName = new Map(o.entities.map((entity) => [apiName(entity), entity]));
  const all: ReadonlySet<string> = new Set(o.entities);
  const cursor = replayCursor(o.store, o.connectionId, o.topic);
  let schemas: SchemaCache | undefined;
  const stats: ChangeFeedStats = {
    subscriptions: 0,
    events: 0,
    ownChanges: 0,
    ignored: 0,
    notifications: 0,
    tokenRefreshes: 0,
    fallbacks: 0,
  };
  let mode: FeedMode = { mode: 'polling', reason: 'The change feed has not subscribed yet.', since: now() };
  let running: { controller: AbortController; done: Promise<void> } | undefined;

  // Loop state. `replayId` is always what is stored (undefined: not read yet).
  let replayId: Buffer | null | undefined;
  let tokenJustRefreshed = false;
  let rejectedToken: string | undefined;
  let failuresInARow = 0;
  /** The current stream counted as subscribed (it answered, or stayed open {@link FEED_SETTLE_MS}). */
  let settled = false;

  const notify = async (entities: ReadonlySet<string>, why: ChangeReason) => {
    stats.notifications++;
    log.debug('change feed asks for a read', { entities: [...entities], why });
    await o.onChanged(entities, why);
  };

  const subscribed = () => {
    if (mode.mode !== 'pubsub') log.info('change feed subscribed', { resumed: replayId !== null });
    mode = { mode: 'pubsub' };
    settled = true;
    failuresInARow = 0;
    tokenJustRefreshed = false;
  };

  const onEvents = async (events: readonly ReceivedEvent[], latest: Buffer) => {
    subscribed();
    stats.events += events.length;
    const { reads, own, ignored } = noticesOf(events, byApiName, o.clientName);
    stats.ownChanges += own;
    stats.ignored += ignored;
    for (const [why, entities] of reads) await notify(entities, why);
    if (replayId && replayId.equals(latest)) return;
    await cursor.save(latest).catch((error: unknown) => Promise.reject(new StoreFailed(error)));
    replayId = latest;
  };

  /** One Subscribe stream, from the stored replay id (or the tip), until it ends. */
  const subscribeOnce = async (signal: AbortSignal): Promise<Ended> => {
    let token: string | undefined;
    const { MAX_BATCH, openPubSubChannel, SchemaCache, subscribe } = await pubsubClient();
    schemas ??= new SchemaCache();
    const channel = openPubSubChannel({
      endpoint: o.endpoint,
      insecure: o.insecure ?? false,
      auth: async () => {
        const rejected = rejectedToken;
        rejectedToken = undefined;
        const creds = await o.auth(rejected);
        if (!creds.ok) throw new AuthFailed(creds.error);
        token = creds.value.accessToken;
        return creds.value;
      },
    });
    stats.subscriptions++;
    settled = false;
    log.debug('change feed subscribing', { from: replayId ? 'stored replay id' : 'latest' });
    const settle = setTimeout(subscribed, FEED_SETTLE_MS);
    try {
      const outcome = await subscribe({
        channel,
        topic: o.topic,
        replayId: replayId ?? null,
        batch: MAX_BATCH,
        signal,
        schemas,
        onEvents,
      });
      return { kind: 'outcome', outcome, token };
    } catch (error) {
      return { kind: 'failed', error };
    } finally {
      clearTimeout(settle);
      channel.close();
    }
  };

  const fallBack = async (reason: string, signal: AbortSignal) => {
    failuresInARow++;
    stats.fallbacks++;
    tokenJustRefreshed = false;
    const delay = Math.min(retryMs * 2 ** (failuresInARow - 1), MAX_FEED_RETRY_MS);
    const said = reason.charAt(0).toLowerCase() + reason.slice(1);
    mode = {
      mode: 'polling',
      reason: `Change Data Capture is not available: ${said} Reading changes by polling; Pub/Sub is tried again in ${inWords(delay)}.`,
      since: now(),
    };
    log.warn('change feed falls back to polling', { reason, retryInMs: delay });
    await pause(delay, signal);
  };

  /** Why a subscription that threw cannot go on, in words. */
  const failureReason = (error: unknown): string => {
    if (error instanceof AuthFailed) return `No Salesforce session for the Pub/Sub API: ${error.error.message}`;
    const cause = error instanceof StoreFailed ? error.error : error;
    log.error('change feed failed', { error: cause });
    const said = cause instanceof Error ? cause.message : String(cause);
    return error instanceof StoreFailed
      ? `Storing the replay id failed (${said}).`
      : `Reading the changes failed (${said}).`;
  };

  const step = async (signal: AbortSignal) => {
    if (replayId === undefined) {
      const stored = await cursor.load();
      // Nothing stored: the subscription starts at the tip, so whatever came before is read now.
      if (!stored) await notify(all, 'resubscribed');
      replayId = stored;
    }
    const ended = await subscribeOnce(signal);
    if (ended.kind === 'failed') return fallBack(failureReason(ended.error), signal);
    const next = (await pubsubClient()).nextStep(ended.outcome, { tokenJustRefreshed });
    switch (next.kind) {
      case 'stop':
        return;
      case 'resubscribe':
        // A stream the server ends before it ever settled is not retried in a tight loop.
        if (!settled) await pause(FEED_SETTLE_MS, signal);
        return;
      case 'catch_up':
        log.warn('change feed replay id expired; reading everything and starting at the tip', {
          reason: ended.outcome.message,
        });
        await cursor.forget();
        replayId = null;
        return notify(all, 'catch_up');
      case 'refresh_token':
        log.info('change feed token rejected; asking for a fresh session');
        stats.tokenRefreshes++;
        rejectedToken = ended.token;
        tokenJustRefreshed = true;
        return;
      case 'poll':
        return fallBack(next.reason, signal);
    }
  };

  const run = async (signal: AbortSignal) => {
    while (!signal.aborted) {
      try {
        await step(signal);
      } catch (error) {
        if (!signal.aborted) await fallBack(failureReason(error), signal);
      }
    }
  };

  return {
    start() {
      if (running) return;
      const controller = new AbortController();
      running = { controller, done: run(controller.signal) };
    },
    async stop() {
      if (!running) return;
      const { controller, done } = running;
      controller.abort();
      await done;
      running = undefined;
      mode = { mode: 'polling', reason: 'The change feed is stopped.', since: now() };
      log.info('change feed stopped');
    },
    status: () => mode,
    stats,
  };
}
