import { PICKUP_GRACE_MS, requestProgress } from 'c/syncRequestProgress';

const at = (status: string | null, nowMs = 0, edition: string | null = 'Online', pickedUpAt: string | null = null) =>
  requestProgress({ requestStatus: status, pickedUpAt, createdAtMs: 0, nowMs, edition });
const states = (status: string | null) => at(status).steps.map((s) => `${s.value}:${s.state}`);

describe('requestProgress', () => {
  it('marks the steps as the relay moves the request', () => {
    expect(states('Requested')).toEqual([
      'Requested:current',
      'Waiting for QuickBooks:upcoming',
      'In Progress:upcoming',
      'Completed:upcoming',
    ]);
    expect(states('In Progress')).toEqual([
      'Requested:complete',
      'Waiting for QuickBooks:complete',
      'In Progress:current',
      'Completed:upcoming',
    ]);
    expect(states('Completed')).toEqual([
      'Requested:complete',
      'Waiting for QuickBooks:complete',
      'In Progress:complete',
      'Completed:complete',
    ]);
    expect(states('Failed').at(-1)).toBe('Failed:failed');
    expect(at('Failed').terminal && at('Failed').failed).toBe(true);
    expect(at(null).steps[0]?.state).toBe('current');
  });

  it('explains a request nobody picked up within a minute, by edition', () => {
    expect(at('Requested', PICKUP_GRACE_MS - 1).notice).toBe('none');
    expect(at('Requested', PICKUP_GRACE_MS, 'Desktop').notice).toBe('not_picked_up_desktop');
    expect(at('Requested', PICKUP_GRACE_MS, 'Online').notice).toBe('not_picked_up_online');
    expect(at('Requested', PICKUP_GRACE_MS, null).notice).toBe('not_picked_up_online');
  });

  it('stops explaining once the relay has picked it up or finished', () => {
    expect(at('Requested', 120_000, 'Desktop', '2026-03-15T12:00:00Z').notice).toBe('none');
    expect(at('Completed', 120_000, 'Desktop').notice).toBe('none');
    expect(at('Waiting for QuickBooks', 5_000, 'Desktop').notice).toBe('waiting_desktop');
    expect(at('Waiting for QuickBooks', 5_000, 'Online').notice).toBe('none');
  });
});
