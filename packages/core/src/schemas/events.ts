import { z } from 'zod';
import { doc } from './doc';
import { E164, GatewayKind, SimSlot, Timestamp } from './common';
import { MessageFailure, MessageStatus } from './status';
import { GatewayAttachment } from './media';

/** Where a status event came from. */
export const EventSource = doc(
  z.enum(['api', 'router', 'gateway', 'poll', 'timeout']),
  'Who produced the event: the API, the router, a gateway report, a status poll, or a hub timeout',
  'gateway',
);

/** One step in a message's timeline, and the normalised form of every gateway report. */
export const StatusEvent = z
  .object({
    id: doc(z.string(), 'Event id', 'evt_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    messageId: doc(z.string(), 'smsfleet message id', 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    status: MessageStatus,
    at: Timestamp.describe('When it happened, as the source reports it'),
    source: EventSource,
    gateway: GatewayKind.optional(),
    gatewayEventId: doc(
      z.string().optional(),
      "The gateway's id for this report, used to drop duplicates",
      'whk_evt_9',
    ),
    segment: doc(z.number().int().min(1).optional(), 'Which part this report is about (per-segment reports)', 1),
    segmentsTotal: doc(z.number().int().min(1).optional(), 'Parts the phone actually sent (partsCount)', 2),
    failure: MessageFailure.optional(),
    note: doc(z.string().max(500).optional(), 'Free text about the event', 'no report within 24h'),
    kind: doc(
      z.enum(['message.updated']).optional(),
      'What the entry records when it is not a status report: `message.updated` is an edit (PATCH) before hand-over',
      'message.updated',
    ),
  })
  .describe('A status event in a message timeline');
export type StatusEvent = z.infer<typeof StatusEvent>;

/** Battery and network as a gateway reports them with a heartbeat (each optional). */
export const DeviceVitals = z
  .object({
    batteryLevel: doc(z.number().int().min(0).max(100).optional(), 'Battery level in percent', 94),
    charging: doc(z.boolean().optional(), 'Whether the phone is charging', false),
    connectivity: doc(z.enum(['none', 'wifi', 'cellular', 'ethernet', 'unknown']).optional(), 'Network', 'wifi'),
    cellular: doc(z.enum(['2g', '3g', '4g', '5g', 'unknown']).optional(), 'Cellular network type', '4g'),
    failedLastHour: doc(z.number().int().min(0).optional(), "The phone's own count of failed messages, last hour", 0),
  })
  .describe("A phone's battery and network, as its gateway reports them");
export type DeviceVitals = z.infer<typeof DeviceVitals>;

/** A normalised report from a gateway, before it is matched to an smsfleet message. */
export const GatewayReport = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('status').describe('Report kind'),
        gateway: GatewayKind,
        gatewayMessageId: doc(z.string(), 'Gateway message id', 'a1b2c3'),
        clientId: doc(
          z.string().optional(),
          'Our id echoed by the gateway, when it supports one',
          'msg_01jd3k2m4n5p6q7r8s9t0v1w2x',
        ),
        recipient: E164.optional(),
        status: MessageStatus,
        at: Timestamp,
        gatewayEventId: doc(z.string().optional(), 'Gateway event id', 'evt-77'),
        segment: doc(z.number().int().min(1).optional(), 'Segment number for per-part reports', 1),
        segmentsTotal: doc(z.number().int().min(1).optional(), 'partsCount', 2),
        failure: MessageFailure.optional(),
        deviceId: doc(z.string().optional(), 'Gateway device id', 'pixel-7'),
      })
      .describe('A status report about an outbound message'),
    z
      .object({
        kind: z.literal('inbound').describe('Report kind'),
        gateway: GatewayKind,
        gatewayMessageId: doc(z.string().optional(), 'Gateway message id', 'in-55'),
        from: E164,
        to: E164.optional(),
        body: doc(z.string(), 'Text received', 'STOP'),
        at: Timestamp,
        deviceId: doc(z.string().optional(), 'Gateway device id', 'pixel-7'),
        sim: SimSlot.optional(),
        gatewayEventId: doc(z.string().optional(), 'Gateway event id', 'evt-78'),
        media: z.array(GatewayAttachment).max(20).optional().describe('MMS attachments, when the text is an MMS'),
      })
      .describe('A text the phone received'),
    z
      .object({
        kind: z.literal('heartbeat').describe('Report kind'),
        gateway: GatewayKind,
        deviceId: doc(z.string(), 'Gateway device id', 'pixel-7'),
        online: doc(z.boolean(), 'Whether the phone says it is online', true),
        at: Timestamp,
        vitals: DeviceVitals.optional(),
        periodic: doc(
          z.boolean().optional(),
          'A regular heartbeat (sms-gate system:ping, textbee status): its silence means the phone went quiet',
          true,
        ),
      })
      .describe('A phone heartbeat (online or offline)'),
  ])
  .describe('A gateway webhook, normalised');
export type GatewayReport = z.infer<typeof GatewayReport>;
