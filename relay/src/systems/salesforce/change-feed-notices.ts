/**
 * @module
 * What a batch of change events asks the relay to read, and where the feed keeps its replay id.
 * Change Data Capture is only a notification here: the relay re-reads changed records through its
 * SOQL reads, so a batch boils down to which entities to read and why (changes not our own, gaps,
 * overflows). The replay id lives in the durable cursors (`pubsub:<topic>`, base64), so no table
 * of its own is needed.
 */
import type { Store } from '../../store/index.ts';
import { isOwnChange } from './pubsub/change-origin.ts';
import type { ReceivedEvent } from './pubsub/index.ts';

/** Why the feed asks for a read. */
export type ChangeReason = 'events' | 'gap' | 'overflow' | 'catch_up' | 'resubscribed';

/** A batch reduced to reads: entities (as the caller names them) per reason, plus what was skipped. */
export interface BatchNotices {
  readonly reads: ReadonlyMap<'events' | 'gap' | 'overflow', ReadonlySet<string>>;
  /** Events the relay made itself (echoes of its writes). */
  readonly own: number;
  /** Events of entities the feed does not follow. */
  readonly ignored: number;
}

/**
 * Groups a batch: gap events (`GAP_CREATE`, ...) by entity as `gap`, `GAP_OVERFLOW` as `overflow`,
 * other changes as `events` unless their `changeOrigin` names `clientName`. `byApiName` maps the
 * entity name an event carries to the name the caller uses; entities not in it are ignored.
 *
 * @example noticesOf(events, new Map([['Account', 'Account']]), 'ledgerbridge').reads.get('events') // Set {'Account'}
 */
export function noticesOf(
  events: readonly ReceivedEvent[],
  byApiName: ReadonlyMap<string, string>,
  clientName: string,
): BatchNotices {
  const reads = new Map<'events' | 'gap' | 'overflow', Set<string>>();
  let own = 0;
  let ignored = 0;
  for (const { event } of events) {
    const entity = byApiName.get(event.entity);
    if (entity === undefined) {
      ignored++;
      continue;
    }
    const why =
      event.changeType === 'GAP_OVERFLOW' ? 'overflow' : event.changeType.startsWith('GAP_') ? 'gap' : 'events';
    if (why === 'events' && isOwnChange(event, clientName)) {
      own++;
      continue;
    }
    const set = reads.get(why) ?? new Set<string>();
    reads.set(why, set.add(entity));
  }
  return { reads, own, ignored };
}

/** The stored replay id of one topic on one connection. */
export interface ReplayCursor {
  load(): Promise<Buffer | null>;
  save(replayId: Buffer): Promise<void>;
  /** Forgets the id (it expired): the next subscription starts at the tip. */
  forget(): Promise<void>;
}

/** @example const cursor = replayCursor(store, 'acme-sf', '/data/ChangeEvents'); await cursor.load(); */
export function replayCursor(store: Store, connectionId: string, topic: string): ReplayCursor {
  const objectType = `pubsub:${topic}`;
  const put = async (fromModified: string | null) => {
    await store.cursors.put(connectionId, { objectType, fromModified, boundary: [] });
  };
  return {
    async load() {
      const stored = (await store.cursors.get(connectionId, objectType))?.fromModified;
      return stored ? Buffer.from(stored, 'base64') : null;
    },
    save: (replayId) => put(replayId.toString('base64')),
    forget: () => put(null),
  };
}
