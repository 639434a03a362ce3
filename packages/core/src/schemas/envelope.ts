import { z } from 'zod';
import { doc } from './doc';
import { Campaign, E164, GatewayKind, Metadata, Reference, SimSlot, Tags, Timestamp } from './common';
import { MessageFailure, MessageStatus } from './status';
import { InReplyTo } from './inbound';
import { MediaLink } from './media';

const MessageRef = {
  messageId: doc(z.string(), 'smsfleet message id', 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x'),
  to: E164.describe('Recipient'),
  reference: Reference.optional(),
  metadata: Metadata.optional(),
  campaign: Campaign.optional(),
  tags: Tags.optional(),
};

/** Data of `message.status_changed`. */
export const StatusChangedData = z
  .object({
    ...MessageRef,
    status: MessageStatus,
    previousStatus: MessageStatus,
    deviceId: doc(z.string().optional(), 'Sending device', 'pixel-7'),
    sim: SimSlot.optional(),
    failure: MessageFailure.optional(),
    segments: doc(z.number().int().min(1), 'Parts on the air', 1),
    at: Timestamp,
  })
  .describe('A message changed status');

/** Data of `sms.received`. */
export const SmsReceivedData = z
  .object({
    inboundId: doc(z.string(), 'Inbound id', 'in_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    from: E164,
    to: E164.optional(),
    body: doc(z.string(), 'Text received', 'Yes, see you at 10'),
    deviceId: doc(z.string(), 'Receiving device', 'pixel-7'),
    sim: SimSlot.optional(),
    receivedAt: Timestamp,
    inReplyTo: InReplyTo.optional(),
    keyword: doc(z.enum(['opt_out', 'opt_in', 'help']).optional(), 'Compliance keyword', 'opt_out'),
    media: z.array(MediaLink).max(20).optional().describe('MMS attachments: signed URLs that expire with the text'),
  })
  .describe('A text was received');

/** Data of `link.clicked`. */
export const LinkClickedData = z
  .object({
    ...MessageRef,
    linkId: doc(z.string(), 'Short link id', 'lnk_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    url: doc(z.string(), 'Destination URL', 'https://shop.example.com/orders/A-1042'),
    clickedAt: Timestamp,
    firstClick: doc(z.boolean(), 'True on the first counted click of this link', true),
  })
  .describe('A tracked link was clicked');

/** Data of `contact.opted_out`. */
export const OptedOutData = z
  .object({
    phone: E164,
    keyword: doc(z.string().optional(), 'Keyword that opted out', 'STOP'),
    source: doc(z.enum(['keyword', 'api', 'import']), 'How', 'keyword'),
    at: Timestamp,
    inReplyTo: InReplyTo.optional(),
  })
  .describe('A contact opted out');

/** Data of `webhook.failing`. */
export const WebhookFailingData = z
  .object({
    subscriptionId: doc(z.string(), 'The failing subscription', 'sub_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    url: doc(z.string(), 'Its URL', 'https://example.com/hooks/sms'),
    consecutiveFailures: doc(z.number().int(), 'Failures in a row', 5),
    lastError: doc(z.string().optional(), 'Last error', 'HTTP 500'),
    at: Timestamp,
  })
  .describe('A subscription keeps failing');

/** Data of `webhook.disabled`. */
export const WebhookDisabledData = z
  .object({
    subscriptionId: doc(z.string(), 'The disabled subscription', 'sub_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    url: doc(z.string(), 'Its URL', 'https://example.com/hooks/sms'),
    reason: doc(z.string(), 'Why', '20 failed attempts in a row (last: HTTP 500)'),
    consecutiveFailures: doc(z.number().int(), 'Failures in a row', 20),
    at: Timestamp,
  })
  .describe('A subscription was disabled after failing too long; its deliveries are held until re-enabled');

/** Data of `webhook.test`. */
export const WebhookTestData = z
  .object({
    subscriptionId: doc(z.string(), 'Subscription being tested', 'sub_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    message: doc(z.string(), 'Greeting', 'This is a test event from smsfleet.'),
    at: Timestamp,
  })
  .describe('A test event');

/** Data of `device.offline` and `device.online`. */
export const DeviceHealthData = z
  .object({
    deviceId: doc(z.string(), 'smsfleet device id', 'pixel-7'),
    name: doc(z.string(), 'Display name', 'Pixel 7 (front desk)'),
    gateway: GatewayKind,
    health: doc(z.enum(['online', 'dozing', 'offline']), 'Health after the change', 'offline'),
    previousHealth: doc(z.enum(['online', 'dozing', 'offline']), 'Health before the change', 'online'),
    reason: doc(z.string(), 'What showed the change', 'no heartbeat for 30 min'),
    lastSeenAt: Timestamp.optional().describe('Last time the phone was heard from'),
    batteryLevel: doc(z.number().int().min(0).max(100).optional(), 'Last reported battery level, percent', 15),
    at: Timestamp,
  })
  .describe('A phone went offline (routed around) or came back online');

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z
    .object({
      id: doc(
        z.string(),
        'Event id; also the webhook-id header, stable across retries',
        'evt_01jd3k2m4n5p6q7r8s9t0v1w2x',
      ),
      type: z.literal(type).describe('Event type'),
      timestamp: Timestamp.describe('When the event happened'),
      data,
    })
    .describe(`Envelope of a ${type} event`);

/** The body of every webhook the hub sends (Standard Webhooks payload: id, type, timestamp, data). */
export const OutboundEvent = z
  .discriminatedUnion('type', [
    envelope('message.status_changed', StatusChangedData),
    envelope('sms.received', SmsReceivedData),
    envelope('link.clicked', LinkClickedData),
    envelope('contact.opted_out', OptedOutData),
    envelope('webhook.failing', WebhookFailingData),
    envelope('webhook.test', WebhookTestData),
    envelope('webhook.disabled', WebhookDisabledData),
    envelope('device.offline', DeviceHealthData),
    envelope('device.online', DeviceHealthData),
  ])
  .describe('An outbound webhook event');
export type OutboundEvent = z.infer<typeof OutboundEvent>;
