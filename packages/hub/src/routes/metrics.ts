import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { SmsfleetError, doc } from '@smsfleet/core';
import { MetricsService, type MetricsQuery } from '../engagement/metrics-service';
import { AUTHED_ERRORS } from './schemas';

const Rate = (d: string, ex: number) =>
  doc(z.number().min(0).max(1).nullable(), `${d}; null when the denominator is 0`, ex);
const Count = (d: string, ex: number) => doc(z.number().int().min(0), d, ex);
const Breakdown = (d: string, ex: Record<string, number>) => doc(z.record(z.string(), z.number().int()), d, ex);

const MetricsFilter = z.strictObject({
  since: doc(
    z.iso.datetime({ offset: true }).optional(),
    'Messages created at or after (default: 24 h before `until`)',
    '2026-11-23T00:00:00Z',
  ),
  until: doc(
    z.iso.datetime({ offset: true }).optional(),
    'Messages created before (default: now)',
    '2026-11-24T00:00:00Z',
  ),
  campaign: doc(z.string().optional(), 'Only this campaign', 'black-friday'),
  tag: doc(z.string().optional(), 'Only messages with this tag', 'reminder'),
  deviceId: doc(z.string().optional(), 'Only messages sent from this device', 'pixel-7'),
  sim: doc(z.coerce.number().int().min(1).max(2).optional(), 'Only this SIM slot (with deviceId)', 1),
  gateway: doc(z.enum(['sms-gate', 'httpsms', 'textbee', 'mysmsgate']).optional(), 'Only this gateway', 'sms-gate'),
});

const Metrics = z
  .object({
    range: z
      .object({
        since: doc(z.string(), 'Start of the range', '2026-11-23T00:00:00.000Z'),
        until: doc(z.string(), 'End of the range', '2026-11-24T00:00:00.000Z'),
      })
      .describe('The range'),
    messages: Count('Messages created in the range', 120),
    handedOver: Count('Messages handed to a phone (at least one hand-over), whatever became of them', 118),
    sent: Count(
      'Messages the phone sent: a sent report, or delivered/undelivered (a text that failed before it went out is not counted)',
      113,
    ),
    delivered: Count('Messages delivered', 104),
    failed: Count('Messages that finally failed (failed, undelivered, rejected, expired)', 12),
    failedByCategory: Breakdown('Failures per category', { invalid_number: 9, device_offline: 3 }),
    failedByCode: Breakdown('Failures per catalogue code', { 5001: 9 }),
    deliveryRate: Rate('delivered / handedOver: of the texts given to phones, the share that arrived', 0.8814),
    timeToDeliverMs: z
      .object({ p50: Count('Median ms from sent to delivered', 3200), p95: Count('95th percentile', 9100) })
      .nullable()
      .describe('Time to deliver; null when nothing was delivered'),
    clicks: z
      .object({
        unique: Count('Distinct visitors', 30),
        total: Count('Clicks by people', 41),
        bots: Count('Bot and link-preview hits (not clicks)', 17),
      })
      .describe('Short-link clicks'),
    deliveredWithLinks: Count('Delivered messages that carried a tracked link', 80),
    clickThroughRate: Rate(
      'Delivered messages with a link that someone clicked / delivered messages with a link',
      0.375,
    ),
    replies: Count('Inbound texts credited to these messages', 14),
    replyRate: Rate('Messages with at least one reply / delivered', 0.1346),
    optOuts: Count('Opt-outs sent in reply to these messages', 2),
    optOutRate: Rate('optOuts / delivered', 0.0192),
    segments: Count('Segments charged (failed messages are not charged)', 130),
    cost: z
      .object({
        amount: doc(z.number(), 'segments x price per segment', 0.975),
        currency: doc(z.string(), 'Currency', 'USD'),
      })
      .describe('Cost'),
  })
  .describe('Engagement metrics over a range');

const Series = z
  .object({
    bucket: doc(z.enum(['hour', 'day']), 'Bucket size', 'hour'),
    points: z
      .array(
        z
          .object({
            at: doc(z.string(), 'Start of the bucket', '2026-11-23T10:00:00.000Z'),
            handedOver: Count('Handed to a phone', 10),
            sent: Count('Sent by the phone', 10),
            delivered: Count('Delivered', 9),
            failed: Count('Failed', 1),
            clicks: Count('Clicks by people', 4),
            replies: Count('Replies', 2),
            optOuts: Count('Opt-outs', 0),
            deliveryRate: Rate('delivered / handedOver', 0.9),
          })
          .describe('One bucket'),
      )
      .describe('Buckets, oldest first'),
  })
  .describe('Metrics over time');

function toQuery(q: z.infer<typeof MetricsFilter>, now: number, maxMs: number): MetricsQuery {
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

/** `GET /v1/metrics` and `GET /v1/metrics/series`. */
export const metricsRoutes: FastifyPluginAsyncZod = async (app) => {
  const eng = app.config.engagement;
  const service = new MetricsService({
    store: app.store,
    pricing: { perSegment: eng.pricePerSegment, currency: eng.currency },
  });
  const tags = ['metrics'];
  app.get(
    '/metrics',
    {
      schema: {
        tags,
        summary: 'Engagement metrics',
        description:
          'Delivery, failures, clicks, replies, opt-outs and cost of the messages created in the range (at most 400 days), with filters.',
        querystring: MetricsFilter,
        response: { 200: Metrics, ...AUTHED_ERRORS },
      },
    },
    async (request) => service.summary(toQuery(request.query, app.clock.now(), 400 * 86400_000)),
  );

  app.get(
    '/metrics/series',
    {
      schema: {
        tags,
        summary: 'Engagement metrics over time',
        description: 'Per hour (range up to 31 days) or per day (up to 400 days).',
        querystring: MetricsFilter.extend({
          bucket: doc(z.enum(['hour', 'day']).default('hour'), 'Bucket size', 'hour'),
        }),
        response: { 200: Series, ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const { bucket, ...f } = request.query;
      return service.series(toQuery(f, app.clock.now(), (bucket === 'hour' ? 31 : 400) * 86400_000), bucket);
    },
  );
};
