import { addressLines } from './address-lines.ts';

describe('addressLines', () => {
  it('splits a street into trimmed lines, dropping empty ones', () => {
    expect(addressLines(' 1 Main St \r\n\nSuite 4 ')).toEqual(['1 Main St', 'Suite 4']);
    expect(addressLines(undefined)).toEqual([]);
  });

  it('keeps what a sixth line and beyond held, joined into the fifth', () => {
    expect(addressLines('a\nb\nc\nd\ne\nf\ng')).toEqual(['a', 'b', 'c', 'd', 'e, f, g']);
    expect(addressLines('a\nb\nc\nd\ne')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
