import type { MessageStatus } from '../schemas';

/** Statuses that show the phone has sent (or tried to send) the message. */
const SENT_BY_PHONE: readonly MessageStatus[] = ['sending', 'sent', 'delivered', 'undelivered', 'failed'];

/**
 * What becomes of a hand-over's budget reservation once its message reaches `status`: `confirm` (move it to the
 * time the report arrived, see `RouterPolicy`) once the phone has sent or tried to send it (a `failed` send still
 * counts on the phone), or undefined: keep holding it. A reservation whose message never left the phone
 * (cancelled, expired) is not given back early either: a phone that takes hand-overs and sends nothing must keep
 * looking busy to the router, or it would be handed everything again.
 */
export function reservationFate(status: MessageStatus): 'confirm' | undefined {
  return SENT_BY_PHONE.includes(status) ? 'confirm' : undefined;
}
