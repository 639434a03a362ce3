import type { Message, MessageStatus } from '@smsfleet/core';

/**
 * True when a gateway's `status` about hand-over `gatewayMessageId` is the cancellation the hub itself asked for, to
 * send the message from another phone (the dispatcher marks it in `cancellingGatewayId` first): news to nobody, and
 * the dispatcher's to act on, so reports and polls leave the message alone.
 */
export function isOwnCancellation(
  message: Message,
  gatewayMessageId: string | undefined,
  status: MessageStatus,
): boolean {
  return status === 'cancelled' && gatewayMessageId !== undefined && message.cancellingGatewayId === gatewayMessageId;
}
