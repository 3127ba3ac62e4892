/**
 * @module
 * Exact decimals for amounts, quantities and prices. A value is a bigint scaled by 10^8, so sums and
 * products never go through binary floats; it turns back into a JSON number only when written out
 * (`toJSON`), which gives what QuickBooks sends: `100`, `12.75`, `362.07`, never `100.00`.
 */

const SCALE_DIGITS = 8;
const SCALE = 10n ** BigInt(SCALE_DIGITS);

export class Dec {
  /** The value times 10^8. */
  readonly scaled: bigint;
  constructor(scaled: bigint) {
    this.scaled = scaled;
  }

  /** Parses `"12.75"`, `12.75` or `"-3"`; undefined for anything that is not a plain decimal. */
  static parse(v: unknown): Dec | undefined {
    if (v instanceof Dec) return v;
    // A JSON number's shortest round-trip form is the literal the client wrote (up to 15 digits).
    const text = typeof v === 'number' && Number.isFinite(v) ? numberText(v) : typeof v === 'string' ? v.trim() : '';
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
    if (!m || (!m[2] && !m[3])) return undefined;
    const frac = (m[3] ?? '').padEnd(SCALE_DIGITS, '0');
    if (frac.length > SCALE_DIGITS && /[1-9]/.test(frac.slice(SCALE_DIGITS))) return undefined;
    const scaled = BigInt(m[2] || '0') * SCALE + BigInt(frac.slice(0, SCALE_DIGITS));
    return new Dec(m[1] === '-' ? -scaled : scaled);
  }

  static of(v: number | string): Dec {
    const d = Dec.parse(v);
    if (!d) throw new Error(`not a decimal: ${v}`);
    return d;
  }

  static readonly ZERO = new Dec(0n);

  add(o: Dec): Dec {
    return new Dec(this.scaled + o.scaled);
  }
  sub(o: Dec): Dec {
    return new Dec(this.scaled - o.scaled);
  }
  /** The exact product, rounded half away from zero to `digits` decimals. */
  mul(o: Dec, digits = 2): Dec {
    return new Dec(this.scaled * o.scaled).div(SCALE).round(digits);
  }
  private div(by: bigint): Dec {
    return new Dec(this.scaled / by);
  }
  round(digits: number): Dec {
    const unit = 10n ** BigInt(SCALE_DIGITS - digits);
    const half = unit / 2n;
    const abs = this.scaled < 0n ? -this.scaled : this.scaled;
    const rounded = ((abs + half) / unit) * unit;
    return new Dec(this.scaled < 0n ? -rounded : rounded);
  }
  eq(o: Dec): boolean {
    return this.scaled === o.scaled;
  }
  cmp(o: Dec): number {
    return this.scaled < o.scaled ? -1 : this.scaled > o.scaled ? 1 : 0;
  }
  isZero(): boolean {
    return this.scaled === 0n;
  }

  /** `12.75`, `-3`, `0.5` */
  toString(): string {
    const neg = this.scaled < 0n;
    const abs = neg ? -this.scaled : this.scaled;
    const whole = abs / SCALE;
    const frac = (abs % SCALE).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
    return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
  }
  toJSON(): number {
    return Number(this.toString());
  }
}

/** Plain notation for a JSON number (no exponent), e.g. 1e-7 → `0.0000001`. */
function numberText(n: number): string {
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(SCALE_DIGITS + 1) : s;
}

/** The sum of the values, exactly. */
export const sum = (values: readonly Dec[]): Dec => values.reduce((a, b) => a.add(b), Dec.ZERO);
