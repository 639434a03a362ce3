import type { z } from 'zod';
import { SmsfleetError } from '@smsfleet/core';
import type { RollupQuery } from './rollup-metrics';
import type { MetricsFilter } from './schemas';

const HOUR = 3600_000;
const DAY = 86400_000;

const refuse = (field: string, message: string, reason: string) =>
  new SmsfleetError('SMSFLEET_ERR_VALIDATION', message, { field: `querystring.${field}`, reason });

/**
 * The roll-up query for the filters: `until` defaults to now and `since` to a day before it, both widened to whole
 * hours (the roll-ups' finest bucket). Refused, naming the field: an empty or reversed range (`since`), one longer
 * than `maxDays` (`since`), one longer than `hourDays` with hourly buckets (`bucket`: ask for days), and a tag with
 * another dimension (`tag`: roll-ups keep tags apart from the campaign/device/SIM/gateway tuple).
 */
export function toQuery(
  q: z.infer<typeof MetricsFilter>,
  now: number,
  opts: { maxDays: number; hourDays?: number },
): RollupQuery {
  const until = q.until ? Date.parse(q.until) : now;
  const since = q.since ? Date.parse(q.since) : until - DAY;
  if (since >= until) throw refuse('since', '`since` must be before `until`.', 'must be before until');
  const s = Math.floor(since / HOUR) * HOUR;
  const u = Math.ceil(until / HOUR) * HOUR;
  if (u - s > opts.maxDays * DAY)
    throw refuse('since', 'The range is too long.', `the range may span at most ${opts.maxDays} days`);
  if (opts.hourDays !== undefined && u - s > opts.hourDays * DAY)
    throw refuse(
      'bucket',
      'The range is too long for hourly buckets.',
      `hourly buckets cover at most ${opts.hourDays} days; use bucket=day`,
    );
  if (q.tag !== undefined && (q.campaign ?? q.deviceId ?? q.sim ?? q.gateway) !== undefined)
    throw refuse('tag', 'A tag cannot be combined with other filters.', 'combine tag with no other dimension');
  return {
    since: s,
    until: u,
    ...(q.campaign ? { campaign: q.campaign } : {}),
    ...(q.tag ? { tag: q.tag } : {}),
    ...(q.deviceId ? { deviceId: q.deviceId } : {}),
    ...(q.sim ? { sim: q.sim } : {}),
    ...(q.gateway ? { gateway: q.gateway } : {}),
  };
}
