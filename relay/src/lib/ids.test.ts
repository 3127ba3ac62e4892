import { uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('is a version 7, variant 1 UUID whose first 48 bits are the time', () => {
    const id = uuidv7(0x0123456789ab);
    expect(id).toMatch(/^01234567-89ab-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts by time, and never repeats within a millisecond', () => {
    const t = 0x0200000000ab;
    const ids = [uuidv7(t + 1_000), uuidv7(t + 2_000), uuidv7(t + 3_000)];
    expect([...ids].sort()).toEqual(ids);
    const same = Array.from({ length: 1000 }, () => uuidv7(t + 5_000));
    expect(new Set(same).size).toBe(1000);
  });

  it('made in one millisecond, or after the clock went back, sorts in the order made', () => {
    const t = 0x0300000000ab;
    const made = Array.from({ length: 5000 }, () => uuidv7(t));
    expect([...made].sort()).toEqual(made);
    expect(made[0]!.slice(0, 13)).toBe('03000000-00ab');
    // Past 4,095 in one millisecond the time moves on by one.
    expect(made[4096]!.slice(0, 13)).toBe('03000000-00ac');
    const back = uuidv7(t - 60_000);
    expect(back > made.at(-1)!).toBe(true);
    expect(uuidv7(t + 10_000).slice(0, 13)).toBe('03000000-27bb');
  });
});
