import { z } from 'zod';
import { doc } from './doc';
import { Campaign, E164, GatewayKind, Metadata, Reference, SimSlot, Tags, Timestamp } from './common';
import { MessageFailure, MessageStatus } from './status';
import { Engagement, LinkOptions } from './link';
import { Handover } from './handover';

/** A hand-over's SIM budget reservation: the router's bookkeeping, given back or settled by the phone's report. */
export const SimReservation = doc(
  z.object({
    key: doc(z.string().min(1).max(200), 'SIM budget key', 'sim:pixel-7:1'),
    id: doc(z.string().min(1).max(64), 'Reservation id in that budget', '1764547200000:1:AbCdEfGh'),
    segments: doc(z.number().int().min(1), 'Segments reserved', 1),
    periods: doc(
      z.array(z.string().min(1).max(64)).max(4).optional(),
      "The SIM's calendar periods (local day, month) the segments are also counted in, given back with them",
      ['d:2026-12-07', 'm:2026-12'],
    ),
  }),
  'The SIM budget reservation of the current hand-over, held until the phone reports the send (router bookkeeping)',
  { key: 'sim:pixel-7:1', id: '1764547200000:1:AbCdEfGh', segments: 1 },
);

/**
 * A status change whose `message.status_changed` event is written on the message in the same compare-and-set as the
 * change itself, and kept there until it is published (an outbox in the message's own record): a publish that fails,
 * or a hub that crashes, leaves it for the message's tracking job to publish. The message's unchanging fields (to,
 * reference, metadata, campaign, tags) are taken from the message when the event is built.
 */
export const PendingEvent = doc(
  z.object({
    id: doc(
      z.string().min(1).max(120),
      'Event id (the webhook-id), fixed when the change was written',
      'evt_msg_01jd3k2m4n5p6q7r8s9t0v1w2x_4',
    ),
    timestamp: Timestamp.describe('When the change was written'),
    status: MessageStatus,
    previousStatus: MessageStatus,
    at: Timestamp.describe("The message's updatedAt after the change"),
    segments: doc(z.number().int().min(1), 'Parts on the air', 1),
    deviceId: doc(z.string().optional(), 'Sending device', 'dev_pixel7'),
    sim: SimSlot.optional(),
    failure: MessageFailure.optional(),
  }),
  'A status change whose event is not published yet (event outbox bookkeeping)',
  {
    id: 'evt_msg_01jd3k2m4n5p6q7r8s9t0v1w2x_4',
    timestamp: '2026-11-23T10:15:30.000Z',
    status: 'delivered',
    previousStatus: 'sent',
    at: '2026-11-23T10:15:30.000Z',
    segments: 1,
    deviceId: 'dev_pixel7',
    sim: 1,
  },
);
export type PendingEvent = z.infer<typeof PendingEvent>;

/** At most this many unpublished status events are kept on a message (a message has far fewer transitions). */
export const MAX_PENDING_EVENTS = 20;

/** The device and SIM a message goes out from. */
export const Sender = z
  .object({
    deviceId: doc(z.string().min(1), 'Device (phone) id', 'pixel-7'),
    sim: SimSlot,
    number: E164.optional().describe("The SIM's own phone number, when known"),
  })
  .describe('The phone and SIM that sends the message');
export type Sender = z.infer<typeof Sender>;

/** Text encoding chosen for the message. */
export const Encoding = doc(z.enum(['GSM-7', 'UCS-2']), 'Encoding of the text on the air', 'GSM-7');
export type Encoding = z.infer<typeof Encoding>;

/** A message smsfleet tracks from send to its final status. */
export const Message = z
  .object({
    id: doc(z.string(), 'smsfleet message id', 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    idempotencyKey: doc(
      z.string().max(255).optional(),
      'Idempotency key the message was created with',
      'order-1042-sms',
    ),
    to: E164.describe('Recipient in E.164'),
    from: Sender.optional().describe('Device and SIM that sent (or will send) the message'),
    requested: z
      .object({
        deviceId: doc(z.string().optional(), 'Device asked for by the caller', 'pixel-7'),
        sim: SimSlot.optional(),
      })
      .optional()
      .describe('Device/SIM the caller asked for; the router honours it'),
    body: doc(
      z.string().min(1).max(1600),
      'Text as sent, after link shortening and footers',
      'Your order A-1042 ships today.',
    ),
    segments: doc(z.number().int().min(1), 'Number of SMS parts on the air', 1),
    encoding: Encoding,
    reference: Reference.optional(),
    metadata: Metadata.optional(),
    campaign: Campaign.optional(),
    tags: Tags.optional(),
    priority: doc(z.number().int().min(-128).max(127), 'Higher goes first; 100 and above skips quiet hours', 0),
    sendAt: Timestamp.optional().describe('Do not send before this time'),
    expiresAt: Timestamp.optional().describe('Give up (status expired) if not sent by this time'),
    status: MessageStatus,
    failure: MessageFailure.optional(),
    gateway: GatewayKind.optional(),
    gatewayMessageId: doc(z.string().optional(), "The gateway's own id for the message", 'a1b2c3'),
    attempts: doc(z.number().int().min(0), 'How many times the hub handed it to a gateway', 1),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    sentAt: Timestamp.optional(),
    deliveredAt: Timestamp.optional(),
    failedAt: Timestamp.optional(),
    retainUntil: Timestamp.optional().describe('Personal data is deleted after this time'),
    version: doc(z.number().int().min(0), 'Store revision, bumped by every change', 3),
    engagement: Engagement.optional(),
    supersededGatewayIds: doc(
      z.array(z.string()).max(20).optional(),
      'Gateway ids of earlier hand-overs that were cancelled and requeued; their late reports are ignored',
      ['a1b2c3'],
    ),
    reservation: SimReservation.optional(),
    handover: Handover.optional().describe(
      'The latest hand-over to a gateway: the intent written before the call, and its outcome once known',
    ),
    previousHandovers: z
      .array(Handover)
      .max(10)
      .optional()
      .describe(
        'Earlier hand-overs of this message that ended without sending it, or were cancelled for failover ' +
          '(newest last)',
      ),
    cancellingGatewayId: doc(
      z.string().optional(),
      "The hand-over the hub is cancelling to send the message from another phone: the gateway's word of that " +
        "cancellation is expected, not the message's end (dispatcher bookkeeping)",
      'a1b2c3',
    ),
    pendingEvents: doc(
      z.array(PendingEvent).max(MAX_PENDING_EVENTS).optional(),
      'Status changes whose events are not published yet, oldest first: written with the change, cleared once ' +
        'published (event outbox bookkeeping)',
      [],
    ),
  })
  .describe('An outbound SMS and its current status');
export type Message = z.infer<typeof Message>;

/**
 * What a caller asks for when sending; the hub fills in the rest. Strict: an unknown key (a misspelt `sendAt`, say)
 * is refused with its name rather than dropped, since a dropped option would text someone at the wrong time.
 */
export const SendRequest = z
  .strictObject({
    to: doc(
      z.string().min(1).max(32),
      "Recipient phone number; E.164, or national with the hub's default region",
      '+14155550123',
    ),
    body: doc(z.string().min(1).max(1600), 'Text to send', 'Your order A-1042 ships today.'),
    deviceId: doc(z.string().min(1).optional(), 'Send from this device', 'pixel-7'),
    sim: SimSlot.optional(),
    reference: Reference.optional(),
    metadata: Metadata.optional(),
    campaign: Campaign.optional(),
    tags: Tags.optional(),
    priority: doc(z.number().int().min(-128).max(127).default(0), 'Higher goes first', 0),
    sendAt: Timestamp.optional().describe('Schedule: do not send before this time'),
    ttlSeconds: doc(
      z
        .number()
        .int()
        .min(60)
        .max(7 * 86400)
        .optional(),
      'Expire if not sent within this many seconds',
      3600,
    ),
    trackLinks: doc(z.boolean().default(false), 'Replace URLs with trackable short links', true),
    links: LinkOptions.optional(),
    optOutFooter: doc(
      z.boolean().optional(),
      'Append the opt-out footer when this is the first text to the contact (default: the hub setting)',
      true,
    ),
    urgent: doc(
      z.boolean().default(false),
      "Send even inside the contact's quiet hours (like priority 100 and above)",
      false,
    ),
  })
  .describe('A message to send');
export type SendRequest = z.input<typeof SendRequest>;
export type SendRequestParsed = z.output<typeof SendRequest>;
