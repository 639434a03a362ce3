import { z } from 'zod';
import { doc } from './doc';
import { GatewayKind, SimSlot, Timestamp } from './common';

/**
 * How one hand-over ended, as far as the hub knows:
 * - `accepted`: the gateway took the message (its answer, or a reconciliation that found it);
 * - `refused`: the gateway answered a refusal, or the request never left the hub: nothing was sent;
 * - `not_found`: reconciliation asked the gateway, which conclusively does not have it: nothing was sent;
 * - `cancelled`: accepted, then cancelled on the gateway before the phone picked it up (failover to another phone);
 * - `unconfirmed`: the gateway cannot tell whether it took the message; under at-most-once the message ends `unknown`.
 */
export const HandoverOutcome = doc(
  z.enum(['accepted', 'refused', 'not_found', 'cancelled', 'unconfirmed']),
  'How the hand-over ended: accepted, refused (nothing sent), not_found (reconciled: nothing sent), cancelled ' +
    '(failover), unconfirmed (the gateway cannot tell)',
  'accepted',
);
export type HandoverOutcome = z.infer<typeof HandoverOutcome>;

/**
 * One hand-over of a message to a gateway. The hub writes it (the intent, without `outcome`) before it calls the
 * gateway, and the outcome after: a hand-over found without an outcome after a crash is reconciled with the gateway,
 * never repeated blindly.
 */
export const Handover = z
  .object({
    attempt: doc(z.number().int().min(1), 'Hand-over number of this message, from 1', 1),
    connectionId: doc(z.string().min(1).max(64), 'Gateway connection the message was handed to', 'sms-gate-cloud'),
    deviceId: doc(z.string().min(1), 'Fleet device (phone) the message was handed over for', 'pixel-7'),
    sim: SimSlot,
    gateway: GatewayKind,
    gatewayDeviceId: doc(
      z.string().optional(),
      "The gateway's own id for the phone, when it has one",
      'yH3kQ9fZpL2mN4bV7cX1d',
    ),
    clientId: doc(
      z.string().min(1).max(255),
      'Our id for this hand-over, passed where the gateway takes one (sms-gate id, httpSMS request_id)',
      'msg_01jd3k2m4n5p6q7r8s9t0v1w2x',
    ),
    at: Timestamp.describe('When the hub decided to hand the message over, just before calling the gateway'),
    outcome: HandoverOutcome.optional(),
    outcomeAt: Timestamp.optional().describe('When the outcome was recorded'),
    gatewayMessageId: doc(z.string().optional(), "The gateway's id for the message, once it accepted it", 'a1b2c3'),
    eventId: doc(
      z.string().optional(),
      'Id of the status event the accepted outcome published: a hub resuming after a crash publishes it again under ' +
        'the same id, so subscribers never get it twice',
      'evt_01jd3k2m4n5p6q7r8s9t0v1w2x',
    ),
    note: doc(
      z.string().max(500).optional(),
      'Why the hand-over ended this way, in plain words',
      'reconciled: the gateway has it (found by our client id)',
    ),
  })
  .describe('One hand-over of the message to a gateway: the intent written before the call, and its outcome');
export type Handover = z.infer<typeof Handover>;

/** How a gateway connection treats a hand-over whose fate the gateway cannot tell. */
export const DeliveryGuarantee = doc(
  z.enum(['at-most-once', 'at-least-once']),
  'When a hand-over cannot be confirmed after a crash: at-most-once ends the message `unknown` (nobody texted ' +
    'twice); at-least-once hands it over again (nothing lost, maybe texted twice)',
  'at-most-once',
);
export type DeliveryGuarantee = z.infer<typeof DeliveryGuarantee>;
