// What the httpSMS server accepts: its webhook events, and the checks of a webhook and a send body, answered as
// httpSMS does (a 400 listing every field's problems).
import { E164, HttpError } from './http-util';

/** Every event an httpSMS webhook can subscribe to. */
export const HS_EVENTS = [
  'message.phone.received',
  'message.phone.sent',
  'message.phone.delivered',
  'message.send.failed',
  'message.send.expired',
  'message.call.missed',
  'phone.heartbeat.offline',
  'phone.heartbeat.online',
] as const;

/** A webhook as the httpSMS server keeps it. */
export interface HsWebhook {
  id: string;
  user_id: string;
  url: string;
  signing_key: string;
  phone_numbers: string[];
  events: string[];
  created_at: string;
  updated_at: string;
}

/** A webhook body's events and phone numbers, or a 400 naming every bad field. */
export function checkHookBody(b: Record<string, unknown>): { events: string[]; nums: string[] } {
  const errors: Record<string, string[]> = {};
  if (typeof b.url !== 'string' || !/^https?:\/\/\S+$/.test(b.url)) errors.url = ['The url field must be a valid URL'];
  const events = b.events;
  if (
    !Array.isArray(events) ||
    events.length === 0 ||
    !events.every((e) => (HS_EVENTS as readonly unknown[]).includes(e))
  ) {
    errors.events = [`The events field must be a non-empty list of: ${HS_EVENTS.join(', ')}`];
  }
  const nums = b.phone_numbers ?? [];
  if (!Array.isArray(nums) || !nums.every((n) => typeof n === 'string' && E164.test(n)))
    errors.phone_numbers = ['The phone_numbers field must be a list of E.164 phone numbers'];
  if (b.signing_key !== undefined && typeof b.signing_key !== 'string')
    errors.signing_key = ['The signing_key field must be a string'];
  if (Object.keys(errors).length > 0) throw new HttpError(400, 'validation errors while storing webhook', errors);
  return { events: events as string[], nums: nums as string[] };
}

/**
 * Check a send body (`knownFrom`: a phone has the `from` number); returns its `send_at` in ms, if any, or throws a
 * 400 naming every bad field.
 */
export function checkSendBody(b: Record<string, unknown>, knownFrom: boolean): number | undefined {
  const errors: Record<string, string[]> = {};
  const from = b.from;
  if (typeof from !== 'string' || !E164.test(from)) errors.from = ['The from field must be a valid E.164 phone number'];
  else if (!knownFrom) errors.from = [`no phone is registered with the number [${from}]`];
  if (typeof b.to !== 'string' || !E164.test(b.to)) errors.to = ['The to field must be a valid E.164 phone number'];
  if (typeof b.content !== 'string' || b.content.length < 1 || b.content.length > 2048)
    errors.content = ['The content field must be between 1 and 2048 characters'];
  if (b.request_id !== undefined && b.request_id !== null && typeof b.request_id !== 'string')
    errors.request_id = ['The request_id field must be a string'];
  let sendAt: number | undefined;
  if (b.send_at !== undefined && b.send_at !== null) {
    sendAt = typeof b.send_at === 'string' ? Date.parse(b.send_at) : NaN;
    if (Number.isNaN(sendAt)) errors.send_at = ['The send_at field must be an RFC 3339 date-time'];
  }
  if (b.encrypted === true) errors.encrypted = ['encrypted messages are not supported by the simulator'];
  if (Object.keys(errors).length > 0) throw new HttpError(400, 'validation errors while sending message', errors);
  return sendAt;
}
