const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The `n` decimal digits of `v` from `at` as a number, or -1 when any of them is not a digit. */
function digits(v: string, at: number, n: number): number {
  let x = 0;
  for (let i = at; i < at + n; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    x = x * 10 + d;
  }
  return x;
}

/**
 * Epoch ms of `v` when it is exactly what `Date.prototype.toISOString` writes for that instant (UTC, milliseconds,
 * `Z`, every field in range), else undefined. The same answer as `new Date(Date.parse(v)).toISOString() === v`,
 * without formatting a date or allocating: timestamps are read and written several times on every status report.
 */
export function canonicalIsoMs(v: string): number | undefined {
  // YYYY-MM-DDTHH:mm:ss.sssZ
  if (
    v.length !== 24 ||
    v.charCodeAt(4) !== 45 ||
    v.charCodeAt(7) !== 45 ||
    v.charCodeAt(10) !== 84 ||
    v.charCodeAt(13) !== 58 ||
    v.charCodeAt(16) !== 58 ||
    v.charCodeAt(19) !== 46 ||
    v.charCodeAt(23) !== 90
  )
    return undefined;
  const year = digits(v, 0, 4);
  const month = digits(v, 5, 2);
  const day = digits(v, 8, 2);
  const hour = digits(v, 11, 2);
  const minute = digits(v, 14, 2);
  const second = digits(v, 17, 2);
  const ms = digits(v, 20, 3);
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    ms < 0
  ) {
    return undefined;
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS[month - 1]!)) return undefined;
  if (year < 100) return Date.parse(v); // Date.UTC reads years 0-99 as 1900-1999
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The second {@link isoTime} last formatted, and its ISO text up to the milliseconds. */
let lastSecond = Number.NaN;
let secondPrefix = '';

/**
 * `new Date(ms).toISOString()`, made from the text of its second: the hub's hit counter formats a time per click,
 * and the clicks of a batch fall in a few seconds (a Date and its formatting cost some 0.5 µs a time, this a
 * concatenation).
 */
export function isoTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (!Number.isInteger(ms)) return new Date(ms).toISOString(); // throws as it does for NaN
  if (second !== lastSecond) {
    // The ISO text of a whole second ends in `.000Z` (years past 9999 included): keep what comes before `000Z`.
    secondPrefix = new Date(second * 1000).toISOString().slice(0, -4);
    lastSecond = second;
  }
  const rest = ms - second * 1000;
  return `${secondPrefix}${rest < 10 ? '00' : rest < 100 ? '0' : ''}${rest}Z`;
}
