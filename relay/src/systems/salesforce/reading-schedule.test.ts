import {
  CHANGE_POLL_MS,
  FIRST_ROUND,
  planReads,
  SAFETY_READ_MS,
  type ReadKind,
  type RoundInput,
  type ScheduleState,
} from './reading-schedule.ts';

const POLL_MS = 15_000;
const T0 = Date.parse('2026-12-01T15:00:00Z');

/** Runs rounds at the given offsets from T0; returns each round's reads, sorted. */
function rounds(
  start: ScheduleState,
  steps: readonly (Partial<RoundInput> & { at: number })[],
): { reads: ReadKind[][]; state: ScheduleState } {
  let state = start;
  const reads: ReadKind[][] = [];
  for (const { at, ...input } of steps) {
    const planned = planReads(state, {
      now: T0 + at,
      mode: 'pubsub',
      notified: new Set(),
      force: false,
      pollMs: POLL_MS,
      ...input,
    });
    reads.push([...planned.reads].sort());
    state = planned.next;
  }
  return { reads, state };
}

/** A state where both reads just ran at T0 with the feed working. */
const settled: ScheduleState = { last: { changes: T0, requests: T0 }, mode: 'pubsub' };

describe('planReads', () => {
  it('reads both on the first round, whatever the mode', () => {
    expect(rounds(FIRST_ROUND, [{ at: 0 }]).reads).toEqual([['changes', 'requests']]);
    expect(rounds(FIRST_ROUND, [{ at: 0, mode: 'polling' }]).reads).toEqual([['changes', 'requests']]);
  });

  it('with the feed working, reads nothing until notified, then only what the entity calls for', () => {
    const { reads } = rounds(settled, [
      { at: 1_000 },
      { at: 30 * 60_000 },
      { at: 30 * 60_000 + 1, notified: new Set(['Account']) },
      { at: 30 * 60_000 + 2, notified: new Set(['QuickBooks_Sync_Request__c']) },
      { at: 30 * 60_000 + 3, notified: new Set(['QuickBooks_Sync_Log__c', 'Lead']) },
      { at: 30 * 60_000 + 4, notified: new Set(['Lead']) },
      // A contact's change reads its Account again; a deal's line, its deal.
      { at: 30 * 60_000 + 5, notified: new Set(['Contact']) },
      { at: 30 * 60_000 + 6, notified: new Set(['OpportunityLineItem']) },
    ]);
    expect(reads).toEqual([[], [], ['changes'], ['requests'], ['requests'], [], ['changes'], ['changes']]);
  });

  it('with the feed working, still reads each once an hour after its last read', () => {
    const { reads } = rounds(settled, [
      { at: 10 * 60_000, notified: new Set(['Account']) },
      { at: SAFETY_READ_MS - 1 },
      { at: SAFETY_READ_MS },
      { at: SAFETY_READ_MS + 10 * 60_000 - 1 },
      { at: SAFETY_READ_MS + 10 * 60_000 },
    ]);
    expect(reads).toEqual([['changes'], [], ['requests'], [], ['changes']]);
  });

  it('polling: Accounts once a minute, requests every SF_POLL_SECONDS, notifications still heard', () => {
    const polling = { ...settled, mode: 'polling' as const };
    const { reads } = rounds(polling, [
      { at: POLL_MS - 1, mode: 'polling' },
      { at: POLL_MS, mode: 'polling' },
      { at: 2 * POLL_MS, mode: 'polling', notified: new Set(['Account']) },
      { at: CHANGE_POLL_MS, mode: 'polling' },
      { at: 2 * POLL_MS + CHANGE_POLL_MS, mode: 'polling' },
    ]);
    expect(reads).toEqual([[], ['requests'], ['changes', 'requests'], ['requests'], ['changes', 'requests']]);
  });

  it('reads both on the round the feed starts working (what changed while nobody listened), then waits', () => {
    const polling = { ...settled, mode: 'polling' as const };
    const { reads, state } = rounds(polling, [{ at: 5_000 }, { at: 6_000 }, { at: 7_000, mode: 'polling' }]);
    expect(reads).toEqual([['changes', 'requests'], [], []]);
    expect(state.mode).toBe('polling');
  });

  it('force reads both, and counts as their last read', () => {
    const { reads, state } = rounds(settled, [{ at: 1_000, force: true }, { at: 2_000 }]);
    expect(reads).toEqual([['changes', 'requests'], []]);
    expect(state.last).toEqual({ changes: T0 + 1_000, requests: T0 + 1_000 });
  });
});
