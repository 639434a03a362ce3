import {
  applyToMessage,
  newId,
  ownFailure,
  transition,
  type Handover,
  type Message,
  type MessageStatus,
  type StatusEvent,
  type TransitionPorts,
} from '@smsfleet/core';
import { unconfirmedChange } from './handover-rules';
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

/**
 * At-most-once: hand-over `h` cannot be confirmed, so the message ends `unknown`, saying which hand-over and why
 * (SMSFLEET_HANDOVER_UNCONFIRMED), and is not sent again.
 */
export async function endUnconfirmed(
  ports: TransitionPorts,
  m: Message,
  h: Handover,
  reason: string,
  now: Date,
): Promise<void> {
  const failure = ownFailure('SMSFLEET_HANDOVER_UNCONFIRMED', reason.slice(0, 500));
  const event: StatusEvent = {
    id: newId('evt', now),
    messageId: m.id,
    status: 'unknown',
    at: now.toISOString(),
    source: 'router',
    failure,
    note: `${reason}; not sent again (at-most-once)`.slice(0, 500),
  };
  await transition(ports, m.id, (c) => unconfirmedChange(c, h.attempt, reason, event, now), now);
}
