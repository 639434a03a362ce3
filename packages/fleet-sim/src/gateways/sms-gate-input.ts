import { E164, HttpError } from './http-util';
import { SG_EVENTS } from './sms-gate-model';

/** A webhook registration as the sms-gate server keeps it. */
export interface SgWebhook {
  id: string;
  url: string;
  event: string;
  deviceId: string | null;
}

/** The text of an sms-gate send body (`textMessage.text`, or the legacy `message`). */
export function textOf(b: Record<string, unknown>): string {
  const tm = b.textMessage as { text?: unknown } | undefined;
  const text = tm && typeof tm === 'object' ? tm.text : b.message;
  if (b.dataMessage !== undefined)
    throw new HttpError(400, 'dataMessage: data messages are not supported by the simulator');
  if (typeof text !== 'string' || text.length === 0)
    throw new HttpError(400, 'textMessage.text: must be a non-empty string');
  return text;
}

/** An optional integer field within [min, max], or a 400 naming it. */
export function optInt(v: unknown, field: string, min: number, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new HttpError(400, `${field}: must be an integer from ${min} to ${max}`);
  return v;
}

/** Sim ms after which the message must not be sent, from `ttl` (s) or `validUntil` (RFC 3339); 400 on both. */
export function validUntilOf(b: Record<string, unknown>, now: number): number | undefined {
  const hasTtl = b.ttl !== undefined && b.ttl !== null;
  const hasVu = b.validUntil !== undefined && b.validUntil !== null;
  if (hasTtl && hasVu) throw new HttpError(400, 'ttl and validUntil are mutually exclusive');
  if (hasTtl) return now + optInt(b.ttl, 'ttl', 1, 10 * 365 * 86400)! * 1000;
  if (hasVu) {
    const t = typeof b.validUntil === 'string' ? Date.parse(b.validUntil) : NaN;
    if (Number.isNaN(t)) throw new HttpError(400, 'validUntil: must be an RFC 3339 date-time');
    return t;
  }
  return undefined;
}

/** The recipients of a send body: 1 to 100 distinct E.164 numbers, or a 400 naming `phoneNumbers`. */
export function phoneNumbersOf(b: Record<string, unknown>): string[] {
  const numbers = b.phoneNumbers;
  if (!Array.isArray(numbers) || numbers.length < 1 || numbers.length > 100) {
    throw new HttpError(400, 'phoneNumbers: must be an array of 1 to 100 phone numbers');
  }
  for (const n of numbers)
    if (typeof n !== 'string' || !E164.test(n))
      throw new HttpError(400, `phoneNumbers: ${JSON.stringify(n)} is not a valid phone number`);
  if (new Set(numbers).size !== numbers.length) throw new HttpError(400, 'phoneNumbers: duplicate phone numbers');
  return numbers as string[];
}

/** A 400 unless `withDeliveryReport` is absent, null or a boolean. */
export function checkDeliveryReportFlag(b: Record<string, unknown>): void {
  if (
    b.withDeliveryReport !== undefined &&
    b.withDeliveryReport !== null &&
    typeof b.withDeliveryReport !== 'boolean'
  ) {
    throw new HttpError(400, 'withDeliveryReport: must be a boolean');
  }
}

/**
 * A webhook registration from its body, or a 400 naming the field. `isDevice` says whether a device id is known;
 * `newId` makes the id when the body brings none.
 */
export function hookOf(b: Record<string, unknown>, isDevice: (id: string) => boolean, newId: () => string): SgWebhook {
  const { url, event } = b;
  if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) throw new HttpError(400, 'url: must be an http(s) URL');
  if (typeof event !== 'string' || !(SG_EVENTS as readonly string[]).includes(event)) {
    throw new HttpError(400, `event: must be one of ${SG_EVENTS.join(', ')}`);
  }
  // The real server decodes `deviceId` only (Go's JSON decoder): a hook sent with `device_id` fires for every
  // device.
  const dev = b.deviceId ?? null;
  if (dev !== null && (typeof dev !== 'string' || !isDevice(dev)))
    throw new HttpError(400, `deviceId: unknown device ${String(dev)}`);
  const id = typeof b.id === 'string' && b.id.length > 0 ? b.id : newId();
  return { id, url, event, deviceId: (dev as string | null) ?? null };
}
