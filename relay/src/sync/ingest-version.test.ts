import { olderVersion } from './ingest.ts';

describe('olderVersion', () => {
  it('orders growing numbers (EditSequence, SyncToken) by value, not as text', () => {
    expect(olderVersion('999', '1000')).toBe(true);
    expect(olderVersion('1709312401', '1709312400')).toBe(false);
    expect(olderVersion('7', '7')).toBe(false);
  });

  it('orders modification stamps of one format, and never calls versions of two formats older', () => {
    expect(olderVersion('2026-12-01T15:00:00.000Z', '2026-12-01T15:00:01.000Z')).toBe(true);
    expect(olderVersion('2026-12-01T15:00:02.000Z', '2026-12-01T15:00:01.000Z')).toBe(false);
    expect(olderVersion('2026-12-01T15:00:00Z', '2026-12-01T15:00:01.000Z')).toBe(false);
  });
});
