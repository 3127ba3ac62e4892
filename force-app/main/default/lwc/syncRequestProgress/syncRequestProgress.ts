/**
 * @module
 * Where a `QuickBooks_Sync_Request__c` stands as the relay moves it (Requested → Waiting for
 * QuickBooks → In Progress → Completed / Failed), and whether it has gone unanswered long enough
 * to explain why. Pure: the components feed it the record's values and the clock.
 */

export type StepState = 'complete' | 'current' | 'upcoming' | 'failed';

export interface Step {
  value: string;
  state: StepState;
}

/** What the explanation under the steps should say, if anything. */
export type Notice = 'none' | 'not_picked_up_desktop' | 'not_picked_up_online' | 'waiting_desktop';

export interface Progress {
  steps: Step[];
  terminal: boolean;
  failed: boolean;
  notice: Notice;
}

/** The relay normally picks a request up well within this; past it the component explains. */
export const PICKUP_GRACE_MS = 60_000;
/** How often the components ask LDS for fresh request data while it is in flight. */
export const POLL_INTERVAL_MS = 5_000;

const FLOW = ['Requested', 'Waiting for QuickBooks', 'In Progress'];

export interface ProgressInput {
  /** `Status__c`; null before the record has loaded. */
  requestStatus: string | null;
  /** `Picked_Up_At__c`; set by the relay when it takes the request. */
  pickedUpAt: string | null;
  /** When this browser created (or first saw) the request, epoch ms. */
  createdAtMs: number;
  nowMs: number;
  /** `Desktop` or `Online` (the connection's edition), null when unknown. */
  edition: string | null;
}

/**
 * Computes the steps and the notice for a sync request.
 * @example
 * requestProgress({ requestStatus: 'Requested', pickedUpAt: null, createdAtMs: 0, nowMs: 61_000, edition: 'Desktop' }).notice;
 * // 'not_picked_up_desktop'
 */
export function requestProgress(input: ProgressInput): Progress {
  const status = input.requestStatus ?? 'Requested';
  const failed = status === 'Failed';
  const terminal = failed || status === 'Completed';
  const currentIndex = terminal ? FLOW.length : Math.max(0, FLOW.indexOf(status));
  const steps: Step[] = FLOW.map((value, i) => ({
    value,
    state: i < currentIndex ? 'complete' : i === currentIndex ? 'current' : 'upcoming',
  }));
  steps.push({
    value: failed ? 'Failed' : 'Completed',
    state: failed ? 'failed' : terminal ? 'complete' : 'upcoming',
  });

  let notice: Notice = 'none';
  const desktop = input.edition === 'Desktop';
  if (!terminal && status === 'Requested' && !input.pickedUpAt && input.nowMs - input.createdAtMs >= PICKUP_GRACE_MS) {
    notice = desktop ? 'not_picked_up_desktop' : 'not_picked_up_online';
  } else if (!terminal && status === 'Waiting for QuickBooks' && desktop) {
    notice = 'waiting_desktop';
  }
  return { steps, terminal, failed, notice };
}
