import { bucketFor, computeAging, daysPastDue, localIsoDate } from 'c/agingBuckets';
import type { AgingItem } from 'c/agingBuckets';

const TODAY = '2026-03-15';
const item = (
  balanceCents: number | null,
  dueDate: string | null,
  invoiceStatus = 'Open',
  currency = 'USD',
): AgingItem => ({
  balanceCents,
  dueDate,
  currency,
  invoiceStatus,
});

describe('daysPastDue and bucketFor', () => {
  it('counts calendar days across month ends', () => {
    expect(daysPastDue('2026-01-31', '2026-03-02')).toBe(30);
    expect(daysPastDue('2026-03-16', TODAY)).toBe(-1);
  });

  it.each([
    [-5, 'current'],
    [0, 'current'],
    [1, 'days1to30'],
    [30, 'days1to30'],
    [31, 'days31to60'],
    [60, 'days31to60'],
    [61, 'days61to90'],
    [90, 'days61to90'],
    [91, 'over90'],
  ])('%i days past due is %s', (days, key) => {
    expect(bucketFor(days)).toBe(key);
  });
});

describe('computeAging', () => {
  it('puts each open balance in its bucket and totals exactly', () => {
    const [usd] = computeAging(
      [
        item(10, TODAY),
        item(20, '2026-03-14'),
        item(30, '2026-02-13'), // 30 days
        item(40, '2026-02-12'), // 31 days
        item(50, '2026-01-14'), // 60 days
        item(60, '2025-12-15'), // 90 days
        item(70, '2025-12-14'), // 91 days
        item(80, null),
      ],
      TODAY,
    );
    expect(usd?.buckets.map((b) => [b.key, b.cents, b.count])).toEqual([
      ['current', 90, 2],
      ['days1to30', 50, 2],
      ['days31to60', 90, 2],
      ['days61to90', 60, 1],
      ['over90', 70, 1],
    ]);
    expect(usd?.openCents).toBe(360);
    expect(usd?.overdueCents).toBe(270);
  });

  it('leaves out paid, voided and zero or credit balances', () => {
    const result = computeAging(
      [item(100, '2026-01-01', 'Paid'), item(100, '2026-01-01', 'Voided'), item(0, '2026-01-01'), item(-500, null)],
      TODAY,
    );
    expect(result).toEqual([]);
  });

  it('keeps currencies apart, sorted by code', () => {
    const result = computeAging([item(100, TODAY, 'Open', 'USD'), item(200, TODAY, 'Open', 'EUR')], TODAY);
    expect(result.map((s) => [s.currency, s.openCents])).toEqual([
      ['EUR', 200],
      ['USD', 100],
    ]);
  });

  it('adds many cent amounts without drift', () => {
    const items = Array.from({ length: 1000 }, () => item(1, TODAY)); // 1,000 × $0.01
    expect(computeAging(items, TODAY)[0]?.openCents).toBe(1000);
  });
});

describe('localIsoDate', () => {
  it('gives the calendar date in the user time zone', () => {
    const instant = new Date('2026-03-01T03:00:00Z');
    expect(localIsoDate(instant, 'America/Los_Angeles')).toBe('2026-02-28');
    expect(localIsoDate(instant, 'Europe/Berlin')).toBe('2026-03-01');
  });
});
