import type { Message } from '../schemas/message';
import type { MessageStatus } from '../schemas/status';
import type { MessageChange } from '../store/port';
import { isTerminal } from './precedence';

/**
 * True when a gateway's `status` about hand-over `gatewayMessageId` is the cancellation the hub itself asked for, to
 * send the message from another phone (marked first with {@link markCancelling}): news to nobody, and the pickup
 * check's to act on, so reports and polls leave the message alone.
 */
export function isOwnCancellation(
  message: Message,
  gatewayMessageId: string | undefined,
  status: MessageStatus,
): boolean {
  return status === 'cancelled' && gatewayMessageId !== undefined && message.cancellingGatewayId === gatewayMessageId;
}

/**
 * True when a gateway's report of `status` about hand-over `gatewayMessageId` must not touch `message`: that
 * hand-over was cancelled and the message requeued (its new life is not the old one's), or it is the hub's own
 * cancellation ({@link isOwnCancellation}).
 */
export function isStaleReport(message: Message, gatewayMessageId: string, status: MessageStatus): boolean {
  return (
    message.supersededGatewayIds?.includes(gatewayMessageId) === true ||
    isOwnCancellation(message, gatewayMessageId, status)
  );
}

/**
 * Why `message` can no longer be cancelled (it has left the phone, or is settled), or undefined when it can: only a
 * message not yet sent by its phone (queued, scheduled, accepted, pending) may be cancelled.
 */
export function cancelRefusal(message: Pick<Message, 'status'>): string | undefined {
  const s = message.status;
  return isTerminal(s) || s === 'sent' || s === 'sending' || s === 'unknown' ? `status is ${s}` : undefined;
}

/**
 * The change that marks hand-over `gatewayMessageId` as the hub's own to cancel, before the gateway is asked to: the
 * gateway's word of that cancellation may arrive before the requeue and must not end the message. Null when
 * `unsent` says the message is no longer waiting on that hand-over, or it has no phone.
 */
export function markCancelling(
  m: Message,
  gatewayMessageId: string,
  unsent: (m: Message) => boolean,
): MessageChange | null {
  return unsent(m) && m.from ? { message: { ...m, cancellingGatewayId: gatewayMessageId }, events: [] } : null;
}

/** The change that takes back {@link markCancelling} (the gateway did not cancel); null when it is not marked so. */
export function unmarkCancelling(m: Message, gatewayMessageId: string): MessageChange | null {
  if (m.cancellingGatewayId !== gatewayMessageId) return null;
  const { cancellingGatewayId: _c, ...rest } = m;
  return { message: rest, events: [] };
}
