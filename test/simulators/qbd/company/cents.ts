/**
 * @module
 * The simulator's exact money arithmetic, independent of the relay's: amounts are whole cents in
 * bigints, printed with two places as QuickBooks prints them. Quantity × rate is computed exactly
 * and rounded half away from zero to the cent, as QuickBooks rounds line amounts. No floats.
 */

export type Cents = bigint;

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/** A decimal string as an integer and its number of places; undefined when it is not one. */
function scaled(text: string): { units: bigint; places: number } | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const frac = m[3] ?? '';
  const units = BigInt(`${m[2] || '0'}${frac}`);
  return { units: m[1] === '-' ? -units : units, places: frac.length };
}

/** `units × 10^-places` rounded half away from zero to cents. */
function roundToCents(units: bigint, places: number): Cents {
  if (places <= 2) return units * 10n ** BigInt(2 - places);
  const divisor = 10n ** BigInt(places - 2);
  const magnitude = units < 0n ? -units : units;
  let q = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) q += 1n;
  return units < 0n ? -q : q;
}

/**
 * A decimal string in cents (rounded to the cent); undefined when it is not a decimal number.
 * @example parseCents('12.5') // 1250n
 */
export function parseCents(text: string): Cents | undefined {
  const d = scaled(text);
  return d === undefined ? undefined : roundToCents(d.units, d.places);
}

/** {@link parseCents}, throwing on text the request check has already accepted as a number. */
export function cents(text: string): Cents {
  const c = parseCents(text);
  if (c === undefined) throw new Error(`not a decimal number: "${text}"`);
  return c;
}

/**
 * Cents as QuickBooks prints an amount.
 * @example formatCents(-5n) // '-0.05'
 */
export function formatCents(c: Cents): string {
  const negative = c < 0n;
  const digits = (negative ? -c : c).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * Exact product of two decimal strings (quantity × rate), rounded to the cent.
 * @example productCents('3', '19.995') // 5999n
 */
export function productCents(a: string, b: string): Cents {
  const x = scaled(a);
  const y = scaled(b);
  if (x === undefined || y === undefined) throw new Error(`not decimal numbers: "${a}" × "${b}"`);
  return roundToCents(x.units * y.units, x.places + y.places);
}

export const sumCents = (values: readonly Cents[]): Cents => values.reduce((a, b) => a + b, 0n);
