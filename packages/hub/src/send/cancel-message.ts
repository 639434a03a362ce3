import {
  applyToMessage,
  cancelRefusal,
  newId,
  SmsfleetError,
  transition,
  type Message,
  type StatusEvent,
} from '@smsfleet/core';
import { QUEUES } from '../queues';
import type { SendServiceDeps } from './send-options';
import { transitionPorts } from './transition-ports';

/**
 * Cancel message `id` if it has not left the phone (see core's `cancelRefusal`): on the gateway when it was handed
 * over (the gateway must confirm), else by removing its send job; then the status change and its event (core's
 * transition). SMSFLEET_ERR_NOT_FOUND / SMSFLEET_ERR_NOT_CANCELLABLE otherwise.
 */
export async function cancelMessage(
  deps: Pick<SendServiceDeps, 'store' | 'fleet' | 'publisher'>,
  id: string,
  now: Date,
): Promise<Message> {
  const m = await deps.store.messages.get(id);
  if (!m)
    throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No message ${id}.`, {
      field: 'params.id',
      reason: 'no message with this id',
    });
  const refusal = cancelRefusal(m);
  if (refusal) {
    throw new SmsfleetError(
      'SMSFLEET_ERR_NOT_CANCELLABLE',
      `Message ${id} is ${m.status} and can no longer be cancelled.`,
      { field: 'params.id', reason: refusal },
    );
  }
  if (m.gatewayMessageId && m.from) {
    const res = await deps.fleet.forDevice(m.from.deviceId).adapter.cancel(m.gatewayMessageId);
    if (res !== 'cancelled') {
      throw new SmsfleetError('SMSFLEET_ERR_NOT_CANCELLABLE', `The gateway could not cancel message ${id} (${res}).`, {
        field: 'params.id',
        reason: `gateway answered ${res}`,
      });
    }
  } else {
    await deps.store.queue.remove(QUEUES.send, id);
  }
  const event: StatusEvent = {
    id: newId('evt', now),
    messageId: id,
    status: 'cancelled',
    at: now.toISOString(),
    source: 'api',
  };
  const r = await transition(transitionPorts(deps), id, (c) => applyToMessage(c, event, now), now);
  return r?.value ?? m;
}
