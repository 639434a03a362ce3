import fc from 'fast-check';
import { periodAt } from './calendar';

// Zones with DST at 02:00 or 01:00, DST at midnight (Santiago, Havana), half-hour DST (Lord Howe), odd offsets
// (Kathmandu, Chatham), far east and west of UTC, and Apia, which skipped 30 December 2011.
const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'America/Santiago',
  'America/Havana',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Pacific/Apia',
];
const HOUR = 3_600_000;

const local = (t: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);

describe('calendar periods', () => {
  it('names the local day and month and ends them at local midnight', () => {
    // 2026-03-29 01:30 UTC: London has just sprung forward (a 23-hour day); New York is still on the 28th.
    const t = Date.UTC(2026, 2, 29, 1, 30);
    expect(periodAt(t, 'Europe/London', 'day')).toEqual({
      id: 'd:2026-03-29',
      start: Date.UTC(2026, 2, 29, 0, 0),
      end: Date.UTC(2026, 2, 29, 23, 0),
    });
    expect(periodAt(t, 'America/New_York', 'day')).toEqual({
      id: 'd:2026-03-28',
      start: Date.UTC(2026, 2, 28, 4, 0),
      end: Date.UTC(2026, 2, 29, 4, 0),
    });
    expect(periodAt(t, 'Asia/Kathmandu', 'month')).toEqual({
      id: 'm:2026-03',
      start: Date.UTC(2026, 1, 28, 18, 15),
      end: Date.UTC(2026, 2, 31, 18, 15),
    });
    // Santiago springs forward at midnight: 6 September 2026 starts at 01:00 local.
    const santiago = periodAt(Date.UTC(2026, 8, 6, 12), 'America/Santiago', 'day');
    expect(santiago.id).toBe('d:2026-09-06');
    expect(santiago.end - santiago.start).toBe(23 * HOUR);
  });

  it('holds now, tiles time without gaps, and matches the local calendar, in every zone (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2010, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...ZONES),
        fc.constantFrom('day' as const, 'month' as const),
        (t, tz, period) => {
          const w = periodAt(t, tz, period);
          expect(w.start).toBeLessThanOrEqual(t);
          expect(t).toBeLessThan(w.end);
          const name = (x: number) => (period === 'day' ? local(x, tz) : local(x, tz).slice(0, 7));
          // The id is the local date of every instant inside, and of none just outside.
          expect(w.id.slice(2)).toBe(name(t));
          expect(name(w.start)).toBe(name(t));
          expect(name(w.end - 1)).toBe(name(t));
          expect(name(w.start - 1)).not.toBe(name(t));
          expect(name(w.end)).not.toBe(name(t));
          // The next period starts where this one ends; lengths stay calendar-like across DST.
          expect(periodAt(w.end, tz, period).start).toBe(w.end);
          expect(periodAt(w.start, tz, period)).toEqual(w);
          const len = (w.end - w.start) / HOUR;
          if (period === 'day') expect(len === 22.5 || (len >= 23 && len <= 25)).toBe(true);
          else expect(len >= 28 * 24 - 2 && len <= 31 * 24 + 2).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
