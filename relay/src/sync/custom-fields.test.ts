import { parseValueMap, transform, type Transform } from './custom-fields.ts';

describe('field mapping transforms', () => {
  const map: Transform = {
    kind: 'value_map',
    pairs: [
      ['Gold', 'A'],
      ['Silver', 'B'],
    ],
    fallback: 'Standard',
  };

  it('copies a value as it is, and an empty one as none', () => {
    expect(transform({ kind: 'copy' }, 'West', 'crm')).toEqual({ value: 'West' });
    expect(transform({ kind: 'copy' }, '', 'books')).toEqual({ value: null });
  });

  it('maps a value each way, an unmapped one taking the default', () => {
    expect(transform(map, 'Gold', 'books')).toEqual({ value: 'A' });
    expect(transform(map, 'B', 'crm')).toEqual({ value: 'Silver' });
    expect(transform(map, 'Z', 'crm')).toEqual({ value: 'Standard' });
    expect(transform({ kind: 'value_map', pairs: [] }, 'Z', 'crm')).toEqual({ value: null });
    expect(transform(map, undefined, 'crm')).toEqual({ value: null });
  });

  it('maps an unmapped value towards the books by the `*` pair, never by the CRM default', () => {
    const both: Transform = { ...map, pairs: [...map.pairs!, ['*', 'U']] };
    expect(transform(both, 'Bronze', 'books')).toEqual({ value: 'U' });
    expect(transform(both, 'Gold', 'books')).toEqual({ value: 'A' });
    // Without a `*` pair an unmapped value is none in the books (the default is a CRM value).
    expect(transform(map, 'Bronze', 'books')).toEqual({ value: null });
    // The default stood for a books value the map lacks: sent back, the books keep their own.
    expect(transform(both, 'Standard', 'books')).toEqual({ value: null, keep: true });
    // The `*` pair's books value stands for CRM values the map lacks: read back, the CRM keeps its own.
    expect(transform(both, 'U', 'crm')).toEqual({ value: null, keep: true });
    expect(transform(both, 'Z', 'crm')).toEqual({ value: 'Standard' });
    expect(transform(both, '*', 'crm')).toEqual({ value: 'Standard' });
  });

  it('reads a value map, refusing a part that is not a pair', () => {
    expect(parseValueMap('Gold=A; Silver = B;')).toEqual([
      ['Gold', 'A'],
      ['Silver', 'B'],
    ]);
    expect(parseValueMap('Gold=A;Silver')).toBeUndefined();
    expect(parseValueMap('=A')).toBeUndefined();
  });

  it('truncates to the receiving field, or its own length when shorter, saying from how long', () => {
    expect(transform({ kind: 'truncate' }, 'abcdef', 'books', 4)).toEqual({ value: 'abcd', cutFrom: 6 });
    expect(transform({ kind: 'truncate', format: '2' }, 'abcdef', 'books', 4)).toEqual({ value: 'ab', cutFrom: 6 });
    expect(transform({ kind: 'truncate' }, 'abc', 'crm', 4)).toEqual({ value: 'abc' });
    // Characters, not UTF-16 halves.
    expect(transform({ kind: 'truncate' }, '😀😀😀', 'crm', 2)).toEqual({ value: '😀😀', cutFrom: 3 });
  });

  it('writes the default when empty', () => {
    const t: Transform = { kind: 'default', fallback: 'Unassigned' };
    expect(transform(t, '', 'crm')).toEqual({ value: 'Unassigned' });
    expect(transform(t, 'East', 'crm')).toEqual({ value: 'East' });
  });

  it('formats a date for the books and reads it back', () => {
    const t: Transform = { kind: 'date', format: 'MM/dd/yyyy' };
    expect(transform(t, '2026-12-03', 'books')).toEqual({ value: '12/03/2026' });
    expect(transform(t, '12/3/2026', 'crm')).toEqual({ value: '2026-12-03' });
    expect(transform(t, 'soon', 'crm')).toEqual({ value: null });
  });

  it('formats numbers exactly, rounding half away from zero', () => {
    const t: Transform = { kind: 'number', format: '2' };
    expect(transform(t, '1,234.565', 'crm')).toEqual({ value: '1234.57' });
    expect(transform(t, '0.1', 'books')).toEqual({ value: '0.10' });
    expect(transform(t, '12345678901234567890.005', 'crm')).toEqual({ value: '12345678901234567890.01' });
    expect(transform(t, 'n/a', 'crm')).toEqual({ value: null });
  });
});
