import { z } from 'zod';
import { doc } from './doc';
import { Campaign, E164, GatewayKind, Reference, SimSlot, Tags, Timestamp } from './common';
import { InboundMedia, MediaLink } from './media';

/** The message an inbound SMS answers, as credited by reply capture. */
export const InReplyTo = z
  .object({
    messageId: doc(z.string(), 'The outbound message this text answers', 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    reference: Reference.optional(),
    campaign: Campaign.optional(),
    tags: Tags.optional(),
    sentAt: Timestamp.optional(),
  })
  .describe('The outbound message a reply is credited to');
export type InReplyTo = z.infer<typeof InReplyTo>;

/** An SMS a phone received. */
export const InboundSms = z
  .object({
    id: doc(z.string(), 'smsfleet inbound id', 'in_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    from: E164.describe('The contact who sent it'),
    to: E164.optional().describe('Our SIM number it arrived on, when known'),
    deviceId: doc(z.string(), 'Device that received it', 'pixel-7'),
    sim: SimSlot.optional(),
    body: doc(z.string().max(5000), 'Text received', 'Yes, see you at 10'),
    receivedAt: Timestamp,
    gateway: GatewayKind,
    gatewayMessageId: doc(z.string().optional(), "The gateway's id", 'in-55'),
    inReplyTo: InReplyTo.optional(),
    keyword: doc(
      z.enum(['opt_out', 'opt_in', 'help']).optional(),
      'Compliance keyword recognised in the text',
      'opt_out',
    ),
    retainUntil: Timestamp.optional(),
    media: z.array(InboundMedia).max(20).optional().describe('MMS attachments the hub keeps until retainUntil'),
  })
  .describe('An inbound SMS');
export type InboundSms = z.infer<typeof InboundSms>;

/**
 * An inbound SMS as `GET /v1/inbox` lists it: its attachments as signed URLs (as `sms.received` has them), not as the
 * store's media ids, so a client can show them without another call.
 */
export const InboxSms = InboundSms.extend({
  media: z
    .array(MediaLink)
    .max(20)
    .optional()
    .describe("MMS attachments: signed URLs that expire with the text's retention"),
}).describe('A received text, with its MMS attachments as signed URLs');
export type InboxSms = z.infer<typeof InboxSms>;
