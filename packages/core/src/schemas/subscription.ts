import { z } from 'zod';
import { doc } from './doc';
import { E164, Timestamp } from './common';
import { MessageStatus } from './status';
import { OutboundEvent } from './envelope';

/** Event types a subscription can ask for. */
export const EVENT_TYPES = [
  'message.status_changed',
  'sms.received',
  'link.clicked',
  'contact.opted_out',
  'webhook.failing',
  'webhook.test',
  'webhook.disabled',
  'device.offline',
  'device.online',
] as const;
export const EventType = doc(z.enum(EVENT_TYPES), 'Type of an outbound event', 'message.status_changed');
export type EventType = z.infer<typeof EventType>;

/** A webhook subscription: where the hub POSTs signed events. */
export const Subscription = z
  .object({
    id: doc(z.string(), 'Subscription id', 'sub_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    url: doc(z.url({ protocol: /^https?$/ }), 'Where events are POSTed', 'https://example.com/hooks/sms'),
    events: z.array(EventType).min(1).describe('Event types to deliver'),
    statuses: z
      .array(MessageStatus)
      .optional()
      .describe('For message.status_changed: only these statuses (all when absent)'),
    from: doc(
      z.array(E164).min(1).max(100).optional(),
      'For sms.received: only texts from these numbers, in E.164 (all when absent)',
      ['+14155550123'],
    ),
    keywords: doc(
      z
        .array(z.string().regex(/^[^\s]{1,50}$/, 'must be one word'))
        .min(1)
        .max(100)
        .optional(),
      'For sms.received: only texts whose first word is one of these (case-insensitive, trailing punctuation ' +
        'ignored); all when absent',
      ['YES', 'CONFIRM'],
    ),
    description: doc(z.string().max(200).optional(), 'What the subscription is for', 'n8n workflow 12'),
    secret: doc(z.string(), 'Standard Webhooks signing secret (whsec_…)', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'),
    createdAt: Timestamp,
    failing: doc(z.boolean().default(false), 'True while deliveries keep failing (alarm raised)', false),
    consecutiveFailures: doc(z.number().int().min(0).default(0), 'Failed deliveries in a row', 0),
    failingSince: doc(
      Timestamp.optional(),
      'When the current run of failed attempts began (absent after a success)',
      '2026-11-23T10:15:30.000Z',
    ),
    disabledAt: doc(
      Timestamp.optional(),
      'When the subscription was disabled; while set it gets no deliveries (they are held for replay)',
      '2026-11-24T10:15:30.000Z',
    ),
    disabledReason: doc(
      z.string().max(200).optional(),
      'Why it was disabled',
      '20 failed attempts in a row (last: HTTP 500)',
    ),
  })
  .describe('A webhook subscription');
export type Subscription = z.infer<typeof Subscription>;

/** One attempt to deliver one event to one subscription. */
export const DeliveryAttempt = z
  .object({
    id: doc(z.string(), 'Delivery id', 'dlv_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    subscriptionId: doc(z.string(), 'Subscription id', 'sub_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    eventId: doc(z.string(), 'Event id (the webhook-id header)', 'evt_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    eventType: EventType,
    attempt: doc(z.number().int().min(1), 'Attempt number, 1-based', 1),
    at: Timestamp,
    ok: doc(z.boolean(), 'True on a 2xx answer', true),
    statusCode: doc(z.number().int().optional(), 'HTTP status the subscriber answered', 200),
    error: doc(z.string().max(500).optional(), 'Network error or response excerpt', 'connect ECONNREFUSED'),
    durationMs: doc(z.number().min(0), 'Round-trip time', 42),
    deadLettered: doc(z.boolean().default(false), 'True when this was the last attempt and it failed', false),
    nextAttemptAt: Timestamp.optional(),
    held: doc(
      z.boolean().optional(),
      'True when no request was made because the subscription was disabled; the event can be replayed',
      true,
    ),
    replay: doc(z.boolean().optional(), 'True when this attempt was sent by a replay', true),
    event: OutboundEvent.optional().describe('The event as sent (the webhook body), kept for replay'),
  })
  .describe('A webhook delivery attempt');
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;
