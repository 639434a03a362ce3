import { getCountry } from 'countries-and-timezones';
import { SmsfleetError } from '../errors';
import { phoneCountry } from '../phone';

/** A daily quiet window in the contact's local time, minutes after midnight; `start > end` spans midnight. */
export interface QuietHours {
  startMinute: number;
  endMinute: number;
}

/** Parse `HH:MM-HH:MM` (e.g. `21:00-08:00`). Throws `SMSFLEET_ERR_VALIDATION` naming `field`. */
export function parseQuietHours(s: string, field = 'quietHours'): QuietHours {
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(s.trim());
  const fail = () =>
    new SmsfleetError('SMSFLEET_ERR_VALIDATION', `${field} must look like 21:00-08:00.`, {
      field,
      reason: 'must be HH:MM-HH:MM',
    });
  if (!m) throw fail();
  const q = { startMinute: Number(m[1]) * 60 + Number(m[2]), endMinute: Number(m[3]) * 60 + Number(m[4]) };
  if (q.startMinute === q.endMinute) throw fail();
  return q;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function localMinute(zone: string, at: Date): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  const parts = f.formatToParts(at);
  const h = Number(parts.find((p) => p.type === 'hour')?.value);
  const mi = Number(parts.find((p) => p.type === 'minute')?.value);
  return h * 60 + mi;
}

function inWindow(q: QuietHours, minute: number): boolean {
  return q.startMinute < q.endMinute
    ? minute >= q.startMinute && minute < q.endMinute
    : minute >= q.startMinute || minute < q.endMinute;
}

/** The time zones of the number's country (undefined when the country is unknown). */
export function phoneTimeZones(phone: string): string[] | undefined {
  const country = phoneCountry(phone);
  const zones = country ? getCountry(country)?.timezones : undefined;
  return zones?.length ? zones : undefined;
}

/**
 * When a non-urgent text to `phone` may go out, given quiet hours in the contact's local time: `undefined` when
 * `now` is outside the window, else the end of the window. The local time comes from the number's country; in a
 * country with several zones a time is quiet if it is quiet in any of them (no one is texted at night), and
 * should the zones leave no common daytime, the country's first zone decides. Unknown countries are never quiet.
 */
export function quietHoursDeferral(phone: string, now: Date, q: QuietHours): Date | undefined {
  const zones = phoneTimeZones(phone);
  if (!zones) return undefined;
  const quiet = (at: Date, zs: string[]) => zs.some((z) => inWindow(q, localMinute(z, at)));
  for (const zs of [zones, zones.slice(0, 1)]) {
    if (!quiet(now, zs)) return undefined;
    // Step to the next whole minute, then minute by minute (at most two days) until no zone is quiet.
    let t = Math.floor(now.getTime() / 60_000) * 60_000 + 60_000;
    for (let i = 0; i < 2 * 1440; i++, t += 60_000) if (!quiet(new Date(t), zs)) return new Date(t);
  }
  return undefined;
}
