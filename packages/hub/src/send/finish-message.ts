import { applyToMessage, newId, transition, type Message, type MessageStatus, type StatusEvent } from '@smsfleet/core';
import { type TransitionDeps, transitionPorts } from './transition-ports';

/** Apply a final status decided by the hub (expired, failed) and publish it. */
export async function finishMessage(
  deps: TransitionDeps,
  m: Message,
  status: MessageStatus,
  now: Date,
  failure: StatusEvent['failure'],
  note: string,
): Promise<void> {
  const event: StatusEvent = {
    id: newId('evt', now),
    messageId: m.id,
    status,
    at: now.toISOString(),
    source: 'router',
    note,
    ...(failure ? { failure } : {}),
  };
  await transition(transitionPorts(deps), m.id, (c) => applyToMessage(c, event, now), now);
}
