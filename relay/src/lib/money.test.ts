import {
  compare,
  decimal,
  format,
  isZero,
  multiply,
  optionalMoney,
  parseDecimal,
  round,
  subtract,
  sum,
  toMoneyString,
} from './money.ts';

describe('money', () => {
  it('multiplies exactly: a quantity times a rate, no binary floating point', () => {
    expect(format(multiply(decimal('1.5'), decimal('19.99')))).toBe('29.985');
    expect(toMoneyString(multiply(decimal('3'), decimal('0.1')))).toBe('0.30');
    expect(format(multiply(decimal('-2'), decimal('0.05')))).toBe('-0.10');
  });

  it('parses decimal strings exactly and rejects anything else', () => {
    expect(parseDecimal('1234.50')).toEqual({ units: 123450n, scale: 2 });
    expect(parseDecimal('-0.5')).toEqual({ units: -5n, scale: 1 });
    expect(parseDecimal('.25')).toEqual({ units: 25n, scale: 2 });
    expect(parseDecimal('7')).toEqual({ units: 7n, scale: 0 });
    for (const bad of ['', '.', '1,234.50', '1e3', 'abc', '--1', '1.2.3']) expect(parseDecimal(bad)).toBeUndefined();
  });

  it('sums to the cent where floating point would not', () => {
    const cents = Array.from({ length: 1000 }, () => decimal('0.10'));
    expect(toMoneyString(sum(cents))).toBe('100.00');
    // The same with floats drifts: 0.1 * 1000 summed is 99.9999999999986.
    expect(Array.from({ length: 1000 }, () => 0.1).reduce((a, b) => a + b, 0)).not.toBe(100);
    expect(format(sum([decimal('19.99'), decimal('0.01'), decimal('-5.5')]))).toBe('14.50');
  });

  it('subtracts, compares and rounds half away from zero', () => {
    expect(format(subtract(decimal('100.00'), decimal('33.333')))).toBe('66.667');
    expect(compare(decimal('1.10'), decimal('1.1'))).toBe(0);
    expect(compare(decimal('-1'), decimal('0.01'))).toBe(-1);
    expect(format(round(decimal('2.345'), 2))).toBe('2.35');
    expect(format(round(decimal('-2.345'), 2))).toBe('-2.35');
    expect(format(round(decimal('2.344'), 2))).toBe('2.34');
    expect(isZero(decimal('-0.00'))).toBe(true);
  });

  it('formats with padding and sign', () => {
    expect(format({ units: -5n, scale: 2 })).toBe('-0.05');
    expect(toMoneyString(decimal('12'))).toBe('12.00');
    expect(toMoneyString(decimal('12.005'))).toBe('12.01');
  });
});

describe('optionalMoney', () => {
  it('writes two places and keeps an absent amount absent', () => {
    expect([optionalMoney('12.5'), optionalMoney('-0.1'), optionalMoney('7'), optionalMoney(undefined)]).toEqual([
      '12.50',
      '-0.10',
      '7.00',
      undefined,
    ]);
  });
});
