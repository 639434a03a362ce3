import { z } from 'zod';
import { Message, StatusEvent, TemplatedSendRequest, doc } from '@smsfleet/core';

/** The `Idempotency-Key` header of the send operations. */
export const IdempotencyHeaders = z.object({
  'idempotency-key': doc(
    z.string().min(1).max(200).optional(),
    'Repeat a send safely: the same key returns the first result and texts nobody twice',
    'order-1042-sms',
  ),
});

/** The body of `POST /v1/messages/bulk`. */
export const BulkSendRequest = z
  .strictObject({
    messages: z
      .array(TemplatedSendRequest)
      .min(1)
      .max(1000)
      .describe('Messages to send (1-1000); validated as a whole before any is written'),
  })
  .describe('Several messages to send');

/**
 * A message as the API shows it: without the pipeline's bookkeeping (a hand-over's SIM reservation, a requeue's cancel,
 * status events not yet published).
 */
export const MessageOut = Message.omit({ reservation: true, cancellingGatewayId: true, pendingEvents: true }).describe(
  'An outbound SMS and its current status',
);

/** `/messages/:id` */
export const IdParams = z.strictObject({
  id: doc(z.string().min(1).max(100), 'Message id', 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x'),
});

/** A message with its timeline. */
export const MessageWithEvents = z
  .object({ message: MessageOut, events: z.array(StatusEvent).describe('The timeline, oldest first') })
  .describe('A message and its timeline');
