// What the textbee server accepts: its webhook events, and the checks of a subscription and a send body, answered
// with textbee's own messages.
import type { Phone } from '../phone';
import { E164, HttpError } from './http-util';

/** Every textbee webhook event. */
export const TB_EVENTS = [
  'MESSAGE_RECEIVED',
  'MESSAGE_SENT',
  'MESSAGE_DELIVERED',
  'MESSAGE_FAILED',
  'UNKNOWN_STATE',
] as const;

/** A webhook subscription as the textbee server keeps it. */
export interface TbSubscription {
  _id: string;
  user: string;
  events: string[];
  deliveryUrl: string;
  signingSecret: string;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A 400 unless the subscription body is valid (`partial`: an update, where absent fields are kept). */
export function checkSubscription(b: Record<string, unknown>, partial: boolean): void {
  if (
    (!partial || b.deliveryUrl !== undefined) &&
    (typeof b.deliveryUrl !== 'string' || !/^https?:\/\/\S+$/.test(b.deliveryUrl))
  )
    throw new HttpError(400, 'Invalid delivery URL');
  if (
    (!partial || b.signingSecret !== undefined) &&
    (typeof b.signingSecret !== 'string' || b.signingSecret.length < 20)
  ) {
    throw new HttpError(400, 'Invalid signing secret: it must be at least 20 characters');
  }
  if (!partial || b.events !== undefined) {
    if (!Array.isArray(b.events) || b.events.length === 0)
      throw new HttpError(400, 'Choose atleast one event to receive');
    if (!b.events.every((e) => (TB_EVENTS as readonly unknown[]).includes(e)))
      throw new HttpError(400, `Invalid event type: events must be among ${TB_EVENTS.join(', ')}`);
  }
}

/** The text, recipients and SIM of a send body for `phone`, or a 400 naming the field. */
export function sendBodyOf(
  b: Record<string, unknown>,
  phone: Phone,
): { text: string; recipients: string[]; sim: number } {
  const text = b.message ?? b.smsBody;
  const recipients = b.recipients ?? b.receivers;
  if (typeof text !== 'string' || text.length === 0) throw new HttpError(400, 'message: must be a non-empty string');
  if (!Array.isArray(recipients) || recipients.length === 0)
    throw new HttpError(400, 'recipients: must be a non-empty array of phone numbers');
  for (const r of recipients)
    if (typeof r !== 'string' || !E164.test(r))
      throw new HttpError(400, `recipients: invalid recipient ${JSON.stringify(r)}`);
  let sim = 1;
  if (b.simSubscriptionId !== undefined && b.simSubscriptionId !== null) {
    const s = b.simSubscriptionId;
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 1 || s > phone.spec.sims.length) {
      throw new HttpError(
        400,
        `simSubscriptionId: device ${phone.id} has subscriptions ${phone.spec.sims.map((_, i) => i + 1).join(', ')}`,
      );
    }
    sim = s;
  }
  return { text, recipients: recipients as string[], sim };
}
