/**
 * @module
 * One org connection's Change Data Capture, as its companions use it: the change feed on
 * `/data/ChangeEvents` for the entities the reading schedule knows ({@link FEED_ENTITIES}), the
 * entities it named since each companion last looked, and the mode in words for `GET /health`.
 * With `SF_PUBSUB=off` there is no feed and the mode says so. The feed runs only between `start`
 * and `stop` (the runtime's background loop); before, it is "not subscribed yet", i.e. polling.
 *
 * A notification is only noted (the feed stores its replay id right after): a relay that stops
 * before reading it loses the note, and its next start reads everything anyway.
 */
import type { Config } from '../../config.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Store } from '../../store/index.ts';
import { createChangeFeed, type ChangeFeed } from './change-feed.ts';
import { CALL_OPTIONS_CLIENT, type SalesforceClient } from './client.ts';
import { FEED_ENTITIES } from './reading-schedule.ts';

/** The topic of every change event the org publishes for the entities selected in Setup. */
export const CHANGE_EVENTS_TOPIC = '/data/ChangeEvents';

/** How the org's changes are learnt of, as `GET /health` shows it. */
export type ChangesStatus = {
  readonly changes: 'pubsub' | 'polling';
  readonly reason?: string;
};

/** A companion's view: the entities named since it last took them. */
export interface FeedNotes {
  /** The entities named since the last call, which are forgotten here. */
  take(): Set<string>;
  /** Puts back entities a read could not finish (it threw). */
  putBack(entities: Iterable<string>): void;
}

export interface OrgFeed {
  status(): ChangesStatus;
  /** A new companion's notes (each companion reads for its own engine). */
  notes(): FeedNotes;
  start(): void;
  stop(): Promise<void>;
}

export interface OrgFeedDeps {
  readonly pubsub: Config['salesforce']['pubsub'];
  readonly sf: SalesforceClient;
  readonly store: Store;
  readonly connectionId: string;
  readonly log: Logger;
  readonly now: () => number;
}

/** @example const feed = createOrgFeed({ pubsub: config.salesforce.pubsub, sf, store, connectionId, log, now }); feed.start(); */
export function createOrgFeed(d: OrgFeedDeps): OrgFeed {
  const pending = new Set<Set<string>>();
  const note = (entities: Iterable<string>) => {
    for (const notes of pending) for (const entity of entities) notes.add(entity);
  };
  const feed: ChangeFeed | undefined = d.pubsub.enabled
    ? createChangeFeed({
        endpoint: d.pubsub.endpoint,
        insecure: d.pubsub.insecure,
        auth: (rejected) => d.sf.pubSubAuth(rejected),
        store: d.store,
        connectionId: d.connectionId,
        topic: CHANGE_EVENTS_TOPIC,
        entities: Object.keys(FEED_ENTITIES),
        apiName: d.sf.namer,
        clientName: CALL_OPTIONS_CLIENT,
        log: d.log,
        now: d.now,
        retryMs: d.pubsub.retrySeconds * 1000,
        onChanged: async (entities) => note(entities),
      })
    : undefined;
  if (!feed) d.log.info('Change Data Capture is off (SF_PUBSUB=off): the org’s changes are read by polling', {});
  return {
    status() {
      if (!feed) return { changes: 'polling', reason: 'Change Data Capture is off (SF_PUBSUB=off).' };
      const mode = feed.status();
      return mode.mode === 'pubsub' ? { changes: 'pubsub' } : { changes: 'polling', reason: mode.reason };
    },
    notes() {
      const notes = new Set<string>();
      pending.add(notes);
      return {
        take() {
          const taken = new Set(notes);
          notes.clear();
          return taken;
        },
        putBack: (entities) => {
          for (const entity of entities) notes.add(entity);
        },
      };
    },
    start: () => feed?.start(),
    stop: async () => feed?.stop(),
  };
}
