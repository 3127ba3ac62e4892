/**
 * @module
 * Amounts as Conductor writes them: decimal strings with two places (`"1000.00"`), held as bigint
 * cents so no sum ever goes through a binary float. Rates may carry up to five decimals, and a
 * line's amount is quantity × rate rounded half away from zero to the cent, as QuickBooks does.
 */

const AMOUNT = /^-?\d{1,13}(?:\.\d{1,2})?$/;
const RATE = /^-?\d{1,13}(?:\.\d{1,5})?$/;

/** Cents of a decimal-string amount, or undefined when it is not one (numbers are refused, as Conductor does). */
export function parseCents(v: unknown): bigint | undefined {
  if (typeof v !== 'string' || !AMOUNT.test(v)) return undefined;
  const neg = v.startsWith('-');
  const [whole, frac = ''] = (neg ? v.slice(1) : v).split('.');
  const cents = BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0'));
  return neg ? -cents : cents;
}

/** `"1000.00"`, `"-3.50"`. */
export function formatCents(c: bigint): string {
  const neg = c < 0n;
  const abs = neg ? -c : c;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** True for a rate string (`"10.00"`, `"12.34567"`). */
export const isRate = (v: unknown): v is string => typeof v === 'string' && RATE.test(v);

const scaled = (text: string, digits: number): bigint => {
  const neg = text.startsWith('-');
  const [whole, frac = ''] = (neg ? text.slice(1) : text).split('.');
  const v = BigInt(whole!) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0').slice(0, digits) || '0');
  return neg ? -v : v;
};

/** quantity × rate in cents, rounded half away from zero. The quantity is the JSON number sent. */
export function lineCents(quantity: number, rate: string): bigint {
  const q = scaled(plain(quantity), 5);
  const r = scaled(rate, 5);
  const product = q * r; // scaled 10^10
  const unit = 10n ** 8n; // 10^10 → cents
  const abs = product < 0n ? -product : product;
  const rounded = (abs + unit / 2n) / unit;
  return product < 0n ? -rounded : rounded;
}

/** A quantity's plain decimal text (no exponent), at most five decimals. */
function plain(n: number): string {
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(5) : s;
}
