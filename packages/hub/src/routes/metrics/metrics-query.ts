import type { z } from 'zod';
import { SmsfleetError } from '@smsfleet/core';
import type { MetricsQuery } from '../../engagement/metrics-service';
import type { MetricsFilter } from './schemas';

/**
 * The service's query for the filters: `until` defaults to now and `since` to a day before it; a range that is
 * empty or longer than `maxMs` is refused naming `querystring.since`.
 */
export function toQuery(q: z.infer<typeof MetricsFilter>, now: number, maxMs: number): MetricsQuery {
  const until = q.until ? new Date(q.until) : new Date(now);
  const since = q.since ? new Date(q.since) : new Date(until.getTime() - 86400_000);
  if (since >= until)
    throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', '`since` must be before `until`.', {
      field: 'querystring.since',
      reason: 'must be before until',
    });
  if (until.getTime() - since.getTime() > maxMs) {
    throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'The range is too long.', {
      field: 'querystring.since',
      reason: `the range may span at most ${Math.round(maxMs / 86400_000)} days`,
    });
  }
  return {
    since,
    until,
    ...(q.campaign ? { campaign: q.campaign } : {}),
    ...(q.tag ? { tag: q.tag } : {}),
    ...(q.deviceId ? { deviceId: q.deviceId } : {}),
    ...(q.sim ? { sim: q.sim } : {}),
    ...(q.gateway ? { gateway: q.gateway } : {}),
  };
}
