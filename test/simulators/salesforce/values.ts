/**
 * @module
 * Typed values as the org reads them, shared by REST bodies and Bulk CSV rows: decimals checked
 * against a field's precision and scale (rounded half up to the scale, refused when the integer
 * part has too many digits), and dates and datetimes that must name a real calendar day and time.
 * Written independently of the relay's own decimal and date code on purpose.
 */

/** A decimal as sign, integer digits and fraction digits, without exponent. */
interface Digits {
  readonly negative: boolean;
  readonly int: string;
  readonly frac: string;
}

const NUMBER = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Reads a JSON number or a numeric string (exponents allowed); undefined when it is not one. */
function digitsOf(raw: number | string): Digits | undefined {
  if (typeof raw === 'number' && !Number.isFinite(raw)) return undefined;
  const m = NUMBER.exec(String(raw).trim());
  if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return undefined;
  let int = m[2] ?? '';
  let frac = m[3] ?? '';
  const exp = Number(m[4] ?? '0');
  if (exp > 0) {
    frac = frac.padEnd(exp, '0');
    int += frac.slice(0, exp);
    frac = frac.slice(exp);
  } else if (exp < 0) {
    int = int.padStart(-exp, '0');
    frac = int.slice(int.length + exp) + frac;
    int = int.slice(0, int.length + exp);
  }
  return { negative: m[1] === '-', int: int.replace(/^0+/, ''), frac };
}

/** Rounds half away from zero to `scale` fraction digits. */
function roundDigits(d: Digits, scale: number): Digits {
  if (d.frac.length <= scale) return d;
  const kept = `${d.int}${d.frac.slice(0, scale)}` || '0';
  const up = Number(d.frac[scale]) >= 5;
  const units = (BigInt(kept) + (up ? 1n : 0n)).toString().padStart(scale + 1, '0');
  return {
    negative: d.negative,
    int: units.slice(0, units.length - scale).replace(/^0+/, ''),
    frac: units.slice(units.length - scale),
  };
}

export type NumberCheck =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly reason: 'not_a_number' | 'out_of_range' };

/**
 * A Number/Currency/Percent value for a field of `precision` total digits and `scale` after the
 * point: more fraction digits are rounded to the scale (as the org does), more integer digits
 * than `precision - scale` are out of range.
 * @example checkNumber('12.345', 5, 2) // { ok: true, value: 12.35 }
 */
export function checkNumber(raw: unknown, precision?: number, scale?: number): NumberCheck {
  if (typeof raw !== 'number' && typeof raw !== 'string') return { ok: false, reason: 'not_a_number' };
  const parsed = digitsOf(raw);
  if (!parsed) return { ok: false, reason: 'not_a_number' };
  if (precision === undefined || scale === undefined) return { ok: true, value: Number(raw) };
  const d = roundDigits(parsed, scale);
  if (d.int.length > precision - scale) return { ok: false, reason: 'out_of_range' };
  const text = `${d.negative ? '-' : ''}${d.int || '0'}${d.frac ? `.${d.frac}` : ''}`;
  return { ok: true, value: Number(text) };
}

const daysIn = (year: number, month: number) =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31;

const realDay = (y: string, m: string, d: string) =>
  Number(m) >= 1 && Number(m) <= 12 && Number(d) >= 1 && Number(d) <= daysIn(Number(y), Number(m));

/**
 * True for `YYYY-MM-DD` naming a real day (2026-02-31 and 2026-13-01 are not).
 * @example isRealDate('2028-02-29') // true
 */
export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && realDay(m[1]!, m[2]!, m[3]!);
}

/**
 * True for an ISO 8601 datetime the org accepts: `YYYY-MM-DDThh:mm[:ss[.sss]]` with `Z` or an
 * offset (`+0000`, `-05:00`), or a bare date, naming a real day and time.
 * @example isRealDateTime('2026-01-31T23:59:59.000+0000') // true
 */
export function isRealDateTime(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/.exec(
    text,
  );
  if (!m || !realDay(m[1]!, m[2]!, m[3]!)) return false;
  const [h, min, s, oh, om] = [m[4], m[5], m[6], m[8], m[9]].map((v) => Number(v ?? '0'));
  return h! <= 23 && min! <= 59 && s! <= 59 && oh! <= 14 && om! <= 59;
}
