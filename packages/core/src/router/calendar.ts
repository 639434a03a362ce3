/** A calendar period a carrier counts a SIM's caps in. */
export type CalendarPeriod = 'day' | 'month';

/** One local day or month of a time zone: its name and the epoch ms it starts and ends at (end exclusive). */
export interface PeriodWindow {
  /** `d:YYYY-MM-DD` or `m:YYYY-MM`, in the zone's local calendar: the store's key for the period. */
  id: string;
  start: number;
  end: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    formats.set(timeZone, f);
  }
  return f;
}

/** The local calendar date of `t` in `timeZone` as a sortable number: YYYYMMDD (day) or YYYYMM (month). */
function localKey(t: number, timeZone: string, period: CalendarPeriod): number {
  let y = 0;
  let m = 0;
  let d = 0;
  for (const p of format(timeZone).formatToParts(t)) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') m = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
  }
  return period === 'day' ? y * 10_000 + m * 100 + d : y * 100 + m;
}

/** The first instant in (lo, hi] whose local key is at least `key` (the key at `hi` is). Binary search, to the ms. */
function firstAtLeast(lo: number, hi: number, key: number, timeZone: string, period: CalendarPeriod): number {
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (localKey(mid, timeZone, period) >= key) hi = mid;
    else lo = mid;
  }
  return hi;
}

const HOUR = 3_600_000;
/** Far enough to cross any period boundary: a day is at most 25 h long, and offsets differ by at most 26 h. */
const REACH: Record<CalendarPeriod, number> = { day: 50 * HOUR, month: 33 * 24 * HOUR };

const cache = new Map<string, PeriodWindow>();

/**
 * The local day or month of `timeZone` that holds `now`, found with `Intl` alone: it starts at the first instant
 * whose local date is that day (local midnight, or later where a DST change skips midnight) and ends where the next
 * one starts. Driven by `now` only, so a clock that moves past local midnight rolls the period over.
 */
export function periodAt(now: number, timeZone: string, period: CalendarPeriod): PeriodWindow {
  const key = localKey(now, timeZone, period);
  const ck = `${timeZone}|${period}|${key}`;
  const hit = cache.get(ck);
  if (hit && hit.start <= now && now < hit.end) return hit;
  const start = firstAtLeast(now - REACH[period], now, key, timeZone, period);
  const end = firstAtLeast(now, now + REACH[period], key + 1, timeZone, period);
  const s = String(key);
  const id =
    period === 'day' ? `d:${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}` : `m:${s.slice(0, 4)}-${s.slice(4)}`;
  const w = { id, start, end };
  if (cache.size > 4096) cache.clear();
  cache.set(ck, w);
  return w;
}
