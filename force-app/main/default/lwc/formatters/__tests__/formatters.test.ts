import { centsToDecimal, formatAgo, formatDate, formatDateTime, formatLabel, formatMoney, toCents } from 'c/formatters';

describe('toCents', () => {
  it.each([
    [1250.5, 125050],
    [0.1, 10],
    [0.29, 29],
    ['1234.56', 123456],
    ['-12.3', -1230],
    ['0.105', 11],
    ['0.104', 10],
    ['.5', 50],
    ['90071992547409.91', 9007199254740991],
  ])('parses %p exactly', (input, cents) => {
    expect(toCents(input)).toBe(cents);
  });

  it.each([null, undefined, '', 'abc', Number.NaN, Infinity, '1.2.3', '90071992547409.92'])(
    'returns null for %p',
    (input) => {
      expect(toCents(input)).toBeNull();
    },
  );

  it('sums without float drift (0.1 + 0.2)', () => {
    expect((toCents(0.1) as number) + (toCents(0.2) as number)).toBe(toCents('0.3'));
  });
});

describe('centsToDecimal', () => {
  it('renders exact decimal text', () => {
    expect(centsToDecimal(-123456)).toBe('-1234.56');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(0)).toBe('0.00');
  });
});

describe('formatMoney', () => {
  it('uses the currency and the locale', () => {
    expect(formatMoney(125050, 'USD', 'en-US')).toBe('$1,250.50');
    expect(formatMoney(125050, 'EUR', 'de-DE')).toBe('1.250,50\u00a0€');
    expect(formatMoney(125050, 'GBP', 'en-GB')).toBe('£1,250.50');
  });

  it('falls back when the currency code is missing or invalid', () => {
    expect(formatMoney(100, null, 'en-US', 'CAD')).toBe('CA$1.00');
    expect(formatMoney(100, 'US', 'en-US')).toBe('$1.00');
  });

  it('returns an empty string for a missing amount', () => {
    expect(formatMoney(null, 'USD', 'en-US')).toBe('');
  });
});

describe('dates', () => {
  it('formats a date-only value without a time-zone shift', () => {
    expect(formatDate('2026-03-01', 'en-US')).toBe('Mar 1, 2026');
    expect(formatDate(null, 'en-US')).toBe('');
    expect(formatDate('garbage', 'en-US')).toBe('');
  });

  it('formats a date-time in the given time zone', () => {
    expect(formatDateTime('2026-03-01T17:05:00.000Z', 'en-US', 'America/New_York')).toMatch(/^Mar 1, 2026, 12:05\sPM$/);
  });

  it('says how long ago', () => {
    const now = Date.parse('2026-03-01T12:05:00Z');
    expect(formatAgo('2026-03-01T12:00:00Z', now, 'en-US')).toBe('5 minutes ago');
    expect(formatAgo('2026-02-28T12:05:00Z', now, 'en-US')).toBe('yesterday');
    expect(formatAgo('2026-03-01T12:04:50Z', now, 'en-US')).toBe('this minute');
    expect(formatAgo(null, now, 'en-US')).toBe('');
  });
});

describe('formatLabel', () => {
  it('fills numbered placeholders and leaves unknown ones', () => {
    expect(formatLabel('{0} of {1} ({2})', 2, 'five')).toBe('2 of five ({2})');
  });
});
