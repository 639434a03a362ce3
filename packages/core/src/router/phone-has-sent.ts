import type { MessageStatus } from '../schemas';

/** Statuses that show the phone has sent (or tried to send) the message. */
const SENT_BY_PHONE: readonly MessageStatus[] = ['sending', 'sent', 'delivered', 'undelivered', 'failed'];

/**
 * True once a message at `status` has been sent, or tried, by its phone (a `failed` send still counts on the
 * phone): its hand-over's SIM reservation is then moved to the report's arrival with `FleetRouter.confirm` (see
 * `RouterPolicy`). A reservation whose message never left the phone (cancelled, expired) is not given back early:
 * a phone that takes hand-overs and sends nothing must keep looking busy to the router, or it would be handed
 * everything again.
 */
export function phoneHasSent(status: MessageStatus): boolean {
  return SENT_BY_PHONE.includes(status);
}
