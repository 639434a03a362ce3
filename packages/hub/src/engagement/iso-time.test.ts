import { isoTime } from './iso-time';

describe('isoTime', () => {
  it('formats as toISOString does', () => {
    const times = [0, 1, 999, 1000, 1_700_000_000_000, 1_700_000_000_007, 1_700_000_000_042, 1_700_000_001_500];
    times.push(-1, -1001, 253_402_300_799_999, 253_402_300_800_000, 1_700_000_000_000.5);
    for (let ms = 1_700_000_000_000; ms < 1_700_000_003_000; ms += 37) times.push(ms);
    for (const ms of times) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it('throws on an invalid time as toISOString does', () => {
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
