import fc from 'fast-check';
import { canonicalIsoMs, isoTime } from './iso-time';

const roundTrips = (v: string): number | undefined => {
  const ms = Date.parse(v);
  return Number.isFinite(ms) && new Date(ms).toISOString() === v ? ms : undefined;
};

describe('canonicalIsoMs', () => {
  it('accepts exactly what toISOString writes', () => {
    for (const v of [
      '2026-12-01T00:33:20.123Z',
      '2028-02-29T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
      '0050-06-01T12:00:00.000Z',
    ])
      expect(canonicalIsoMs(v)).toBe(Date.parse(v));
    for (const v of [
      '2026-02-29T00:00:00.000Z',
      '2026-04-31T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-01-01T00:00:00Z',
      '2026-01-01T00:00:00.000+00:00',
      '2026-1-01T00:00:00.000Z',
      '2100-02-29T00:00:00.000Z',
      'yesterday',
      '2026-01-01T00:00:00.00aZ',
      '2026-01-01T00:60:00.000Z',
      '2026-01-01t00:00:00.000Z',
      '2026-01-00T00:00:00.000Z',
      ' 2026-01-01T00:00:00.000Z',
    ]) {
      expect(canonicalIsoMs(v)).toBeUndefined();
    }
  });

  it('agrees with a round trip through Date for any instant and any near-miss string', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4102444800000 }), (ms) => {
        const v = new Date(ms).toISOString();
        expect(canonicalIsoMs(v)).toBe(ms);
      }),
    );
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    fc.assert(
      fc.property(
        digits(4),
        digits(2),
        digits(2),
        digits(2),
        digits(2),
        digits(2),
        digits(3),
        (y, mo, d, h, mi, s, ms) => {
          const v = `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`;
          expect(canonicalIsoMs(v)).toBe(roundTrips(v));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

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
