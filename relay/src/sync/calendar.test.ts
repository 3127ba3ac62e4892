import { localIsoDate } from '../../../force-app/main/default/lwc/agingBuckets/agingBuckets.ts';
import { offsetOf } from './calendar.ts';

describe('the company day without a configured time zone', () => {
  it("reads the UTC offset QuickBooks' timestamps carry", () => {
    expect(offsetOf('2026-11-22T10:15:00-08:00')).toBe('-08:00');
    expect(offsetOf('2026-11-22T10:15:00+05:30')).toBe('+05:30');
    expect(offsetOf('2026-11-22T10:15:00Z')).toBe('UTC');
    expect(offsetOf('2026-11-22T10:15:00')).toBeUndefined();
    expect(offsetOf(null)).toBeUndefined();
  });

  it('reads the day in that offset', () => {
    expect(localIsoDate(new Date('2026-03-10T06:30:00Z'), '-08:00')).toBe('2026-03-09');
    expect(localIsoDate(new Date('2026-03-10T08:30:00Z'), '-08:00')).toBe('2026-03-10');
    expect(localIsoDate(new Date('2026-03-09T18:45:00Z'), '+05:30')).toBe('2026-03-10');
  });
});
