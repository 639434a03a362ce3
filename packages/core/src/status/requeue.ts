import type { StatusEvent } from '../schemas/events';
import type { Message } from '../schemas/message';
import type { MessageChange } from '../store/port';

/** Statuses of a message its phone has been handed but has not sent yet (the router's `UNSENT_ON_PHONE`). */
const UNSENT: readonly string[] = ['accepted', 'pending'];

/** How many superseded gateway ids a message remembers (their late reports are ignored). */
export const MAX_SUPERSEDED = 20;

/** True when `m` still waits, unsent, on its phone under hand-over `gatewayMessageId`. */
export function unsentUnder(m: Message, gatewayMessageId: string): boolean {
  return m.gatewayMessageId === gatewayMessageId && UNSENT.includes(m.status);
}

/**
 * The change that puts `m` back in the queue after the gateway confirmed it cancelled hand-over `gatewayMessageId`
 * (the phone did not pick it up): the phone, gateway id, reservation and cancel mark go; the gateway id is superseded
 * (late reports about it change nothing); the hand-over is closed as `cancelled`, so the message may go to another
 * phone; `event` (status `queued`) enters the timeline. Null when `m` no longer waits on that hand-over.
 * The old hand-over's SIM reservation is left to expire (see `phoneHasSent`): the silent phone stays busy.
 */
export function requeueChange(m: Message, gatewayMessageId: string, event: StatusEvent): MessageChange | null {
  if (!unsentUnder(m, gatewayMessageId)) return null;
  const { from: _f, gateway: _g, gatewayMessageId: _id, reservation: _r, cancellingGatewayId: _c, ...rest } = m;
  const handover =
    m.handover?.gatewayMessageId === gatewayMessageId
      ? { ...m.handover, outcome: 'cancelled' as const, outcomeAt: event.at, note: (event.note ?? '').slice(0, 500) }
      : m.handover;
  return {
    message: {
      ...rest,
      ...(handover ? { handover } : {}),
      status: 'queued',
      updatedAt: event.at,
      supersededGatewayIds: [...(m.supersededGatewayIds ?? []), gatewayMessageId].slice(-MAX_SUPERSEDED),
    },
    events: [event],
  };
}
