/**
 * @module
 * Decimal and money values as Dataverse keeps them: exact, at the column's precision, never binary
 * floating point. A value arrives as the JSON number's source text (see `json.ts`) and is kept as a
 * string such as `"1250.5000"`; arithmetic goes through scaled bigints.
 */

const NUMBER = /^(-)?(\d+)(?:\.(\d+))?$/;

/** The value scaled by 10^digits, rounded half away from zero; undefined when not a plain decimal. */
export function toScaled(text: string, digits: number): bigint | undefined {
  const m = NUMBER.exec(text.trim());
  if (!m) return undefined;
  const frac = m[3] ?? '';
  const kept = BigInt((m[2] ?? '0') + frac.slice(0, digits).padEnd(digits, '0'));
  const roundUp = (frac[digits] ?? '0') >= '5' ? 1n : 0n;
  const abs = kept + roundUp;
  return m[1] ? -abs : abs;
}

/** `12345n, 4` → `"1.2345"`. */
export function fromScaled(scaled: bigint, digits: number): string {
  const neg = scaled < 0n;
  const s = (neg ? -scaled : scaled).toString().padStart(digits + 1, '0');
  const whole = s.slice(0, s.length - digits);
  const frac = s.slice(s.length - digits);
  return `${neg ? '-' : ''}${whole}${digits > 0 ? `.${frac}` : ''}`;
}

/** The text at `digits` decimals, or undefined when it is not a decimal number. */
export function normalizeDecimal(text: string, digits: number): string | undefined {
  const scaled = toScaled(text, digits);
  return scaled === undefined ? undefined : fromScaled(scaled, digits);
}

/** `"-1.50"` for `"1.50"` and back. */
export const negate = (v: string): string => (v.startsWith('-') ? v.slice(1) : `-${v}`);

/** Product and sum for computed amounts (line amount = quantity × price). */
export function multiply(a: string, aDigits: number, b: string, bDigits: number, digits: number): string {
  const product = toScaled(a, aDigits)! * toScaled(b, bDigits)!;
  return normalizeDecimal(fromScaled(product, aDigits + bDigits), digits)!;
}

export function add(values: readonly string[], digits: number): string {
  return fromScaled(
    values.reduce((s, v) => s + toScaled(v, digits)!, 0n),
    digits,
  );
}

/** Negative, zero or positive as `a` is below, equal to or above `b`. */
export function compareDecimal(a: string, b: string): number {
  const digits = Math.max(a.split('.')[1]?.length ?? 0, b.split('.')[1]?.length ?? 0);
  const d = toScaled(a, digits)! - toScaled(b, digits)!;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
