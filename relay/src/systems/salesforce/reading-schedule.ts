/**
 * @module
 * When the Salesforce companion reads the org, as a pure decision: given the change feed's mode,
 * when each read last ran and what the feed said changed, which reads run this round. There are
 * two reads: the changed Accounts (`changes.ts`, by SystemModstamp) and the requests (`poller.ts`:
 * sync requests and replay ticks on sync logs). Change Data Capture is a notification only, so:
 *
 * - `pubsub`: a read runs when the feed named one of its entities, on the round the feed started
 *   to work (the changes made while nothing listened), and as a safety read once an hour.
 * - `polling`: the changed Accounts once a minute, the requests every `SF_POLL_SECONDS`.
 * - `force` (`tick({ pollNow })`) runs both.
 *
 * Nothing here is durable: a relay that starts has read nothing yet, so its first round reads both.
 */

/** The reads a round may run. */
export type ReadKind = 'changes' | 'requests';

/** The change feed's entities, as the feed names them, and the read each one calls for. */
export const FEED_ENTITIES: Readonly<Record<string, ReadKind>> = {
  Account: 'changes',
  Contact: 'changes',
  Product2: 'changes',
  PricebookEntry: 'changes',
  Opportunity: 'changes',
  OpportunityLineItem: 'changes',
  Order: 'changes',
  OrderItem: 'changes',
  QuickBooks_Sync_Request__c: 'requests',
  QuickBooks_Sync_Log__c: 'requests',
};

/** Changed Accounts are polled this often while the feed does not work. */
export const CHANGE_POLL_MS = 60_000;
/** While the feed works, each read still runs at least this often (a missed notification). */
export const SAFETY_READ_MS = 60 * 60_000;

export interface ScheduleState {
  /** When each read last ran (relay clock; `-Infinity`: never). */
  readonly last: Readonly<Record<ReadKind, number>>;
  /** The feed's mode the round before. */
  readonly mode: 'pubsub' | 'polling';
}

export interface RoundInput {
  readonly now: number;
  /** The feed's mode now. */
  readonly mode: 'pubsub' | 'polling';
  /** Entities the feed named since the reads last ran. */
  readonly notified: ReadonlySet<string>;
  readonly force: boolean;
  /** `SF_POLL_SECONDS`, in ms. */
  readonly pollMs: number;
}

/** A state in which nothing was read yet. */
export const FIRST_ROUND: ScheduleState = { last: { changes: -Infinity, requests: -Infinity }, mode: 'polling' };

/**
 * Decides one round's reads and the state after them (the reads count as run when decided).
 *
 * @example
 * const { reads, next } = planReads(state, { now, mode: 'pubsub', notified: new Set(['Account']), force: false, pollMs: 15_000 });
 * // reads: Set {'changes'}
 */
export function planReads(
  state: ScheduleState,
  input: RoundInput,
): { readonly reads: ReadonlySet<ReadKind>; readonly next: ScheduleState } {
  const named = new Set([...input.notified].flatMap((entity) => FEED_ENTITIES[entity] ?? []));
  const started = input.mode === 'pubsub' && state.mode === 'polling';
  const every: Record<ReadKind, number> =
    input.mode === 'pubsub'
      ? { changes: SAFETY_READ_MS, requests: SAFETY_READ_MS }
      : { changes: CHANGE_POLL_MS, requests: input.pollMs };
  const reads = new Set<ReadKind>();
  for (const kind of ['changes', 'requests'] as const) {
    if (input.force || started || named.has(kind) || input.now - state.last[kind] >= every[kind]) reads.add(kind);
  }
  const last = { ...state.last };
  for (const kind of reads) last[kind] = input.now;
  return { reads, next: { last, mode: input.mode } };
}
