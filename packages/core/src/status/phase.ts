import type { Message } from '../schemas/message';
import type { MessageStatus } from '../schemas/status';
import { isTerminal } from './precedence';

/**
 * True when a message at `status` needs its tracking job no more: it is final, or `unknown` (the hub gave up on it;
 * only a late report can still move it). A change out of such a status must make sure of the job again.
 */
export function endsTracking(status: MessageStatus): boolean {
  return isTerminal(status) || status === 'unknown';
}

/** True when a message at `status` may be routed and handed over: it is queued or scheduled (not yet sent anywhere). */
export function isSendable(status: MessageStatus): boolean {
  return status === 'queued' || status === 'scheduled';
}

/** True when `m` waits to be handed over (queued or scheduled, never taken by a gateway): its send job must exist. */
export function awaitsHandOver(m: Pick<Message, 'status' | 'gatewayMessageId'>): boolean {
  return isSendable(m.status) && !m.gatewayMessageId;
}
