const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch ms of `v` when it is exactly what `Date.prototype.toISOString` writes for that instant (UTC, milliseconds,
 * `Z`, every field in range), else undefined. The same answer as `new Date(Date.parse(v)).toISOString() === v`,
 * without formatting a date: timestamps are read and written on every status report.
 */
export function canonicalIsoMs(v: string): number | undefined {
  const m = CANONICAL.exec(v);
  if (!m) return undefined;
  const year = Number(m[1]); const month = Number(m[2]); const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS[month - 1]!)) return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}
