import { HttpError } from './http-util';

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
