import { withoutUndefined } from './objects.ts';

describe('withoutUndefined', () => {
  it('drops absent values and keeps empty ones (null, "", 0, false)', () => {
    expect(withoutUndefined({ a: undefined, b: null, c: '', d: 0, e: false, f: 'x' })).toStrictEqual({
      b: null,
      c: '',
      d: 0,
      e: false,
      f: 'x',
    });
  });
});
