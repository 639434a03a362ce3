import { z } from 'zod';
import { doc } from '@smsfleet/core';

const Rate = (d: string, ex: number) =>
  doc(z.number().min(0).max(1).nullable(), `${d}; null when the denominator is 0`, ex);
const Count = (d: string, ex: number) => doc(z.number().int().min(0), d, ex);
const Breakdown = (d: string, ex: Record<string, number>) => doc(z.record(z.string(), z.number().int()), d, ex);

/** The filters of both metrics operations. */
export const MetricsFilter = z.strictObject({
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

/** `GET /metrics` */
export const Metrics = z
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
      'Messages the phone sent: a sent report, or delivered/undelivered ' +
        '(a text that failed before it went out is not counted)',
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

/** `GET /metrics/series` */
export const Series = z
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
