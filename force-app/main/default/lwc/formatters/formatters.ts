/**
 * @module
 * Exact money and locale-aware formatting. Amounts travel as integer cents (parsed from the decimal
 * text, never summed as floats); display goes through `Intl` in the record's currency and the
 * user's locale and time zone.
 */

const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?$/;

function decimalTextOf(value: unknown): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const text = String(value);
    return /e/i.test(text) ? value.toFixed(2) : text;
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  return null;
}

/**
 * Parses a currency value (number or decimal text) into integer cents, rounding half away from zero
 * past the second decimal. `null` when the value is absent or not a number.
 * @example
 * toCents(1250.5); // 125050
 * toCents('0.105'); // 11
 */
export function toCents(value: unknown): number | null {
  const text = decimalTextOf(value);
  if (text === null) return null;
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return null;
  const negative = match[1] === '-';
  const whole = match[2] === '' ? '0' : (match[2] as string);
  const fraction = match[3] ?? '';
  let cents = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (fraction.length > 2 && Number(fraction[2]) >= 5) cents += 1;
  if (!Number.isSafeInteger(cents)) return null;
  return negative && cents !== 0 ? -cents : cents;
}

/**
 * Integer cents as exact decimal text.
 * @example
 * centsToDecimal(-123456); // '-1234.56'
 */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Formats integer cents in a currency for a locale. An invalid or missing currency code falls back
 * to `fallbackCurrency`.
 * @example
 * formatMoney(125050, 'USD', 'en-US'); // '$1,250.50'
 * formatMoney(125050, 'EUR', 'de-DE'); // '1.250,50 €'
 */
export function formatMoney(
  cents: number | null,
  currency: string | null,
  locale: string,
  fallbackCurrency = 'USD',
): string {
  if (cents === null) return '';
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: currency || fallbackCurrency });
  } catch {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: fallbackCurrency });
  }
  return format.format(centsToDecimal(cents) as Intl.StringNumericLiteral);
}

/**
 * Formats a date-only value (`YYYY-MM-DD`) for a locale without shifting it across time zones.
 * @example
 * formatDate('2026-03-01', 'en-US'); // 'Mar 1, 2026'
 */
export function formatDate(isoDate: string | null, locale: string): string {
  if (!isoDate) return '';
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/**
 * Formats a date-time in the user's time zone.
 * @example
 * formatDateTime('2026-03-01T17:05:00.000Z', 'en-US', 'America/New_York'); // 'Mar 1, 2026, 12:05 PM'
 */
export function formatDateTime(iso: string | null, locale: string, timeZone: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/**
 * How long ago (or until) a moment was, in words for the locale.
 * @example
 * formatAgo('2026-03-01T12:00:00Z', Date.parse('2026-03-01T12:05:00Z'), 'en-US'); // '5 minutes ago'
 */
export function formatAgo(iso: string | null, now: number, locale: string): string {
  if (!iso) return '';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const diff = then - now;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.trunc(diff / ms), unit);
  }
  return format.format(0, 'minute');
}

/**
 * Replaces `{0}`, `{1}`… in a Custom Label with the given values.
 * @example
 * formatLabel('{0} of {1}', 2, 5); // '2 of 5'
 */
export function formatLabel(label: string, ...values: (string | number)[]): string {
  return label.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = values[Number(index)];
    return value === undefined ? whole : String(value);
  });
}
