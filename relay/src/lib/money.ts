/**
 * @module
 * Exact decimal amounts. QuickBooks sends amounts as decimal strings ("1234.50", "-0.5"); they stay
 * exact from there to Salesforce: parsed into scaled integers (bigint), summed and compared as
 * integers, written back as decimal strings. No binary floating point ever touches money.
 */

/** An exact decimal: `units × 10^-scale`. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * Parses a decimal string; `undefined` when it is not one.
 * @example parseDecimal('1,234.50') // undefined (no grouping separators)
 * @example parseDecimal('-12.5') // { units: -125n, scale: 1 }
 */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const frac = m[3] ?? '';
  const units = BigInt(`${m[2] || '0'}${frac}`);
  return { units: m[1] === '-' ? -units : units, scale: frac.length };
}

function rescale(d: Decimal, scale: number): bigint {
  if (scale < d.scale) throw new Error(`Cannot rescale ${format(d)} to ${scale} places without rounding`);
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** Sum of decimals, exact, at the largest scale among them. */
export function sum(values: readonly Decimal[]): Decimal {
  const scale = Math.max(0, ...values.map((v) => v.scale));
  return { units: values.reduce((acc, v) => acc + rescale(v, scale), 0n), scale };
}

/** a − b, exact. */
export function subtract(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) - rescale(b, scale), scale };
}

/** −1, 0 or 1. */
export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const d = rescale(a, scale) - rescale(b, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export const isZero = (d: Decimal): boolean => d.units === 0n;

/**
 * The exact product of two decimals (a quantity times a rate).
 * @example format(multiply(decimal('1.5'), decimal('19.99'))) // '29.985'
 */
export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/**
 * Rounds half away from zero to `places` (QuickBooks rounds money half-up on magnitude).
 * @example format(round(parseDecimal('2.345')!, 2)) // '2.35'
 */
export function round(d: Decimal, places: number): Decimal {
  if (d.scale <= places) return { units: rescale(d, places), scale: places };
  const divisor = 10n ** BigInt(d.scale - places);
  const negative = d.units < 0n;
  const magnitude = negative ? -d.units : d.units;
  let q = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) q += 1n;
  return { units: negative ? -q : q, scale: places };
}

/**
 * Decimal string with exactly `scale` places (or the value's own scale).
 * @example format({ units: -5n, scale: 2 }) // '-0.05'
 */
export function format(d: Decimal, places = d.scale): string {
  const v = places === d.scale ? d : round(d, places);
  const negative = v.units < 0n;
  const digits = (negative ? -v.units : v.units).toString().padStart(v.scale + 1, '0');
  const int = v.scale === 0 ? digits : digits.slice(0, -v.scale);
  const frac = v.scale === 0 ? '' : `.${digits.slice(-v.scale)}`;
  return `${negative ? '-' : ''}${int}${frac}`;
}

/** Money as Salesforce currency fields take it: a decimal string with two places. */
export const toMoneyString = (d: Decimal): string => format(d, 2);

/** An optional amount as a two-place money string (`'12.5'` → `'12.50'`); absent stays absent. */
export const optionalMoney = (m: string | undefined): string | undefined =>
  m === undefined ? undefined : toMoneyString(decimal(m));

/** Parses or throws; for values a schema has already checked. */
export function decimal(text: string): Decimal {
  const d = parseDecimal(text);
  if (!d) throw new Error(`Not a decimal number: "${text}"`);
  return d;
}
